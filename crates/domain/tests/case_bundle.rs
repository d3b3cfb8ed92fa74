//! Whole cases (一件事): the itinerant-chef bundle from online submission
//! to postal delivery, the member DAG, and all-or-nothing case-wide
//! commands.

mod case_support;

use case_support::*;
use chrono::NaiveDateTime;
use tongban_domain::ServiceItem;
use tongban_domain::auth::Role;
use tongban_domain::case::*;
use tongban_domain::guidance::Selection;

use CaseState as S;

// ---- whole cases: the itinerant-chef bundle and the member DAG ----------

/// 游厨登记一件事: registration, food-business licence and health
/// certificate. The food licence may be accepted without the equipment
/// layout, the business licence and the health certificate (可容缺).
fn chef_items() -> Vec<ServiceItem> {
    vec![
        with(
            item("gtgsh", 1, 1, 1),
            true,
            true,
            &[("id-card", false), ("premises-proof", false)],
        ),
        with(
            item("spjy", 5, 1, 1),
            true,
            true,
            &[
                ("id-card", false),
                ("business-licence", true),
                ("equipment-layout", true),
                ("health-certificate", true),
            ],
        ),
        with(
            item("jkzm", 3, 1, 1),
            false,
            false,
            &[("id-card", false), ("photo", false)],
        ),
    ]
}

fn chef_case(after: &[(&str, &[&str])], selected: &[&str]) -> Case {
    let members = ["gtgsh", "spjy", "jkzm"]
        .iter()
        .map(|m| {
            member(
                m,
                after
                    .iter()
                    .find(|(x, _)| x == m)
                    .map(|(_, a)| *a)
                    .unwrap_or(&[]),
            )
        })
        .collect();
    let selection = Selection {
        members: selected.iter().map(|m| code(m)).collect(),
        ..Selection::default()
    };
    Case::for_bundle(
        case_no(42),
        &bundle(members),
        &selection,
        &chef_items(),
        IntakeChannel::Online,
        at(3, 8),
    )
    .unwrap()
}

fn all(
    case: Case,
    command: Command,
    role: Role,
    when: NaiveDateTime,
    log: &mut Vec<CaseEvent>,
) -> Case {
    let (next, mut events) = case.apply_to_all(&command, role, when).unwrap();
    log.append(&mut events);
    next
}

fn one(
    case: Case,
    m: &str,
    command: Command,
    role: Role,
    when: NaiveDateTime,
    log: &mut Vec<CaseEvent>,
) -> Case {
    let (next, mut events) = case
        .apply_to_member(&code(m), &command, role, when)
        .unwrap();
    log.append(&mut events);
    next
}

fn grant() -> Command {
    Command::Decide {
        outcome: Outcome::Granted,
        reasons: vec![],
    }
}

fn states(case: &Case) -> Vec<CaseState> {
    case.members.iter().map(|m| m.state).collect()
}

