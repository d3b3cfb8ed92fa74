//! Writing appeals: batches of new ones (numbered, deduplicated by work
//! order), versioned updates, escalations raised once, rules and import
//! mappings. Each call is one transaction.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use tongban_domain::appeal::{Appeal, AppealNo, MAX_APPEAL_SEQUENCE};

use super::records::{AppealInsert, AppealUpdate, NewAppeal, NewAppealEvent, NewHistory};
use crate::accounts::rows::{self, day_text};
use crate::{Db, StoreError, Topic};

/// A value bound into a multi-row insert.
enum Val {
    Text(Option<String>),
    Int(i64),
}

fn text(s: impl Into<String>) -> Val {
    Val::Text(Some(s.into()))
}

fn opt(s: Option<impl Into<String>>) -> Val {
    Val::Text(s.map(Into::into))
}

const APPEAL_COLUMNS: &str = "appeal_no, region, source, category, state, owner, phone, \
     subject_id, subject_key, lead_department, answer_by, resolve_by, escalation_level, \
     reopened, external_key, version, body, created_at, updated_at";

const NEXT_SEQUENCE: &str = "INSERT INTO appeal_sequences (day, last_value) VALUES ($1, $2) \
     ON CONFLICT (day) DO UPDATE SET last_value = appeal_sequences.last_value + \
     excluded.last_value RETURNING last_value";

const UPDATE_APPEAL: &str = "UPDATE appeals SET state = $3, subject_id = $4, subject_key = $5, \
     lead_department = $6, answer_by = $7, resolve_by = $8, escalation_level = $9, \
     reopened = $10, version = version + 1, body = $11, updated_at = $12 \
     WHERE appeal_no = $1 AND version = $2";

/// Inserts `rows` into `head` (`INSERT INTO t (cols)`) in statements of a
/// few hundred rows, appending `tail` (e.g. `RETURNING …`) to each; the
/// rows the statements return.
async fn insert_many(
    tx: &mut Transaction<'static, Any>,
    head: &str,
    rows: Vec<Vec<Val>>,
    tail: &str,
) -> Result<Vec<AnyRow>, StoreError> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(Vec::new());
    };
    let per_statement = (30_000 / width.max(1)).clamp(1, 200);
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(per_statement).collect();
        let mut sql = format!("{head} VALUES ");
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..row.len() {
                n += 1;
                sql.push_str(&if j == 0 {
                    format!("${n}")
                } else {
                    format!(", ${n}")
                });
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(tail);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in chunk.into_iter().flatten() {
            query = match value {
                Val::Text(t) => query.bind(t),
                Val::Int(i) => query.bind(i),
            };
        }
        out.extend(query.fetch_all(&mut **tx).await?);
    }
    Ok(out)
}

/// Hands out `n` appeal numbers of `day`.
async fn numbers(
    tx: &mut Transaction<'static, Any>,
    day: NaiveDate,
    n: u32,
) -> Result<Vec<AppealNo>, StoreError> {
    let row = sqlx::query(NEXT_SEQUENCE)
        .bind(day_text(day))
        .bind(i64::from(n))
        .fetch_one(&mut **tx)
        .await?;
    let last: i64 = row.try_get("last_value")?;
    let first = last - i64::from(n) + 1;
    (first..=last)
        .map(|seq| {
            u32::try_from(seq)
                .ok()
                .and_then(|s| AppealNo::new(day, s))
                .ok_or_else(|| StoreError::CaseNumbers {
                    code: "appeal_numbers_exhausted",
                    message: format!("{day}的诉求编号已用完（每日最多{MAX_APPEAL_SEQUENCE}件）"),
                })
        })
        .collect()
}

