//! The steps of one generated case: the domain's transitions in the
//! order a real case takes them, each recorded as the case service records
//! it (one audit entry per domain event, `"generated": true` in the detail).

use chrono::{Duration, NaiveDateTime};
use tongban_domain::auth::Role;
use tongban_domain::case::{Case, CaseEvent, Command, DeliveryMethod, IntakeChannel, Outcome};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::NewAudit;

use super::people;
use super::rng::Rng;
use super::walk::{Target, no_region, utc};
use crate::failure::Failure;

/// A case on its way, with the audit entries of every step so far.
pub(super) struct Walk {
    pub(super) case: Case,
    pub(super) audit: Vec<NewAudit>,
    pub(super) at: NaiveDateTime,
    pub(super) rng: Rng,
    pub(super) subject: Option<u64>,
    pub(super) region: Option<RegionCode>,
}

impl Walk {
    /// Moves the case to `target` through the domain's transitions.
    pub(super) fn to(&mut self, target: Target) -> Result<(), Failure> {
        let applicant = match self.case.channel {
            IntakeChannel::Online => Role::Applicant,
            IntakeChannel::Proxy => Role::ProxyAgent,
            _ => Role::WindowClerk,
        };
        self.all(Command::Submit, applicant, 0)?;
        let online = self.case.channel.needs_pre_review();
        if target == Target::Submitted {
            if online && self.rng.chance(50) {
                self.all(Command::PassPreReview, Role::WindowClerk, 60)?;
            }
            return Ok(());
        }
        if target == Target::Rejected {
            let reasons = vec!["申请事项不属于本机关职权范围".to_string()];
            return self.all(Command::RejectIntake { reasons }, Role::WindowClerk, 120);
        }
        if target == Target::Withdrawn && self.rng.chance(50) {
            return self.all(Command::Withdraw, applicant, 600);
        }
        if online {
            let wait = 60 + self.rng.below(180) as i64;
            self.all(Command::PassPreReview, Role::WindowClerk, wait)?;
        }
        let wait = 30 + self.rng.below(600) as i64;
        self.all(Command::Accept, Role::WindowClerk, wait)?;
        match target {
            Target::Accepted => return Ok(()),
            Target::Withdrawn => return self.all(Command::Withdraw, applicant, 24 * 60),
            _ => {}
        }
        self.each(Command::StartReview, Role::Examiner, 18 * 60)?;
        match target {
            Target::UnderReview => return Ok(()),
            Target::Suspended => {
                let item = self.case.members.first().map(|m| m.item().clone());
                let reason = "需要现场核查，待核查完成后恢复".to_string();
                return self.member(item, Command::Suspend { reason }, Role::Examiner, 120);
            }
            _ => {}
        }
        let codes: Vec<Code> = self.case.members.iter().map(|m| m.item().clone()).collect();
        for code in codes {
            let outcome = if self.rng.chance(93) {
                Outcome::Granted
            } else {
                Outcome::Refused
            };
            let reasons = match outcome {
                Outcome::Granted => vec!["材料齐全，符合法定条件".to_string()],
                Outcome::Refused => vec!["申请材料与实际情况不符，不符合法定条件".to_string()],
            };
            let wait = 60 * (4 + self.rng.below(24 * 6) as i64);
            self.member(
                Some(code),
                Command::Decide { outcome, reasons },
                Role::DepartmentLeader,
                wait,
            )?;
        }
        if target == Target::Decided {
            return Ok(());
        }
        self.each(Command::Complete, Role::Examiner, 60)?;
        if target == Target::Completed {
            return Ok(());
        }
        let method = match self.rng.below(3) {
            0 => DeliveryMethod::Window,
            1 => DeliveryMethod::Electronic,
            _ => DeliveryMethod::Post {
                tracking_no: format!("SF{:012}", self.rng.next() % 1_000_000_000_000),
            },
        };
        let at = self.later(20 * 60);
        let (next, events) = self
            .case
            .deliver(&method, Role::WindowClerk, at)
            .map_err(refused)?;
        self.record(next, &events, "deliver", Role::WindowClerk);
        Ok(())
    }

    /// An intake command on every member.
    fn all(&mut self, command: Command, role: Role, minutes: i64) -> Result<(), Failure> {
        let at = self.later(minutes);
        let (next, events) = self
            .case
            .apply_to_all(&command, role, at)
            .map_err(refused)?;
        self.record(next, &events, command.kind().code(), role);
        Ok(())
    }

    /// A command on every member in turn.
    fn each(&mut self, command: Command, role: Role, minutes: i64) -> Result<(), Failure> {
        let codes: Vec<Code> = self.case.members.iter().map(|m| m.item().clone()).collect();
        for (k, code) in codes.into_iter().enumerate() {
            self.member(
                Some(code),
                command.clone(),
                role,
                if k == 0 { minutes } else { 5 },
            )?;
        }
        Ok(())
    }

    /// A command on one member.
    fn member(
        &mut self,
        item: Option<Code>,
        command: Command,
        role: Role,
        minutes: i64,
    ) -> Result<(), Failure> {
        let item = item.ok_or_else(no_region)?;
        let at = self.later(minutes);
        let (next, events) = self
            .case
            .apply_to_member(&item, &command, role, at)
            .map_err(refused)?;
        self.record(next, &events, command.kind().code(), role);
        Ok(())
    }

    /// The time `minutes` after the last step.
    fn later(&mut self, minutes: i64) -> NaiveDateTime {
        self.at += Duration::minutes(minutes.max(1));
        self.at
    }

    /// Keeps the new case and one audit entry per event, as the case
    /// service records them.
    fn record(&mut self, next: Case, events: &[CaseEvent], command: &str, role: Role) {
        let actor = self.actor(role);
        for e in events {
            self.audit.push(NewAudit {
                at: utc(e.at),
                actor: actor.clone(),
                action: e.kind.code().to_string(),
                from_state: Some(e.from),
                to_state: Some(e.to),
                detail: serde_json::json!({
                    "command": command,
                    "role": role.code(),
                    "item": e.item,
                    "event": e.kind,
                    "generated": true,
                }),
            });
        }
        self.case = next;
    }

    /// The actor id of a generated step: the applicant's subject, or a
    /// staff member of the handling region (`staff:gen-<role>-<region>`).
    fn actor(&self, role: Role) -> String {
        match (role, self.subject) {
            (Role::Applicant, Some(s)) => {
                format!("applicant:gen-{}", people::subject_id(s).as_str())
            }
            (Role::Applicant, None) => "applicant:gen".to_string(),
            _ => format!(
                "staff:gen-{}-{}",
                role.code().replace('_', "-"),
                self.region
                    .as_ref()
                    .map(RegionCode::as_str)
                    .unwrap_or("350000")
            ),
        }
    }
}

fn refused(e: tongban_domain::case::TransitionError) -> Failure {
    Failure::new(format!("生成的办件无法推进：{e}"), "generated case refused")
}
