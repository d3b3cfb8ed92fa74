//! Support of the review tests: the case harness's store and catalog, a
//! review service on a clock the test moves, and finished food-licence
//! cases owned by chosen applicants.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tongban_domain::auth::{Actor, Role};
use tongban_domain::case::{Command, IntakeChannel, Outcome};
use tongban_domain::review::{Level, RatingInput};
use tongban_service::{AccountService, Application, Clock, LogSms, ReviewService, SubmitRequest};

use super::harness::{self, Env, FOOD, PHONE, clerk, on, staff, whole};

/// A clock the test sets.
pub struct MovableClock(Mutex<DateTime<Utc>>);

impl MovableClock {
    /// Moves the clock to `rfc3339`.
    pub fn set(&self, rfc3339: &str) {
        *self.0.lock().unwrap() = at(rfc3339);
    }
}

impl Clock for MovableClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// An instant from RFC 3339 text.
pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

/// The case harness plus a review service.
pub struct ReviewEnv {
    pub env: Env,
    pub reviews: ReviewService,
    pub clock: Arc<MovableClock>,
}

/// The harness (cases are created on 2025-01-24 09:00 Beijing time) and a
/// review service whose clock starts at 10:00 that day.
pub async fn review_env() -> ReviewEnv {
    let env = harness::env().await;
    let clock = Arc::new(MovableClock(Mutex::new(at("2025-01-24T10:00:00+08:00"))));
    let accounts = Arc::new(AccountService::new(
        Arc::new(env.db.clone()),
        Arc::new(LogSms),
        clock.clone(),
    ));
    let reviews = ReviewService::new(
        Arc::new(env.db.clone()),
        Arc::new(env.db.clone()),
        accounts,
        clock.clone(),
    );
    ReviewEnv {
        env,
        reviews,
        clock,
    }
}

/// The food-licence examiner of 连城县市场监管局.
pub fn examiner() -> Actor {
    staff("scjg.ex", Role::Examiner, "350825", "350825-scjg")
}

/// Its leader.
pub fn leader() -> Actor {
    staff("scjg.lead", Role::DepartmentLeader, "350825", "350825-scjg")
}

/// The county's supervisor.
pub fn supervisor() -> Actor {
    staff("lc.sup", Role::Supervisor, "350825", "350825-fgj")
}

/// A food-licence case of `owner` (an applicant id like `applicant:li`)
/// taken at the window, granted and completed; its number.
pub async fn finished_case(env: &Env, owner: &str) -> String {
    let request = SubmitRequest {
        application: Application::Item {
            item: FOOD.into(),
            situations: vec![],
        },
        channel: IntakeChannel::Window,
        owner: Some(owner.into()),
        phone: Some(PHONE.into()),
        authorisation: None,
    };
    let view = env.cases.submit(&clerk(), request, None).await.unwrap();
    let no = view.case.case_no.to_string();
    env.cases
        .act(&clerk(), &no, whole(Command::Accept), None)
        .await
        .unwrap();
    let grant = Command::Decide {
        outcome: Outcome::Granted,
        reasons: vec![],
    };
    for (who, command) in [
        (examiner(), Command::StartReview),
        (leader(), grant),
        (examiner(), Command::Complete),
    ] {
        env.cases
            .act(&who, &no, on(FOOD, command), None)
            .await
            .unwrap();
    }
    no
}

/// A rating of `level`; a 差评 carries the reason tag 办理超时.
pub fn input(level: Level) -> RatingInput {
    RatingInput {
        level,
        tags: if level.is_bad() {
            vec!["办理超时".into()]
        } else {
            vec![]
        },
        comment: String::new(),
    }
}