fn appeal_row(a: &Appeal, phone: Option<&str>, at: DateTime<Utc>) -> Result<Vec<Val>, StoreError> {
    Ok(vec![
        text(a.no.as_str()),
        text(a.region.as_str()),
        text(a.source.code()),
        text(a.category.clone()),
        text(a.state.code()),
        opt(a.owner.clone()),
        opt(phone),
        opt(a.subject.id.as_ref().map(|i| i.as_str().to_string())),
        opt(a.subject.key_text()),
        opt(a.lead().map(|c| c.as_str().to_string())),
        text(day_text(a.deadlines.answer_by)),
        text(day_text(a.deadlines.resolve_by)),
        Val::Int(i64::from(a.escalation_level)),
        Val::Int(i64::from(a.reopened)),
        opt(a.external.as_ref().map(|e| e.key())),
        Val::Int(1),
        text(rows::to_json(a)?),
        Val::Int(rows::secs(at)),
        Val::Int(rows::secs(at)),
    ])
}

fn department_rows(a: &Appeal) -> Vec<Vec<Val>> {
    a.departments()
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            vec![
                text(a.no.as_str()),
                text(d.as_str()),
                Val::Int(i64::from(i == 0)),
            ]
        })
        .collect()
}

fn history_rows(
    no: &AppealNo,
    from_seq: i64,
    history: &[NewHistory],
) -> Result<Vec<Vec<Val>>, StoreError> {
    history
        .iter()
        .zip(from_seq..)
        .map(|(h, seq)| {
            Ok(vec![
                text(no.as_str()),
                Val::Int(seq),
                Val::Int(rows::secs(h.at)),
                text(h.actor.clone()),
                text(h.action.clone()),
                opt(h.from_state.clone()),
                opt(h.to_state.clone()),
                text(rows::to_json(&h.detail)?),
            ])
        })
        .collect()
}

fn event_rows(
    no: &AppealNo,
    events: &[NewAppealEvent],
    at: DateTime<Utc>,
) -> Result<Vec<Vec<Val>>, StoreError> {
    events
        .iter()
        .map(|e| {
            let mut payload = e.payload.clone();
            if let Some(map) = payload.as_object_mut() {
                map.insert("appeal_no".into(), serde_json::json!(no.as_str()));
            }
            Ok(vec![
                text(Topic::Appeal.code()),
                text(no.as_str()),
                text(e.event.clone()),
                text(rows::to_json(&payload)?),
                Val::Int(rows::secs(at)),
            ])
        })
        .collect()
}

const DEPARTMENTS_HEAD: &str = "INSERT INTO appeal_departments (appeal_no, department, is_lead)";
const HISTORY_HEAD: &str = "INSERT INTO appeal_history (appeal_no, seq, at, actor, action, \
     from_state, to_state, detail)";
/// Appeal events go to the shared outbox under topic `appeal`, named by
/// the appeal number; `case_no` stays NULL (a linked case is in the
/// payload).
const OUTBOX_HEAD: &str = "INSERT INTO outbox (topic, aggregate_id, event, payload, created_at)";

/// Stores new appeals in one transaction; see `AppealStore::create_appeals`.
pub(super) async fn create(
    db: &Db,
    mut new: Vec<NewAppeal>,
) -> Result<Vec<AppealInsert>, StoreError> {
    let mut tx = db.begin_write().await?;
    let mut per_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, n) in new.iter().enumerate() {
        per_day.entry(n.appeal.filed_at.date()).or_default().push(i);
    }
    for (day, indexes) in per_day {
        let count = u32::try_from(indexes.len()).unwrap_or(u32::MAX);
        for (i, no) in indexes.into_iter().zip(numbers(&mut tx, day, count).await?) {
            new[i].appeal.no = no;
        }
    }
    let appeal_rows = new
        .iter()
        .map(|n| appeal_row(&n.appeal, n.phone.as_deref(), n.at))
        .collect::<Result<Vec<_>, _>>()?;
    let head = format!("INSERT INTO appeals ({APPEAL_COLUMNS})");
    let returned = insert_many(
        &mut tx,
        &head,
        appeal_rows,
        "ON CONFLICT (external_key) DO NOTHING RETURNING appeal_no",
    )
    .await?;
    let inserted: HashSet<String> = returned
        .iter()
        .map(|r| r.try_get::<String, _>("appeal_no"))
        .collect::<Result<_, _>>()?;
    let (mut departments, mut history, mut events) = (Vec::new(), Vec::new(), Vec::new());
    let mut results = Vec::with_capacity(new.len());
    for n in &new {
        let no = &n.appeal.no;
        if !inserted.contains(no.as_str()) {
            let key = n
                .appeal
                .external
                .as_ref()
                .map(|e| e.key())
                .unwrap_or_default();
            results.push(AppealInsert::Duplicate(key));
            continue;
        }
        departments.extend(department_rows(&n.appeal));
        history.extend(history_rows(no, 1, &n.history)?);
        events.extend(event_rows(no, &n.events, n.at)?);
        results.push(AppealInsert::Inserted(no.clone()));
    }
    insert_many(&mut tx, DEPARTMENTS_HEAD, departments, "").await?;
    insert_many(&mut tx, HISTORY_HEAD, history, "").await?;
    insert_many(&mut tx, OUTBOX_HEAD, events, "").await?;
    tx.commit().await?;
    Ok(results)
}

