//! 诉求 (appeals): 办不成事, 企业吹哨, 12345 work orders and 助企纾困 appeals —
//! sources, dispatch (派单), deadlines, escalation (督办), the leader's
//! instruction (领导批阅), department reports (部门报到), rating (评哨) and
//! reopening; and the pure half of importing 12345 exports.
//!
//! Pure: the time (`at`, `today`) and the [`WorkCalendar`] are passed in.
//! Who may issue a command (roles, data scopes) is the service layer's
//! gate; this module checks what the appeal itself decides: its state,
//! which departments it was dispatched to, and the escalation ladder.
//!
//! [`WorkCalendar`]: crate::clock::WorkCalendar

mod error;
mod escalation;
mod import;
mod limits;
mod model;
mod source;
mod transition;

#[cfg(test)]
mod tests;

pub use error::AppealError;
pub use escalation::{EscalationPolicy, Overdue};
pub use import::{
    AppealField, EXTERNAL_KEY_MAX, ImportMapping, ImportedRow, RowProblem, parse_row,
};
pub use limits::{AppealLimit, CategoryRule, Deadlines, deadlines_for};
pub use model::{
    Appeal, AppealNo, Dispatch, ExternalRef, Instruction, MAX_APPEAL_SEQUENCE, Rating, Report,
    ReportKind,
};
pub use source::{AppealSource, AppealSubject, Complexity, SubjectKind};
pub use transition::{
    AppealCommand, AppealEvent, AppealState, CommandKind, EventKind, apply, filed_event,
};
