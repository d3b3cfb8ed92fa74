//! Submitting an application and acting on a case.

use serde_json::json;
use tongban_domain::auth::{Actor, ActorKind, ObjectScope, Role};
use tongban_domain::case::{
    Case, CaseEvent, CaseNo, Command, CommandKind, IntakeChannel, TransitionError,
};
use tongban_domain::ident::RegionCode;
use tongban_store::{CaseUpdate, Created, NewCase, StoreError, StoredCase, Updated};

use super::types::{Application, CaseCommand, CaseView, SubmitRequest};
use super::{CaseService, gate, record, store_error, view};
use crate::error::{Refusal, ServiceError};

/// How often a command is recomputed when another change got there first.
const ATTEMPTS: usize = 4;

impl CaseService {
    /// Submits an application: builds the case (one member per selected
    /// item), hands it in (`submit`) and stores it with its audit records
    /// and events under a new case number. An applicant submits online,
    /// for themselves; a window clerk at the window (or remotely, 跨域);
    /// a proxy agent by proxy. Retrying with the same `idempotency_key`
    /// returns the same case; the same key with another request is
    /// refused (`idempotency_key_reused`).
    pub async fn submit(
        &self,
        actor: &Actor,
        request: SubmitRequest,
        idempotency_key: Option<&str>,
    ) -> Result<CaseView, ServiceError> {
        let key = record::key(actor, idempotency_key, &json!({ "submit": &request }))?;
        let fresh = self.submit_fresh(actor, request, key.clone()).await;
        // A retry normally finds its key in the store's transaction. One
        // that is refused before reaching it (the catalog or the date
        // changed since the first try) still answers the case it created.
        match (&fresh, &key) {
            (Err(_), Some(k)) => match self.replay(k).await? {
                Some(no) => Ok(view(self.load(actor, &no).await?)),
                None => fresh,
            },
            _ => fresh,
        }
    }

    /// [`CaseService::submit`] up to the store, which claims `key`.
    async fn submit_fresh(
        &self,
        actor: &Actor,
        request: SubmitRequest,
        key: Option<tongban_store::IdempotencyKey>,
    ) -> Result<CaseView, ServiceError> {
        check_channel(actor, &request.channel)?;
        let owner = match actor.kind {
            ActorKind::Applicant => Some(actor.id.clone()),
            _ => request.owner.clone(),
        };
        let now = self.clock.now();
        let at = record::local(now);
        check_authorisation(&request, at.date())?;
        let draft = self.draft(&request, at).await?;
        // The case does not exist yet: the gate sees where it will belong.
        let region = match &request.channel {
            IntakeChannel::Remote { received_in } => received_in.clone(),
            _ => draft.region.clone(),
        };
        let mut scope = ObjectScope::department(draft.lead_department.clone(), region);
        scope.owner = owner.clone();
        let role = gate::role_for(
            &self.accounts,
            actor,
            CommandKind::Submit,
            &request.channel,
            &scope,
        )?
        .unwrap_or(fallback_role(actor));
        let (case, events) = draft
            .apply_to_all(&Command::Submit, role, at)
            .map_err(refused)?;
        let mut audit = record::audit(&events, actor, role, CommandKind::Submit, now);
        if let (Some(first), Some(auth)) = (audit.first_mut(), &request.authorisation) {
            first.detail["authorisation"] = json!(auth);
        }
        let new = NewCase {
            day: at.date(),
            owner,
            phone: request.phone.clone(),
            at: now,
            audit,
            outbox: record::outbox(&case.case_no, &events),
            idempotency: key,
            case,
        };
        let stored = new.clone();
        let created = self.store.create_case(new).await.map_err(store_error)?;
        tracing::info!(case_no = %created.case_no(), actor = %actor.id, "办件已申报");
        match created {
            // The store wrote exactly this case under its new number, at
            // version 1, with times kept in whole seconds: no need to read
            // it back.
            Created::New(no) => Ok(view(just_created(stored, no)?)),
            Created::Existing(no) => Ok(view(self.load(actor, &no).await?)),
        }
    }

