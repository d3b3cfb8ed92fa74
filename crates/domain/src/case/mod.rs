//! 办件: the pure lifecycle of an application (no I/O, no clock reads).
//!
//! A [`Case`] is one application: for a bundle (一件事) one [`ItemCase`] per
//! selected member, for a single item just one. Each item case moves
//! through the [`CaseState`]s by [`Command`]s, one per transition, applied
//! by [`apply`], which refuses an illegal or unauthorised command with a
//! [`TransitionError`] (a stable code and a Chinese message) and changes
//! nothing. The whole case takes intake commands for every member at once
//! (一窗受理), lets members start as the bundle's DAG allows (并联 / 串联),
//! and hands the results over once when all are done (综合窗口出件).
//! Deadlines and red/yellow warnings come from the one deadline clock,
//! [`crate::clock::WorkCalendar`]. An examiner may ask another department
//! for an opinion ([`AssistRequest`], 部门协查); a member with an unanswered
//! request cannot be decided, and [`Case::lapse_assists`] turns silence into
//! consent where the item says so. `docs/case-lifecycle.md` draws the
//! state diagram and the transition matrix.

mod assist;
mod assist_step;
mod bundle_case;
mod case_no;
mod command;
mod deadline;
mod error;
mod event;
mod item_case;
mod one_window;
mod state;
mod transition;

pub use assist::{AssistReply, AssistRequest, Opinion};
pub use bundle_case::{Case, CaseError};
pub use case_no::{CaseNo, MAX_SEQUENCE};
pub use command::{
    Command, CommandKind, CommitmentFinding, DeliveryMethod, IntakeChannel, Outcome,
};
pub use deadline::{Deadlines, Warning, WarningPolicy};
pub use error::{Refusal, TransitionError};
pub use event::{CaseEvent, EventKind};
pub use item_case::{
    Commitment, CommitmentCheck, Decision, Delivery, Ending, ItemCase, ItemTerms, SupplementNotice,
    Suspension,
};
pub use one_window::CaseOutcome;
pub use state::CaseState;
pub use transition::apply;
