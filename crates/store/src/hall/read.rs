//! Reading numbers, the day's figures of each hall and the audit trail.
//!
//! Every figure is one indexed count over `hall_tickets (hall, day, state,
//! seq)` or the hall's windows, so a snapshot never loads the numbers.

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};
use tongban_domain::hall::{QueueFigures, TicketChannel, TicketState};
use tongban_domain::ident::RegionCode;

use super::admin::hall_of;
use super::catalog::subtree_prefix;
use super::records::{HallAuditRow, HallFigures, TicketRow};
use crate::StoreError;
use crate::accounts::rows::{self, day_text, parse_day};

const COLUMNS: &str = "id, hall, day, seq, label, channel, service, service_name, department, \
     phone, taken_by, state, window_code, called_by, taken_at, called_at, finished_at, case_no";

const FIGURES: &str = "SELECT h.code, h.name, h.region, h.address, h.created_at, h.updated_at, \
     (SELECT COUNT(*) FROM hall_tickets t WHERE t.hall = h.code AND t.day = $2 \
        AND t.state = 'waiting') AS waiting, \
     (SELECT MIN(t.taken_at) FROM hall_tickets t WHERE t.hall = h.code AND t.day = $2 \
        AND t.state = 'waiting') AS oldest, \
     (SELECT COUNT(*) FROM hall_tickets t WHERE t.hall = h.code AND t.day = $2 \
        AND t.state IN ('called', 'served', 'absent')) AS called, \
     (SELECT CAST(COALESCE(SUM(t.called_at - t.taken_at), 0) AS BIGINT) FROM hall_tickets t \
        WHERE t.hall = h.code AND t.day = $2 \
        AND t.state IN ('called', 'served', 'absent')) AS called_wait, \
     (SELECT COUNT(*) FROM hall_windows w WHERE w.hall = h.code AND w.state = 'open') AS open, \
     (SELECT COUNT(*) FROM hall_tickets t WHERE t.hall = h.code AND t.day = $2 \
        AND t.state = 'served') AS served \
     FROM halls h WHERE h.region LIKE $1 ORDER BY h.region, h.code";

/// One number by id.
pub(super) async fn ticket(pool: &AnyPool, id: &str) -> Result<Option<TicketRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM hall_tickets WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(ticket_of).transpose()
}

/// One number by id, inside a write transaction.
pub(super) async fn ticket_in(
    tx: &mut Transaction<'static, Any>,
    id: &str,
) -> Result<Option<TicketRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM hall_tickets WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(ticket_of).transpose()
}

/// How many of the day's numbers taken before `ticket` still wait.
pub(super) async fn waiting_ahead(pool: &AnyPool, ticket: &TicketRow) -> Result<u64, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM hall_tickets WHERE hall = $1 AND day = $2 AND state = 'waiting' \
         AND seq < $3",
    )
    .bind(ticket.hall.clone())
    .bind(day_text(ticket.day))
    .bind(ticket.seq)
    .fetch_one(pool)
    .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The number at a window now (called, not finished).
pub(super) async fn current_ticket(
    pool: &AnyPool,
    hall: &str,
    window: &str,
) -> Result<Option<TicketRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM hall_tickets WHERE hall = $1 AND window_code = $2 \
         AND state = 'called' ORDER BY called_at DESC LIMIT 1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hall.to_string())
        .bind(window.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(ticket_of).transpose()
}

/// The day's numbers at a window now, latest call first, at most `limit`.
pub(super) async fn called_tickets(
    pool: &AnyPool,
    hall: &str,
    day: NaiveDate,
    limit: i64,
) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM hall_tickets WHERE hall = $1 AND day = $2 AND state = 'called' \
         ORDER BY called_at DESC, seq DESC LIMIT $3"
    );
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hall.to_string())
        .bind(day_text(day))
        .bind(limit.max(0))
        .fetch_all(pool)
        .await?;
    found.iter().map(ticket_of).collect()
}