/// Writes a changed appeal inside `tx`; `Conflict` when its version moved.
async fn write_update(
    tx: &mut Transaction<'static, Any>,
    update: &AppealUpdate,
) -> Result<(), StoreError> {
    let a = &update.appeal;
    let done = sqlx::query(UPDATE_APPEAL)
        .bind(a.no.as_str().to_string())
        .bind(update.expected_version)
        .bind(a.state.code().to_string())
        .bind(a.subject.id.as_ref().map(|i| i.as_str().to_string()))
        .bind(a.subject.key_text())
        .bind(a.lead().map(|c| c.as_str().to_string()))
        .bind(day_text(a.deadlines.answer_by))
        .bind(day_text(a.deadlines.resolve_by))
        .bind(i64::from(a.escalation_level))
        .bind(i64::from(a.reopened))
        .bind(rows::to_json(a)?)
        .bind(rows::secs(update.at))
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if done != 1 {
        return Err(StoreError::Conflict(a.no.to_string()));
    }
    sqlx::query("DELETE FROM appeal_departments WHERE appeal_no = $1")
        .bind(a.no.as_str().to_string())
        .execute(&mut **tx)
        .await?;
    insert_many(tx, DEPARTMENTS_HEAD, department_rows(a), "").await?;
    let last: i64 = sqlx::query(
        "SELECT COALESCE(MAX(seq), 0) AS last FROM appeal_history WHERE appeal_no = $1",
    )
    .bind(a.no.as_str().to_string())
    .fetch_one(&mut **tx)
    .await?
    .try_get("last")?;
    insert_many(
        tx,
        HISTORY_HEAD,
        history_rows(&a.no, last + 1, &update.history)?,
        "",
    )
    .await?;
    insert_many(
        tx,
        OUTBOX_HEAD,
        event_rows(&a.no, &update.events, update.at)?,
        "",
    )
    .await?;
    Ok(())
}

/// Writes a changed appeal if its version still matches.
pub(super) async fn update(db: &Db, update: &AppealUpdate) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    match write_update(&mut tx, update).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(())
        }
        Err(e) => {
            tx.rollback().await?;
            Err(e)
        }
    }
}

/// Raises escalation `(round, level)` once, with the appeal's update.
pub(super) async fn escalate(
    db: &Db,
    update: &AppealUpdate,
    round: u32,
    level: u32,
    due: NaiveDate,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let claimed = sqlx::query(
        "INSERT INTO appeal_escalations (appeal_no, round, level, due, raised_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (appeal_no, round, level) DO NOTHING",
    )
    .bind(update.appeal.no.as_str().to_string())
    .bind(i64::from(round))
    .bind(i64::from(level))
    .bind(day_text(due))
    .bind(rows::secs(update.at))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    match write_update(&mut tx, update).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(true)
        }
        Err(e) => {
            tx.rollback().await?;
            Err(e)
        }
    }
}

/// Stores a JSON body under a key in `table` (rules or mappings),
/// replacing an earlier one.
pub(super) async fn put_named(
    db: &Db,
    table: &'static str,
    key_column: &'static str,
    key: &str,
    body: String,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO {table} ({key_column}, body, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT ({key_column}) DO UPDATE SET body = excluded.body, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at"
    );
    let mut tx = db.begin_write().await?;
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(key.to_string())
        .bind(body)
        .bind(by.to_string())
        .bind(rows::secs(at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
