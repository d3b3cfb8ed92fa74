//! Who may read a case and act on it: the case's data scopes, the action
//! each role takes with each command, and the role an actor acts as.
//!
//! The data-scope half goes through [`AccountService::authorize`]; the
//! lifecycle half (which role may issue which command on which channel)
//! is the domain's `CommandKind::permits`, checked again by `apply`.

use tongban_domain::auth::{self, Action, Actor, DenialReason, ObjectScope, Role};
use tongban_domain::case::{Case, CommandKind, IntakeChannel, ItemCase};
use tongban_store::StoredCase;

use crate::accounts::AccountService;
use crate::error::ServiceError;

/// The scope of the whole case at its intake window: a remote (跨域)
/// case belongs to the receiving region for intake and hand-over, any
/// other to its handling region; the lead department; the owner.
pub(super) fn intake_scope(stored: &StoredCase) -> ObjectScope {
    intake_scope_of(&stored.case, stored.owner.as_deref())
}

/// [`intake_scope`] of a case and its owner.
pub(super) fn intake_scope_of(case: &Case, owner: Option<&str>) -> ObjectScope {
    let region = match &case.channel {
        IntakeChannel::Remote { received_in } => received_in.clone(),
        _ => case.region.clone(),
    };
    owned(
        ObjectScope::department(case.lead_department.clone(), region),
        owner,
    )
}

/// The scope of one member: its department in its region, and the owner.
pub(super) fn member_scope(stored: &StoredCase, member: &ItemCase) -> ObjectScope {
    member_scope_of(member, stored.owner.as_deref())
}

/// The scope of assist request `id` of a member: the department asked, in
/// the member's region (it answers 答复协查 and may read the case).
pub(super) fn assist_scope(stored: &StoredCase, member: &ItemCase, id: u32) -> Option<ObjectScope> {
    assist_scope_of(member, id, stored.owner.as_deref())
}

/// [`assist_scope`] of a member and the case's owner.
pub(super) fn assist_scope_of(
    member: &ItemCase,
    id: u32,
    owner: Option<&str>,
) -> Option<ObjectScope> {
    member.assists.iter().find(|a| a.id == id).map(|a| {
        owned(
            ObjectScope::department(a.to.clone(), member.terms.region.clone()),
            owner,
        )
    })
}

/// [`member_scope`] of a member and the case's owner.
pub(super) fn member_scope_of(member: &ItemCase, owner: Option<&str>) -> ObjectScope {
    owned(
        ObjectScope::department(member.terms.department.clone(), member.terms.region.clone()),
        owner,
    )
}

fn owned(scope: ObjectScope, owner: Option<&str>) -> ObjectScope {
    match owner {
        Some(owner) => scope.owned_by(owner),
        None => scope,
    }
}

fn with_owner(scope: ObjectScope, stored: &StoredCase) -> ObjectScope {
    match &stored.owner {
        Some(owner) => scope.owned_by(owner.clone()),
        None => scope,
    }
}

/// The ReadCase gate: whoever may read the case at its window, its
/// handling region or any member's department may read it. Anyone else
/// gets `case_not_found`, exactly as for a missing case.
pub(super) fn read(
    accounts: &AccountService,
    actor: &Actor,
    stored: &StoredCase,
) -> Result<(), ServiceError> {
    let case = &stored.case;
    let handling = with_owner(
        ObjectScope::department(case.lead_department.clone(), case.region.clone()),
        stored,
    );
    let mut scopes = vec![intake_scope(stored), handling.clone()];
    scopes.extend(case.members.iter().map(|m| member_scope(stored, m)));
    // A department asked for an opinion (部门协查) reads the case it answers.
    scopes.extend(case.members.iter().flat_map(|m| {
        m.assists
            .iter()
            .filter_map(|a| assist_scope(stored, m, a.id))
            .collect::<Vec<_>>()
    }));
    if scopes
        .iter()
        .any(|s| auth::authorize(actor, Action::ReadCase, s).is_ok())
    {
        return Ok(());
    }
    // Logged once, through the one gate.
    match accounts.authorize(actor, Action::ReadCase, &handling) {
        Err(ServiceError::Forbidden(denial)) if denial.hides_existence() => {
            Err(ServiceError::CaseNotFound)
        }
        Err(other) => Err(other),
        Ok(()) => Ok(()),
    }
}

/// What a missing case answers: "not found" to those who could read some
/// case, "forbidden" to roles that never read cases.
pub(super) fn missing(actor: &Actor) -> ServiceError {
    match auth::authorize(actor, Action::ReadCase, &ObjectScope::default()) {
        Err(denial) if denial.reason == DenialReason::RoleNotPermitted => {
            ServiceError::Forbidden(denial)
        }
        _ => ServiceError::CaseNotFound,
    }
}

/// The data-scope action a role takes when it issues `kind`.
pub(super) fn action_for(kind: CommandKind, role: Role) -> Action {
    match role {
        // An applicant acts on their own case; ownership is the scope.
        Role::Applicant => Action::ReadCase,
        Role::WindowClerk | Role::ProxyAgent if kind == CommandKind::Deliver => Action::DeliverCase,
        Role::WindowClerk | Role::ProxyAgent => Action::IntakeCase,
        Role::DepartmentLeader
            if matches!(
                kind,
                CommandKind::Decide | CommandKind::Revoke | CommandKind::Terminate
            ) =>
        {
            Action::DecideCase
        }
        _ if kind == CommandKind::Decide => Action::DecideCase,
        _ => Action::ExamineCase,
    }
}

/// The role `actor` issues `kind` as, on a case of `channel` whose object
/// is `scope`: the first of its roles that the lifecycle permits and whose
/// action the data scope allows. `Ok(None)` when no role of the actor may
/// issue the command at all (the domain then refuses with its code); a
/// data-scope refusal comes back from the gate as an error.
pub(super) fn role_for(
    accounts: &AccountService,
    actor: &Actor,
    kind: CommandKind,
    channel: &IntakeChannel,
    scope: &ObjectScope,
) -> Result<Option<Role>, ServiceError> {
    let permitted: Vec<Role> = actor
        .roles
        .iter()
        .copied()
        .filter(|r| kind.permits(*r, channel))
        .collect();
    if let Some(role) = permitted
        .iter()
        .copied()
        .find(|r| auth::authorize(actor, action_for(kind, *r), scope).is_ok())
    {
        return Ok(Some(role));
    }
    match permitted.first() {
        Some(role) => accounts
            .authorize(actor, action_for(kind, *role), scope)
            .map(|()| Some(*role)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_takes_the_action_its_commands_need() {
        use CommandKind as K;
        assert_eq!(action_for(K::Submit, Role::Applicant), Action::ReadCase);
        assert_eq!(action_for(K::Accept, Role::WindowClerk), Action::IntakeCase);
        assert_eq!(
            action_for(K::Deliver, Role::WindowClerk),
            Action::DeliverCase
        );
        assert_eq!(action_for(K::Submit, Role::ProxyAgent), Action::IntakeCase);
        assert_eq!(
            action_for(K::StartReview, Role::Examiner),
            Action::ExamineCase
        );
        assert_eq!(
            action_for(K::PassPreReview, Role::Examiner),
            Action::ExamineCase
        );
        assert_eq!(
            action_for(K::Decide, Role::DepartmentLeader),
            Action::DecideCase
        );
        assert_eq!(
            action_for(K::Suspend, Role::DepartmentLeader),
            Action::ExamineCase
        );
        assert_eq!(action_for(K::Decide, Role::System), Action::DecideCase);
    }
}
