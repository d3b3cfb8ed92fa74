//! The transition function of an item case: [`apply`] checks the role, the
//! state and the command's payload, and either returns the new case with
//! its events or refuses with a [`TransitionError`] and changes nothing.

use chrono::NaiveDateTime;

use super::{
    CaseEvent, CaseState, Command, CommandKind, Commitment, CommitmentCheck, CommitmentFinding,
    Decision, Delivery, DeliveryMethod, Ending, EventKind, ItemCase, Outcome, Refusal,
    SupplementNotice, Suspension, TransitionError,
};
use crate::auth::Role;
use crate::ident::Code;

use CaseState::*;

impl CommandKind {
    /// The states in which this command may be issued at all (its payload
    /// and the case's facts are checked after). This is the transition
    /// matrix that `docs/case-lifecycle.md` draws.
    pub fn legal_in(self) -> &'static [CaseState] {
        match self {
            CommandKind::Submit => &[Draft],
            CommandKind::PassPreReview => &[Submitted],
            CommandKind::RequestSupplement => &[Submitted, PreReviewed],
            CommandKind::SupplyMaterials => {
                &[SupplementRequested, Accepted, UnderReview, Suspended]
            }
            CommandKind::Accept | CommandKind::AcceptWithGaps => &[Submitted, PreReviewed],
            CommandKind::RejectIntake => &[Submitted, PreReviewed, SupplementRequested],
            CommandKind::StartReview => &[Accepted],
            CommandKind::Decide => &[UnderReview],
            CommandKind::Complete => &[Decided],
            CommandKind::Deliver => &[Completed],
            CommandKind::Suspend => &[Accepted, UnderReview],
            CommandKind::Resume => &[Suspended],
            CommandKind::Withdraw => &[
                Draft,
                Submitted,
                PreReviewed,
                SupplementRequested,
                Accepted,
                UnderReview,
                Suspended,
            ],
            CommandKind::SignCommitment => &[Draft, Submitted, PreReviewed, SupplementRequested],
            CommandKind::VerifyCommitment | CommandKind::Revoke => &[Decided, Completed, Delivered],
            CommandKind::Terminate => &[Accepted, UnderReview, Suspended],
            CommandKind::RequestAssist => &[Accepted, UnderReview],
            CommandKind::ReplyAssist => &[Accepted, UnderReview, Suspended],
        }
    }
}

/// Applies `command`, issued by someone acting as `role` at `at`, to `case`.
///
/// Checks, in this order: the role may issue the command on the case's
/// channel (`role_not_permitted`); the command is legal in the current
/// state (`illegal_transition` or a more telling code such as
/// `supplement_pending`, `case_suspended`, `already_decided`,
/// `already_finished`); the payload and the case's facts (e.g.
/// `gaps_not_allowed`, `gaps_outstanding`). On refusal the case is not
/// touched.
pub fn apply(
    case: &ItemCase,
    command: &Command,
    role: Role,
    at: NaiveDateTime,
) -> Result<(ItemCase, Vec<CaseEvent>), TransitionError> {
    let kind = command.kind();
    let refuse = |refusal| TransitionError {
        state: case.state,
        command: kind,
        refusal,
    };
    if !kind.permits(role, &case.channel) {
        return Err(refuse(Refusal::RoleNotPermitted { role }));
    }
    if !kind.legal_in().contains(&case.state) {
        return Err(refuse(out_of_state(case.state, kind)));
    }
    let mut next = case.clone();
    let event = effect(&mut next, command, at).map_err(refuse)?;
    let record = CaseEvent {
        at,
        role,
        item: Some(case.item().clone()),
        from: case.state,
        to: next.state,
        kind: event,
    };
    Ok((next, vec![record]))
}

/// The most telling refusal for a command that is not legal in `state`.
fn out_of_state(state: CaseState, kind: CommandKind) -> Refusal {
    match state {
        s if s.is_final() => Refusal::AlreadyFinished,
        Suspended => Refusal::CaseSuspended,
        Decided | Completed => Refusal::AlreadyDecided,
        SupplementRequested if kind == CommandKind::RequestSupplement => {
            Refusal::SupplementAlreadyRequested
        }
        SupplementRequested
            if matches!(
                kind,
                CommandKind::PassPreReview | CommandKind::Accept | CommandKind::AcceptWithGaps
            ) =>
        {
            Refusal::SupplementPending
        }
        _ => Refusal::IllegalTransition,
    }
}