#[test]
fn the_itinerant_chef_goes_from_online_submission_to_postal_delivery_in_one_case() {
    let mut log = Vec::new();
    let case = chef_case(&[], &["gtgsh", "spjy", "jkzm"]);
    assert_eq!(case.members.len(), 3);
    let case = all(case, Command::Submit, Role::Applicant, at(3, 9), &mut log);
    let case = all(
        case,
        Command::SignCommitment {
            statement: "住所与设施属实".into(),
        },
        Role::Applicant,
        at(3, 9),
        &mut log,
    );
    assert!(case.member(&code("gtgsh")).unwrap().commitment.is_some());
    assert!(
        case.member(&code("jkzm")).unwrap().commitment.is_none(),
        "health does not take commitments"
    );
    let case = all(
        case,
        Command::PassPreReview,
        Role::WindowClerk,
        at(3, 10),
        &mut log,
    );
    let missing = ["equipment-layout", "health-certificate", "business-licence"]
        .map(code)
        .to_vec();
    let case = all(
        case,
        Command::AcceptWithGaps { missing },
        Role::WindowClerk,
        at(3, 11),
        &mut log,
    );
    assert_eq!(states(&case), vec![S::Accepted; 3]);
    assert_eq!(case.member(&code("spjy")).unwrap().gaps.len(), 3);
    assert!(case.member(&code("gtgsh")).unwrap().gaps.is_empty());

    // 并联: all three start together.
    assert_eq!(case.startable_members().len(), 3);
    let mut case = case;
    for m in ["gtgsh", "spjy", "jkzm"] {
        case = one(
            case,
            m,
            Command::StartReview,
            Role::Examiner,
            at(4, 9),
            &mut log,
        );
    }
    for m in ["gtgsh", "jkzm"] {
        case = one(case, m, grant(), Role::DepartmentLeader, at(5, 9), &mut log);
        case = one(
            case,
            m,
            Command::Complete,
            Role::Examiner,
            at(5, 10),
            &mut log,
        );
    }
    let early = case.apply_to_member(&code("spjy"), &grant(), Role::DepartmentLeader, at(5, 11));
    assert_eq!(early.unwrap_err().code(), "gaps_outstanding");
    assert_eq!(
        case.deliver(&DeliveryMethod::Window, Role::WindowClerk, at(5, 11))
            .unwrap_err()
            .code(),
        "case_not_complete"
    );

    // 补齐: the applicant supplies the gap materials, the grant follows.
    let supplied = ["business-licence", "health-certificate", "equipment-layout"]
        .map(code)
        .to_vec();
    let case = all(
        case,
        Command::SupplyMaterials {
            materials: supplied,
        },
        Role::Applicant,
        at(6, 9),
        &mut log,
    );
    assert!(case.member(&code("spjy")).unwrap().gaps.is_empty());
    let case = one(
        case,
        "spjy",
        grant(),
        Role::DepartmentLeader,
        at(6, 10),
        &mut log,
    );
    assert!(!case.is_complete());
    let case = one(
        case,
        "spjy",
        Command::Complete,
        Role::Examiner,
        at(6, 11),
        &mut log,
    );
    assert!(case.is_complete());
    assert_eq!(
        log.iter()
            .filter(|e| e.kind == EventKind::CaseCompleted)
            .count(),
        1
    );

    // 综合窗口出件: one postal delivery for the whole case.
    let post = DeliveryMethod::Post {
        tracking_no: "1180000000001".into(),
    };
    let (case, events) = case.deliver(&post, Role::WindowClerk, at(7, 9)).unwrap();
    assert_eq!(states(&case), vec![S::Delivered; 3]);
    assert_eq!(case.state(), S::Delivered);
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::CaseDelivered { .. }))
            .count(),
        1
    );
    assert_eq!(
        case.deliver(&post, Role::WindowClerk, at(7, 10))
            .unwrap_err()
            .code(),
        "already_finished"
    );
    log.extend(events);

    // The commitments wait for their later check; the applicant was told at each milestone.
    assert!(
        case.member(&code("spjy"))
            .unwrap()
            .commitment_check_pending()
    );
    let told: Vec<&str> = log
        .iter()
        .filter(|e| e.kind.is_milestone())
        .map(|e| e.kind.code())
        .collect();
    for milestone in [
        "case.submitted",
        "case.accepted",
        "case.decided",
        "case.completed",
        "case.all_completed",
        "case.all_delivered",
    ] {
        assert!(told.contains(&milestone), "no {milestone} in {told:?}");
    }
}

