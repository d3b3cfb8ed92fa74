//! Shared fixtures of the case-lifecycle tests: items, commands with valid
//! payloads, and cases brought to each state by its legal path.

#![allow(dead_code, unused_imports)]

#[path = "../fixtures/mod.rs"]
mod fixtures;

use chrono::{NaiveDate, NaiveDateTime};
pub use fixtures::{bundle, code, item, member, region, uses};
use proptest::prelude::*;
use tongban_domain::ServiceItem;
use tongban_domain::auth::Role;
use tongban_domain::case::*;
use tongban_domain::catalog::Requirement;
use tongban_domain::guidance::Selection;

use CaseState as S;
use CommandKind as K;

pub fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 3, day)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

pub fn with(
    mut it: ServiceItem,
    gaps: bool,
    commitment: bool,
    mats: &[(&str, bool)],
) -> ServiceItem {
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
pub fn single_item() -> ServiceItem {
    with(
        item("single", 5, 1, 1),
        true,
        true,
        &[("m-a", false), ("m-gap", true)],
    )
}

pub fn case_no(seq: u32) -> CaseNo {
    CaseNo::new(&region(), NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(), seq).unwrap()
}

/// The command of each kind with a valid payload, and the role that
/// normally issues it on an online case.
pub fn canonical(kind: CommandKind) -> (Command, Role) {
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
        K::RequestAssist => (
            Command::RequestAssist {
                to: code("mzj"),
                subject: "名称核验".into(),
                question: "请核验拟用名称是否重名".into(),
                limit: Some(tongban_domain::catalog::TimeLimit::WorkingDays(2)),
            },
            Role::Examiner,
        ),
        K::ReplyAssist => (
            Command::ReplyAssist {
                id: 1,
                opinion: Opinion::Agree,
                text: String::new(),
            },
            Role::Examiner,
        ),
    }
}

/// The legal path from a new online draft to each state.
pub fn path_to(state: CaseState) -> Vec<CommandKind> {
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

pub fn online_case_in(state: CaseState) -> ItemCase {
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