    /// Issues `command` on a case as `actor`: the ReadCase gate (anyone
    /// outside the case's scopes gets `case_not_found`), the role the
    /// actor acts as and its data scope, then the domain transition. A
    /// refusal carries the domain's code (`illegal_transition`, …) and
    /// changes nothing. Retrying with the same `idempotency_key` returns
    /// the case without a second transition.
    pub async fn act(
        &self,
        actor: &Actor,
        case_no: &str,
        command: CaseCommand,
        idempotency_key: Option<&str>,
    ) -> Result<CaseView, ServiceError> {
        let Ok(no) = CaseNo::parse(case_no) else {
            return Err(gate::missing(actor));
        };
        let key = record::key(
            actor,
            idempotency_key,
            &json!({ "case_no": &no, "act": &command }),
        )?;
        if let Some(k) = &key
            && let Some(earlier) = self.replay(k).await?
        {
            if earlier != no {
                return Err(ServiceError::IdempotencyKeyReused);
            }
            return self.case(actor, case_no).await;
        }
        for _ in 0..ATTEMPTS {
            let stored = self.load(actor, &no).await?;
            gate::read(&self.accounts, actor, &stored)?;
            let now = self.clock.now();
            let (role, case, events) = self.transition(actor, &stored, &command, now)?;
            let kind = command.command.kind();
            let (licence_audit, licence_events, licences) =
                self.licence_effects(&actor.id, &stored, &case, now).await?;
            let mut audit = record::audit(&events, actor, role, kind, now);
            audit.extend(licence_audit);
            let mut outbox = record::outbox(&no, &events);
            outbox.extend(licence_events);
            let update = CaseUpdate {
                expected_version: stored.version,
                at: now,
                audit,
                outbox,
                licences,
                idempotency: key.clone(),
                case,
            };
            match self.store.update_case(update).await {
                Ok(Updated::Applied { .. } | Updated::Replayed { .. }) => {
                    tracing::info!(case_no = %no, actor = %actor.id, command = kind.code(), "办件已办理");
                    return Ok(view(self.load(actor, &no).await?));
                }
                Err(StoreError::Conflict(_)) => continue,
                Err(other) => return Err(store_error(other)),
            }
        }
        Err(ServiceError::CaseBusy)
    }

    /// The case of an earlier request under the same key, if any; the
    /// same key with another request is refused.
    async fn replay(
        &self,
        key: &tongban_store::IdempotencyKey,
    ) -> Result<Option<CaseNo>, ServiceError> {
        let earlier = self
            .store
            .idempotency_record(&key.scope, &key.key)
            .await
            .map_err(store_error)?;
        match earlier {
            None => Ok(None),
            Some(r) if r.fingerprint != key.fingerprint => Err(ServiceError::IdempotencyKeyReused),
            Some(r) => Ok(r.case_no),
        }
    }

    /// Gates and applies one command to a stored case.
    fn transition(
        &self,
        actor: &Actor,
        stored: &StoredCase,
        command: &CaseCommand,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Role, Case, Vec<CaseEvent>), ServiceError> {
        let case = &stored.case;
        let kind = command.command.kind();
        let at = record::local(now);
        let member = match (&command.item, whole_case(kind)) {
            (Some(item), _) => match case.member(item) {
                Some(m) => Some(m),
                None => return Err(refused(no_such_member(case, kind, item))),
            },
            (None, true) => None,
            (None, false) if case.members.len() == 1 => case.members.first(),
            (None, false) => {
                return Err(ServiceError::InvalidParameter {
                    name: "item".into(),
                    reason: format!("一件事办件“{}”需指明成员事项", kind.label()),
                });
            }
        };
        let scope = match (member, &command.command) {
            (Some(m), Command::ReplyAssist { id, .. }) => {
                gate::assist_scope(stored, m, *id).unwrap_or_else(|| gate::member_scope(stored, m))
            }
            (Some(m), _) => gate::member_scope(stored, m),
            (None, _) => gate::intake_scope(stored),
        };
        let role = gate::role_for(&self.accounts, actor, kind, &case.channel, &scope)?
            .unwrap_or(fallback_role(actor));
        let outcome = match (member, &command.command) {
            (None, Command::Deliver { method }) => case.deliver(method, role, at),
            (None, cmd) => case.apply_to_all(cmd, role, at),
            (Some(m), cmd) => case.apply_to_member(m.item(), cmd, role, at),
        };
        let (next, events) = outcome.map_err(refused)?;
        Ok((role, next, events))
    }

    /// The draft case of an application, with a provisional number (the
    /// store gives the real one).
    async fn draft(
        &self,
        request: &SubmitRequest,
        at: chrono::NaiveDateTime,
    ) -> Result<Case, ServiceError> {
        match &request.application {
            Application::Item { item, situations } => {
                let item = self.drafting.item(&self.catalog, item).await?;
                let no = provisional(&item.region, at)?;
                Ok(Case::for_item(
                    no,
                    &item,
                    situations,
                    request.channel.clone(),
                    at,
                ))
            }
            Application::Bundle { bundle, answers } => {
                let found = self.drafting.bundle(&self.catalog, bundle).await?;
                let (bundle, items) = (&found.0, &found.1);
                let selection = crate::guide::select(bundle, items, answers)?;
                let no = provisional(&bundle.region, at)?;
                Case::for_bundle(no, bundle, &selection, items, request.channel.clone(), at)
                    .map_err(|e| ServiceError::CaseInvalid {
                        code: e.code(),
                        message: e.to_string(),
                    })
            }
        }
    }
}

