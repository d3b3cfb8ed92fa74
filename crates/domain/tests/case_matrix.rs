//! The case lifecycle (办件), one item case at a time: the whole
//! state × command matrix, who may issue which command, single-item rules,
//! and random command sequences.

mod case_support;

use case_support::*;
use proptest::prelude::*;
use tongban_domain::auth::Role;
use tongban_domain::case::*;

use CaseState as S;
use CommandKind as K;

/// The transition matrix: rows are states, columns the commands in
/// `CommandKind::ALL` order. A cell is the state the command leads to
/// (short names in [`SHORT`]) or a refusal: `I` illegal_transition, `F`
/// already_finished, `D` already_decided, `P` case_suspended, `R`
/// pre_review_required, `W` supplement_pending, `A`
/// supplement_already_requested, `N` material_not_requested, `X`
/// assist_not_found (the canonical reply names request 1, which a fresh
/// case does not have).
#[rustfmt::skip]
const MATRIX: [(&str, [&str; 20]); 14] = [
    //                        submit pre    req    supply accept gaps   reject review decide compl  deliv  susp   resume withdr sign   verify revoke termin  assist reply
    ("draft",                 ["sub", "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "I",   "wdr", "dft", "I",   "I",   "I", "I",   "I"]),
    ("submitted",             ["I",   "pre", "sup", "I",   "R",   "R",   "rej", "I",   "I",   "I",   "I",   "I",   "I",   "wdr", "sub", "I",   "I",   "I", "I",   "I"]),
    ("pre_reviewed",          ["I",   "I",   "sup", "I",   "acc", "acc", "rej", "I",   "I",   "I",   "I",   "I",   "I",   "wdr", "pre", "I",   "I",   "I", "I",   "I"]),
    ("supplement_requested",  ["I",   "W",   "A",   "pre", "W",   "W",   "rej", "I",   "I",   "I",   "I",   "I",   "I",   "wdr", "sup", "I",   "I",   "I", "I",   "I"]),
    ("rejected",              ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F", "F",   "F"]),
    ("accepted",              ["I",   "I",   "I",   "N",   "I",   "I",   "I",   "rev", "I",   "I",   "I",   "sus", "I",   "wdr", "I",   "I",   "I",   "ter", "acc", "X"]),
    ("under_review",          ["I",   "I",   "I",   "N",   "I",   "I",   "I",   "I",   "dec", "I",   "I",   "sus", "I",   "wdr", "I",   "I",   "I",   "ter", "rev", "X"]),
    ("suspended",             ["P",   "P",   "P",   "N",   "P",   "P",   "P",   "P",   "P",   "P",   "P",   "P",   "rev", "wdr", "P",   "P",   "P",   "ter", "P",   "X"]),
    ("decided",               ["D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "cmp", "D",   "D",   "D",   "D",   "D",   "dec", "rvk", "D", "D",   "D"]),
    ("completed",             ["D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "D",   "dlv", "D",   "D",   "D",   "D",   "cmp", "rvk", "D", "D",   "D"]),
    ("delivered",             ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "dlv", "rvk", "F", "F",   "F"]),
    ("withdrawn",             ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F", "F",   "F"]),
    ("terminated",            ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F", "F",   "F"]),
    ("revoked",               ["F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F",   "F", "F",   "F"]),
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
        "X" => Err("assist_not_found"),
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
                    && matches!(kind, K::SupplyMaterials | K::ReplyAssist));
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
        K::RequestSupplement => vec![WindowClerk, Examiner],
        // The system passes pre-review and accepts for 秒批 only.
        K::PassPreReview => vec![WindowClerk, Examiner, System],
        K::Accept => vec![WindowClerk, System],
        K::AcceptWithGaps | K::RejectIntake | K::Deliver => vec![WindowClerk],
        K::StartReview | K::Complete => vec![Examiner, DepartmentLeader, System],
        K::Decide => vec![DepartmentLeader, System],
        K::Suspend | K::Resume | K::VerifyCommitment => vec![Examiner, DepartmentLeader],
        K::Revoke | K::Terminate => vec![DepartmentLeader],
        K::RequestAssist => vec![Examiner, DepartmentLeader],
        K::ReplyAssist => vec![Examiner, DepartmentLeader, System],
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
