//! Webhook subscriptions of department systems: create, read, change and
//! retire (a retired subscription keeps its delivery history).

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use tongban_domain::ident::Code;
use tongban_domain::ident::RegionCode;

use super::records::Subscription;
use crate::accounts::rows;
use crate::{Db, StoreError};

const COLUMNS: &str = "id, name, department, region, url, secret, events, created_by, created_at";

const INSERT: &str = "INSERT INTO webhook_subscriptions (id, name, department, region, url, \
     secret, events, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

const UPDATE: &str = "UPDATE webhook_subscriptions SET name = $2, url = $3, events = $4 \
     WHERE id = $1 AND disabled_at IS NULL";

const DISABLE: &str =
    "UPDATE webhook_subscriptions SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL";

/// Stores a new subscription.
pub(super) async fn insert(db: &Db, s: &Subscription) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(INSERT)
        .bind(s.id.clone())
        .bind(s.name.clone())
        .bind(s.department.to_string())
        .bind(s.region.to_string())
        .bind(s.url.clone())
        .bind(s.secret.clone())
        .bind(rows::to_json(&s.events)?)
        .bind(s.created_by.clone())
        .bind(rows::secs(s.created_at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Every live subscription, oldest first.
pub(super) async fn list(db: &Db) -> Result<Vec<Subscription>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM webhook_subscriptions WHERE disabled_at IS NULL \
         ORDER BY created_at, id"
    ));
    let found = sqlx::query(sql).fetch_all(db.reader()).await?;
    found.iter().map(decode).collect()
}

/// One live subscription.
pub(super) async fn get(db: &Db, id: &str) -> Result<Option<Subscription>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM webhook_subscriptions WHERE id = $1 AND disabled_at IS NULL"
    ));
    let row = sqlx::query(sql)
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode).transpose()
}

/// Changes a live subscription's name, URL and events; false when there
/// is none with this id.
pub(super) async fn update(db: &Db, s: &Subscription) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(UPDATE)
        .bind(s.id.clone())
        .bind(s.name.clone())
        .bind(s.url.clone())
        .bind(rows::to_json(&s.events)?)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Retires a subscription at `at`; false when there is no live one.
pub(super) async fn disable(db: &Db, id: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(DISABLE)
        .bind(id.to_string())
        .bind(rows::secs(at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

fn decode(row: &AnyRow) -> Result<Subscription, StoreError> {
    let events: String = row.try_get("events")?;
    let (department, region) = owner(row)?;
    Ok(Subscription {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        department,
        region,
        url: row.try_get("url")?,
        secret: row.try_get("secret")?,
        events: rows::from_json("webhook_subscriptions.events", &events)?,
        created_by: row.try_get("created_by")?,
        created_at: rows::time(
            "webhook_subscriptions.created_at",
            row.try_get("created_at")?,
        )?,
    })
}

/// The department and region a subscription belongs to, decoded from a row
/// of `webhook_subscriptions` (alone or joined, as deliveries read it).
pub(super) fn owner(row: &AnyRow) -> Result<(Code, RegionCode), StoreError> {
    Ok((
        rows::code(
            "webhook_subscriptions.department",
            &row.try_get::<String, _>("department")?,
        )?,
        rows::region(
            "webhook_subscriptions.region",
            &row.try_get::<String, _>("region")?,
        )?,
    ))
}
