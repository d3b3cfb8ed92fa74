//! Commands on the whole case: 一窗受理 (one intake for every member),
//! per-member work behind the window (gated by the DAG), and 综合窗口出件
//! (one hand-over when every member is done).

use chrono::NaiveDateTime;

use super::{
    Case, CaseEvent, CaseState, Command, CommandKind, Delivery, DeliveryMethod, EventKind,
    ItemCase, Refusal, TransitionError, apply,
};
use crate::auth::Role;
use crate::ident::Code;

/// A case after a command, with the events it produced.
pub type CaseOutcome = Result<(Case, Vec<CaseEvent>), TransitionError>;

impl Case {
    /// Applies an intake command to every member at once (一窗受理):
    /// submit, pre-review, supplement notice, supplied materials, accept
    /// (with gaps), reject, withdraw, sign a commitment. Material lists are
    /// split by member: each member gets the materials it asks for; a
    /// material no member asks for is refused. Atomic: if any member
    /// refuses, the case is unchanged.
    pub fn apply_to_all(&self, command: &Command, role: Role, at: NaiveDateTime) -> CaseOutcome {
        let kind = command.kind();
        let refuse = |refusal| TransitionError {
            state: self.state(),
            command: kind,
            refusal,
        };
        let per_member: Vec<Option<Command>> = match command {
            Command::RequestSupplement { materials, note } => {
                if self.members.iter().any(|m| m.supplement.is_some()) {
                    return Err(refuse(Refusal::SupplementAlreadyRequested));
                }
                self.split(materials, |m| &m.terms.materials, Refusal::material_unknown)
                    .map_err(refuse)?
                    .into_iter()
                    .map(|p| {
                        p.map(|materials| Command::RequestSupplement {
                            materials,
                            note: note.clone(),
                        })
                    })
                    .collect()
            }
            Command::SupplyMaterials { materials } => self
                .split(materials, outstanding, Refusal::material_not_requested)
                .map_err(refuse)?
                .into_iter()
                .map(|p| p.map(|materials| Command::SupplyMaterials { materials }))
                .collect(),
            Command::AcceptWithGaps { missing } => self
                .split(missing, |m| &m.terms.materials, Refusal::material_unknown)
                .map_err(refuse)?
                .into_iter()
                .map(|p| {
                    Some(match p {
                        Some(missing) => Command::AcceptWithGaps { missing },
                        None => Command::Accept,
                    })
                })
                .collect(),
            Command::SignCommitment { .. } => {
                let any = self.members.iter().any(|m| m.terms.commitment_allowed);
                self.members
                    .iter()
                    .map(|m| (m.terms.commitment_allowed || !any).then(|| command.clone()))
                    .collect()
            }
            Command::Submit
            | Command::PassPreReview
            | Command::Accept
            | Command::RejectIntake { .. }
            | Command::Withdraw => self.members.iter().map(|_| Some(command.clone())).collect(),
            _ => return Err(refuse(Refusal::IllegalTransition)),
        };
        let mut next = self.clone();
        let mut events = Vec::new();
        for (slot, cmd) in next.members.iter_mut().zip(per_member) {
            let Some(cmd) = cmd else { continue };
            let (moved, mut evs) = apply(slot, &cmd, role, at)?;
            *slot = moved;
            events.append(&mut evs);
        }
        next.note_completion(self, role, at, &mut events);
        Ok((next, events))
    }

    /// Applies a command to one member (审查, 决定, 办结, 挂起 ... or a
    /// member-level intake step). Starting a review waits for the member's
    /// prerequisites; hand-over is refused here because the whole case is
    /// delivered once ([`Case::deliver`]).
    pub fn apply_to_member(
        &self,
        item: &Code,
        command: &Command,
        role: Role,
        at: NaiveDateTime,
    ) -> CaseOutcome {
        let kind = command.kind();
        let Some(index) = self.members.iter().position(|m| m.item() == item) else {
            return Err(TransitionError {
                state: self.state(),
                command: kind,
                refusal: Refusal::NoSuchMember { item: item.clone() },
            });
        };
        let member = &self.members[index];
        let refuse = |refusal| TransitionError {
            state: member.state,
            command: kind,
            refusal,
        };
        if kind == CommandKind::Deliver {
            return Err(refuse(Refusal::DeliverWholeCase));
        }
        if kind == CommandKind::StartReview && member.state == CaseState::Accepted {
            self.gate(member).map_err(refuse)?;
        }
        let (moved, mut events) = apply(member, command, role, at)?;
        let mut next = self.clone();
        next.members[index] = moved;
        next.note_completion(self, role, at, &mut events);
        Ok((next, events))
    }

