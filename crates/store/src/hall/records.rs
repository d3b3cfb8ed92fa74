//! The rows of the hall store.

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::hall::{QueueFigures, TicketChannel, TicketState, WindowState};
use tongban_domain::ident::RegionCode;

/// Who changes something, and when: every write of the hall store records
/// it in `hall_audit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The actor's id (`kiosk` for an anonymous kiosk visitor).
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A hall as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallRow {
    /// Its code (e.g. `350825-zwzx`).
    pub code: String,
    /// Its name (e.g. 连城县政务服务中心).
    pub name: String,
    /// The region it serves.
    pub region: RegionCode,
    /// Where it is, if given.
    pub address: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// A hall to create or update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallWrite {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The region it serves.
    pub region: RegionCode,
    /// Where it is.
    pub address: Option<String>,
}

/// A window as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowRow {
    /// The hall's code.
    pub hall: String,
    /// The window's code within the hall (e.g. `01`).
    pub code: String,
    /// Its name (e.g. 1号综合窗口).
    pub name: String,
    /// The item, bundle and department codes it serves; empty for a
    /// 综合窗口 that serves every number.
    pub serves: Vec<String>,
    /// Open or paused.
    pub state: WindowState,
    /// The clerk who opened it (while open).
    pub clerk: Option<String>,
    /// When it was opened (while open).
    pub opened_at: Option<DateTime<Utc>>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// A window to create or update (its open state is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowWrite {
    /// The hall's code.
    pub hall: String,
    /// The window's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// What it serves; empty for a 综合窗口.
    pub serves: Vec<String>,
}

/// The outcome of opening or pausing a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowChange {
    /// Done; the window as it is now.
    Done(WindowRow),
    /// No such window in that hall.
    NotFound,
    /// Another clerk holds the window (their actor id).
    HeldBy(String),
}

/// A number to take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    /// The hall's code.
    pub hall: String,
    /// Kiosk or online appointment.
    pub channel: TicketChannel,
    /// The item or bundle asked for, if any.
    pub service: Option<String>,
    /// Its name.
    pub service_name: Option<String>,
    /// The department that handles it.
    pub department: Option<String>,
    /// A contact phone number (stored; shown masked only).
    pub phone: Option<String>,
    /// The applicant account that booked it online.
    pub taken_by: Option<String>,
}

/// A number as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRow {
    /// Its id (`<hall>-<yyyymmdd>-<seq>`).
    pub id: String,
    /// The hall's code.
    pub hall: String,
    /// The business day it was taken on.
    pub day: NaiveDate,
    /// Its place in the day's sequence, from 1.
    pub seq: i64,
    /// The printed number (`A007`).
    pub label: String,
    /// How it was taken.
    pub channel: TicketChannel,
    /// The item or bundle asked for.
    pub service: Option<String>,
    /// Its name.
    pub service_name: Option<String>,
    /// The department that handles it.
    pub department: Option<String>,
    /// The contact phone number, unmasked: mask before showing.
    pub phone: Option<String>,
    /// The applicant account that booked it.
    pub taken_by: Option<String>,
    /// Where it is in the queue.
    pub state: TicketState,
    /// The window it was called to.
    pub window: Option<String>,
    /// The clerk who called it.
    pub called_by: Option<String>,
    /// When it was taken.
    pub taken_at: DateTime<Utc>,
    /// When it was called.
    pub called_at: Option<DateTime<Utc>>,
    /// When it was served or marked absent.
    pub finished_at: Option<DateTime<Utc>>,
    /// The case it was served for (办件编号), if linked.
    pub case_no: Option<String>,
}

/// The outcome of calling the next number at a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallOutcome {
    /// This number is now called to the window.
    Called(TicketRow),
    /// Nobody the window can serve is waiting.
    Empty,
    /// The window is paused, missing, or held by another clerk.
    WindowNotOpen,
    /// The window still has a number at it: serve it or mark it absent
    /// first.
    Busy(TicketRow),
}

/// How a called number ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    /// 办结, optionally linked to a case number.
    Served {
        /// The case it was served for.
        case_no: Option<String>,
    },
    /// 过号: the person did not come.
    Absent,
}

/// A hall with its figures of one business day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallFigures {
    /// The hall.
    pub hall: HallRow,
    /// Its figures.
    pub figures: QueueFigures,
}

/// One record of the hall audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallAuditRow {
    /// Increasing id.
    pub id: i64,
    /// The hall's code.
    pub hall: String,
    /// The window concerned, if any.
    pub window: Option<String>,
    /// The number concerned, if any.
    pub ticket: Option<String>,
    /// What was done (`hall.saved`, `window.opened`, `ticket.called`, …).
    pub action: String,
    /// Who did it.
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Details (JSON text; no unmasked personal numbers).
    pub detail: String,
}

/// A catalog entry a window may serve or a number may ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// `item`, `bundle` or `department`.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
    /// The department that handles it (itself for a department; the lead
    /// department for a bundle).
    pub department: String,
}
