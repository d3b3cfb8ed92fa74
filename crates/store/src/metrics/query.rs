//! Reading the rollups: `SUM … GROUP BY` over the cube rows of a slice
//! (never the cases) — region rows when the slice and grouping need no
//! department, item or bundle, month rows for whole months and day rows
//! for the partial edges — and the outbox backlog for monitoring.

use futures_util::TryStreamExt;
use sqlx::Row;
use tongban_domain::ident::RegionCode;
use tongban_domain::metrics::{Counter, Counters, Detail, Grain, Span, spans};

use super::records::{Group, QueueStats, RollupRow, SliceFilter};
use crate::accounts::rows::{self, day_text};
use crate::{Db, StoreError};

/// A WHERE clause with its bound values.
struct Where {
    binds: Vec<String>,
    clauses: Vec<String>,
}

impl Where {
    fn bind(&mut self, value: String) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// The cube rows that hold exactly the slice `filter`, grouped by `group`.
    fn of(filter: &SliceFilter, group: Group) -> Where {
        let mut w = Where {
            binds: Vec::new(),
            clauses: Vec::new(),
        };
        let coarse = filter.department.is_none()
            && filter.item.is_none()
            && filter.bundle.is_none()
            && matches!(
                group,
                Group::Total | Group::Channel | Group::Region | Group::Day
            );
        let detail = if coarse { Detail::Region } else { Detail::Item };
        let level = w.bind(detail.code().to_string());
        w.clauses.push(format!("level = {level}"));
        let periods = match group {
            Group::Day => vec![Span {
                grain: Grain::Day,
                from: filter.from,
                to: filter.to,
            }],
            _ => spans(filter.from, filter.to),
        };
        let mut any = Vec::new();
        for s in periods {
            let grain = w.bind(s.grain.code().to_string());
            let from = w.bind(day_text(s.from));
            let to = w.bind(day_text(s.to));
            any.push(format!(
                "(grain = {grain} AND day >= {from} AND day <= {to})"
            ));
        }
        if any.is_empty() {
            any.push("1 = 0".into());
        }
        w.clauses.push(format!("({})", any.join(" OR ")));
        if let Some(region) = &filter.region_within {
            let prefix = subtree_prefix(region);
            let lo = w.bind(prefix.to_string());
            w.clauses.push(format!("region >= {lo}"));
            if let Some(upper) = successor(prefix) {
                let hi = w.bind(upper);
                w.clauses.push(format!("region < {hi}"));
            }
            let like = w.bind(format!("{prefix}%"));
            w.clauses.push(format!("region LIKE {like}"));
        }
        for (column, value) in [
            ("department", &filter.department),
            ("item", &filter.item),
            ("bundle", &filter.bundle),
            ("channel", &filter.channel),
        ] {
            if let Some(v) = value {
                let p = w.bind(v.clone());
                w.clauses.push(format!("{column} = {p}"));
            }
        }
        w
    }

    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
}

/// The summed counters of the slice, one row per group; with `only`,
/// just the groups listed.
pub(super) async fn sum(
    db: &Db,
    filter: &SliceFilter,
    group: Group,
    only: Option<&[String]>,
) -> Result<Vec<RollupRow>, StoreError> {
    let mut w = Where::of(filter, group);
    if let (Some(col), Some(keys)) = (group.column(), only) {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let params: Vec<String> = keys.iter().map(|k| w.bind(k.clone())).collect();
        w.clauses.push(format!("{col} IN ({})", params.join(", ")));
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
        "SELECT {select_group}, {} FROM metrics_cube WHERE {}{group_by}",
        sums.join(", "),
        w.sql()
    ));
    let mut query = sqlx::query(sql);
    for b in w.binds {
        query = query.bind(b);
    }
    // Row by row: a province's item table is some ten thousand rows, and
    // the driver's rows are several times the size of the sums kept.
    let mut found = query.fetch(db.reader());
    let mut out = Vec::new();
    while let Some(row) = found.try_next().await? {
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

/// The `limit` groups with the largest sum of `by` (ties by group value),
/// largest first.
pub(super) async fn top(
    db: &Db,
    filter: &SliceFilter,
    group: Group,
    by: Counter,
    limit: i64,
) -> Result<Vec<String>, StoreError> {
    let Some(col) = group.column() else {
        return Ok(vec![String::new()]);
    };
    let w = Where::of(filter, group);
    let lim = format!("${}", w.binds.len() + 1);
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {col} AS grp FROM metrics_cube WHERE {} GROUP BY {col} \
         ORDER BY SUM({}) DESC, {col} LIMIT {lim}",
        w.sql(),
        by.column()
    ));
    let mut query = sqlx::query(sql);
    for b in w.binds {
        query = query.bind(b);
    }
    let found = query.bind(limit.max(0)).fetch_all(db.reader()).await?;
    found.iter().map(|r| Ok(r.try_get("grp")?)).collect()
}

/// Rows of the cube per detail level and grain: `(level, grain, rows)`.
pub(super) async fn cube_counts(db: &Db) -> Result<Vec<(String, String, i64)>, StoreError> {
    let found = sqlx::query(
        "SELECT level, grain, COUNT(*) AS n FROM metrics_cube GROUP BY level, grain \
         ORDER BY level, grain",
    )
    .fetch_all(db.reader())
    .await?;
    let mut out = Vec::with_capacity(found.len());
    for r in &found {
        out.push((r.try_get("level")?, r.try_get("grain")?, r.try_get("n")?));
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

/// The smallest digit string greater than every string starting with
/// `prefix` (`"37"` → `"38"`, `"3719"` → `"372"`); `None` for all nines.
fn successor(prefix: &str) -> Option<String> {
    let mut digits: Vec<u8> = prefix.bytes().collect();
    while let Some(last) = digits.pop() {
        if last.is_ascii_digit() && last < b'9' {
            digits.push(last + 1);
            return String::from_utf8(digits).ok();
        }
        if !last.is_ascii_digit() {
            return None;
        }
    }
    None
}
