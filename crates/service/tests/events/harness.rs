//! The harness of the event tests: a temporary SQLite store with the demo
//! catalog, a clock the test moves, the case and event services, a
//! notifier that records text messages, actors, and the chef case.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{Command, IntakeChannel};
use tongban_domain::guidance::{Answer, Answers};
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::events::{EventService, EventSettings, Notifier};
use tongban_service::{
    AccountService, Application, CaseCommand, CaseService, CatalogService, Clock, LogSms,
    ServiceError, SubmitRequest,
};
use tongban_store::{CatalogStore, Db};
use tongban_testkit::TempSqlite;

pub const CHEF: &str = "liancheng.itinerant-chef";
pub const GTGSH: &str = "liancheng.gtgsh-registration";
pub const FOOD: &str = "liancheng.food-business-licence";
pub const HEALTH: &str = "liancheng.health-certificate";
pub const PHONE: &str = "13800138000";
pub const OWNER: &str = "applicant:zhang";

/// A clock the test sets.
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    pub fn set(&self, rfc3339: &str) {
        *self.0.lock().unwrap() = at(rfc3339);
    }

    pub fn now_for_test(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

/// Records every text message instead of sending it.
#[derive(Default)]
pub struct SmsLog(pub Mutex<Vec<(String, String)>>);

impl Notifier for SmsLog {
    fn send_sms(&self, phone: &str, text: &str) -> Result<(), ServiceError> {
        self.0.lock().unwrap().push((phone.into(), text.into()));
        Ok(())
    }

    fn send_email(&self, _: &str, _: &str, _: &str) -> Result<(), ServiceError> {
        Ok(())
    }
}

pub struct Env {
    pub cases: Arc<CaseService>,
    pub events: Arc<EventService>,
    pub clock: Arc<TestClock>,
    pub sms: Arc<SmsLog>,
    pub db: Db,
    _file: TempSqlite,
}

/// Webhook retries 1 s, 2 s, 4 s … apart; 4 attempts; short timeouts.
pub fn settings() -> EventSettings {
    EventSettings {
        max_attempts: 4,
        backoff_base: Duration::from_secs(1),
        backoff_max: Duration::from_secs(60),
        http_timeout: Duration::from_secs(5),
        ..EventSettings::default()
    }
}

pub async fn env() -> Env {
    let file = tongban_testkit::temp_sqlite().unwrap();
    let db = Db::connect(&file.url()).await.unwrap();
    db.migrate().await.unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    db.import_catalog(parsed.catalog).await.unwrap();
    let clock = Arc::new(TestClock(Mutex::new(at("2025-01-24T09:00:00+08:00"))));
    let accounts = Arc::new(AccountService::new(
        Arc::new(db.clone()),
        Arc::new(LogSms),
        clock.clone(),
    ));
    let catalog = Arc::new(CatalogService::new(Arc::new(db.clone())));
    let cases = Arc::new(CaseService::new(
        Arc::new(db.clone()),
        accounts.clone(),
        catalog,
        clock.clone(),
    ));
    let sms = Arc::new(SmsLog::default());
    let events = Arc::new(
        EventService::new(
            Arc::new(db.clone()),
            Arc::new(db.clone()),
            Arc::new(db.clone()),
            accounts,
            sms.clone(),
            clock.clone(),
        )
        .with_settings(settings()),
    );
    Env {
        cases,
        events,
        clock,
        sms,
        db,
        _file: file,
    }
}

pub fn staff(name: &str, role: Role, region: &str, department: &str) -> Actor {
    Actor {
        id: format!("staff:{name}"),
        kind: ActorKind::Staff,
        roles: vec![role],
        region: Some(RegionCode::parse(region).unwrap()),
        department: Some(Code::parse(department).unwrap()),
        token_scopes: None,
    }
}

pub fn clerk() -> Actor {
    staff("lc.clerk", Role::WindowClerk, "350825", "350825-scjg")
}

pub fn admin() -> Actor {
    staff("lc.admin", Role::CatalogAdmin, "350825", "350825-scjg")
}

pub fn applicant(id: &str) -> Actor {
    Actor {
        id: format!("applicant:{id}"),
        kind: ActorKind::Applicant,
        roles: vec![Role::Applicant],
        region: None,
        department: None,
        token_scopes: None,
    }
}

pub fn code(c: &str) -> Code {
    Code::parse(c).unwrap()
}

/// The chef with no registration, no premises and no health certificate:
/// all three members, owned by [`OWNER`], phone [`PHONE`].
pub fn chef_request() -> SubmitRequest {
    let mut answers = Answers::new();
    answers.insert("already_registered".into(), Answer::YesNo(false));
    answers.insert("premises".into(), Answer::Choice("itinerant".into()));
    answers.insert("has_health_certificate".into(), Answer::YesNo(false));
    SubmitRequest {
        application: Application::Bundle {
            bundle: CHEF.into(),
            answers,
        },
        channel: IntakeChannel::Window,
        owner: Some(OWNER.into()),
        phone: Some(PHONE.into()),
        authorisation: None,
    }
}

pub fn whole(command: Command) -> CaseCommand {
    CaseCommand {
        item: None,
        command,
    }
}

pub fn on(item: &str, command: Command) -> CaseCommand {
    CaseCommand {
        item: Some(code(item)),
        command,
    }
}

/// A chef case submitted and accepted at the window at the clock's time.
pub async fn accepted_chef_case(env: &Env) -> String {
    let view = env
        .cases
        .submit(&clerk(), chef_request(), None)
        .await
        .unwrap();
    let no = view.case.case_no.to_string();
    env.cases
        .act(&clerk(), &no, whole(Command::Accept), None)
        .await
        .unwrap();
    no
}

/// Dispatches until the outbox is empty; returns how many were settled.
pub async fn drain(env: &Env) -> usize {
    let mut total = 0;
    loop {
        let n = env.events.dispatch_once(50).await.unwrap();
        if n == 0 {
            return total;
        }
        total += n;
    }
}
