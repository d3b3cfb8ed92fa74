//! Every role × data-scope pair, for every action, against the permission
//! matrix as written in docs/roles.md.
//!
//! The matrix below is the specification (what a security reviewer reads);
//! the test checks that `auth::authorize` answers exactly that for an
//! actor of 齐河县 (371425), department 371425-zrzy, facing objects in
//! every relation to them: same department, same county, a town inside,
//! the city above, a neighbouring county, another province, and objects
//! owned by the actor or by someone else.

use tongban_domain::auth::{Action, Actor, ActorKind, DenialReason, ObjectScope, Role, authorize};
use tongban_domain::ident::{Code, RegionCode};

/// Rows: actions. Columns: catalog_admin, window_clerk, examiner,
/// department_leader, supervisor, proxy_agent, applicant, system.
/// R = within the actor's region subtree, D = also their own department,
/// O = objects they own, - = never.
const MATRIX: &str = "
read_catalog          R R R R R R - D
manage_catalog        R - - - - - - -
read_staff            R R R R R - - -
manage_staff          R - - D - - - -
read_department_work  R - D D R - - D
intake_case           - R - - - R - -
read_case             - R D D R R O D
examine_case          - - D D - - - D
decide_case           - - - D - - - D
deliver_case          - R - - - - - -
supervise             - - - - R - - -
read_own_data         - - - - - - O -
";

const COLUMNS: [Role; 8] = [
    Role::CatalogAdmin,
    Role::WindowClerk,
    Role::Examiner,
    Role::DepartmentLeader,
    Role::Supervisor,
    Role::ProxyAgent,
    Role::Applicant,
    Role::System,
];

const ACTOR_ID: &str = "actor-1";

/// One relation of an object to the actor, and what it satisfies.
struct Relation {
    name: &'static str,
    scope: ObjectScope,
    in_region: bool,
    in_department: bool,
    owned: bool,
}

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

fn dept(code: &str) -> Code {
    Code::parse(code).unwrap()
}

fn relations() -> Vec<Relation> {
    let rel = |name, scope, in_region, in_department, owned| Relation {
        name,
        scope,
        in_region,
        in_department,
        owned,
    };
    vec![
        rel(
            "same department",
            ObjectScope::department(dept("371425-zrzy"), region("371425")),
            true,
            true,
            false,
        ),
        rel(
            "other department, same county",
            ObjectScope::department(dept("371425-gaj"), region("371425")),
            true,
            false,
            false,
        ),
        rel(
            "a town inside the county",
            ObjectScope::region(region("371425100")),
            true,
            false,
            false,
        ),
        rel(
            "the county itself, no department",
            ObjectScope::region(region("371425")),
            true,
            false,
            false,
        ),
        rel(
            "the city above",
            ObjectScope::region(region("371400")),
            false,
            false,
            false,
        ),
        rel(
            "a neighbouring county",
            ObjectScope::department(dept("371424-zrzy"), region("371424")),
            false,
            false,
            false,
        ),
        rel(
            "another province",
            ObjectScope::department(dept("350825-scjg"), region("350825")),
            false,
            false,
            false,
        ),
        rel(
            "owned by the actor",
            ObjectScope::region(region("371425")).owned_by(ACTOR_ID),
            true,
            false,
            true,
        ),
        rel(
            "owned by someone else",
            ObjectScope::region(region("371425")).owned_by("actor-2"),
            true,
            false,
            false,
        ),
        rel(
            "owned by the actor, in another province",
            ObjectScope::region(region("350825")).owned_by(ACTOR_ID),
            false,
            false,
            true,
        ),
    ]
}

fn actor(role: Role) -> Actor {
    let token = role == Role::System;
    Actor {
        id: ACTOR_ID.into(),
        kind: if token {
            ActorKind::Token
        } else if role == Role::Applicant {
            ActorKind::Applicant
        } else {
            ActorKind::Staff
        },
        roles: vec![role],
        region: Some(region("371425")),
        department: Some(dept("371425-zrzy")),
        // A token with every scope: the role alone decides here.
        token_scopes: token.then(|| Action::ALL.to_vec()),
    }
}

