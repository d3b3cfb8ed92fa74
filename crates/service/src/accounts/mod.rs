//! Accounts, sessions, API tokens and the service layer's authorisation
//! gate ([`AccountService::authorize`]).
//!
//! Staff log in with a username and an argon2-hashed password (locked
//! after repeated failures); applicants with a phone number and a one-time
//! code sent through an [`SmsGateway`]; department systems with an API
//! token limited to its scopes. Sessions live in the database so any app
//! node can resume them. Every read of a scoped object goes through
//! [`AccountService::authorize`], which applies `tongban_domain::auth` and
//! logs refusals without personal data.

mod applicant;
mod demo;
mod gateway;
mod password;
pub mod policy;
mod secret;
mod session;
mod staff;
mod token;
mod types;

use std::sync::Arc;

use tongban_domain::auth::{self, Action, Actor, ActorKind, DenialReason, ObjectScope};
use tongban_store::AccountStore;

use crate::error::ServiceError;

pub use demo::{DEMO_PERSON, DEMO_PHONE};
pub use gateway::{Clock, LogSms, SmsGateway, SystemClock};
pub use tongban_store::ApplicantKind;
pub use types::{DemoAccount, IssuedToken, NewSession, NewStaff, SignedIn, StaffView};

/// Prefix of a staff actor id (`staff:<username>`).
const STAFF_PREFIX: &str = "staff:";
/// Prefix of an applicant actor id (`applicant:<id>`).
const APPLICANT_PREFIX: &str = "applicant:";
/// Prefix of an API token actor id (`token:<id>`).
const TOKEN_PREFIX: &str = "token:";

/// The account use cases and the authorisation gate. Cheap to share
/// behind an `Arc`; every method takes `&self`.
pub struct AccountService {
    store: Arc<dyn AccountStore>,
    sms: Arc<dyn SmsGateway>,
    clock: Arc<dyn Clock>,
}

impl AccountService {
    /// A service over `store`, sending codes through `sms` and reading the
    /// time from `clock`.
    pub fn new(
        store: Arc<dyn AccountStore>,
        sms: Arc<dyn SmsGateway>,
        clock: Arc<dyn Clock>,
    ) -> AccountService {
        AccountService { store, sms, clock }
    }

    /// The gate every scoped read and write passes: may `actor` take
    /// `action` on `object`? A refusal is logged at info with the actor
    /// id, the action code and the denial code only (no personal data)
    /// and returned as [`ServiceError::Forbidden`]; the edges answer 404
    /// instead of 403 when `Denial::hides_existence` says so.
    pub fn authorize(
        &self,
        actor: &Actor,
        action: Action,
        object: &ObjectScope,
    ) -> Result<(), ServiceError> {
        auth::authorize(actor, action, object).map_err(|denial| {
            tracing::info!(
                actor = %actor.id,
                action = action.code(),
                denial = denial.code(),
                "拒绝访问"
            );
            ServiceError::Forbidden(denial)
        })
    }

    /// Whether any of the actor's roles (within its token scopes) grants
    /// `action` somewhere, whatever the object. Used to answer "not found"
    /// for a missing object only to those who could have seen one.
    fn role_may(actor: &Actor, action: Action) -> bool {
        match auth::authorize(actor, action, &ObjectScope::default()) {
            Ok(()) => true,
            Err(denial) => denial.reason != DenialReason::RoleNotPermitted,
        }
    }

    /// The username behind a staff actor.
    fn staff_username(actor: &Actor) -> Option<&str> {
        match actor.kind {
            ActorKind::Staff => actor.id.strip_prefix(STAFF_PREFIX),
            _ => None,
        }
    }
}
