//! Reading the rollups: `SUM … GROUP BY` over the rows of a slice (never
//! the cases), and the outbox backlog for monitoring.

use sqlx::Row;
use tongban_domain::ident::RegionCode;
use tongban_domain::metrics::{Counter, Counters};

use super::records::{Group, QueueStats, RollupRow, SliceFilter};
use crate::accounts::rows;
use crate::{Db, StoreError};

/// The summed counters of the slice, one row per group.
pub(super) async fn sum(
    db: &Db,
    filter: &SliceFilter,
    group: Group,
) -> Result<Vec<RollupRow>, StoreError> {
    let mut binds: Vec<String> = vec![
        filter.from.format("%Y-%m-%d").to_string(),
        filter.to.format("%Y-%m-%d").to_string(),
    ];
    let mut clauses: Vec<String> = vec!["day >= $1".into(), "day <= $2".into()];
    let mut add = |clause: &str, value: String| {
        binds.push(value);
        clauses.push(format!("{clause} ${}", binds.len()));
    };
    if let Some(region) = &filter.region_within {
        add("region LIKE", format!("{}%", subtree_prefix(region)));
    }
    for (column, value) in [
        ("department =", &filter.department),
        ("item =", &filter.item),
        ("bundle =", &filter.bundle),
        ("channel =", &filter.channel),
    ] {
        if let Some(v) = value {
            add(column, v.clone());
        }
    }
    let sums: Vec<String> = Counter::ALL
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM({0}), 0) AS BIGINT) AS {0}", c.column()))
        .collect();
    let (select_group, group_by) = match group.column() {
        Some(col) => (
            format!("{col} AS grp"),
            format!(" GROUP BY {col} ORDER BY {col}"),
        ),
        None => ("'' AS grp".to_string(), String::new()),
    };
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {select_group}, {} FROM metrics_rollups WHERE {}{group_by}",
        sums.join(", "),
        clauses.join(" AND ")
    ));
    let mut query = sqlx::query(sql);
    for b in binds {
        query = query.bind(b);
    }
    let found = query.fetch_all(db.reader()).await?;
    let mut out = Vec::with_capacity(found.len());
    for row in &found {
        let mut values = Vec::with_capacity(Counter::ALL.len());
        for c in Counter::ALL {
            values.push(row.try_get::<i64, _>(c.column())?);
        }
        out.push(RollupRow {
            group: row.try_get("grp")?,
            counters: Counters::from_values(&values),
        });
    }
    Ok(out)
}

/// Pending outbox events for the dispatcher and for the rollup job.
pub(super) async fn queue(db: &Db) -> Result<QueueStats, StoreError> {
    let pending = |column: &str| {
        sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE {column} IS NULL"
        ))
    };
    let d = sqlx::query(pending("dispatched_at"))
        .fetch_one(db.reader())
        .await?;
    let r = sqlx::query(pending("rolled_up_at"))
        .fetch_one(db.reader())
        .await?;
    Ok(QueueStats {
        pending_dispatch: d.try_get("n")?,
        oldest_dispatch: rows::opt_time("outbox.created_at", d.try_get("oldest")?)?,
        pending_rollup: r.try_get("n")?,
        oldest_rollup: rows::opt_time("outbox.created_at", r.try_get("oldest")?)?,
    })
}

/// The code prefix of every region inside `region`, as
/// `RegionCode::is_within` reads it (a province's first two digits, a
/// city's first four, otherwise the whole code).
fn subtree_prefix(region: &RegionCode) -> &str {
    let code = region.as_str();
    if code.len() == 6 {
        if code.ends_with("0000") {
            return &code[..2];
        }
        if code.ends_with("00") {
            return &code[..4];
        }
    }
    code
}
