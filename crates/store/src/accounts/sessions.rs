//! Sessions and one-time login codes: short-lived secrets, stored hashed,
//! never returned once expired or used.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use tongban_domain::auth::ActorKind;

use super::rows::{self, LoginCodeRow, SessionAccount, SessionRow};
use crate::{Db, StoreError};

const INSERT_SESSION: &str = "INSERT INTO sessions \
     (token_hash, account_id, actor_kind, csrf_token, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5, $6)";

const SELECT_SESSION: &str = "SELECT token_hash, account_id, actor_kind, csrf_token, \
     created_at, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2";

/// A live session with the staff or applicant account it belongs to (the
/// account's columns prefixed `st_` or `ap_`, NULL for the other kind).
const SELECT_SESSION_WITH_ACCOUNT: &str = "SELECT s.token_hash, s.account_id, s.actor_kind, \
     s.csrf_token, s.created_at, s.expires_at, \
     st.username AS st_username, st.display_name AS st_display_name, \
     st.password_hash AS st_password_hash, st.department AS st_department, \
     st.region AS st_region, st.roles AS st_roles, st.failed_attempts AS st_failed_attempts, \
     st.locked_until AS st_locked_until, st.created_at AS st_created_at, \
     st.password_changed_at AS st_password_changed_at, \
     ap.id AS ap_id, ap.kind AS ap_kind, ap.name AS ap_name, ap.phone AS ap_phone, \
     ap.id_number AS ap_id_number, ap.uscc AS ap_uscc, ap.created_at AS ap_created_at \
     FROM sessions s \
     LEFT JOIN staff_accounts st ON s.actor_kind = 'staff' AND st.username = s.account_id \
     LEFT JOIN applicant_accounts ap ON s.actor_kind = 'applicant' AND ap.id = s.account_id \
     WHERE s.token_hash = $1 AND s.expires_at > $2";

const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";

const DELETE_SESSIONS_OF: &str = "DELETE FROM sessions WHERE actor_kind = $1 AND account_id = $2";

const DELETE_SESSIONS_OF_EXCEPT: &str =
    "DELETE FROM sessions WHERE actor_kind = $1 AND account_id = $2 AND token_hash <> $3";

/// A new code replaces any earlier code of the phone, used or not.
const PUT_CODE: &str = "INSERT INTO login_codes (phone, code_hash, expires_at, used_at, attempts) \
     VALUES ($1, $2, $3, NULL, 0) ON CONFLICT (phone) DO UPDATE SET \
     code_hash = excluded.code_hash, expires_at = excluded.expires_at, used_at = NULL, attempts = 0";

/// Marks the code used if it is the right one, live, unused and not burnt
/// by wrong guesses: one statement, so a code is consumed at most once.
const CONSUME_CODE: &str = "UPDATE login_codes SET used_at = $3 \
     WHERE phone = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > $3 \
     AND attempts < $4 RETURNING phone";

/// Counts a wrong guess against the phone's live code.
const COUNT_WRONG_CODE: &str =
    "UPDATE login_codes SET attempts = attempts + 1 WHERE phone = $1 AND used_at IS NULL";

const PURGE_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";
const PURGE_CODES: &str = "DELETE FROM login_codes WHERE expires_at <= $1";

/// Stores a new session.
pub(super) async fn insert(db: &Db, session: &SessionRow) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(INSERT_SESSION)
        .bind(session.token_hash.clone())
        .bind(session.account_id.clone())
        .bind(rows::kind_code(session.actor_kind))
        .bind(session.csrf_token.clone())
        .bind(rows::secs(session.created_at))
        .bind(rows::secs(session.expires_at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The live session with this token hash at `now`.
pub(super) async fn live(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<SessionRow>, StoreError> {
    let row = sqlx::query(SELECT_SESSION)
        .bind(token_hash.to_string())
        .bind(rows::secs(now))
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode).transpose()
}

/// Ends one session; false when there was none.
pub(super) async fn delete(db: &Db, token_hash: &str) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(DELETE_SESSION)
        .bind(token_hash.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() > 0)
}

/// Ends every session of an account except `keep`; returns how many.
pub(super) async fn delete_of(
    db: &Db,
    kind: ActorKind,
    account_id: &str,
    keep: Option<&str>,
) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let n = delete_of_in(&mut tx, kind, account_id, keep).await?;
    tx.commit().await?;
    Ok(n)
}

