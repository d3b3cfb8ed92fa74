//! The harness of the e-proof tests: a platform over a temporary SQLite
//! database with the demo catalog, accounts and subjects, a clock the test
//! sets, the demo applicant 张三 and the officers of the issuing police
//! station.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{
    Clock, DEMO_PERSON, DEMO_PHONE, Platform, PlatformConfig, ServiceError, SmsGateway,
    UploadLimits,
};
use tongban_store::Db;

/// The police station that issues residence proofs in the demo catalog.
pub const STATION: &str = "350982-tsps";

/// A clock the test moves.
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    /// Sets the time to a Beijing-time RFC 3339 instant.
    pub fn set(&self, rfc3339: &str) {
        *self.0.lock().unwrap() = at(rfc3339);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// An instant from RFC 3339 text.
pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

/// Login codes kept for the test to read.
#[derive(Default)]
pub struct Codes(Mutex<Vec<String>>);

impl SmsGateway for Codes {
    fn send_code(&self, _phone: &str, code: &str) -> Result<(), ServiceError> {
        self.0.lock().unwrap().push(code.into());
        Ok(())
    }
}

/// The platform and what the test needs around it.
pub struct Env {
    pub p: Platform,
    pub clock: Arc<TestClock>,
    codes: Arc<Codes>,
    _file: tongban_testkit::TempSqlite,
    _dir: tempfile::TempDir,
}

/// A fresh platform on 2025-09-30 10:00 Beijing time.
pub async fn env() -> Env {
    let file = tongban_testkit::temp_sqlite().unwrap();
    let db = Arc::new(Db::connect(&file.url()).await.unwrap());
    db.migrate().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let codes = Arc::new(Codes::default());
    let clock = Arc::new(TestClock(Mutex::new(at("2025-09-30T10:00:00+08:00"))));
    let p = Platform::open(
        db,
        PlatformConfig {
            uploads_dir: dir.path().join("uploads"),
            upload_limits: UploadLimits::default(),
            sms: codes.clone(),
            clock: clock.clone(),
            licence_key: PlatformConfig::demo_licence_key(),
        },
    )
    .await
    .unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    p.catalog.import(parsed).await.unwrap();
    p.accounts.seed_demo().await.unwrap();
    p.subjects.seed_demo(None).await.unwrap();
    Env {
        p,
        clock,
        codes,
        _file: file,
        _dir: dir,
    }
}

impl Env {
    /// An applicant signed in with `phone` (not verified).
    pub async fn applicant(&self, phone: &str) -> Actor {
        self.p.accounts.request_code(phone).await.unwrap();
        let code = self.codes.0.lock().unwrap().last().unwrap().clone();
        self.p
            .accounts
            .login_applicant(phone, &code)
            .await
            .unwrap()
            .actor
    }

    /// 张三, signed in and verified (linked to his subject).
    pub async fn zhang_san(&self) -> Actor {
        let actor = self.applicant(DEMO_PHONE).await;
        self.p
            .subjects
            .verify_identity(&actor, DEMO_PERSON.0, DEMO_PERSON.1)
            .await
            .unwrap();
        actor
    }
}

/// A staff actor of `department` in `region` with `role`.
pub fn staff(name: &str, department: &str, region: &str, role: Role) -> Actor {
    Actor {
        id: format!("staff:{name}"),
        kind: ActorKind::Staff,
        roles: vec![role],
        region: Some(RegionCode::parse(region).unwrap()),
        department: Some(Code::parse(department).unwrap()),
        token_scopes: None,
    }
}

/// The police station's officer who issues residence proofs.
pub fn officer() -> Actor {
    staff("ts.officer", STATION, "350982001", Role::Examiner)
}

/// A catalog code.
pub fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}
