//! Halls and windows: created and updated by catalog administrators,
//! opened and paused by clerks; and the audit helper every write uses.

use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};
use tongban_domain::hall::WindowState;
use tongban_domain::ident::RegionCode;

use super::catalog::subtree_prefix;
use super::records::{HallRow, HallWrite, Stamp, WindowChange, WindowRow, WindowWrite};
use crate::accounts::rows;
use crate::{Db, StoreError};

const HALL_COLUMNS: &str = "code, name, region, address, created_at, updated_at";
const WINDOW_COLUMNS: &str = "hall, code, name, state, clerk, opened_at, updated_at";

const INSERT_AUDIT: &str = "INSERT INTO hall_audit (hall, window_code, ticket, action, actor, at, \
     detail) VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// One audit record, written in the caller's transaction.
pub(super) struct Audit<'a> {
    pub hall: &'a str,
    pub window: Option<&'a str>,
    pub ticket: Option<&'a str>,
    pub action: &'static str,
    pub detail: serde_json::Value,
}

/// Writes `audit` by `stamp` in `tx`.
pub(super) async fn audit(
    tx: &mut Transaction<'static, Any>,
    stamp: &Stamp,
    audit: Audit<'_>,
) -> Result<(), StoreError> {
    sqlx::query(INSERT_AUDIT)
        .bind(audit.hall.to_string())
        .bind(audit.window.map(str::to_string))
        .bind(audit.ticket.map(str::to_string))
        .bind(audit.action)
        .bind(stamp.actor.clone())
        .bind(rows::secs(stamp.at))
        .bind(audit.detail.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates or updates a hall; true when it was created.
pub(super) async fn save_hall(
    db: &Db,
    hall: &HallWrite,
    stamp: &Stamp,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE halls SET name = $2, region = $3, address = $4, updated_at = $5 WHERE code = $1",
    )
    .bind(hall.code.clone())
    .bind(hall.name.clone())
    .bind(hall.region.as_str().to_string())
    .bind(hall.address.clone())
    .bind(rows::secs(stamp.at))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let created = updated == 0;
    if created {
        sqlx::query(
            "INSERT INTO halls (code, name, region, address, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(hall.code.clone())
        .bind(hall.name.clone())
        .bind(hall.region.as_str().to_string())
        .bind(hall.address.clone())
        .bind(rows::secs(stamp.at))
        .execute(&mut *tx)
        .await?;
    }
    let detail = serde_json::json!({
        "name": hall.name, "region": hall.region.as_str(), "address": hall.address,
        "created": created,
    });
    let entry = Audit {
        hall: &hall.code,
        window: None,
        ticket: None,
        action: "hall.saved",
        detail,
    };
    audit(&mut tx, stamp, entry).await?;
    tx.commit().await?;
    Ok(created)
}

/// One hall by code.
pub(super) async fn hall(pool: &AnyPool, code: &str) -> Result<Option<HallRow>, StoreError> {
    let sql = format!("SELECT {HALL_COLUMNS} FROM halls WHERE code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(hall_of).transpose()
}

/// The halls whose region lies in `region`'s subtree, by region and code.
pub(super) async fn halls_within(
    pool: &AnyPool,
    region: &RegionCode,
) -> Result<Vec<HallRow>, StoreError> {
    let sql =
        format!("SELECT {HALL_COLUMNS} FROM halls WHERE region LIKE $1 ORDER BY region, code");
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(format!("{}%", subtree_prefix(region)))
        .fetch_all(pool)
        .await?;
    found.iter().map(hall_of).collect()
}

/// Creates or updates a window and replaces what it serves; true when it
/// was created (paused).
pub(super) async fn save_window(
    db: &Db,
    window: &WindowWrite,
    stamp: &Stamp,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE hall_windows SET name = $3, updated_at = $4 WHERE hall = $1 AND code = $2",
    )
    .bind(window.hall.clone())
    .bind(window.code.clone())
    .bind(window.name.clone())
    .bind(rows::secs(stamp.at))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let created = updated == 0;
    if created {
        sqlx::query(
            "INSERT INTO hall_windows (hall, code, name, state, clerk, opened_at, updated_at) \
             VALUES ($1, $2, $3, 'paused', NULL, NULL, $4)",
        )
        .bind(window.hall.clone())
        .bind(window.code.clone())
        .bind(window.name.clone())
        .bind(rows::secs(stamp.at))
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM hall_window_serves WHERE hall = $1 AND window_code = $2")
        .bind(window.hall.clone())
        .bind(window.code.clone())
        .execute(&mut *tx)
        .await?;
    for code in &window.serves {
        sqlx::query(
            "INSERT INTO hall_window_serves (hall, window_code, code) VALUES ($1, $2, $3) \
             ON CONFLICT (hall, window_code, code) DO NOTHING",
        )
        .bind(window.hall.clone())
        .bind(window.code.clone())
        .bind(code.clone())
        .execute(&mut *tx)
        .await?;
    }
    let detail = serde_json::json!({
        "name": window.name, "serves": window.serves, "created": created,
    });
    let entry = Audit {
        hall: &window.hall,
        window: Some(&window.code),
        ticket: None,
        action: "window.saved",
        detail,
    };
    audit(&mut tx, stamp, entry).await?;
    tx.commit().await?;
    Ok(created)
}

/// A hall's windows, by code, with what each serves.
pub(super) async fn windows(pool: &AnyPool, hall: &str) -> Result<Vec<WindowRow>, StoreError> {
    let sql = format!("SELECT {WINDOW_COLUMNS} FROM hall_windows WHERE hall = $1 ORDER BY code");
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hall.to_string())
        .fetch_all(pool)
        .await?;
    let mut windows = Vec::with_capacity(found.len());
    for row in &found {
        windows.push(window_of(row)?);
    }
    let serves: Vec<(String, String)> = sqlx::query_as(
        "SELECT window_code, code FROM hall_window_serves WHERE hall = $1 ORDER BY window_code, code",
    )
    .bind(hall.to_string())
    .fetch_all(pool)
    .await?;
    for (window, code) in serves {
        if let Some(w) = windows.iter_mut().find(|w| w.code == window) {
            w.serves.push(code);
        }
    }
    Ok(windows)
}

/// The window `clerk` holds open, if any.
pub(super) async fn window_of_clerk(
    pool: &AnyPool,
    clerk: &str,
) -> Result<Option<WindowRow>, StoreError> {
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT hall, code FROM hall_windows WHERE clerk = $1 AND state = 'open' \
         ORDER BY opened_at DESC LIMIT 1",
    )
    .bind(clerk.to_string())
    .fetch_optional(pool)
    .await?;
    let Some((hall, code)) = found else {
        return Ok(None);
    };
    Ok(windows(pool, &hall)
        .await?
        .into_iter()
        .find(|w| w.code == code))
}

/// Opens a window for `stamp.actor` (pausing any other window they held)
/// or pauses it.
pub(super) async fn set_window(
    db: &Db,
    hall: &str,
    window: &str,
    open: bool,
    stamp: &Stamp,
) -> Result<WindowChange, StoreError> {
    let mut tx = db.begin_write().await?;
    let current: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT state, clerk FROM hall_windows WHERE hall = $1 AND code = $2")
            .bind(hall.to_string())
            .bind(window.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    let Some((_, clerk)) = current else {
        tx.rollback().await?;
        return Ok(WindowChange::NotFound);
    };
    if let Some(holder) = clerk.filter(|c| *c != stamp.actor) {
        tx.rollback().await?;
        return Ok(WindowChange::HeldBy(holder));
    }
    let at = rows::secs(stamp.at);
    if open {
        // One clerk, one window: any other window they held is paused.
        let others: Vec<(String, String)> = sqlx::query_as(
            "SELECT hall, code FROM hall_windows WHERE clerk = $1 AND NOT (hall = $2 AND code = $3)",
        )
        .bind(stamp.actor.clone())
        .bind(hall.to_string())
        .bind(window.to_string())
        .fetch_all(&mut *tx)
        .await?;
        for (other_hall, other) in others {
            pause(&mut tx, &other_hall, &other, stamp).await?;
        }
        sqlx::query(
            "UPDATE hall_windows SET state = 'open', clerk = $3, \
             opened_at = COALESCE(opened_at, $4), updated_at = $4 WHERE hall = $1 AND code = $2",
        )
        .bind(hall.to_string())
        .bind(window.to_string())
        .bind(stamp.actor.clone())
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let entry = Audit {
            hall,
            window: Some(window),
            ticket: None,
            action: "window.opened",
            detail: serde_json::json!({}),
        };
        audit(&mut tx, stamp, entry).await?;
    } else {
        pause(&mut tx, hall, window, stamp).await?;
    }
    tx.commit().await?;
    let now = windows(db.reader(), hall).await?;
    Ok(now
        .into_iter()
        .find(|w| w.code == window)
        .map_or(WindowChange::NotFound, WindowChange::Done))
}

async fn pause(
    tx: &mut Transaction<'static, Any>,
    hall: &str,
    window: &str,
    stamp: &Stamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE hall_windows SET state = 'paused', clerk = NULL, opened_at = NULL, \
         updated_at = $3 WHERE hall = $1 AND code = $2",
    )
    .bind(hall.to_string())
    .bind(window.to_string())
    .bind(rows::secs(stamp.at))
    .execute(&mut **tx)
    .await?;
    let entry = Audit {
        hall,
        window: Some(window),
        ticket: None,
        action: "window.paused",
        detail: serde_json::json!({}),
    };
    audit(tx, stamp, entry).await
}

/// Decodes a hall row selected with [`HALL_COLUMNS`].
pub(super) fn hall_of(row: &AnyRow) -> Result<HallRow, StoreError> {
    Ok(HallRow {
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        region: rows::region("halls.region", &row.try_get::<String, _>("region")?)?,
        address: row.try_get("address")?,
        created_at: rows::time("halls.created_at", row.try_get("created_at")?)?,
        updated_at: rows::time("halls.updated_at", row.try_get("updated_at")?)?,
    })
}

fn window_of(row: &AnyRow) -> Result<WindowRow, StoreError> {
    let state: String = row.try_get("state")?;
    Ok(WindowRow {
        hall: row.try_get("hall")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        serves: Vec::new(),
        state: WindowState::parse(&state).ok_or_else(|| {
            StoreError::Corrupt(format!("hall_windows.state 的取值“{state}”无效"))
        })?,
        clerk: row.try_get("clerk")?,
        opened_at: rows::opt_time("hall_windows.opened_at", row.try_get("opened_at")?)?,
        updated_at: rows::time("hall_windows.updated_at", row.try_get("updated_at")?)?,
    })
}
