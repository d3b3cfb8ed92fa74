//! Who may read an appeal and act on it, through the one authorisation
//! rule with the actions roles already hold:
//!
//! | who | reads | acts |
//! |---|---|---|
//! | the applicant (owner) | own appeals (`read_case`, own) | files 企业吹哨/online, rates |
//! | a dispatched department | appeals dispatched to it (`read_case`, department) | reports (`examine_case`) |
//! | its department leader | the same | also instructs (`decide_case`) |
//! | window clerk / supervisor | every appeal of the region (`read_case`, region) | files 办不成事/field visits, records revisits; the supervisor dispatches, instructs, reopens, imports (`supervise`) |
//!
//! Anyone else reading an appeal gets `appeal_not_found`, as for a
//! missing one.

use tongban_domain::appeal::Appeal;
use tongban_domain::auth::{self, Action, Actor, ObjectScope};
use tongban_domain::ident::{Code, RegionCode};

use super::not_found;
use crate::accounts::AccountService;
use crate::error::ServiceError;

/// The object an applicant owns.
pub(super) fn owned(owner: &str) -> ObjectScope {
    ObjectScope::default().owned_by(owner)
}

/// Every scope under which `appeal` may be read.
fn read_scopes(appeal: &Appeal) -> Vec<ObjectScope> {
    let mut scopes = vec![ObjectScope::region(appeal.region.clone())];
    scopes.extend(
        appeal
            .departments()
            .into_iter()
            .map(|d| ObjectScope::department(d.clone(), appeal.region.clone())),
    );
    if let Some(owner) = &appeal.owner {
        scopes.push(owned(owner));
    }
    scopes
}

/// True when `actor` may read `appeal` (checked silently, for listings).
pub(super) fn may_read(actor: &Actor, appeal: &Appeal) -> bool {
    read_scopes(appeal)
        .iter()
        .any(|s| auth::authorize(actor, Action::ReadCase, s).is_ok())
}

/// The read gate: `appeal_not_found` for anyone who may not read it (the
/// refusal is logged once through the gate).
pub(super) fn read(
    accounts: &AccountService,
    actor: &Actor,
    appeal: &Appeal,
) -> Result<(), ServiceError> {
    if may_read(actor, appeal) {
        return Ok(());
    }
    let _ = accounts.authorize(
        actor,
        Action::ReadCase,
        &ObjectScope::region(appeal.region.clone()),
    );
    Err(not_found())
}

/// The first of `actions` the actor may take on `scope`; when none, the
/// refusal of the first, through the gate (logged).
pub(super) fn any_of(
    accounts: &AccountService,
    actor: &Actor,
    actions: &[Action],
    scope: &ObjectScope,
) -> Result<Action, ServiceError> {
    if let Some(a) = actions
        .iter()
        .copied()
        .find(|a| auth::authorize(actor, *a, scope).is_ok())
    {
        return Ok(a);
    }
    let first = actions.first().copied().unwrap_or(Action::Supervise);
    accounts.authorize(actor, first, scope).map(|()| first)
}

/// Staff who register appeals at a window or on a visit, or record a
/// revisit: a window clerk (`intake_case`) or a supervisor (`supervise`)
/// of the region.
pub(super) fn staff_of_region(
    accounts: &AccountService,
    actor: &Actor,
    region: &RegionCode,
) -> Result<(), ServiceError> {
    any_of(
        accounts,
        actor,
        &[Action::IntakeCase, Action::Supervise],
        &ObjectScope::region(region.clone()),
    )
    .map(|_| ())
}

/// A supervisor of the appeal's region.
pub(super) fn supervise(
    accounts: &AccountService,
    actor: &Actor,
    region: &RegionCode,
) -> Result<(), ServiceError> {
    accounts.authorize(
        actor,
        Action::Supervise,
        &ObjectScope::region(region.clone()),
    )
}

/// The department the actor reports for: their own, which must be one the
/// appeal is dispatched to, and they must examine its work.
pub(super) fn reporting_department(
    accounts: &AccountService,
    actor: &Actor,
    appeal: &Appeal,
) -> Result<Code, ServiceError> {
    let Some(department) = actor.department.clone() else {
        let _ = accounts.authorize(
            actor,
            Action::ExamineCase,
            &ObjectScope::region(appeal.region.clone()),
        );
        return Err(not_found());
    };
    let scope = ObjectScope::department(department.clone(), appeal.region.clone());
    accounts.authorize(actor, Action::ExamineCase, &scope)?;
    if !appeal.is_dispatched_to(&department) {
        return Err(not_found());
    }
    Ok(department)
}

/// A leader who may instruct (领导批阅): a supervisor of the region, or
/// the leader (`decide_case`) of a department it is dispatched to.
pub(super) fn instructing(
    accounts: &AccountService,
    actor: &Actor,
    appeal: &Appeal,
) -> Result<(), ServiceError> {
    let region = ObjectScope::region(appeal.region.clone());
    if auth::authorize(actor, Action::Supervise, &region).is_ok() {
        return Ok(());
    }
    let leads = appeal
        .departments()
        .into_iter()
        .map(|d| ObjectScope::department(d.clone(), appeal.region.clone()))
        .any(|s| auth::authorize(actor, Action::DecideCase, &s).is_ok());
    if leads {
        return Ok(());
    }
    accounts.authorize(actor, Action::Supervise, &region)
}