#[test]
fn a_dependent_member_cannot_start_before_its_prerequisite_is_granted() {
    let mut log = Vec::new();
    let case = chef_case(&[("spjy", &["gtgsh"])], &["gtgsh", "spjy", "jkzm"]);
    let case = all(case, Command::Submit, Role::Applicant, at(3, 9), &mut log);
    let case = all(
        case,
        Command::PassPreReview,
        Role::WindowClerk,
        at(3, 9),
        &mut log,
    );
    let case = all(
        case,
        Command::Accept,
        Role::WindowClerk,
        at(3, 10),
        &mut log,
    );
    let startable: Vec<&str> = case
        .startable_members()
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(startable, vec!["gtgsh", "jkzm"]);
    let refused = case.apply_to_member(
        &code("spjy"),
        &Command::StartReview,
        Role::Examiner,
        at(3, 11),
    );
    assert_eq!(refused.unwrap_err().code(), "prerequisite_pending");
    assert_eq!(case.blocked_members()[0].0.as_str(), "spjy");

    let case = one(
        case,
        "gtgsh",
        Command::StartReview,
        Role::Examiner,
        at(4, 9),
        &mut log,
    );
    let granted = one(
        case.clone(),
        "gtgsh",
        grant(),
        Role::DepartmentLeader,
        at(4, 10),
        &mut log,
    );
    assert!(
        granted
            .startable_members()
            .iter()
            .any(|c| c.as_str() == "spjy")
    );
    one(
        granted,
        "spjy",
        Command::StartReview,
        Role::Examiner,
        at(4, 11),
        &mut log,
    );

    let refuse = Command::Decide {
        outcome: Outcome::Refused,
        reasons: vec!["经营范围不符".into()],
    };
    let refused = one(
        case,
        "gtgsh",
        refuse,
        Role::DepartmentLeader,
        at(4, 10),
        &mut log,
    );
    let blocked = refused.apply_to_member(
        &code("spjy"),
        &Command::StartReview,
        Role::Examiner,
        at(4, 11),
    );
    assert_eq!(blocked.unwrap_err().code(), "prerequisite_failed");
    let ended = one(
        refused,
        "spjy",
        Command::Terminate {
            reasons: vec!["前置事项不予许可".into()],
        },
        Role::DepartmentLeader,
        at(4, 12),
        &mut log,
    );
    assert_eq!(ended.member(&code("spjy")).unwrap().state, S::Terminated);
}

#[test]
fn an_unselected_prerequisite_does_not_hold_its_dependant_back() {
    let case = chef_case(&[("spjy", &["gtgsh"])], &["spjy", "jkzm"]);
    assert_eq!(case.members.len(), 2);
    assert!(case.member(&code("spjy")).unwrap().after.is_empty());
}

#[test]
fn a_bundle_case_refuses_a_selection_outside_the_bundle_and_a_cycle() {
    let selection = Selection {
        members: vec![code("other")],
        ..Selection::default()
    };
    let b = bundle(vec![member("gtgsh", &[])]);
    let err = Case::for_bundle(
        case_no(1),
        &b,
        &selection,
        &chef_items(),
        IntakeChannel::Online,
        at(3, 8),
    )
    .unwrap_err();
    assert_eq!(err.code(), "not_a_member");
    let cyclic = bundle(vec![member("gtgsh", &["spjy"]), member("spjy", &["gtgsh"])]);
    let selection = Selection {
        members: vec![code("gtgsh"), code("spjy")],
        ..Selection::default()
    };
    let err = Case::for_bundle(
        case_no(1),
        &cyclic,
        &selection,
        &chef_items(),
        IntakeChannel::Online,
        at(3, 8),
    )
    .unwrap_err();
    assert_eq!(err.code(), "dependency_cycle");
}

#[test]
fn a_case_wide_command_that_one_member_refuses_changes_no_member() {
    let mut log = Vec::new();
    let case = chef_case(&[], &["gtgsh", "spjy", "jkzm"]);
    let case = all(case, Command::Submit, Role::Applicant, at(3, 9), &mut log);
    let case = all(
        case,
        Command::PassPreReview,
        Role::WindowClerk,
        at(3, 9),
        &mut log,
    );
    let photo = Command::RequestSupplement {
        materials: vec![code("photo")],
        note: "照片不清晰".into(),
    };
    let case = all(case, photo, Role::WindowClerk, at(3, 10), &mut log);
    assert_eq!(
        states(&case),
        vec![S::PreReviewed, S::PreReviewed, S::SupplementRequested]
    );
    let before = case.clone();
    let err = case
        .apply_to_all(&Command::Accept, Role::WindowClerk, at(3, 11))
        .unwrap_err();
    assert_eq!(err.code(), "supplement_pending");
    assert_eq!(case, before);
    let again = Command::RequestSupplement {
        materials: vec![code("id-card")],
        note: String::new(),
    };
    assert_eq!(
        case.apply_to_all(&again, Role::WindowClerk, at(3, 11))
            .unwrap_err()
            .code(),
        "supplement_already_requested"
    );
}