/// True for the commands that go to every member at once (一窗受理) or to
/// the whole case (综合窗口出件).
fn whole_case(kind: CommandKind) -> bool {
    matches!(
        kind,
        CommandKind::Submit
            | CommandKind::PassPreReview
            | CommandKind::RequestSupplement
            | CommandKind::SupplyMaterials
            | CommandKind::Accept
            | CommandKind::AcceptWithGaps
            | CommandKind::RejectIntake
            | CommandKind::Withdraw
            | CommandKind::SignCommitment
            | CommandKind::Deliver
    )
}

/// The role handed to the domain when none of the actor's roles may issue
/// the command: the domain then refuses with `role_not_permitted`.
fn fallback_role(actor: &Actor) -> Role {
    actor.roles.first().copied().unwrap_or(Role::Applicant)
}

/// Online applications come from applicants; the other channels from
/// staff at a window or acting by proxy.
fn check_channel(actor: &Actor, channel: &IntakeChannel) -> Result<(), ServiceError> {
    let is_applicant = actor.kind == ActorKind::Applicant;
    if (*channel == IntakeChannel::Online) == is_applicant {
        return Ok(());
    }
    Err(ServiceError::InvalidParameter {
        name: "channel".into(),
        reason: if is_applicant {
            "申请人只能通过网上申报提交".into()
        } else {
            format!("工作人员不能以“{}”渠道代替申请人提交", channel.label())
        },
    })
}

/// A proxy submission needs the applicant's 授权委托书, in force today;
/// other channels carry none.
fn check_authorisation(
    request: &SubmitRequest,
    today: chrono::NaiveDate,
) -> Result<(), ServiceError> {
    let refuse = |code, message: &str| Err(ServiceError::refused(Refusal::Invalid, code, message));
    match (&request.channel, &request.authorisation) {
        (IntakeChannel::Proxy, None) => refuse(
            "proxy_authorisation_required",
            "帮代办须提供申请人签署的授权委托书（委托人、委托事项、编号与有效期）",
        ),
        (IntakeChannel::Proxy, Some(a)) => {
            let blank = [&a.principal, &a.scope, &a.reference]
                .iter()
                .any(|t| t.trim().is_empty());
            if blank {
                refuse(
                    "proxy_authorisation_incomplete",
                    "授权委托书须写明委托人、委托事项和委托书编号",
                )
            } else if a.signed_on > today || a.valid_until < today || a.valid_until < a.signed_on {
                refuse(
                    "proxy_authorisation_expired",
                    "授权委托书不在有效期内（签署日期不能晚于今天，有效期须包含今天）",
                )
            } else {
                Ok(())
            }
        }
        (_, Some(_)) => refuse(
            "proxy_authorisation_unexpected",
            "只有帮代办渠道需要授权委托书",
        ),
        (_, None) => Ok(()),
    }
}

/// A placeholder number in the case's region on its day.
fn provisional(region: &RegionCode, at: chrono::NaiveDateTime) -> Result<CaseNo, ServiceError> {
    CaseNo::new(region, at.date(), 1).map_err(|e| ServiceError::CaseInvalid {
        code: e.code,
        message: e.message,
    })
}

/// The case `create_case` stored from `new` under `no`, as `load_case`
/// would read it back.
fn just_created(new: NewCase, no: CaseNo) -> Result<StoredCase, ServiceError> {
    let at = chrono::DateTime::from_timestamp(new.at.timestamp(), 0).ok_or_else(|| {
        ServiceError::CaseInvalid {
            code: "case_time_out_of_range",
            message: "申报时间超出可存储的范围".into(),
        }
    })?;
    let mut case = new.case;
    case.case_no = no;
    Ok(StoredCase {
        case,
        version: 1,
        owner: new.owner,
        phone: new.phone,
        created_at: at,
        updated_at: at,
    })
}

/// A domain refusal as a service error.
fn refused(err: TransitionError) -> ServiceError {
    ServiceError::CaseRefused(err)
}

/// The refusal for a command naming an item the case does not hold.
fn no_such_member(
    case: &Case,
    kind: CommandKind,
    item: &tongban_domain::ident::Code,
) -> TransitionError {
    TransitionError {
        state: case.state(),
        command: kind,
        refusal: tongban_domain::case::Refusal::NoSuchMember { item: item.clone() },
    }
}
