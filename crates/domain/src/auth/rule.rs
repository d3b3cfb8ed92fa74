//! The one authorisation rule: role grants × data scope, deny by default.

use serde::{Deserialize, Serialize};

use super::{Action, Reach, Role};
use crate::ident::{Code, RegionCode};

/// What kind of principal an [`Actor`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A staff account (username and password).
    Staff,
    /// An applicant account (a person or an enterprise).
    Applicant,
    /// An API token of a department system.
    Token,
}

/// Whoever is acting: a logged-in staff member or applicant, or a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The account's or token's id (never an ID number or phone number).
    pub id: String,
    /// Staff, applicant or token.
    pub kind: ActorKind,
    /// Roles held; an empty list may do nothing.
    pub roles: Vec<Role>,
    /// The region the actor works for; its subtree is their data scope.
    pub region: Option<RegionCode>,
    /// The department the actor belongs to, if any.
    pub department: Option<Code>,
    /// For tokens: the only actions the token may take (its scopes).
    /// `None` for people.
    pub token_scopes: Option<Vec<Action>>,
}

/// Where a scoped object belongs: the facts [`authorize`] checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectScope {
    /// The region the object belongs to (a case's handling region, a staff
    /// account's region, a department's region).
    pub region: Option<RegionCode>,
    /// The department that owns the object, if any.
    pub department: Option<Code>,
    /// The applicant account that owns the object, if any.
    pub owner: Option<String>,
}

impl ObjectScope {
    /// An object of a region, owned by no department.
    pub fn region(region: RegionCode) -> ObjectScope {
        ObjectScope {
            region: Some(region),
            ..ObjectScope::default()
        }
    }

    /// An object of a department in a region.
    pub fn department(department: Code, region: RegionCode) -> ObjectScope {
        ObjectScope {
            region: Some(region),
            department: Some(department),
            owner: None,
        }
    }

    /// Adds the applicant account that owns the object.
    pub fn owned_by(mut self, owner: impl Into<String>) -> ObjectScope {
        self.owner = Some(owner.into());
        self
    }
}

/// Why [`authorize`] refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenialReason {
    /// None of the actor's roles (or token scopes) grants the action.
    RoleNotPermitted,
    /// The object lies outside the actor's region subtree.
    OutsideRegion,
    /// The object belongs to another department.
    OutsideDepartment,
    /// The object belongs to another applicant.
    NotOwner,
}

/// A refusal: the action and the reason. It carries no personal data, so
/// it may be logged as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Denial {
    /// What was refused.
    pub action: Action,
    /// Why.
    pub reason: DenialReason,
}

impl Denial {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self.reason {
            DenialReason::RoleNotPermitted => "forbidden_role",
            DenialReason::OutsideRegion => "forbidden_region",
            DenialReason::OutsideDepartment => "forbidden_department",
            DenialReason::NotOwner => "forbidden_owner",
        }
    }

    /// Chinese message for the refused person.
    pub fn message(&self) -> String {
        let why = match self.reason {
            DenialReason::RoleNotPermitted => "您的角色无此权限",
            DenialReason::OutsideRegion => "该对象不在您的辖区范围内",
            DenialReason::OutsideDepartment => "该对象不属于您的部门",
            DenialReason::NotOwner => "该对象不属于您本人",
        };
        format!("无权{}：{}", self.action.label(), why)
    }

    /// True when the edges should answer "not found" rather than
    /// "forbidden", so an actor cannot probe which objects exist outside
    /// their scope.
    pub fn hides_existence(&self) -> bool {
        self.reason != DenialReason::RoleNotPermitted
    }
}

/// May `actor` take `action` on an object scoped by `object`?
///
/// Allowed when at least one of the actor's roles grants the action and
/// the object is within that role's [`Reach`]: the actor's region subtree
/// (`Region`), additionally their own department (`Department`), or their
/// own account (`Own`). A token may only take the actions in its scopes.
/// Anything else is refused; the reason is the furthest any role got.
pub fn authorize(actor: &Actor, action: Action, object: &ObjectScope) -> Result<(), Denial> {
    let deny = |reason| Err(Denial { action, reason });
    if let Some(scopes) = &actor.token_scopes
        && !scopes.contains(&action)
    {
        return deny(DenialReason::RoleNotPermitted);
    }
    let mut best = DenialReason::RoleNotPermitted;
    for role in &actor.roles {
        let Some(reach) = role.reach(action) else {
            continue;
        };
        match check_reach(actor, reach, object) {
            Ok(()) => return Ok(()),
            Err(reason) => best = closer(best, reason),
        }
    }
    deny(best)
}

/// Whether `object` lies within `reach` of `actor`.
fn check_reach(actor: &Actor, reach: Reach, object: &ObjectScope) -> Result<(), DenialReason> {
    match reach {
        Reach::Own => match &object.owner {
            Some(owner) if *owner == actor.id => Ok(()),
            _ => Err(DenialReason::NotOwner),
        },
        Reach::Region => within_region(actor, object),
        Reach::Department => {
            within_region(actor, object)?;
            match (&actor.department, &object.department) {
                (Some(mine), Some(theirs)) if mine == theirs => Ok(()),
                _ => Err(DenialReason::OutsideDepartment),
            }
        }
    }
}

/// The object's region is the actor's region or lies inside it.
fn within_region(actor: &Actor, object: &ObjectScope) -> Result<(), DenialReason> {
    match (&actor.region, &object.region) {
        (Some(mine), Some(theirs)) if theirs.is_within(mine) => Ok(()),
        _ => Err(DenialReason::OutsideRegion),
    }
}

/// Of two reasons, the one that says the actor got further (a role that
/// matched but fell short on department beats one that missed the region).
fn closer(a: DenialReason, b: DenialReason) -> DenialReason {
    fn rank(r: DenialReason) -> u8 {
        match r {
            DenialReason::RoleNotPermitted => 0,
            DenialReason::OutsideRegion => 1,
            DenialReason::NotOwner => 2,
            DenialReason::OutsideDepartment => 3,
        }
    }
    if rank(b) > rank(a) { b } else { a }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str) -> RegionCode {
        RegionCode::parse(code).unwrap()
    }

    fn staff(role: Role, region_code: &str, department: &str) -> Actor {
        Actor {
            id: "u1".into(),
            kind: ActorKind::Staff,
            roles: vec![role],
            region: Some(region(region_code)),
            department: Some(Code::parse(department).unwrap()),
            token_scopes: None,
        }
    }

    #[test]
    fn a_county_clerk_may_not_read_a_case_of_another_county() {
        let clerk = staff(Role::WindowClerk, "371425", "qihe.zwfw");
        let other = ObjectScope::region(region("371426"));
        let denial = authorize(&clerk, Action::ReadCase, &other).unwrap_err();
        assert_eq!(denial.reason, DenialReason::OutsideRegion);
        assert!(denial.hides_existence());
        assert!(
            authorize(
                &clerk,
                Action::ReadCase,
                &ObjectScope::region(region("371425"))
            )
            .is_ok()
        );
    }

    #[test]
    fn a_token_is_limited_to_its_scopes_whatever_its_role() {
        let mut token = staff(Role::System, "371425", "qihe.scjg");
        token.kind = ActorKind::Token;
        token.token_scopes = Some(vec![Action::ReadCatalog]);
        let own = ObjectScope::department(Code::parse("qihe.scjg").unwrap(), region("371425"));
        assert!(authorize(&token, Action::ReadCatalog, &own).is_ok());
        let denial = authorize(&token, Action::ReadCase, &own).unwrap_err();
        assert_eq!(denial.reason, DenialReason::RoleNotPermitted);
    }
}
