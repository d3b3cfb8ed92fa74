//! Score counts: valid ratings per group and level, counted by the
//! database (`GROUP BY`), never by loading the ratings.

use sqlx::Row;
use tongban_domain::review::{Dimension, Level};

use super::records::{ScoreQuery, ScoreRow};
use crate::accounts::rows;
use crate::{Db, StoreError};

/// The column a dimension groups by (constants, not input).
fn column(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Staff => "staff",
        Dimension::Window => "window_code",
        Dimension::Department => "department",
        Dimension::Item => "item",
        Dimension::Region => "region",
    }
}

/// The counts of valid ratings in the query's period, per group and level.
pub(super) async fn rows(db: &Db, query: &ScoreQuery) -> Result<Vec<ScoreRow>, StoreError> {
    let col = column(query.dimension);
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {col} AS k, level, COUNT(*) AS n FROM reviews \
         WHERE superseded_by IS NULL AND rated_at >= $1 AND rated_at < $2 \
         AND region LIKE $3 AND ($4 = '' OR department = $5) AND {col} IS NOT NULL \
         GROUP BY {col}, level ORDER BY {col}, level"
    ));
    let department = query
        .department
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let found = sqlx::query(sql)
        .bind(rows::secs(query.from))
        .bind(rows::secs(query.until))
        .bind(format!("{}%", query.region_prefix))
        .bind(department.clone())
        .bind(department)
        .fetch_all(db.reader())
        .await?;
    found
        .iter()
        .map(|row| {
            let level: String = row.try_get("level")?;
            let n: i64 = row.try_get("n")?;
            Ok(ScoreRow {
                key: row.try_get("k")?,
                level: Level::parse(&level).map_err(|_| {
                    StoreError::Corrupt(format!("reviews.level 列的取值“{level}”无效"))
                })?,
                count: u64::try_from(n).unwrap_or(0),
            })
        })
        .collect()
}