/// [`delete_of`] inside the caller's transaction.
pub(super) async fn delete_of_in(
    conn: &mut AnyConnection,
    kind: ActorKind,
    account_id: &str,
    keep: Option<&str>,
) -> Result<u64, StoreError> {
    let query = match keep {
        Some(keep) => sqlx::query(DELETE_SESSIONS_OF_EXCEPT)
            .bind(rows::kind_code(kind))
            .bind(account_id.to_string())
            .bind(keep.to_string()),
        None => sqlx::query(DELETE_SESSIONS_OF)
            .bind(rows::kind_code(kind))
            .bind(account_id.to_string()),
    };
    Ok(query.execute(conn).await?.rows_affected())
}

/// Stores a phone's new code, replacing any earlier one.
pub(super) async fn put_code(db: &Db, code: &LoginCodeRow) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(PUT_CODE)
        .bind(code.phone.clone())
        .bind(code.code_hash.clone())
        .bind(rows::secs(code.expires_at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Consumes the phone's code if `code_hash` matches a live, unused code
/// with fewer than `max_attempts` wrong guesses; otherwise counts a wrong
/// guess. True when the code was accepted.
pub(super) async fn consume_code(
    db: &Db,
    phone: &str,
    code_hash: &str,
    now: DateTime<Utc>,
    max_attempts: i64,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let accepted = sqlx::query(CONSUME_CODE)
        .bind(phone.to_string())
        .bind(code_hash.to_string())
        .bind(rows::secs(now))
        .bind(max_attempts)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !accepted {
        sqlx::query(COUNT_WRONG_CODE)
            .bind(phone.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(accepted)
}

/// Deletes expired sessions and codes; returns how many rows went.
pub(super) async fn purge_expired(db: &Db, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let mut n = 0;
    for sql in [PURGE_SESSIONS, PURGE_CODES] {
        n += sqlx::query(sql)
            .bind(rows::secs(now))
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    tx.commit().await?;
    Ok(n)
}

/// The live session with this token hash at `now`, with its account (none
/// when the account is gone, or for an API token's kind).
pub(super) async fn live_with_account(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(SessionRow, Option<SessionAccount>)>, StoreError> {
    let row = sqlx::query(SELECT_SESSION_WITH_ACCOUNT)
        .bind(token_hash.to_string())
        .bind(rows::secs(now))
        .fetch_optional(db.reader())
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let session = decode(&row)?;
    let account = match session.actor_kind {
        ActorKind::Staff => row
            .try_get::<Option<String>, _>("st_username")?
            .map(|_| super::staff::decode_as(&row, "st_").map(SessionAccount::Staff))
            .transpose()?,
        ActorKind::Applicant => row
            .try_get::<Option<String>, _>("ap_id")?
            .map(|_| super::applicants::decode_as(&row, "ap_").map(SessionAccount::Applicant))
            .transpose()?,
        ActorKind::Token => None,
    };
    Ok(Some((session, account)))
}

/// Decodes a session row.
fn decode(row: &AnyRow) -> Result<SessionRow, StoreError> {
    let kind: String = row.try_get("actor_kind")?;
    Ok(SessionRow {
        token_hash: row.try_get("token_hash")?,
        account_id: row.try_get("account_id")?,
        actor_kind: rows::parse_kind(&kind)?,
        csrf_token: row.try_get("csrf_token")?,
        created_at: rows::time("created_at", row.try_get("created_at")?)?,
        expires_at: rows::time("expires_at", row.try_get("expires_at")?)?,
    })
}