/// Changes `case` as `command` says; the state is known to be legal.
fn effect(case: &mut ItemCase, command: &Command, at: NaiveDateTime) -> Result<EventKind, Refusal> {
    Ok(match command {
        Command::Submit => {
            case.submitted_at = Some(at);
            case.state = Submitted;
            EventKind::Submitted
        }
        Command::PassPreReview => {
            case.state = PreReviewed;
            EventKind::PreReviewPassed
        }
        Command::RequestSupplement { materials, note } => {
            if case.supplement.is_some() {
                return Err(Refusal::SupplementAlreadyRequested);
            }
            let materials = listed(materials)?;
            known(case, &materials)?;
            case.supplement = Some(SupplementNotice {
                materials: materials.clone(),
                note: note.clone(),
                issued_at: at,
                outstanding: materials.clone(),
                returns_to: case.state,
            });
            case.state = SupplementRequested;
            EventKind::SupplementRequested {
                materials,
                note: note.clone(),
            }
        }
        Command::SupplyMaterials { materials } => supply(case, materials)?,
        Command::Accept => accept(case, Vec::new(), at)?,
        Command::AcceptWithGaps { missing } => {
            if !case.terms.gaps_allowed {
                return Err(Refusal::GapsNotAllowed);
            }
            let missing = listed(missing)?;
            known(case, &missing)?;
            if let Some(m) = missing
                .iter()
                .find(|m| !case.terms.gap_allowed_materials.contains(m))
            {
                return Err(Refusal::MaterialNotGapAllowed {
                    material: m.clone(),
                });
            }
            accept(case, missing, at)?
        }
        Command::RejectIntake { reasons } => {
            case.ending = Some(ending(reasons, at)?);
            case.state = Rejected;
            EventKind::IntakeRejected {
                reasons: reasons.clone(),
            }
        }
        Command::StartReview => {
            case.state = UnderReview;
            EventKind::ReviewStarted
        }
        Command::Decide { outcome, reasons } => {
            if let Some(open) = case.assists.iter().find(|a| a.is_open()) {
                return Err(Refusal::AssistPending {
                    department: open.to.clone(),
                });
            }
            decide(case, *outcome, reasons, at)?
        }
        Command::RequestAssist {
            to,
            subject,
            question,
            limit,
        } => super::assist_step::request(case, to, subject, question, *limit, at)?,
        Command::ReplyAssist { id, opinion, text } => {
            super::assist_step::reply(case, *id, *opinion, text, at)?
        }
        Command::Complete => {
            case.completed_at = Some(at);
            case.state = Completed;
            EventKind::Completed
        }
        Command::Deliver { method } => {
            if let DeliveryMethod::Post { tracking_no } = method
                && tracking_no.trim().is_empty()
            {
                return Err(Refusal::TrackingNoRequired);
            }
            case.delivery = Some(Delivery {
                method: method.clone(),
                delivered_at: at,
            });
            case.state = Delivered;
            EventKind::Delivered {
                method: method.clone(),
            }
        }
        Command::Suspend { reason } => {
            if reason.trim().is_empty() {
                return Err(Refusal::ReasonsRequired);
            }
            case.suspensions.push(Suspension {
                reason: reason.clone(),
                since: at,
                until: None,
                resume_to: case.state,
            });
            case.state = Suspended;
            EventKind::Suspended {
                reason: reason.clone(),
            }
        }
        Command::Resume => {
            let open = case
                .suspensions
                .iter_mut()
                .rev()
                .find(|s| s.until.is_none())
                .ok_or(Refusal::IllegalTransition)?;
            open.until = Some(at);
            case.state = open.resume_to;
            EventKind::Resumed
        }
        Command::Withdraw => {
            close_suspension(case, at);
            case.ending = Some(Ending {
                reasons: Vec::new(),
                at,
            });
            case.state = Withdrawn;
            EventKind::Withdrawn
        }
        Command::SignCommitment { statement } => {
            if !case.terms.commitment_allowed {
                return Err(Refusal::CommitmentNotAllowed);
            }
            if case.commitment.is_some() {
                return Err(Refusal::CommitmentAlreadySigned);
            }
            if statement.trim().is_empty() {
                return Err(Refusal::StatementRequired);
            }
            case.commitment = Some(Commitment {
                statement: statement.clone(),
                signed_at: at,
                check: None,
            });
            EventKind::CommitmentSigned
        }
        Command::VerifyCommitment { finding } => verify(case, finding, at)?,
        Command::Revoke { reasons } => {
            if !case.is_granted() {
                return Err(Refusal::NotGranted);
            }
            case.ending = Some(ending(reasons, at)?);
            case.state = Revoked;
            EventKind::Revoked {
                reasons: reasons.clone(),
            }
        }
        Command::Terminate { reasons } => {
            case.ending = Some(ending(reasons, at)?);
            close_suspension(case, at);
            case.state = Terminated;
            EventKind::Terminated {
                reasons: reasons.clone(),
            }
        }
    })
}

