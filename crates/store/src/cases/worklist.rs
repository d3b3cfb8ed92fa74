//! Reading the cases a worklist may show: by whole-case state, handling
//! region (or remote intake) and time of the last change.

use chrono::{DateTime, Utc};
use tongban_domain::case::CaseState;
use tongban_domain::ident::RegionCode;

use super::read::{COLUMNS, decode_case, subtree_prefix};
use super::records::StoredCase;
use crate::accounts::rows;
use crate::{Db, StoreError};

/// One value bound to a placeholder.
enum Bind {
    Text(String),
    Int(i64),
}

/// Up to `limit` cases, oldest first, as `CaseStore::worklist_cases` says.
pub(super) async fn cases(
    db: &Db,
    region_within: Option<&RegionCode>,
    with_remote: bool,
    states: &[CaseState],
    changed_since: Option<DateTime<Utc>>,
    limit: i64,
) -> Result<Vec<StoredCase>, StoreError> {
    let mut binds: Vec<Bind> = Vec::new();
    let mut clauses: Vec<String> = Vec::new();
    let next = |b: Bind, binds: &mut Vec<Bind>| {
        binds.push(b);
        format!("${}", binds.len())
    };
    if let Some(region) = region_within {
        let at = next(
            Bind::Text(format!("{}%", subtree_prefix(region))),
            &mut binds,
        );
        clauses.push(if with_remote {
            format!("(region LIKE {at} OR channel = 'remote')")
        } else {
            format!("region LIKE {at}")
        });
    }
    if !states.is_empty() {
        let marks: Vec<String> = states
            .iter()
            .map(|s| next(Bind::Text(s.code().to_string()), &mut binds))
            .collect();
        clauses.push(format!("state IN ({})", marks.join(", ")));
    }
    if let Some(since) = changed_since {
        let at = next(Bind::Int(rows::secs(since)), &mut binds);
        clauses.push(format!("updated_at >= {at}"));
    }
    let limit_at = next(Bind::Int(limit.max(0)), &mut binds);
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM cases{filter} ORDER BY created_at, case_no LIMIT {limit_at}"
    ));
    let mut query = sqlx::query(sql);
    for b in binds {
        query = match b {
            Bind::Text(t) => query.bind(t),
            Bind::Int(i) => query.bind(i),
        };
    }
    let found = query.fetch_all(db.reader()).await?;
    let cases = found
        .iter()
        .map(decode_case)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(cases
        .into_iter()
        .filter(|c| {
            let remote = with_remote && c.case.channel.code() == "remote";
            remote || region_within.is_none_or(|r| c.case.region.is_within(r))
        })
        .collect())
}
