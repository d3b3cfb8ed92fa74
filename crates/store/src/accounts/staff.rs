//! Staff accounts: insert, read, count wrong passwords, set the password.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::rows::{self, FailedLogin, LockoutRule, StaffRow};
use crate::{Db, StoreError};

/// The columns of a staff row, in the order [`decode`] reads them.
const COLUMNS: &str = "username, display_name, password_hash, department, region, roles, \
                       failed_attempts, locked_until, created_at, password_changed_at";

const INSERT: &str = "INSERT INTO staff_accounts (username, display_name, password_hash, \
     department, region, roles, failed_attempts, locked_until, created_at, password_changed_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (username) DO NOTHING";

/// Counts one wrong password in one statement, so concurrent failures are
/// all counted. A window older than `$3` (now − window) starts over at 1;
/// reaching `$4` attempts locks until `$5`. SET expressions see the old
/// row, hence the repeated window test.
const RECORD_FAILURE: &str = "UPDATE staff_accounts SET \
     failed_attempts = CASE WHEN first_failed_at IS NULL OR first_failed_at <= $3 \
         THEN 1 ELSE failed_attempts + 1 END, \
     first_failed_at = CASE WHEN first_failed_at IS NULL OR first_failed_at <= $3 \
         THEN $2 ELSE first_failed_at END, \
     locked_until = CASE WHEN (CASE WHEN first_failed_at IS NULL OR first_failed_at <= $3 \
         THEN 1 ELSE failed_attempts + 1 END) >= $4 THEN $5 ELSE locked_until END \
     WHERE username = $1 RETURNING failed_attempts, locked_until";

/// Clears the count unless the account is locked at `$2`.
const CLEAR_FAILURES: &str = "UPDATE staff_accounts SET failed_attempts = 0, \
     first_failed_at = NULL, locked_until = NULL \
     WHERE username = $1 AND (locked_until IS NULL OR locked_until <= $2) RETURNING username";

const SET_PASSWORD: &str = "UPDATE staff_accounts SET password_hash = $2, \
     password_changed_at = $3 WHERE username = $1";

/// Inserts a new account; an existing username is refused.
pub(super) async fn insert(db: &Db, staff: &StaffRow) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(INSERT)
        .bind(staff.username.clone())
        .bind(staff.display_name.clone())
        .bind(staff.password_hash.clone())
        .bind(staff.department.to_string())
        .bind(staff.region.to_string())
        .bind(rows::to_json(&staff.roles)?)
        .bind(staff.failed_attempts)
        .bind(staff.locked_until.map(rows::secs))
        .bind(rows::secs(staff.created_at))
        .bind(rows::secs(staff.password_changed_at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::AlreadyExists {
            what: "工作人员账号",
            key: staff.username.clone(),
        });
    }
    Ok(())
}

/// One account by username.
pub(super) async fn by_username(db: &Db, username: &str) -> Result<Option<StaffRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM staff_accounts WHERE username = $1"
    ));
    let row = sqlx::query(sql)
        .bind(username.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode).transpose()
}

/// Every account of a department, by username.
pub(super) async fn of_department(db: &Db, department: &str) -> Result<Vec<StaffRow>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM staff_accounts WHERE department = $1"
    ));
    let found = sqlx::query(sql)
        .bind(department.to_string())
        .fetch_all(db.reader())
        .await?;
    let mut staff = found.iter().map(decode).collect::<Result<Vec<_>, _>>()?;
    // Sorted here: a server collation may order text differently.
    staff.sort_by(|a, b| a.username.cmp(&b.username));
    Ok(staff)
}

/// Counts a wrong password; `None` when there is no such account.
pub(super) async fn record_failure(
    db: &Db,
    username: &str,
    now: DateTime<Utc>,
    rule: &LockoutRule,
) -> Result<Option<FailedLogin>, StoreError> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(RECORD_FAILURE)
        .bind(username.to_string())
        .bind(rows::secs(now))
        .bind(rows::secs(now - rule.window))
        .bind(rule.max_attempts)
        .bind(rows::secs(now + rule.lock_for))
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(FailedLogin {
        attempts: row.try_get(0)?,
        locked_until: rows::opt_time("locked_until", row.try_get(1)?)?,
    }))
}

/// Clears the count after a right password; false when the account is
/// locked at `now` (or missing), so a lock cannot be raced past.
pub(super) async fn clear_failures(
    db: &Db,
    username: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(CLEAR_FAILURES)
        .bind(username.to_string())
        .bind(rows::secs(now))
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(row.is_some())
}

/// Sets a new password hash and ends the account's sessions, except
/// `keep` (a session token hash), in one transaction. False when there is
/// no such account.
pub(super) async fn set_password(
    db: &Db,
    username: &str,
    password_hash: &str,
    now: DateTime<Utc>,
    keep: Option<&str>,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(SET_PASSWORD)
        .bind(username.to_string())
        .bind(password_hash.to_string())
        .bind(rows::secs(now))
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    super::sessions::delete_of_in(
        &mut tx,
        tongban_domain::auth::ActorKind::Staff,
        username,
        keep,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Decodes a row selected with [`COLUMNS`].
fn decode(row: &AnyRow) -> Result<StaffRow, StoreError> {
    decode_as(row, "")
}

/// Decodes a staff row whose columns are named with `prefix` (a join).
pub(super) fn decode_as(row: &AnyRow, prefix: &str) -> Result<StaffRow, StoreError> {
    let col = |name: &str| format!("{prefix}{name}");
    let department: String = row.try_get(col("department").as_str())?;
    let region: String = row.try_get(col("region").as_str())?;
    let roles: String = row.try_get(col("roles").as_str())?;
    Ok(StaffRow {
        username: row.try_get(col("username").as_str())?,
        display_name: row.try_get(col("display_name").as_str())?,
        password_hash: row.try_get(col("password_hash").as_str())?,
        department: rows::code("staff_accounts.department", &department)?,
        region: rows::region("staff_accounts.region", &region)?,
        roles: rows::from_json("staff_accounts.roles", &roles)?,
        failed_attempts: row.try_get(col("failed_attempts").as_str())?,
        locked_until: rows::opt_time("locked_until", row.try_get(col("locked_until").as_str())?)?,
        created_at: rows::time("created_at", row.try_get(col("created_at").as_str())?)?,
        password_changed_at: rows::time(
            "password_changed_at",
            row.try_get(col("password_changed_at").as_str())?,
        )?,
    })
}
