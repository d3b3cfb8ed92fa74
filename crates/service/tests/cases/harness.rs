//! The harness of the case tests: a temporary SQLite store with the demo
//! catalog, a fixed clock, actors, and the itinerant-chef application.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{Command, IntakeChannel};
use tongban_domain::guidance::{Answer, Answers};
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{
    AccountService, Application, CaseCommand, CaseService, CaseView, CatalogService, Clock, LogSms,
    ServiceError, SubmitRequest,
};
use tongban_store::{CatalogStore, Db};
use tongban_testkit::TempSqlite;

pub const CHEF: &str = "liancheng.itinerant-chef";
pub const GTGSH: &str = "liancheng.gtgsh-registration";
pub const FOOD: &str = "liancheng.food-business-licence";
pub const HEALTH: &str = "liancheng.health-certificate";
pub const PHONE: &str = "13800138000";

pub struct FixedClock(Mutex<DateTime<Utc>>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

pub struct Env {
    pub cases: Arc<CaseService>,
    pub db: Db,
    _file: TempSqlite,
}

pub async fn env() -> Env {
    let file = tongban_testkit::temp_sqlite().unwrap();
    let db = Db::connect(&file.url()).await.unwrap();
    db.migrate().await.unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    db.import_catalog(parsed.catalog).await.unwrap();
    let clock = Arc::new(FixedClock(Mutex::new(
        DateTime::parse_from_rfc3339("2025-01-24T09:00:00+08:00")
            .unwrap()
            .to_utc(),
    )));
    let accounts = Arc::new(AccountService::new(
        Arc::new(db.clone()),
        Arc::new(LogSms),
        clock.clone(),
    ));
    let catalog = Arc::new(CatalogService::new(Arc::new(db.clone())));
    let cases = Arc::new(CaseService::new(
        Arc::new(db.clone()),
        accounts,
        catalog,
        clock,
    ));
    Env {
        cases,
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

/// The chef who is not yet registered, cooks at village banquets and has
/// no health certificate: all three members.
pub fn chef_request(channel: IntakeChannel) -> SubmitRequest {
    let mut answers = Answers::new();
    answers.insert("already_registered".into(), Answer::YesNo(false));
    answers.insert("premises".into(), Answer::Choice("itinerant".into()));
    answers.insert("has_health_certificate".into(), Answer::YesNo(false));
    SubmitRequest {
        application: Application::Bundle {
            bundle: CHEF.into(),
            answers,
        },
        channel,
        owner: Some("applicant:zhang".into()),
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

pub fn code_of<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> &'static str {
    result.unwrap_err().code()
}

pub async fn submitted(env: &Env) -> CaseView {
    env.cases
        .submit(&clerk(), chef_request(IntakeChannel::Window), None)
        .await
        .unwrap()
}

pub async fn audit_len(env: &Env, case_no: &str) -> usize {
    env.cases.audit(&clerk(), case_no).await.unwrap().0.len()
}
