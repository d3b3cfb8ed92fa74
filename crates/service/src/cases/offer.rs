//! Which commands a viewer may issue on a case now: what a case page
//! offers as forms. The same role, state and data-scope rules as `act`,
//! applied without logging (offering is not acting: `act` still decides).

use tongban_domain::auth::{self, Actor, ObjectScope};
use tongban_domain::case::{Case, CaseState, CommandKind, ItemCase};
use tongban_domain::ident::Code;

use super::{CaseService, CaseView, gate};

/// One command the viewer may issue: on the whole case, or on a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The member item; `None` for the whole case.
    pub item: Option<Code>,
    /// The command.
    pub kind: CommandKind,
    /// For 答复协查: the request answered.
    pub assist: Option<u32>,
}

/// Commands that go to every member at once, and the one hand-over.
const WHOLE: [CommandKind; 9] = [
    CommandKind::PassPreReview,
    CommandKind::RequestSupplement,
    CommandKind::SupplyMaterials,
    CommandKind::Accept,
    CommandKind::AcceptWithGaps,
    CommandKind::RejectIntake,
    CommandKind::SignCommitment,
    CommandKind::Withdraw,
    CommandKind::Deliver,
];

/// Commands on one member (答复协查 is offered per open request).
const MEMBER: [CommandKind; 9] = [
    CommandKind::StartReview,
    CommandKind::RequestAssist,
    CommandKind::Decide,
    CommandKind::Complete,
    CommandKind::Suspend,
    CommandKind::Resume,
    CommandKind::VerifyCommitment,
    CommandKind::Revoke,
    CommandKind::Terminate,
];

impl CaseService {
    /// The commands `actor` may issue on the case of `view` now, whole-case
    /// ones first, then by member in the case's order.
    pub fn offers(&self, actor: &Actor, view: &CaseView) -> Vec<Offer> {
        let case = &view.case;
        let owner = view.owner.as_deref();
        let intake = gate::intake_scope_of(case, owner);
        let mut offers: Vec<Offer> = WHOLE
            .into_iter()
            .filter(|k| whole_legal(case, *k))
            .filter(|k| may(actor, *k, case, &intake))
            .map(|kind| Offer {
                item: None,
                kind,
                assist: None,
            })
            .collect();
        for m in &case.members {
            let scope = gate::member_scope_of(m, owner);
            offers.extend(
                MEMBER
                    .into_iter()
                    .filter(|k| member_legal(case, m, *k))
                    .filter(|k| may(actor, *k, case, &scope))
                    .map(|kind| Offer {
                        item: Some(m.item().clone()),
                        kind,
                        assist: None,
                    }),
            );
            if CommandKind::ReplyAssist.legal_in().contains(&m.state) {
                offers.extend(m.assists.iter().filter(|a| a.is_open()).filter_map(|a| {
                    let scope = gate::assist_scope_of(m, a.id, owner)?;
                    may(actor, CommandKind::ReplyAssist, case, &scope).then(|| Offer {
                        item: Some(m.item().clone()),
                        kind: CommandKind::ReplyAssist,
                        assist: Some(a.id),
                    })
                }));
            }
        }
        offers
    }
}

/// True when some member's state allows the whole-case command (delivery:
/// once every member is done and nothing was handed over yet).
fn whole_legal(case: &Case, kind: CommandKind) -> bool {
    if kind == CommandKind::Deliver {
        return case.delivery.is_none()
            && case.is_complete()
            && case.members.iter().any(|m| m.state == CaseState::Completed);
    }
    case.members
        .iter()
        .any(|m| kind.legal_in().contains(&m.state))
}

/// True when the member's state allows the command (starting a review
/// also waits for the member's prerequisites).
fn member_legal(case: &Case, m: &ItemCase, kind: CommandKind) -> bool {
    if !kind.legal_in().contains(&m.state) {
        return false;
    }
    match kind {
        CommandKind::StartReview => case.gate(m).is_ok(),
        CommandKind::VerifyCommitment => m.commitment_check_pending(),
        CommandKind::Revoke => m.is_granted(),
        _ => true,
    }
}

/// True when one of the actor's roles may issue `kind` on the case's
/// channel and its data scope allows the action that role takes.
fn may(actor: &Actor, kind: CommandKind, case: &Case, scope: &ObjectScope) -> bool {
    actor.roles.iter().any(|role| {
        kind.permits(*role, &case.channel)
            && auth::authorize(actor, gate::action_for(kind, *role), scope).is_ok()
    })
}
