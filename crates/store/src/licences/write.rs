//! Writing seals, sequences and licences: one transaction each, or inside
//! a case decision's transaction ([`write_all`]).

use sqlx::{Any, Row, Transaction};
use tongban_domain::licence::{Licence, LicenceStatus, Revision, RevisionEvent};

use super::read::{BY_CASE_ITEM, licence_of, seal_of};
use super::records::{LicenceInsert, LicenceRow, LicenceWrite, SealRow};
use crate::accounts::rows::{self, day_text};
use crate::{Db, StoreError};

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
    let mut tx = db.begin_write().await?;
    match insert_in(&mut tx, row).await {
        Ok(LicenceInsert::Inserted) => {
            tx.commit().await?;
            Ok(LicenceInsert::Inserted)
        }
        other => {
            tx.rollback().await?;
            other
        }
    }
}

/// Writes a changed licence if its row version still matches.
pub(super) async fn update_licence(
    db: &Db,
    row: &LicenceRow,
    expected_row_version: i64,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    match update_in(&mut tx, row, expected_row_version).await {
        Ok(()) => Ok(tx.commit().await?),
        Err(e) => {
            tx.rollback().await?;
            Err(e)
        }
    }
}

/// Writes licence changes inside another aggregate's transaction (a case
/// decision): every insert and update, or an error that the caller turns
/// into a rollback of the whole transaction. An insert for a case member
/// that already has a licence is `StoreError::AlreadyExists` here: the
/// caller computed its writes from a stale view.
pub(crate) async fn write_all(
    tx: &mut Transaction<'static, Any>,
    writes: &[LicenceWrite],
) -> Result<(), StoreError> {
    for write in writes {
        match write {
            LicenceWrite::Insert(row) => {
                if let LicenceInsert::Existing(existing) = insert_in(tx, row).await? {
                    return Err(StoreError::AlreadyExists {
                        what: "办件事项的证照",
                        key: existing.licence.number.to_string(),
                    });
                }
            }
            LicenceWrite::Update {
                row,
                expected_row_version,
            } => update_in(tx, row, *expected_row_version).await?,
        }
    }
    Ok(())
}

/// Inserts a licence and its history in `tx`; the caller commits or rolls
/// back.
async fn insert_in(
    tx: &mut Transaction<'static, Any>,
    row: &LicenceRow,
) -> Result<LicenceInsert, StoreError> {
    let licence = &row.licence;
    if let Some(for_) = &row.issued_for {
        let existing = sqlx::query(BY_CASE_ITEM)
            .bind(for_.case_no.clone())
            .bind(for_.item.clone())
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(existing) = existing {
            return Ok(LicenceInsert::Existing(Box::new(licence_of(&existing)?)));
        }
    }
    let taken = sqlx::query("SELECT number FROM licences WHERE number = $1")
        .bind(licence.number.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if taken {
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
        .execute(&mut **tx)
        .await?;
    append_history(tx, licence, 0).await?;
    Ok(LicenceInsert::Inserted)
}

/// Updates a licence at `expected_row_version` in `tx` and appends the
/// history entries not stored yet.
async fn update_in(
    tx: &mut Transaction<'static, Any>,
    row: &LicenceRow,
    expected_row_version: i64,
) -> Result<(), StoreError> {
    let licence = &row.licence;
    let number = licence.number.to_string();
    let done = sqlx::query(UPDATE_LICENCE)
        .bind(number.clone())
        .bind(expected_row_version)
        .bind(status_code(licence).to_string())
        .bind(rows::to_json(licence)?)
        .bind(row.signature.clone())
        .bind(i64::from(licence.version))
        .bind(rows::secs(row.updated_at))
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if done != 1 {
        return Err(StoreError::Conflict(number));
    }
    let stored: i64 = sqlx::query("SELECT COUNT(*) AS n FROM licence_history WHERE number = $1")
        .bind(number)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    append_history(tx, licence, usize::try_from(stored).unwrap_or(0)).await
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
            .bind(day_text(revision.on))
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
        RevisionEvent::Replaced { .. } => "replaced",
    }
}
