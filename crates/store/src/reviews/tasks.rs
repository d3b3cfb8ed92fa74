//! Rectification tasks: reading, versioned updates, the overdue list and
//! escalations recorded once per task and step.

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;
use tongban_domain::ident::Code;
use tongban_domain::review::{RectificationTask, Step};

use super::records::{Escalation, ReviewAudit, StoredTask};
use super::rows::{self as review_rows, TASK_COLUMNS, decode_task, task_state};
use crate::accounts::rows::{self, day_text, parse_day};
use crate::cases::case_no_of;
use crate::{Db, NewOutboxEvent, StoreError};

const UPDATE: &str = "UPDATE review_rectifications SET step = $3, due = $4, body = $5, \
     version = version + 1, closed_at = $6 WHERE id = $1 AND version = $2";

const ESCALATE: &str = "INSERT INTO review_escalations (id, task_id, step, due, case_no, \
     department, region, escalated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (task_id, step) DO NOTHING";

const OVERDUE: &str = "SELECT t.id, t.version, t.body FROM review_rectifications t \
     WHERE t.step <> 'closed' AND t.due < $1 AND NOT EXISTS (SELECT 1 FROM \
     review_escalations e WHERE e.task_id = t.id AND e.step = t.step) \
     ORDER BY t.due, t.id LIMIT $2";

const ESCALATIONS: &str = "SELECT id, task_id, step, due, case_no, department, region, \
     escalated_at FROM review_escalations WHERE region LIKE $1 \
     ORDER BY escalated_at DESC, id LIMIT $2";

/// One task by `column` (`id` or `review_id`; constants, not input).
pub(super) async fn one(
    db: &Db,
    column: &'static str,
    value: &str,
) -> Result<Option<StoredTask>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {TASK_COLUMNS} FROM review_rectifications WHERE {column} = $1"
    ));
    let row = sqlx::query(sql)
        .bind(value.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode_task).transpose()
}

/// Writes a task changed from `expected_version`; false when it moved.
pub(super) async fn update(
    db: &Db,
    task: &RectificationTask,
    expected_version: i64,
    audit: &ReviewAudit,
    outbox: &[NewOutboxEvent],
) -> Result<bool, StoreError> {
    let (step, due) = task_state(task);
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(UPDATE)
        .bind(task.id.clone())
        .bind(expected_version)
        .bind(step)
        .bind(due)
        .bind(rows::to_json(task)?)
        .bind(task.closed_at.map(rows::secs))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    review_rows::audit(&mut tx, audit).await?;
    if let Some(no) = &task.case_no {
        review_rows::outbox(&mut tx, no.as_str(), outbox, rows::secs(audit.at)).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Tasks of a region subtree (and department), oldest first.
pub(super) async fn list(
    db: &Db,
    region_prefix: &str,
    department: Option<&Code>,
    with_closed: bool,
    limit: i64,
) -> Result<Vec<StoredTask>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {TASK_COLUMNS} FROM review_rectifications WHERE region LIKE $1 \
         AND ($2 = '' OR department = $3) AND ($4 = 1 OR step <> 'closed') \
         ORDER BY opened_at, id LIMIT $5"
    ));
    let found = sqlx::query(sql)
        .bind(format!("{region_prefix}%"))
        .bind(department.map(ToString::to_string).unwrap_or_default())
        .bind(department.map(ToString::to_string).unwrap_or_default())
        .bind(i64::from(with_closed))
        .bind(limit.max(0))
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode_task).collect()
}

/// Open tasks whose current step was due before `today` and is not
/// escalated yet.
pub(super) async fn overdue(
    db: &Db,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<StoredTask>, StoreError> {
    let found = sqlx::query(OVERDUE)
        .bind(day_text(today))
        .bind(limit.max(0))
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode_task).collect()
}

/// Records an escalation once per (task, step).
pub(super) async fn escalate(
    db: &Db,
    e: &Escalation,
    audit: &ReviewAudit,
    outbox: &[NewOutboxEvent],
) -> Result<bool, StoreError> {
    let at = rows::secs(e.escalated_at);
    let mut tx = db.begin_write().await?;
    let inserted = sqlx::query(ESCALATE)
        .bind(e.id.clone())
        .bind(e.task_id.clone())
        .bind(e.step.code())
        .bind(day_text(e.due))
        .bind(e.case_no.as_ref().map(ToString::to_string))
        .bind(e.department.to_string())
        .bind(e.region.to_string())
        .bind(at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if inserted == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    review_rows::audit(&mut tx, audit).await?;
    if let Some(no) = &e.case_no {
        review_rows::outbox(&mut tx, no.as_str(), outbox, at).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Escalations of a region subtree, newest first.
pub(super) async fn escalations(
    db: &Db,
    region_prefix: &str,
    limit: i64,
) -> Result<Vec<Escalation>, StoreError> {
    let found = sqlx::query(ESCALATIONS)
        .bind(format!("{region_prefix}%"))
        .bind(limit.max(0))
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode_escalation).collect()
}

fn decode_escalation(row: &AnyRow) -> Result<Escalation, StoreError> {
    let step: String = row.try_get("step")?;
    let case_no: Option<String> = row.try_get("case_no")?;
    Ok(Escalation {
        id: row.try_get("id")?,
        task_id: row.try_get("task_id")?,
        step: Step::parse(&step).ok_or_else(|| {
            StoreError::Corrupt(format!("review_escalations.step 列的取值“{step}”无效"))
        })?,
        due: parse_day("review_escalations.due", &row.try_get::<String, _>("due")?)?,
        case_no: case_no.map(|c| case_no_of(&c)).transpose()?,
        department: rows::code(
            "review_escalations.department",
            &row.try_get::<String, _>("department")?,
        )?,
        region: rows::region(
            "review_escalations.region",
            &row.try_get::<String, _>("region")?,
        )?,
        escalated_at: rows::time(
            "review_escalations.escalated_at",
            row.try_get("escalated_at")?,
        )?,
    })
}
