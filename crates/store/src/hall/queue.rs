//! Taking, calling and finishing numbers, each in one transaction with its
//! audit record.
//!
//! Calling the next number is safe when several windows call at once: on
//! PostgreSQL the pick takes the oldest waiting row with `FOR UPDATE SKIP
//! LOCKED`, so two windows never pick the same row nor wait for each
//! other; on SQLite `BEGIN IMMEDIATE` serialises the calls. The update is
//! conditional on the row still waiting either way, so one number goes to
//! one window only.

use tongban_domain::hall::{TicketState, business_day, ticket_label};

use super::admin::{Audit, audit};
use super::read::ticket_in;
use super::records::{CallOutcome, Finish, NewTicket, Stamp, TicketRow};
use crate::accounts::rows::{self, day_text};
use crate::{Backend, Db, StoreError};

const NEXT_SEQUENCE: &str = "INSERT INTO hall_sequences (hall, day, last_value) VALUES ($1, $2, 1) \
     ON CONFLICT (hall, day) DO UPDATE SET last_value = hall_sequences.last_value + 1 \
     RETURNING last_value";

const INSERT: &str = "INSERT INTO hall_tickets (id, hall, day, seq, label, channel, service, \
     service_name, department, phone, taken_by, state, taken_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'waiting', $12)";

/// The oldest waiting number of the day that the window serves: any, for a
/// window with no `hall_window_serves` rows (综合窗口); else those whose
/// item/bundle or department it lists.
const PICK: &str = "SELECT t.id FROM hall_tickets t WHERE t.hall = $1 AND t.day = $2 \
     AND t.state = 'waiting' AND (NOT EXISTS (SELECT 1 FROM hall_window_serves s \
     WHERE s.hall = $1 AND s.window_code = $3) OR EXISTS (SELECT 1 FROM hall_window_serves s \
     WHERE s.hall = $1 AND s.window_code = $3 AND (s.code = t.service OR s.code = t.department))) \
     ORDER BY t.seq LIMIT 1";

const CALL: &str = "UPDATE hall_tickets SET state = 'called', window_code = $2, called_by = $3, \
     called_at = $4 WHERE id = $1 AND state = 'waiting'";

const FINISH: &str = "UPDATE hall_tickets SET state = $2, finished_at = $3, case_no = $4 \
     WHERE id = $1 AND state = 'called' AND called_by = $5";

/// How often a call retries when its pick was taken meanwhile.
const CALL_ATTEMPTS: usize = 5;

/// Takes the hall's next number of the business day of `stamp.at`.
pub(super) async fn take(db: &Db, new: &NewTicket, stamp: &Stamp) -> Result<TicketRow, StoreError> {
    let day = business_day(stamp.at);
    let mut tx = db.begin_write().await?;
    let seq: i64 = sqlx::query_scalar(NEXT_SEQUENCE)
        .bind(new.hall.clone())
        .bind(day_text(day))
        .fetch_one(&mut *tx)
        .await?;
    let label = ticket_label(new.channel, u32::try_from(seq).unwrap_or(u32::MAX));
    let id = format!("{}-{}-{seq:04}", new.hall, day.format("%Y%m%d"));
    sqlx::query(INSERT)
        .bind(id.clone())
        .bind(new.hall.clone())
        .bind(day_text(day))
        .bind(seq)
        .bind(label.clone())
        .bind(new.channel.code())
        .bind(new.service.clone())
        .bind(new.service_name.clone())
        .bind(new.department.clone())
        .bind(new.phone.clone())
        .bind(new.taken_by.clone())
        .bind(rows::secs(stamp.at))
        .execute(&mut *tx)
        .await?;
    let detail = serde_json::json!({
        "label": label, "channel": new.channel.code(), "service": new.service,
        "phone": new.phone.as_deref().map(tongban_domain::mask::phone),
    });
    let entry = Audit {
        hall: &new.hall,
        window: None,
        ticket: Some(&id),
        action: "ticket.taken",
        detail,
    };
    audit(&mut tx, stamp, entry).await?;
    tx.commit().await?;
    Ok(TicketRow {
        id,
        hall: new.hall.clone(),
        day,
        seq,
        label,
        channel: new.channel,
        service: new.service.clone(),
        service_name: new.service_name.clone(),
        department: new.department.clone(),
        phone: new.phone.clone(),
        taken_by: new.taken_by.clone(),
        state: TicketState::Waiting,
        window: None,
        called_by: None,
        taken_at: stamp.at,
        called_at: None,
        finished_at: None,
        case_no: None,
    })
}

