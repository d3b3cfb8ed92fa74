//! Reading seals and licences.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use tongban_domain::licence::Revision;

use super::records::{IssuedFor, LicenceRow, SealRow};
use crate::StoreError;
use crate::accounts::rows;

/// One licence row by number, with the columns [`licence_of`] reads.
const BY_NUMBER: &str = "SELECT body, signature, case_no, item, row_version, \
     created_at, updated_at FROM licences WHERE number = $1";

/// One licence row by issuing case member.
pub(super) const BY_CASE_ITEM: &str = "SELECT body, signature, case_no, item, row_version, \
     created_at, updated_at FROM licences WHERE case_no = $1 AND item = $2";

const SEAL: &str = "SELECT department, public_key, encrypted_key, created_at \
     FROM department_seals WHERE department = $1";

/// A department's seal.
pub(super) async fn seal(pool: &AnyPool, department: &str) -> Result<Option<SealRow>, StoreError> {
    let row = sqlx::query(SEAL)
        .bind(department.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(seal_of).transpose()
}

/// A seal row decoded.
pub(super) fn seal_of(row: &AnyRow) -> Result<SealRow, StoreError> {
    Ok(SealRow {
        department: row.try_get("department")?,
        public_key_pem: row.try_get("public_key")?,
        encrypted_key: row.try_get("encrypted_key")?,
        created_at: rows::time("department_seals.created_at", row.try_get("created_at")?)?,
    })
}

/// One licence by number.
pub(super) async fn licence(
    pool: &AnyPool,
    number: &str,
) -> Result<Option<LicenceRow>, StoreError> {
    let row = sqlx::query(BY_NUMBER)
        .bind(number.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(licence_of).transpose()
}

/// The licence a case member's grant issued.
pub(super) async fn issued_for(
    pool: &AnyPool,
    case_no: &str,
    item: &str,
) -> Result<Option<LicenceRow>, StoreError> {
    let row = sqlx::query(BY_CASE_ITEM)
        .bind(case_no.to_string())
        .bind(item.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(licence_of).transpose()
}

/// Every licence a subject holds (any status), newest first.
pub(super) async fn held_by(pool: &AnyPool, subject: &str) -> Result<Vec<LicenceRow>, StoreError> {
    let found = sqlx::query(
        "SELECT body, signature, case_no, item, row_version, created_at, updated_at \
         FROM licences WHERE holder_subject = $1 ORDER BY created_at DESC, number",
    )
    .bind(subject.to_string())
    .fetch_all(pool)
    .await?;
    found.iter().map(licence_of).collect()
}

/// The subject's newest licence of the type that is not revoked.
pub(super) async fn current(
    pool: &AnyPool,
    subject: &str,
    type_code: &str,
) -> Result<Option<LicenceRow>, StoreError> {
    let row = sqlx::query(
        "SELECT body, signature, case_no, item, row_version, created_at, updated_at \
         FROM licences WHERE holder_subject = $1 AND type_code = $2 AND status <> 'revoked' \
         ORDER BY created_at DESC, number LIMIT 1",
    )
    .bind(subject.to_string())
    .bind(type_code.to_string())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(licence_of).transpose()
}

/// The history rows of a licence, oldest first.
pub(super) async fn history(pool: &AnyPool, number: &str) -> Result<Vec<Revision>, StoreError> {
    let found = sqlx::query("SELECT body FROM licence_history WHERE number = $1 ORDER BY seq")
        .bind(number.to_string())
        .fetch_all(pool)
        .await?;
    found
        .iter()
        .map(|r| rows::from_json("licence_history.body", &r.try_get::<String, _>("body")?))
        .collect()
}

/// A licence row decoded.
pub(super) fn licence_of(row: &AnyRow) -> Result<LicenceRow, StoreError> {
    let case_no: Option<String> = row.try_get("case_no")?;
    let item: Option<String> = row.try_get("item")?;
    Ok(LicenceRow {
        licence: rows::from_json("licences.body", &row.try_get::<String, _>("body")?)?,
        signature: row.try_get("signature")?,
        issued_for: case_no
            .zip(item)
            .map(|(case_no, item)| IssuedFor { case_no, item }),
        row_version: row.try_get("row_version")?,
        created_at: rows::time("licences.created_at", row.try_get("created_at")?)?,
        updated_at: rows::time("licences.updated_at", row.try_get("updated_at")?)?,
    })
}
