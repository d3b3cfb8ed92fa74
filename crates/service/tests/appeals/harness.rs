//! The harness of the appeal tests: a temporary SQLite store, a clock the
//! test moves, staff and applicant actors of 连城县 (350825), and an
//! enterprise subject linked to applicant `a`.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tongban_domain::appeal::{AppealSource, Complexity};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::ident::{Code, RegionCode, Uscc};
use tongban_domain::subject::{Enterprise, Profile, Subject, SubjectId};
use tongban_service::appeals::{FileRequest, SubjectInput};
use tongban_service::{AccountService, AppealService, Clock, LogSms};
use tongban_store::{Db, SubjectStore};
use tongban_testkit::TempSqlite;

pub const REGION: &str = "350825";
/// The lead department of the rules (发改局) and another one (人社局).
pub const LEAD: &str = "350825-fgj";
pub const OTHER: &str = "350825-rsj";
pub const ENTERPRISE: &str = "subj-ent-1";

pub struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl TestClock {
    pub fn set(&self, beijing: &str) {
        *self.0.lock().unwrap() = beijing_time(beijing);
    }
}

/// `2025-09-26 15:00` Beijing time as UTC.
pub fn beijing_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_str(&format!("{s} +0800"), "%Y-%m-%d %H:%M %z")
        .unwrap()
        .to_utc()
}

pub struct Env {
    pub appeals: Arc<AppealService>,
    pub clock: Arc<TestClock>,
    pub db: Db,
    _file: TempSqlite,
}

pub async fn env(now: &str) -> Env {
    let file = tongban_testkit::temp_sqlite().unwrap();
    let db = Db::connect(&file.url()).await.unwrap();
    db.migrate().await.unwrap();
    let clock = Arc::new(TestClock(Mutex::new(beijing_time(now))));
    let accounts = Arc::new(AccountService::new(
        Arc::new(db.clone()),
        Arc::new(LogSms),
        clock.clone(),
    ));
    let appeals = Arc::new(AppealService::new(
        Arc::new(db.clone()),
        Arc::new(db.clone()),
        accounts,
        clock.clone(),
    ));
    let enterprise = Subject {
        id: SubjectId::new(ENTERPRISE),
        profile: Profile::Enterprise(Enterprise {
            name: "连城县某农产品有限公司".into(),
            uscc: Uscc::complete("91350825MA31X0001").unwrap(),
            legal_representative: None,
            address: None,
            phone: None,
        }),
    };
    db.insert_subject(&enterprise, clock.now()).await.unwrap();
    db.link_applicant("applicant:a", &enterprise.id, clock.now())
        .await
        .unwrap();
    Env {
        appeals,
        clock,
        db,
        _file: file,
    }
}

pub fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

pub fn staff(name: &str, role: Role, department: &str) -> Actor {
    Actor {
        id: format!("staff:{name}"),
        kind: ActorKind::Staff,
        roles: vec![role],
        region: Some(RegionCode::parse(REGION).unwrap()),
        department: Some(code(department)),
        token_scopes: None,
    }
}

pub fn clerk() -> Actor {
    staff("clerk", Role::WindowClerk, "350825-zwfw")
}

pub fn supervisor() -> Actor {
    staff("supervisor", Role::Supervisor, "350825-xlj")
}

pub fn examiner(department: &str) -> Actor {
    staff(
        &format!("examiner-{department}"),
        Role::Examiner,
        department,
    )
}

pub fn leader(department: &str) -> Actor {
    staff(
        &format!("leader-{department}"),
        Role::DepartmentLeader,
        department,
    )
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

/// A 办不成事 appeal registered at the window.
pub fn cant_get_it_done(complexity: Complexity) -> FileRequest {
    FileRequest {
        source: AppealSource::CantGetItDone,
        category: "证照办理".into(),
        complexity,
        title: "食品经营许可证变更办不成".into(),
        description: "跑了两个窗口都说不归自己管".into(),
        subject: Some(SubjectInput {
            name: "张三".into(),
            key: None,
        }),
        case_no: None,
        attachments: vec![],
        phone: Some("13800138000".into()),
        region: None,
    }
}

/// An enterprise's whistle (企业吹哨), filed online.
pub fn whistle() -> FileRequest {
    FileRequest {
        source: AppealSource::Whistle,
        category: "用工招聘".into(),
        complexity: Complexity::Ordinary,
        title: "急需招聘技术工人".into(),
        description: "新生产线投产，急需招聘30名技术工人".into(),
        subject: None,
        case_no: None,
        attachments: vec!["upload-1".into()],
        phone: None,
        region: Some(RegionCode::parse(REGION).unwrap()),
    }
}