/// Calls the next number the window serves, for the clerk who holds it.
pub(super) async fn call_next(
    db: &Db,
    hall: &str,
    window: &str,
    stamp: &Stamp,
) -> Result<CallOutcome, StoreError> {
    let day = business_day(stamp.at);
    let mut tx = db.begin_write().await?;
    let holder: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT state, clerk FROM hall_windows WHERE hall = $1 AND code = $2")
            .bind(hall.to_string())
            .bind(window.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    match holder {
        Some((state, Some(clerk))) if state == "open" && clerk == stamp.actor => {}
        _ => {
            tx.rollback().await?;
            return Ok(CallOutcome::WindowNotOpen);
        }
    }
    let at_window = "SELECT id FROM hall_tickets WHERE hall = $1 AND window_code = $2 \
         AND state = 'called' ORDER BY called_at DESC LIMIT 1";
    let busy: Option<String> = sqlx::query_scalar(at_window)
        .bind(hall.to_string())
        .bind(window.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(id) = busy {
        let current = ticket_in(&mut tx, &id).await?;
        tx.rollback().await?;
        return Ok(current.map_or(CallOutcome::Empty, CallOutcome::Busy));
    }
    let pick = match db.backend() {
        Backend::Postgres => format!("{PICK} FOR UPDATE SKIP LOCKED"),
        Backend::Sqlite => PICK.to_string(),
    };
    for _ in 0..CALL_ATTEMPTS {
        let picked: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(pick.clone()))
            .bind(hall.to_string())
            .bind(day_text(day))
            .bind(window.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        let Some(id) = picked else {
            tx.rollback().await?;
            return Ok(CallOutcome::Empty);
        };
        let done = sqlx::query(CALL)
            .bind(id.clone())
            .bind(window.to_string())
            .bind(stamp.actor.clone())
            .bind(rows::secs(stamp.at))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done != 1 {
            continue;
        }
        let called = ticket_in(&mut tx, &id).await?;
        let label = called.as_ref().map(|t| t.label.clone());
        let detail = serde_json::json!({ "label": label });
        let entry = Audit {
            hall,
            window: Some(window),
            ticket: Some(&id),
            action: "ticket.called",
            detail,
        };
        audit(&mut tx, stamp, entry).await?;
        tx.commit().await?;
        return Ok(called.map_or(CallOutcome::Empty, CallOutcome::Called));
    }
    tx.rollback().await?;
    Ok(CallOutcome::Empty)
}

/// Serves a called number or marks it absent, if the caller called it;
/// `None` (nothing written) otherwise.
pub(super) async fn finish(
    db: &Db,
    id: &str,
    how: &Finish,
    stamp: &Stamp,
) -> Result<Option<TicketRow>, StoreError> {
    let (state, case_no, action) = match how {
        Finish::Served { case_no } => (TicketState::Served, case_no.clone(), "ticket.served"),
        Finish::Absent => (TicketState::Absent, None, "ticket.absent"),
    };
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(FINISH)
        .bind(id.to_string())
        .bind(state.code())
        .bind(rows::secs(stamp.at))
        .bind(case_no.clone())
        .bind(stamp.actor.clone())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done != 1 {
        tx.rollback().await?;
        return Ok(None);
    }
    let Some(ticket) = ticket_in(&mut tx, id).await? else {
        tx.rollback().await?;
        return Ok(None);
    };
    let detail = serde_json::json!({ "label": ticket.label, "case_no": case_no });
    let entry = Audit {
        hall: &ticket.hall,
        window: ticket.window.as_deref(),
        ticket: Some(id),
        action,
        detail,
    };
    audit(&mut tx, stamp, entry).await?;
    tx.commit().await?;
    Ok(Some(ticket))
}
