//! The SQL of the objection store: one transaction per write.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::records::{ObjectionInsert, ObjectionRow};
use crate::accounts::rows::{self, day_text};
use crate::{Db, NewOutboxEvent, StoreError};

const COLUMNS: &str = "id, case_no, body, row_version, overdue_at, created_at, updated_at";

const INSERT: &str = "INSERT INTO licence_objections (id, licence_number, field, department, \
     holder_subject, state, due_on, case_no, body, row_version, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING";

const UPDATE: &str = "UPDATE licence_objections SET state = $3, body = $4, \
     row_version = row_version + 1, updated_at = $5 WHERE id = $1 AND row_version = $2";

const MARK_OVERDUE: &str = "UPDATE licence_objections SET overdue_at = $2 \
     WHERE id = $1 AND overdue_at IS NULL AND state IN ('open', 'accepted')";

const INSERT_OUTBOX: &str =
    "INSERT INTO outbox (case_no, event, payload, created_at) VALUES ($1, $2, $3, $4)";

/// Stores a new objection unless its field has a pending one.
pub(super) async fn insert(
    db: &Db,
    row: &ObjectionRow,
    event: &NewOutboxEvent,
) -> Result<ObjectionInsert, StoreError> {
    let o = &row.objection;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(INSERT)
        .bind(o.id.clone())
        .bind(o.licence.to_string())
        .bind(o.field.to_string())
        .bind(o.department.to_string())
        .bind(o.holder.as_str().to_string())
        .bind(o.state.code().to_string())
        .bind(day_text(o.due_on))
        .bind(row.case_no.clone())
        .bind(rows::to_json(o)?)
        .bind(row.row_version)
        .bind(rows::secs(row.created_at))
        .bind(rows::secs(row.updated_at))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done == 0 {
        let pending = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM licence_objections WHERE licence_number = $1 \
             AND field = $2 AND state IN ('open', 'accepted')"
        )))
        .bind(o.licence.to_string())
        .bind(o.field.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        tx.rollback().await?;
        return match pending {
            Some(found) => Ok(ObjectionInsert::Pending(Box::new(row_of(&found)?))),
            None => Err(StoreError::AlreadyExists {
                what: "异议编号",
                key: o.id.clone(),
            }),
        };
    }
    outbox(&mut tx, row, event, row.created_at).await?;
    tx.commit().await?;
    Ok(ObjectionInsert::Inserted)
}

/// One objection by id.
pub(super) async fn by_id(db: &Db, id: &str) -> Result<Option<ObjectionRow>, StoreError> {
    let found = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM licence_objections WHERE id = $1"
    )))
    .bind(id.to_string())
    .fetch_optional(db.reader())
    .await?;
    found.as_ref().map(row_of).transpose()
}

/// A holder's objections, newest first.
pub(super) async fn of_holder(
    db: &Db,
    subject: &str,
    limit: i64,
) -> Result<Vec<ObjectionRow>, StoreError> {
    let found = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM licence_objections WHERE holder_subject = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2"
    )))
    .bind(subject.to_string())
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    found.iter().map(row_of).collect()
}

/// A department's pending objections by due date.
pub(super) async fn pending(
    db: &Db,
    department: &str,
    limit: i64,
) -> Result<Vec<ObjectionRow>, StoreError> {
    let found = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM licence_objections WHERE department = $1 \
         AND state IN ('open', 'accepted') ORDER BY due_on, created_at, id LIMIT $2"
    )))
    .bind(department.to_string())
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    found.iter().map(row_of).collect()
}

/// Writes a changed objection if its row version still matches.
pub(super) async fn update(
    db: &Db,
    row: &ObjectionRow,
    expected_row_version: i64,
    event: Option<&NewOutboxEvent>,
) -> Result<(), StoreError> {
    let o = &row.objection;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(UPDATE)
        .bind(o.id.clone())
        .bind(expected_row_version)
        .bind(o.state.code().to_string())
        .bind(rows::to_json(o)?)
        .bind(rows::secs(row.updated_at))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done != 1 {
        tx.rollback().await?;
        return Err(StoreError::Conflict(o.id.clone()));
    }
    if let Some(event) = event {
        outbox(&mut tx, row, event, row.updated_at).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Marks overdue objections once each, with their outbox events.
pub(super) async fn mark_overdue(
    db: &Db,
    today: NaiveDate,
    at: DateTime<Utc>,
    limit: i64,
    event: fn(&ObjectionRow) -> NewOutboxEvent,
) -> Result<Vec<ObjectionRow>, StoreError> {
    let candidates = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM licence_objections WHERE state IN ('open', 'accepted') \
         AND due_on < $1 AND overdue_at IS NULL ORDER BY due_on, id LIMIT $2"
    )))
    .bind(day_text(today))
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    let mut marked = Vec::new();
    for found in &candidates {
        let mut row = row_of(found)?;
        let mut tx = db.begin_write().await?;
        let done = sqlx::query(MARK_OVERDUE)
            .bind(row.objection.id.clone())
            .bind(rows::secs(at))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done != 1 {
            // Another node reported it, or it was decided meanwhile.
            tx.rollback().await?;
            continue;
        }
        row.overdue_at = Some(at);
        outbox(&mut tx, &row, &event(&row), at).await?;
        tx.commit().await?;
        marked.push(row);
    }
    Ok(marked)
}

/// Writes `event` to the issuing case's outbox, if the row has one.
async fn outbox(
    tx: &mut Transaction<'static, Any>,
    row: &ObjectionRow,
    event: &NewOutboxEvent,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(case_no) = &row.case_no else {
        return Ok(());
    };
    sqlx::query(INSERT_OUTBOX)
        .bind(case_no.clone())
        .bind(event.event.clone())
        .bind(event.payload.to_string())
        .bind(rows::secs(at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An objection row decoded.
fn row_of(row: &AnyRow) -> Result<ObjectionRow, StoreError> {
    Ok(ObjectionRow {
        objection: rows::from_json(
            "licence_objections.body",
            &row.try_get::<String, _>("body")?,
        )?,
        case_no: row.try_get("case_no")?,
        row_version: row.try_get("row_version")?,
        overdue_at: rows::opt_time("licence_objections.overdue_at", row.try_get("overdue_at")?)?,
        created_at: rows::time("licence_objections.created_at", row.try_get("created_at")?)?,
        updated_at: rows::time("licence_objections.updated_at", row.try_get("updated_at")?)?,
    })
}
