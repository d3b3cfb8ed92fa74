//! Who may do what, and where: roles, actors, data scopes and the one
//! authorisation rule ([`authorize`]).
//!
//! Every read and write of a scoped object (a case, a staff account, a
//! department's workbench, a catalog entry, an applicant's data) asks
//! [`authorize`] with the actor, the [`Action`] and the object's
//! [`ObjectScope`]. The answer is deny by default: an action is allowed
//! only when one of the actor's roles grants it *and* the object lies in
//! the actor's data scope (region subtree, department, or ownership).
//! The service layer calls it; handlers never decide on their own.

mod role;
mod rule;

pub use role::{Action, Reach, Role};
pub use rule::{Actor, ActorKind, Denial, DenialReason, ObjectScope, authorize};
