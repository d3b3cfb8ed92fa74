//! Writing licence types, seals, sequences and licences: one transaction
//! each.

use chrono::{DateTime, Utc};
use sqlx::{Any, Row, Transaction};
use tongban_domain::licence::{Licence, LicenceStatus, LicenceType, Revision, RevisionEvent};

use super::read::{BY_CASE_ITEM, licence_of, seal_of};
use super::records::{LicenceInsert, LicenceRow, SealRow};
use crate::accounts::rows;
use crate::{Db, StoreError};

const PUT_TYPE: &str = "INSERT INTO licence_types (code, issuer, body, updated_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET issuer = excluded.issuer, \
     body = excluded.body, updated_at = excluded.updated_at";

const INSERT_SEAL: &str = "INSERT INTO department_seals (department, public_key, encrypted_key, \
     created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (department) DO NOTHING";

const NEXT_SEQUENCE: &str = "INSERT INTO licence_sequences (region, tag, year, last) \
     VALUES ($1, $2, $3, 1) ON CONFLICT (region, tag, year) \
     DO UPDATE SET last = licence_sequences.last + 1 RETURNING last";

const INSERT_LICENCE: &str = "INSERT INTO licences (number, type_code, holder_subject, issuer, \
     status, body, signature, version, row_version, case_no, item, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

const UPDATE_LICENCE: &str = "UPDATE licences SET status = $3, body = $4, signature = $5, \
     version = $6, row_version = row_version + 1, updated_at = $7 \
     WHERE number = $1 AND row_version = $2";

const INSERT_HISTORY: &str = "INSERT INTO licence_history (number, seq, version, event, \
     happened, body) VALUES ($1, $2, $3, $4, $5, $6)";

/// Stores a licence type, replacing one with the same code.
pub(super) async fn put_licence_type(
    db: &Db,
    licence_type: &LicenceType,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(PUT_TYPE)
        .bind(licence_type.code.to_string())
        .bind(licence_type.issuer.to_string())
        .bind(rows::to_json(licence_type)?)
        .bind(rows::secs(at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a seal unless the department has one; returns the stored one.
pub(super) async fn insert_seal(db: &Db, seal: &SealRow) -> Result<SealRow, StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(INSERT_SEAL)
        .bind(seal.department.clone())
        .bind(seal.public_key_pem.clone())
        .bind(seal.encrypted_key.clone())
        .bind(rows::secs(seal.created_at))
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query(
        "SELECT department, public_key, encrypted_key, created_at \
         FROM department_seals WHERE department = $1",
    )
    .bind(seal.department.clone())
    .fetch_one(&mut *tx)
    .await?;
    let stored = seal_of(&row)?;
    tx.commit().await?;
    Ok(stored)
}

/// The next yearly sequence of a region and type tag.
pub(super) async fn next_sequence(
    db: &Db,
    region: &str,
    tag: &str,
    year: i32,
) -> Result<u32, StoreError> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(NEXT_SEQUENCE)
        .bind(region.to_string())
        .bind(tag.to_string())
        .bind(i64::from(year))
        .fetch_one(&mut *tx)
        .await?;
    let last: i64 = row.try_get("last")?;
    tx.commit().await?;
    u32::try_from(last)
        .map_err(|_| StoreError::Corrupt(format!("licence_sequences.last 的取值 {last} 超出范围")))
}

/// Stores a new licence, or returns the one its case member already has.
pub(super) async fn insert_licence(db: &Db, row: &LicenceRow) -> Result<LicenceInsert, StoreError> {
    let licence = &row.licence;
    let mut tx = db.begin_write().await?;
    if let Some(for_) = &row.issued_for {
        let existing = sqlx::query(BY_CASE_ITEM)
            .bind(for_.case_no.clone())
            .bind(for_.item.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(existing) = existing {
            let existing = licence_of(&existing)?;
            tx.rollback().await?;
            return Ok(LicenceInsert::Existing(Box::new(existing)));
        }
    }
    let taken = sqlx::query("SELECT number FROM licences WHERE number = $1")
        .bind(licence.number.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if taken {
        tx.rollback().await?;
        return Err(StoreError::AlreadyExists {
            what: "证照编号",
            key: licence.number.to_string(),
        });
    }
    sqlx::query(INSERT_LICENCE)
        .bind(licence.number.to_string())
        .bind(licence.type_code.to_string())
        .bind(licence.holder.subject.as_str().to_string())
        .bind(licence.issuer.department.to_string())
        .bind(status_code(licence).to_string())
        .bind(rows::to_json(licence)?)
        .bind(row.signature.clone())
        .bind(i64::from(licence.version))
        .bind(row.row_version)
        .bind(row.issued_for.as_ref().map(|f| f.case_no.clone()))
        .bind(row.issued_for.as_ref().map(|f| f.item.clone()))
        .bind(rows::secs(row.created_at))
        .bind(rows::secs(row.updated_at))
        .execute(&mut *tx)
        .await?;
    append_history(&mut tx, licence, 0).await?;
    tx.commit().await?;
    Ok(LicenceInsert::Inserted)
}

/// Writes a changed licence if its row version still matches.
pub(super) async fn update_licence(
    db: &Db,
    row: &LicenceRow,
    expected_row_version: i64,
) -> Result<(), StoreError> {
    let licence = &row.licence;
    let number = licence.number.to_string();
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(UPDATE_LICENCE)
        .bind(number.clone())
        .bind(expected_row_version)
        .bind(status_code(licence).to_string())
        .bind(rows::to_json(licence)?)
        .bind(row.signature.clone())
        .bind(i64::from(licence.version))
        .bind(rows::secs(row.updated_at))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done != 1 {
        tx.rollback().await?;
        return Err(StoreError::Conflict(number));
    }
    let stored: i64 = sqlx::query("SELECT COUNT(*) AS n FROM licence_history WHERE number = $1")
        .bind(number)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    append_history(&mut tx, licence, usize::try_from(stored).unwrap_or(0)).await?;
    tx.commit().await?;
    Ok(())
}

/// Appends the licence's history entries from `from` on.
async fn append_history(
    tx: &mut Transaction<'static, Any>,
    licence: &Licence,
    from: usize,
) -> Result<(), StoreError> {
    for (seq, revision) in licence.history.iter().enumerate().skip(from) {
        sqlx::query(INSERT_HISTORY)
            .bind(licence.number.to_string())
            .bind(i64::try_from(seq).unwrap_or(i64::MAX))
            .bind(i64::from(revision.version))
            .bind(event_code(revision).to_string())
            .bind(revision.on.format("%Y-%m-%d").to_string())
            .bind(rows::to_json(revision)?)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

fn status_code(licence: &Licence) -> &'static str {
    match licence.status {
        LicenceStatus::Revoked { .. } => "revoked",
        _ => "valid",
    }
}

fn event_code(revision: &Revision) -> &'static str {
    match revision.event {
        RevisionEvent::Issued { .. } => "issued",
        RevisionEvent::Changed { .. } => "changed",
        RevisionEvent::Renewed { .. } => "renewed",
        RevisionEvent::Corrected => "corrected",
        RevisionEvent::Revoked { .. } => "revoked",
    }
}