/// How many numbers a hall gave out on `day`.
pub(super) async fn tickets_on(
    pool: &AnyPool,
    hall: &str,
    day: NaiveDate,
) -> Result<u64, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM hall_tickets WHERE hall = $1 AND day = $2")
            .bind(hall.to_string())
            .bind(day_text(day))
            .fetch_one(pool)
            .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The figures of `day` of every hall in `region`'s subtree.
pub(super) async fn figures(
    pool: &AnyPool,
    region: &RegionCode,
    day: NaiveDate,
) -> Result<Vec<HallFigures>, StoreError> {
    let found = sqlx::query(FIGURES)
        .bind(format!("{}%", subtree_prefix(region)))
        .bind(day_text(day))
        .fetch_all(pool)
        .await?;
    let count = |row: &AnyRow, c: &str| -> Result<u64, StoreError> {
        Ok(u64::try_from(row.try_get::<i64, _>(c)?).unwrap_or(0))
    };
    found
        .iter()
        .map(|row| {
            Ok(HallFigures {
                hall: hall_of(row)?,
                figures: QueueFigures {
                    waiting: count(row, "waiting")?,
                    oldest_waiting_taken_at: rows::opt_time("oldest", row.try_get("oldest")?)?,
                    called: count(row, "called")?,
                    called_wait_seconds: row.try_get("called_wait")?,
                    windows_open: count(row, "open")?,
                    served: count(row, "served")?,
                },
            })
        })
        .collect()
}

/// A hall's audit trail, newest first, at most `limit`.
pub(super) async fn audit_trail(
    pool: &AnyPool,
    hall: &str,
    limit: i64,
) -> Result<Vec<HallAuditRow>, StoreError> {
    let found = sqlx::query(
        "SELECT id, hall, window_code, ticket, action, actor, at, detail FROM hall_audit \
         WHERE hall = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(hall.to_string())
    .bind(limit.max(0))
    .fetch_all(pool)
    .await?;
    found
        .iter()
        .map(|row| {
            Ok(HallAuditRow {
                id: row.try_get("id")?,
                hall: row.try_get("hall")?,
                window: row.try_get("window_code")?,
                ticket: row.try_get("ticket")?,
                action: row.try_get("action")?,
                actor: row.try_get("actor")?,
                at: rows::time("hall_audit.at", row.try_get("at")?)?,
                detail: row.try_get("detail")?,
            })
        })
        .collect()
}

/// Decodes a number selected with [`COLUMNS`].
fn ticket_of(row: &AnyRow) -> Result<TicketRow, StoreError> {
    let day: String = row.try_get("day")?;
    let channel: String = row.try_get("channel")?;
    let state: String = row.try_get("state")?;
    let corrupt = |column: &str, value: &str| {
        StoreError::Corrupt(format!("hall_tickets.{column} 的取值“{value}”无效"))
    };
    Ok(TicketRow {
        id: row.try_get("id")?,
        hall: row.try_get("hall")?,
        day: parse_day("hall_tickets.day", &day)?,
        seq: row.try_get("seq")?,
        label: row.try_get("label")?,
        channel: TicketChannel::parse(&channel).ok_or_else(|| corrupt("channel", &channel))?,
        service: row.try_get("service")?,
        service_name: row.try_get("service_name")?,
        department: row.try_get("department")?,
        phone: row.try_get("phone")?,
        taken_by: row.try_get("taken_by")?,
        state: TicketState::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        window: row.try_get("window_code")?,
        called_by: row.try_get("called_by")?,
        taken_at: rows::time("hall_tickets.taken_at", row.try_get("taken_at")?)?,
        called_at: rows::opt_time("hall_tickets.called_at", row.try_get("called_at")?)?,
        finished_at: rows::opt_time("hall_tickets.finished_at", row.try_get("finished_at")?)?,
        case_no: row.try_get("case_no")?,
    })
}
