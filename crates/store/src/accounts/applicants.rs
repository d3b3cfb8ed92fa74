//! Applicant accounts: a person or an enterprise, found by id or phone.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::rows::{self, ApplicantKind, ApplicantRow};
use crate::{Db, StoreError};

const INSERT: &str = "INSERT INTO applicant_accounts \
     (id, kind, name, phone, id_number, uscc, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";

const BY_ID: &str = "SELECT id, kind, name, phone, id_number, uscc, created_at \
     FROM applicant_accounts WHERE id = $1";

const BY_PHONE: &str = "SELECT id, kind, name, phone, id_number, uscc, created_at \
     FROM applicant_accounts WHERE phone = $1";

/// Inserts a new applicant; a taken id or phone is refused.
pub(super) async fn insert(db: &Db, applicant: &ApplicantRow) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(INSERT)
        .bind(applicant.id.clone())
        .bind(applicant.kind.code())
        .bind(applicant.name.clone())
        .bind(applicant.phone.clone())
        .bind(applicant.id_number.clone())
        .bind(applicant.uscc.clone())
        .bind(rows::secs(applicant.created_at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if done.rows_affected() == 0 {
        // Masked: the key ends up in messages and logs.
        return Err(StoreError::AlreadyExists {
            what: "申请人账号（手机号或编号）",
            key: tongban_domain::mask::phone(&applicant.phone),
        });
    }
    Ok(())
}

/// One applicant by account id.
pub(super) async fn by_id(db: &Db, id: &str) -> Result<Option<ApplicantRow>, StoreError> {
    one(db, BY_ID, id).await
}

/// One applicant by phone.
pub(super) async fn by_phone(db: &Db, phone: &str) -> Result<Option<ApplicantRow>, StoreError> {
    one(db, BY_PHONE, phone).await
}

async fn one(db: &Db, sql: &'static str, key: &str) -> Result<Option<ApplicantRow>, StoreError> {
    let row = sqlx::query(sql)
        .bind(key.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode).transpose()
}

fn decode(row: &AnyRow) -> Result<ApplicantRow, StoreError> {
    decode_as(row, "")
}

/// Decodes an applicant row whose columns are named with `prefix` (a join).
pub(super) fn decode_as(row: &AnyRow, prefix: &str) -> Result<ApplicantRow, StoreError> {
    let col = |name: &str| format!("{prefix}{name}");
    let kind: String = row.try_get(col("kind").as_str())?;
    Ok(ApplicantRow {
        id: row.try_get(col("id").as_str())?,
        kind: ApplicantKind::parse(&kind).ok_or_else(|| {
            StoreError::Corrupt(format!("applicant_accounts 表的 kind 取值“{kind}”无效"))
        })?,
        name: row.try_get(col("name").as_str())?,
        phone: row.try_get(col("phone").as_str())?,
        id_number: row.try_get(col("id_number").as_str())?,
        uscc: row.try_get(col("uscc").as_str())?,
        created_at: rows::time("created_at", row.try_get(col("created_at").as_str())?)?,
    })
}
