//! 秒批 (`auto_decision`) at the service layer: a freshly submitted
//! single-item case whose item declares review points is decided by the
//! rules on verified data, without a person, in one store transaction.
//!
//! The steps (pre-review for online cases, acceptance, review, the grant)
//! are the ordinary domain commands, issued by the `system` role and
//! audited under [`AUTO_DECISION_ACTOR`]; the grant's reasons name every
//! review point and its rule, so the audit says which rules decided. A
//! person can still read the audit and revoke the grant (撤销) like any
//! other. When a point does not hold, or a fact is missing, nothing is
//! written and the case waits for a person. A grant whose item's result is
//! a licence issues it in the same transaction.

use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::auto_decision::{self, Verdict};
use tongban_domain::case::{CaseNo, CaseState, Command, Outcome};
use tongban_domain::ident::Code;
use tongban_domain::subject::Fact;
use tongban_store::{CaseUpdate, StoreError, Updated};

use super::{CaseService, record, store_error};
use crate::error::ServiceError;

/// The actor id the audit names for automatic decisions.
pub const AUTO_DECISION_ACTOR: &str = "system:auto-decision";

impl CaseService {
    /// Decides `case_no` by its item's review points on `facts` (read from
    /// data sources under the applicant's consent). `None` when the case is
    /// not a fresh single-item case of a 秒批 item; otherwise the verdict,
    /// applied when it is [`Verdict::Grant`].
    pub async fn auto_decide(
        &self,
        case_no: &CaseNo,
        facts: &[Fact],
    ) -> Result<Option<Verdict>, ServiceError> {
        let stored = self
            .store
            .load_case(case_no)
            .await
            .map_err(store_error)?
            .ok_or(ServiceError::CaseNotFound)?;
        let [member] = stored.case.members.as_slice() else {
            return Ok(None);
        };
        if stored.case.state() != CaseState::Submitted {
            return Ok(None);
        }
        let item = self.catalog.item(member.item().as_str()).await?;
        let Some(auto) = &item.auto_decision else {
            return Ok(None);
        };
        let now = self.clock.now();
        let at = record::local(now);
        let verdict = auto_decision::decide(auto, facts, at.date());
        if !matches!(verdict, Verdict::Grant { .. }) {
            tracing::info!(case_no = %case_no, "秒批未通过，转人工审查");
            return Ok(Some(verdict));
        }
        let actor = Actor {
            id: AUTO_DECISION_ACTOR.into(),
            kind: ActorKind::Token,
            roles: vec![Role::System],
            region: Some(stored.case.region.clone()),
            department: Some(member.terms.department.clone()),
            token_scopes: None,
        };
        let code = member.item().clone();
        let mut steps: Vec<(Option<&Code>, Command)> = Vec::new();
        if stored.case.channel.needs_pre_review() {
            steps.push((None, Command::PassPreReview));
        }
        steps.push((None, Command::Accept));
        steps.push((Some(&code), Command::StartReview));
        steps.push((
            Some(&code),
            Command::Decide {
                outcome: Outcome::Granted,
                reasons: verdict.reasons(),
            },
        ));
        let mut case = stored.case.clone();
        let (mut audit, mut outbox) = (Vec::new(), Vec::new());
        for (target, command) in steps {
            let (next, events) = match target {
                None => case.apply_to_all(&command, Role::System, at),
                Some(item) => case.apply_to_member(item, &command, Role::System, at),
            }
            .map_err(ServiceError::CaseRefused)?;
            audit.extend(record::audit(
                &events,
                &actor,
                Role::System,
                command.kind(),
                now,
            ));
            outbox.extend(record::outbox(case_no, &events));
            case = next;
        }
        let (licence_audit, licence_events, licences) = self
            .licence_effects(AUTO_DECISION_ACTOR, &stored, &case, now)
            .await?;
        audit.extend(licence_audit);
        outbox.extend(licence_events);
        let update = CaseUpdate {
            expected_version: stored.version,
            at: now,
            audit,
            outbox,
            licences,
            idempotency: None,
            case,
        };
        match self.store.update_case(update).await {
            Ok(Updated::Applied { .. } | Updated::Replayed { .. }) => {
                tracing::info!(case_no = %case_no, "秒批：规则全部满足，已自动准予");
                Ok(Some(verdict))
            }
            // Someone acted on the case first: a person has it now.
            Err(StoreError::Conflict(_)) => Ok(None),
            Err(other) => Err(store_error(other)),
        }
    }
}