    /// 综合窗口出件: hands the combined results over once, when every
    /// member is done. Every member that was completed is delivered by
    /// `method`; members that ended otherwise stay as they are.
    pub fn deliver(&self, method: &DeliveryMethod, role: Role, at: NaiveDateTime) -> CaseOutcome {
        let refuse = |refusal| TransitionError {
            state: self.state(),
            command: CommandKind::Deliver,
            refusal,
        };
        if !CommandKind::Deliver.permits(role, &self.channel) {
            return Err(refuse(Refusal::RoleNotPermitted { role }));
        }
        if self.delivery.is_some() {
            return Err(refuse(Refusal::AlreadyFinished));
        }
        if !self.is_complete() {
            return Err(refuse(Refusal::CaseNotComplete));
        }
        if !self.members.iter().any(|m| m.state == CaseState::Completed) {
            return Err(refuse(Refusal::NothingToDeliver));
        }
        let command = Command::Deliver {
            method: method.clone(),
        };
        let mut next = self.clone();
        let mut events = Vec::new();
        for slot in next
            .members
            .iter_mut()
            .filter(|m| m.state == CaseState::Completed)
        {
            let (moved, mut evs) = apply(slot, &command, role, at)?;
            *slot = moved;
            events.append(&mut evs);
        }
        next.delivery = Some(Delivery {
            method: method.clone(),
            delivered_at: at,
        });
        events.push(CaseEvent {
            at,
            role,
            item: None,
            from: self.state(),
            to: next.state(),
            kind: EventKind::CaseDelivered {
                method: method.clone(),
            },
        });
        Ok((next, events))
    }

    /// Splits a material list by member: each member gets the listed
    /// materials in its `pool`. A listed material in no member's pool is
    /// refused with `unmatched`; a member with nothing gets `None`.
    fn split(
        &self,
        listed: &[Code],
        pool: impl Fn(&ItemCase) -> &[Code],
        unmatched: fn(&Code) -> Refusal,
    ) -> Result<Vec<Option<Vec<Code>>>, Refusal> {
        if listed.is_empty() {
            return Err(Refusal::NothingListed);
        }
        if let Some(m) = listed
            .iter()
            .find(|m| !self.members.iter().any(|c| pool(c).contains(m)))
        {
            return Err(unmatched(m));
        }
        Ok(self
            .members
            .iter()
            .map(|c| {
                let mine: Vec<Code> = listed
                    .iter()
                    .filter(|m| pool(c).contains(m))
                    .cloned()
                    .collect();
                (!mine.is_empty()).then_some(mine)
            })
            .collect())
    }

    /// Records the moment the last member is done, once.
    fn note_completion(
        &mut self,
        before: &Case,
        role: Role,
        at: NaiveDateTime,
        events: &mut Vec<CaseEvent>,
    ) {
        if self.is_complete() && !before.is_complete() {
            self.completed_at = Some(at);
            events.push(CaseEvent {
                at,
                role,
                item: None,
                from: before.state(),
                to: self.state(),
                kind: EventKind::CaseCompleted,
            });
        }
    }
}

/// The materials a member still waits for: the supplement notice's
/// outstanding list while it is out, otherwise its gaps.
fn outstanding(m: &ItemCase) -> &[Code] {
    match &m.supplement {
        Some(n) if m.state == CaseState::SupplementRequested => &n.outstanding,
        _ => &m.gaps,
    }
}

impl Refusal {
    fn material_unknown(m: &Code) -> Refusal {
        Refusal::MaterialUnknown {
            material: m.clone(),
        }
    }

    fn material_not_requested(m: &Code) -> Refusal {
        Refusal::MaterialNotRequested {
            material: m.clone(),
        }
    }
}
