//! The case lifecycle (办件): the whole transition matrix, who may do what,
//! the itinerant-chef bundle end to end, and the member DAG.

mod fixtures;

use chrono::{NaiveDate, NaiveDateTime};
use fixtures::{bundle, code, item, member, region, uses};
use proptest::prelude::*;
use tongban_domain::ServiceItem;
use tongban_domain::auth::Role;
use tongban_domain::case::*;
use tongban_domain::catalog::Requirement;
use tongban_domain::guidance::Selection;

use CaseState as S;
use CommandKind as K;

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 3, day)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

fn with(mut it: ServiceItem, gaps: bool, commitment: bool, mats: &[(&str, bool)]) -> ServiceItem {
    it.gaps_allowed = gaps;
    it.commitment_allowed = commitment;
    it.materials = mats
        .iter()
        .map(|(m, gap)| {
            let mut u = uses(m);
            if *gap {
                u.requirement = Requirement::GapAllowed;
            }
            u
        })
        .collect();
    it
}

/// An item that allows gaps and commitment: material `m-a` is required,
/// `m-gap` may be missing at acceptance.
fn single_item() -> ServiceItem {
    with(
        item("single", 5, 1, 1),
        true,
        true,
        &[("m-a", false), ("m-gap", true)],
    )
}

fn case_no(seq: u32) -> CaseNo {
    CaseNo::new(&region(), NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(), seq).unwrap()
}

/// The command of each kind with a valid payload, and the role that
/// normally issues it on an online case.
fn canonical(kind: CommandKind) -> (Command, Role) {
    let reasons = vec!["理由".to_string()];
    match kind {
        K::Submit => (Command::Submit, Role::Applicant),
        K::PassPreReview => (Command::PassPreReview, Role::WindowClerk),
        K::RequestSupplement => (
            Command::RequestSupplement {
                materials: vec![code("m-a")],
                note: "请补交".into(),
            },
            Role::Examiner,
        ),
        K::SupplyMaterials => (
            Command::SupplyMaterials {
                materials: vec![code("m-a")],
            },
            Role::Applicant,
        ),
        K::Accept => (Command::Accept, Role::WindowClerk),
        K::AcceptWithGaps => (
            Command::AcceptWithGaps {
                missing: vec![code("m-gap")],
            },
            Role::WindowClerk,
        ),
        K::RejectIntake => (Command::RejectIntake { reasons }, Role::WindowClerk),
        K::StartReview => (Command::StartReview, Role::Examiner),
        K::Decide => (
            Command::Decide {
                outcome: Outcome::Granted,
                reasons: vec![],
            },
            Role::DepartmentLeader,
        ),
        K::Complete => (Command::Complete, Role::Examiner),
        K::Deliver => (
            Command::Deliver {
                method: DeliveryMethod::Post {
                    tracking_no: "1180000000001".into(),
                },
            },
            Role::WindowClerk,
        ),
        K::Suspend => (
            Command::Suspend {
                reason: "专家评审".into(),
            },
            Role::Examiner,
        ),
        K::Resume => (Command::Resume, Role::Examiner),
        K::Withdraw => (Command::Withdraw, Role::Applicant),
        K::SignCommitment => (
            Command::SignCommitment {
                statement: "本人承诺".into(),
            },
            Role::Applicant,
        ),
        K::VerifyCommitment => (
            Command::VerifyCommitment {
                finding: CommitmentFinding::Honoured,
            },
            Role::Examiner,
        ),
        K::Revoke => (Command::Revoke { reasons }, Role::DepartmentLeader),
        K::Terminate => (Command::Terminate { reasons }, Role::DepartmentLeader),
    }
}

