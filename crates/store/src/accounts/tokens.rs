//! API tokens of department systems: stored hashed, found by the hash of
//! the secret while not revoked.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::rows::{self, ApiTokenRow};
use crate::{Db, StoreError};

const INSERT: &str = "INSERT INTO api_tokens \
     (id, name, token_hash, department, region, scopes, created_by, created_at, revoked_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING";

const COLUMNS: &str =
    "id, name, token_hash, department, region, scopes, created_by, created_at, revoked_at";

const REVOKE: &str = "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";

/// Stores a new token; a taken id (or, vanishingly unlikely, hash) is refused.
pub(super) async fn insert(db: &Db, token: &ApiTokenRow) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(INSERT)
        .bind(token.id.clone())
        .bind(token.name.clone())
        .bind(token.token_hash.clone())
        .bind(token.department.to_string())
        .bind(token.region.to_string())
        .bind(rows::to_json(&token.scopes)?)
        .bind(token.created_by.clone())
        .bind(rows::secs(token.created_at))
        .bind(token.revoked_at.map(rows::secs))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::AlreadyExists {
            what: "接口令牌",
            key: token.id.clone(),
        });
    }
    Ok(())
}

/// The unrevoked token whose secret hashes to `token_hash`.
pub(super) async fn live_by_hash(
    db: &Db,
    token_hash: &str,
) -> Result<Option<ApiTokenRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
    ));
    let row = sqlx::query(sql)
        .bind(token_hash.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode).transpose()
}

/// One token by id, revoked or not.
pub(super) async fn by_id(db: &Db, id: &str) -> Result<Option<ApiTokenRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1"));
    let row = sqlx::query(sql)
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode).transpose()
}

/// Revokes a live token; false when there is none with this id.
pub(super) async fn revoke(db: &Db, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(REVOKE)
        .bind(id.to_string())
        .bind(rows::secs(now))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() > 0)
}

fn decode(row: &AnyRow) -> Result<ApiTokenRow, StoreError> {
    let department: String = row.try_get("department")?;
    let region: String = row.try_get("region")?;
    let scopes: String = row.try_get("scopes")?;
    Ok(ApiTokenRow {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        token_hash: row.try_get("token_hash")?,
        department: rows::code("api_tokens.department", &department)?,
        region: rows::region("api_tokens.region", &region)?,
        scopes: rows::from_json("api_tokens.scopes", &scopes)?,
        created_by: row.try_get("created_by")?,
        created_at: rows::time("created_at", row.try_get("created_at")?)?,
        revoked_at: rows::opt_time("revoked_at", row.try_get("revoked_at")?)?,
    })
}