fn accept(case: &mut ItemCase, gaps: Vec<Code>, at: NaiveDateTime) -> Result<EventKind, Refusal> {
    if case.state == Submitted && case.channel.needs_pre_review() {
        return Err(Refusal::PreReviewRequired);
    }
    case.accepted_at = Some(at);
    case.gaps = gaps.clone();
    case.state = Accepted;
    Ok(EventKind::Accepted { gaps })
}

fn supply(case: &mut ItemCase, materials: &[Code]) -> Result<EventKind, Refusal> {
    let materials = listed(materials)?;
    let outstanding = match case.supplement.as_mut() {
        Some(notice) if case.state == SupplementRequested => &mut notice.outstanding,
        _ => &mut case.gaps,
    };
    if let Some(m) = materials.iter().find(|m| !outstanding.contains(m)) {
        return Err(Refusal::MaterialNotRequested {
            material: m.clone(),
        });
    }
    outstanding.retain(|m| !materials.contains(m));
    let left = outstanding.clone();
    if case.state == SupplementRequested
        && left.is_empty()
        && let Some(notice) = &case.supplement
    {
        case.state = notice.returns_to;
    }
    Ok(EventKind::MaterialsSupplied {
        materials,
        outstanding: left,
    })
}

fn decide(
    case: &mut ItemCase,
    outcome: Outcome,
    reasons: &[String],
    at: NaiveDateTime,
) -> Result<EventKind, Refusal> {
    match outcome {
        Outcome::Granted if !case.gaps.is_empty() => {
            return Err(Refusal::GapsOutstanding {
                materials: case.gaps.clone(),
            });
        }
        Outcome::Refused if !has_text(reasons) => return Err(Refusal::ReasonsRequired),
        _ => {}
    }
    case.decision = Some(Decision {
        outcome,
        reasons: reasons.to_vec(),
        decided_at: at,
    });
    case.state = Decided;
    Ok(EventKind::Decided {
        outcome,
        reasons: reasons.to_vec(),
    })
}

fn verify(
    case: &mut ItemCase,
    finding: &CommitmentFinding,
    at: NaiveDateTime,
) -> Result<EventKind, Refusal> {
    if !case.commitment_check_pending() {
        return Err(Refusal::NoPendingCommitment);
    }
    if let CommitmentFinding::Breached { finding } = finding
        && finding.trim().is_empty()
    {
        return Err(Refusal::ReasonsRequired);
    }
    if let Some(c) = case.commitment.as_mut() {
        c.check = Some(CommitmentCheck {
            finding: finding.clone(),
            checked_at: at,
        });
    }
    Ok(EventKind::CommitmentVerified {
        finding: finding.clone(),
    })
}

/// Ends an open suspension when the case leaves `Suspended` other than by
/// resuming, so the stopped days stay on record.
fn close_suspension(case: &mut ItemCase, at: NaiveDateTime) {
    if let Some(open) = case.suspensions.iter_mut().find(|s| s.until.is_none()) {
        open.until = Some(at);
    }
}

fn has_text(reasons: &[String]) -> bool {
    reasons.iter().any(|r| !r.trim().is_empty())
}

fn ending(reasons: &[String], at: NaiveDateTime) -> Result<Ending, Refusal> {
    if !has_text(reasons) {
        return Err(Refusal::ReasonsRequired);
    }
    Ok(Ending {
        reasons: reasons.to_vec(),
        at,
    })
}

/// The listed materials without repeats; an empty list is refused.
fn listed(materials: &[Code]) -> Result<Vec<Code>, Refusal> {
    let mut out: Vec<Code> = Vec::with_capacity(materials.len());
    for m in materials {
        if !out.contains(m) {
            out.push(m.clone());
        }
    }
    if out.is_empty() {
        return Err(Refusal::NothingListed);
    }
    Ok(out)
}

/// Refuses a material the item does not ask for.
fn known(case: &ItemCase, materials: &[Code]) -> Result<(), Refusal> {
    match materials.iter().find(|m| !case.terms.materials.contains(m)) {
        Some(m) => Err(Refusal::MaterialUnknown {
            material: m.clone(),
        }),
        None => Ok(()),
    }
}