/// The legal path from a new online draft to each state.
fn path_to(state: CaseState) -> Vec<CommandKind> {
    let to_review = vec![
        K::Submit,
        K::PassPreReview,
        K::SignCommitment,
        K::Accept,
        K::StartReview,
    ];
    let then = |extra: &[CommandKind]| [to_review.clone(), extra.to_vec()].concat();
    match state {
        S::Draft => vec![],
        S::Submitted => vec![K::Submit],
        S::PreReviewed => vec![K::Submit, K::PassPreReview],
        S::SupplementRequested => vec![K::Submit, K::PassPreReview, K::RequestSupplement],
        S::Rejected => vec![K::Submit, K::RejectIntake],
        S::Accepted => to_review[..4].to_vec(),
        S::UnderReview => to_review,
        S::Suspended => then(&[K::Suspend]),
        S::Decided => then(&[K::Decide]),
        S::Completed => then(&[K::Decide, K::Complete]),
        S::Delivered => then(&[K::Decide, K::Complete, K::Deliver]),
        S::Withdrawn => vec![K::Submit, K::Withdraw],
        S::Terminated => then(&[K::Terminate]),
        S::Revoked => then(&[K::Decide, K::Revoke]),
    }
}

fn online_case_in(state: CaseState) -> ItemCase {
    let terms = ItemTerms::of(&single_item(), &[]);
    let mut case = ItemCase::new(terms, IntakeChannel::Online, at(3, 8));
    for (i, kind) in path_to(state).into_iter().enumerate() {
        let (command, role) = canonical(kind);
        case = apply(
            &case,
            &command,
            role,
            at(3, 9) + chrono::Duration::hours(i as i64),
        )
        .unwrap()
        .0;
    }
    assert_eq!(case.state, state);
    case
}

