//! Reading appeals, their history, escalations, rules, mappings and
//! queued events.

use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use tongban_domain::appeal::Appeal;

use super::records::{AppealFilter, EscalationRecord, HistoryRecord, StoredAppeal};
use crate::StoreError;
use crate::accounts::rows::{self, parse_day};

const SELECT: &str = "SELECT appeal_no, phone, version, body, created_at, updated_at FROM appeals";

fn stored(row: &AnyRow) -> Result<StoredAppeal, StoreError> {
    let body: String = row.try_get("body")?;
    let appeal: Appeal = rows::from_json("appeals.body", &body)?;
    Ok(StoredAppeal {
        appeal,
        phone: row.try_get("phone")?,
        version: row.try_get("version")?,
        created_at: rows::time("appeals.created_at", row.try_get("created_at")?)?,
        updated_at: rows::time("appeals.updated_at", row.try_get("updated_at")?)?,
    })
}

/// One appeal by number.
pub(super) async fn load(pool: &AnyPool, no: &str) -> Result<Option<StoredAppeal>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE appeal_no = $1"
    )))
    .bind(no.to_string())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(stored).transpose()
}

/// The appeals `filter` selects, newest first.
pub(super) async fn list(
    pool: &AnyPool,
    filter: &AppealFilter,
) -> Result<Vec<StoredAppeal>, StoreError> {
    let mut clauses: Vec<String> = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    let next = |binds: &mut Vec<String>, value: String| {
        binds.push(value);
        format!("${}", binds.len())
    };
    if let Some(owner) = &filter.owner {
        let p = next(&mut binds, owner.clone());
        clauses.push(format!("owner = {p}"));
    }
    if let Some(department) = &filter.department {
        let p = next(&mut binds, department.clone());
        clauses.push(format!(
            "appeal_no IN (SELECT appeal_no FROM appeal_departments WHERE department = {p})"
        ));
    }
    if let Some((id, keys)) = &filter.subject {
        let mut any = Vec::new();
        if let Some(id) = id {
            any.push(format!("subject_id = {}", next(&mut binds, id.clone())));
        }
        for key in keys {
            any.push(format!("subject_key = {}", next(&mut binds, key.clone())));
        }
        if any.is_empty() {
            return Ok(Vec::new());
        }
        clauses.push(format!("({})", any.join(" OR ")));
    }
    if !filter.states.is_empty() {
        let ps: Vec<String> = filter
            .states
            .iter()
            .map(|s| next(&mut binds, s.clone()))
            .collect();
        clauses.push(format!("state IN ({})", ps.join(", ")));
    }
    let mut sql = SELECT.to_string();
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    sql.push_str(&format!(
        " ORDER BY created_at DESC, appeal_no DESC LIMIT ${}",
        binds.len() + 1
    ));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in binds {
        query = query.bind(b);
    }
    let found = query.bind(filter.limit.max(0)).fetch_all(pool).await?;
    found.iter().map(stored).collect()
}

/// An appeal's history, oldest first.
pub(super) async fn history(pool: &AnyPool, no: &str) -> Result<Vec<HistoryRecord>, StoreError> {
    let found = sqlx::query(
        "SELECT seq, at, actor, action, from_state, to_state, detail FROM appeal_history \
         WHERE appeal_no = $1 ORDER BY seq",
    )
    .bind(no.to_string())
    .fetch_all(pool)
    .await?;
    found
        .iter()
        .map(|r| {
            let detail: String = r.try_get("detail")?;
            Ok(HistoryRecord {
                seq: r.try_get("seq")?,
                at: rows::time("appeal_history.at", r.try_get("at")?)?,
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                from_state: r.try_get("from_state")?,
                to_state: r.try_get("to_state")?,
                detail: rows::from_json("appeal_history.detail", &detail)?,
            })
        })
        .collect()
}

/// An appeal's raised escalations, by round and level.
pub(super) async fn escalations(
    pool: &AnyPool,
    no: &str,
) -> Result<Vec<EscalationRecord>, StoreError> {
    let found = sqlx::query(
        "SELECT round, level, due, raised_at FROM appeal_escalations WHERE appeal_no = $1 \
         ORDER BY round, level",
    )
    .bind(no.to_string())
    .fetch_all(pool)
    .await?;
    found
        .iter()
        .map(|r| {
            let due: String = r.try_get("due")?;
            let number = |column: &str, v: i64| {
                u32::try_from(v).map_err(|_| {
                    StoreError::Corrupt(format!("appeal_escalations.{column} 取值 {v} 超出范围"))
                })
            };
            Ok(EscalationRecord {
                round: number("round", r.try_get("round")?)?,
                level: number("level", r.try_get("level")?)?,
                due: parse_day("appeal_escalations.due", &due)?,
                raised_at: rows::time("appeal_escalations.raised_at", r.try_get("raised_at")?)?,
            })
        })
        .collect()
}

/// Every JSON body of `table` (rules or mappings), by key.
pub(super) async fn named<T: DeserializeOwned>(
    pool: &AnyPool,
    table: &'static str,
    key_column: &'static str,
    key: Option<&str>,
) -> Result<Vec<T>, StoreError> {
    let mut sql = format!("SELECT body FROM {table}");
    if key.is_some() {
        sql.push_str(&format!(" WHERE {key_column} = $1"));
    }
    sql.push_str(&format!(" ORDER BY {key_column}"));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    if let Some(key) = key {
        query = query.bind(key.to_string());
    }
    let found = query.fetch_all(pool).await?;
    found
        .iter()
        .map(|r| {
            let body: String = r.try_get("body")?;
            rows::from_json(table, &body)
        })
        .collect()
}