/// (action, role) → cell of the matrix.
fn matrix() -> Vec<(Action, Role, char)> {
    let mut cells = Vec::new();
    for line in MATRIX.lines().filter(|l| !l.trim().is_empty()) {
        let mut words = line.split_whitespace();
        let action = Action::parse(words.next().unwrap()).expect("matrix names a known action");
        let marks: Vec<char> = words.map(|w| w.chars().next().unwrap()).collect();
        assert_eq!(
            marks.len(),
            COLUMNS.len(),
            "row {action:?} has a cell per role"
        );
        for (role, mark) in COLUMNS.into_iter().zip(marks) {
            cells.push((action, role, mark));
        }
    }
    cells
}

#[test]
fn the_matrix_covers_every_action_and_every_role() {
    let cells = matrix();
    assert_eq!(cells.len(), Action::ALL.len() * Role::ALL.len());
    for action in Action::ALL {
        for role in Role::ALL {
            assert!(cells.iter().any(|(a, r, _)| *a == action && *r == role));
        }
    }
}

#[test]
fn every_role_and_scope_pair_is_allowed_or_refused_as_the_matrix_says() {
    let mut checked = 0;
    for (action, role, mark) in matrix() {
        for relation in relations() {
            let expected = match mark {
                'R' => relation.in_region,
                'D' => relation.in_region && relation.in_department,
                'O' => relation.owned,
                _ => false,
            };
            let got = authorize(&actor(role), action, &relation.scope);
            assert_eq!(
                got.is_ok(),
                expected,
                "{} {} on an object {}: expected {}, got {got:?}",
                role.code(),
                action.code(),
                relation.name,
                if expected { "allowed" } else { "refused" }
            );
            if let Err(denial) = got {
                // Out-of-scope refusals hide the object; role refusals do not.
                assert_eq!(denial.hides_existence(), mark != '-');
                assert_eq!(denial.reason == DenialReason::RoleNotPermitted, mark == '-');
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 12 * 8 * 10);
}

#[test]
fn an_actor_with_no_roles_may_do_nothing_anywhere() {
    let mut nobody = actor(Role::WindowClerk);
    nobody.roles.clear();
    for action in Action::ALL {
        for relation in relations() {
            assert!(authorize(&nobody, action, &relation.scope).is_err());
        }
    }
}

#[test]
fn an_actor_without_a_region_is_refused_every_regional_object() {
    let mut adrift = actor(Role::Supervisor);
    adrift.region = None;
    let denial = authorize(
        &adrift,
        Action::ReadCase,
        &ObjectScope::region(region("371425")),
    )
    .unwrap_err();
    assert_eq!(denial.reason, DenialReason::OutsideRegion);
}

#[test]
fn a_token_without_the_scope_is_refused_even_where_its_role_would_allow() {
    let mut token = actor(Role::System);
    token.token_scopes = Some(vec![Action::ReadCatalog]);
    let own = ObjectScope::department(dept("371425-zrzy"), region("371425"));
    assert!(authorize(&token, Action::ReadCatalog, &own).is_ok());
    let denial = authorize(&token, Action::ReadCase, &own).unwrap_err();
    assert_eq!(denial.reason, DenialReason::RoleNotPermitted);
    assert!(!denial.hides_existence());
}

#[test]
fn a_provincial_supervisor_reads_cases_of_every_county_in_the_province_only() {
    let mut sup = actor(Role::Supervisor);
    sup.region = Some(region("370000"));
    assert!(
        authorize(
            &sup,
            Action::ReadCase,
            &ObjectScope::region(region("371425"))
        )
        .is_ok()
    );
    assert!(
        authorize(
            &sup,
            Action::ReadCase,
            &ObjectScope::region(region("371425100"))
        )
        .is_ok()
    );
    assert!(
        authorize(
            &sup,
            Action::ReadCase,
            &ObjectScope::region(region("350825"))
        )
        .is_err()
    );
    assert!(
        authorize(
            &sup,
            Action::DecideCase,
            &ObjectScope::region(region("371425"))
        )
        .is_err()
    );
}