/// The transition matrix: rows are states, columns the commands in
/// `CommandKind::ALL` order. A cell is the state the command leads to
/// (short names in [`SHORT`]) or a refusal: `I` illegal_transition, `F`
/// already_finished, `D` already_decided, `P` case_suspended, `R`
/// pre_review_required, `W` supplement_pending, `A`
/// supplement_already_requested, `N` material_not_requested.
#[rustfmt::skip]
const MATRIX: [(&str, [&str; 18]); 14] = [
    //                        submit pre    req    supply accept gaps   reject review decide compl  deliv  susp   resume withdr sign   verify revoke termin
    ("draft",                 ["sub", "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "wdr", "dft", "I",   "I",   "I"]),
    ("submitted",             ["I",   "pre", "sup", "I",   "R",   "R",   "rej", "I",   "I",   "I",   "I",   "I",   "I",   "wdr", "sub", "I",   "I",   "I"]),
    ("pre_reviewed",          ["I",   "I",   "sup", "I",   "acc", "acc", "rej", "I",   "I",   "I",   "I",   "I",   "I",   "wdr", "pre", "I",   "I",   "I"]),
    ("supplement_requested",  ["I",   "W",   "A",   "pre", "W",   "W",   "rej", "I",   "I",   "I",   "I",   "I",   "I",   "wdr", "sup", "I",   "I",   "I"]),
    ("rejected",              ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F"]),
    ("accepted",              ["I",   "I",   "I",   "N",   "I",   "I",   "I",   "rev", "I",   "I",   "I",   "sus", "I",   "wdr", "I",   "I",   "I",   "ter"]),
    ("under_review",          ["I",   "I",   "I",   "N",   "I",   "I",   "I",   "I",   "dec", "I",   "I",   "sus", "I",   "wdr", "I",   "I",   "I",   "ter"]),
    ("suspended",             ["P",   "P",   "P",   "N",   "P",   "P",   "P",   "P",   "P",   "P",   "P",   "P",   "rev", "wdr", "P",   "P",   "P",   "ter"]),
    ("decided",               ["D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "cmp", "D",   "D",   "D",   "D",   "D",   "dec", "rvk", "D"]),
    ("completed",             ["D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "dlv", "D",   "D",   "D",   "D",   "cmp", "rvk", "D"]),
    ("delivered",             ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "dlv", "rvk", "F"]),
    ("withdrawn",             ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F"]),
    ("terminated",            ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F"]),
    ("revoked",               ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F"]),
];

/// Short names of the states in [`MATRIX`].
#[rustfmt::skip]
const SHORT: [(&str, CaseState); 14] = [
    ("dft", S::Draft), ("sub", S::Submitted), ("pre", S::PreReviewed),
    ("sup", S::SupplementRequested), ("rej", S::Rejected), ("acc", S::Accepted),
    ("rev", S::UnderReview), ("sus", S::Suspended), ("dec", S::Decided),
    ("cmp", S::Completed), ("dlv", S::Delivered), ("wdr", S::Withdrawn),
    ("ter", S::Terminated), ("rvk", S::Revoked),
];

fn expected(state: CaseState, kind: CommandKind) -> Result<CaseState, &'static str> {
    let row = MATRIX.iter().find(|(s, _)| *s == state.code()).unwrap().1;
    let col = K::ALL.iter().position(|k| *k == kind).unwrap();
    match row[col] {
        "I" => Err("illegal_transition"),
        "F" => Err("already_finished"),
        "D" => Err("already_decided"),
        "P" => Err("case_suspended"),
        "R" => Err("pre_review_required"),
        "W" => Err("supplement_pending"),
        "A" => Err("supplement_already_requested"),
        "N" => Err("material_not_requested"),
        short => Ok(SHORT.iter().find(|(s, _)| *s == short).unwrap().1),
    }
}

#[test]
fn every_state_and_command_pair_follows_the_transition_matrix() {
    for state in CaseState::ALL {
        let case = online_case_in(state);
        for kind in CommandKind::ALL {
            let (command, role) = canonical(kind);
            let got = apply(&case, &command, role, at(20, 10));
            match (expected(state, kind), got) {
                (Ok(to), Ok((next, events))) => {
                    assert_eq!(next.state, to, "{} × {}", state.code(), kind.code());
                    assert_eq!(events.len(), 1);
                    assert_eq!((events[0].from, events[0].to), (state, to));
                }
                (Err(code), Err(e)) => {
                    assert_eq!(e.code(), code, "{} × {}", state.code(), kind.code());
                    assert_eq!(e.state, state);
                    assert!(
                        e.message().contains(state.label()) && e.message().contains(kind.label())
                    );
                }
                (want, got) => panic!(
                    "{} × {}: wanted {want:?}, got {got:?}",
                    state.code(),
                    kind.code()
                ),
            }
        }
    }
}

#[test]
fn the_matrix_in_code_agrees_with_the_legal_states_each_command_lists() {
    for state in CaseState::ALL {
        for kind in CommandKind::ALL {
            let opens = kind.legal_in().contains(&state);
            let allowed = expected(state, kind).is_ok()
                || (state == S::Submitted && matches!(kind, K::Accept | K::AcceptWithGaps))
                || (matches!(state, S::Accepted | S::UnderReview | S::Suspended)
                    && kind == K::SupplyMaterials);
            assert_eq!(opens, allowed, "{} × {}", state.code(), kind.code());
        }
    }
}

/// Who may issue each command (on an online, a proxy and a window case).
fn permitted(kind: CommandKind, channel: &IntakeChannel) -> Vec<Role> {
    use Role::*;
    let applicant_side = match channel {
        IntakeChannel::Online => vec![Applicant],
        IntakeChannel::Proxy => vec![Applicant, ProxyAgent],
        _ => vec![Applicant, WindowClerk],
    };
    match kind {
        K::Submit | K::SupplyMaterials | K::Withdraw | K::SignCommitment => applicant_side,
        K::PassPreReview | K::RequestSupplement => vec![WindowClerk, Examiner],
        K::Accept | K::AcceptWithGaps | K::RejectIntake | K::Deliver => vec![WindowClerk],
        K::StartReview | K::Complete => vec![Examiner, DepartmentLeader, System],
        K::Decide => vec![DepartmentLeader, System],
        K::Suspend | K::Resume | K::VerifyCommitment => vec![Examiner, DepartmentLeader],
        K::Revoke | K::Terminate => vec![DepartmentLeader],
    }
}

#[test]
fn a_role_that_may_not_issue_a_command_is_refused_whatever_the_state() {
    for channel in [
        IntakeChannel::Online,
        IntakeChannel::Proxy,
        IntakeChannel::Window,
    ] {
        for kind in CommandKind::ALL {
            let state = kind.legal_in()[0];
            let mut case = online_case_in(state);
            case.channel = channel.clone();
            let (command, _) = canonical(kind);
            for role in Role::ALL {
                let got = apply(&case, &command, role, at(20, 10));
                if permitted(kind, &channel).contains(&role) {
                    assert!(
                        !matches!(&got, Err(e) if e.code() == "role_not_permitted"),
                        "{role:?} {kind:?}"
                    );
                } else {
                    assert_eq!(
                        got.unwrap_err().code(),
                        "role_not_permitted",
                        "{role:?} {kind:?} {channel:?}"
                    );
                }
            }
        }
    }
}

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

#[test]
fn only_gap_allowed_materials_may_be_missing_at_acceptance() {
    let case = online_case_in(S::PreReviewed);
    let gaps = |m: &str| Command::AcceptWithGaps {
        missing: vec![code(m)],
    };
    let err = apply(&case, &gaps("m-a"), Role::WindowClerk, at(4, 9)).unwrap_err();
    assert_eq!(err.code(), "material_not_gap_allowed");
    assert_eq!(
        apply(&case, &gaps("x"), Role::WindowClerk, at(4, 9))
            .unwrap_err()
            .code(),
        "material_unknown"
    );
    let mut strict = case.clone();
    strict.terms.gaps_allowed = false;
    assert_eq!(
        apply(&strict, &gaps("m-gap"), Role::WindowClerk, at(4, 9))
            .unwrap_err()
            .code(),
        "gaps_not_allowed"
    );
}

#[test]
fn the_supplement_notice_is_issued_once_and_supplying_it_returns_the_case_to_pre_review() {
    let case = online_case_in(S::PreReviewed);
    let notice = Command::RequestSupplement {
        materials: vec![code("m-a"), code("m-gap")],
        note: "一次性告知".into(),
    };
    let (case, _) = apply(&case, &notice, Role::Examiner, at(4, 9)).unwrap();
    let part = Command::SupplyMaterials {
        materials: vec![code("m-a")],
    };
    let (case, _) = apply(&case, &part, Role::Applicant, at(4, 10)).unwrap();
    assert_eq!(case.state, S::SupplementRequested);
    let rest = Command::SupplyMaterials {
        materials: vec![code("m-gap")],
    };
    let (case, _) = apply(&case, &rest, Role::Applicant, at(4, 11)).unwrap();
    assert_eq!(case.state, S::PreReviewed);
    assert_eq!(
        apply(&case, &notice, Role::Examiner, at(4, 12))
            .unwrap_err()
            .code(),
        "supplement_already_requested"
    );
}

#[test]
fn a_window_case_is_accepted_without_pre_review_and_an_online_one_is_not() {
    let mut case = online_case_in(S::Submitted);
    assert_eq!(
        apply(&case, &Command::Accept, Role::WindowClerk, at(4, 9))
            .unwrap_err()
            .code(),
        "pre_review_required"
    );
    case.channel = IntakeChannel::Window;
    assert_eq!(
        apply(&case, &Command::Accept, Role::WindowClerk, at(4, 9))
            .unwrap()
            .0
            .state,
        S::Accepted
    );
}

#[test]
fn a_refusal_needs_reasons_and_a_postal_delivery_needs_a_tracking_number() {
    let case = online_case_in(S::UnderReview);
    let bare = Command::Decide {
        outcome: Outcome::Refused,
        reasons: vec![" ".into()],
    };
    assert_eq!(
        apply(&case, &bare, Role::DepartmentLeader, at(4, 9))
            .unwrap_err()
            .code(),
        "reasons_required"
    );
    let case = online_case_in(S::Completed);
    let post = Command::Deliver {
        method: DeliveryMethod::Post {
            tracking_no: "".into(),
        },
    };
    assert_eq!(
        apply(&case, &post, Role::WindowClerk, at(4, 9))
            .unwrap_err()
            .code(),
        "tracking_no_required"
    );
}

#[test]
fn resuming_a_suspended_case_returns_it_to_where_it_stopped() {
    let case = online_case_in(S::Accepted);
    let (case, _) = apply(&case, &canonical(K::Suspend).0, Role::Examiner, at(4, 9)).unwrap();
    let (case, _) = apply(&case, &Command::Resume, Role::Examiner, at(6, 9)).unwrap();
    assert_eq!(case.state, S::Accepted);
    assert_eq!(case.suspensions[0].until, Some(at(6, 9)));
}

// ---- property: random command sequences ---------------------------------

/// Transitions outside the canonical matrix that a payload or channel
/// allows: window acceptance without pre-review, partial supplies, supplied
/// gaps, and resuming to the accepted state.
fn also_reachable(from: CaseState, kind: CommandKind, to: CaseState) -> bool {
    matches!(
        (from, kind, to),
        (S::Submitted, K::Accept | K::AcceptWithGaps, S::Accepted)
            | (
                S::SupplementRequested,
                K::SupplyMaterials,
                S::SupplementRequested | S::Submitted
            )
            | (S::Accepted, K::SupplyMaterials, S::Accepted)
            | (S::UnderReview, K::SupplyMaterials, S::UnderReview)
            | (S::Suspended, K::SupplyMaterials, S::Suspended)
            | (S::Suspended, K::Resume, S::Accepted)
    )
}

fn any_command() -> impl Strategy<Value = (Command, Role)> {
    let payloads = prop_oneof![
        (0..CommandKind::ALL.len()).prop_map(|i| canonical(CommandKind::ALL[i]).0),
        Just(Command::AcceptWithGaps {
            missing: vec![code("m-gap"), code("m-a")]
        }),
        Just(Command::RequestSupplement {
            materials: vec![code("m-a"), code("m-gap")],
            note: String::new()
        }),
        Just(Command::SupplyMaterials {
            materials: vec![code("m-gap")]
        }),
        Just(Command::Decide {
            outcome: Outcome::Refused,
            reasons: vec!["不符合条件".into()]
        }),
        Just(Command::Deliver {
            method: DeliveryMethod::Electronic
        }),
    ];
    (payloads, 0..Role::ALL.len()).prop_map(|(c, r)| (c, Role::ALL[r]))
}

proptest! {
    #[test]
    fn random_command_sequences_never_panic_and_only_take_matrix_transitions(
        window in any::<bool>(),
        commands in prop::collection::vec(any_command(), 1..40),
    ) {
        let channel = if window { IntakeChannel::Window } else { IntakeChannel::Online };
        let mut case = ItemCase::new(ItemTerms::of(&single_item(), &[]), channel, at(3, 8));
        for (i, (command, role)) in commands.iter().enumerate() {
            let before = case.clone();
            match apply(&case, command, *role, at(3, 9) + chrono::Duration::hours(i as i64)) {
                Ok((next, _)) => {
                    let kind = command.kind();
                    let canonical = expected(case.state, kind) == Ok(next.state);
                    prop_assert!(canonical || also_reachable(case.state, kind, next.state),
                        "{} × {} → {}", case.state.code(), kind.code(), next.state.code());
                    case = next;
                }
                Err(_) => prop_assert_eq!(&case, &before),
            }
        }
    }
}
