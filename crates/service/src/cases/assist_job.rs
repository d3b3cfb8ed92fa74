//! Silence as consent (超时默认 / 视为同意) for 部门协查: the background
//! round that records the default consent of every assist request whose
//! limit has passed, when its item says silence counts as consent.
//!
//! Each case is changed through the store's optimistic version, so when
//! several nodes run the round at once only one write lands per case; the
//! domain records a default only on a request still unanswered, so a later
//! round finds nothing to do. Exactly once, with one audit record
//! (actor [`ASSIST_DEFAULT_ACTOR`]) and one outbox event per default.

use chrono::{DateTime, Utc};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{CaseState, CommandKind};
use tongban_store::{CaseUpdate, StoreError, Updated};

use super::{CaseService, record, schedule, store_error};
use crate::error::ServiceError;

/// The actor id the audit names for defaults recorded on silence.
pub const ASSIST_DEFAULT_ACTOR: &str = "system:assist-default";
/// Cases read per round.
const ROUND: i64 = 500;
/// States in which a member can have an open assist request.
const WAITING: &[CaseState] = &[
    CaseState::Accepted,
    CaseState::UnderReview,
    CaseState::Suspended,
];

impl CaseService {
    /// Records silence as consent on every case whose assist limit passed
    /// by `now`; the number of defaults recorded.
    pub async fn lapse_assists(&self, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let calendar = schedule::calendar().map_err(ServiceError::Unavailable)?;
        let at = record::local(now);
        let cases = self
            .store
            .worklist_cases(None, true, WAITING, None, ROUND)
            .await
            .map_err(store_error)?;
        let actor = Actor {
            id: ASSIST_DEFAULT_ACTOR.into(),
            kind: ActorKind::Token,
            roles: vec![Role::System],
            region: None,
            department: None,
            token_scopes: None,
        };
        let mut recorded = 0;
        for stored in cases {
            let lapsed = match stored.case.lapse_assists(at, calendar) {
                Ok(Some(lapsed)) => lapsed,
                Ok(None) => continue,
                Err(e) => {
                    tracing::warn!(case_no = %stored.case.case_no, error = %e, "协查时限无法计算");
                    continue;
                }
            };
            let (case, events) = lapsed;
            let no = stored.case.case_no.clone();
            let update = CaseUpdate {
                expected_version: stored.version,
                at: now,
                audit: record::audit(&events, &actor, Role::System, CommandKind::ReplyAssist, now),
                outbox: record::outbox(&no, &events),
                licences: Vec::new(),
                idempotency: None,
                case,
            };
            match self.store.update_case(update).await {
                Ok(Updated::Applied { .. } | Updated::Replayed { .. }) => {
                    tracing::info!(case_no = %no, defaults = events.len(), "协查逾期未答复，视为同意");
                    recorded += events.len();
                }
                // Another node or a person changed the case first: the
                // next round looks again.
                Err(StoreError::Conflict(_)) => {}
                Err(other) => return Err(store_error(other)),
            }
        }
        Ok(recorded)
    }
}
