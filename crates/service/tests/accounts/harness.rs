//! The harness of the account tests: a temporary SQLite store with the
//! demo catalog, a hand-moved clock, an SMS outbox and the log sink.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Duration, Utc};
use tongban_domain::auth::{Actor, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{AccountService, Clock, NewStaff, ServiceError, SmsGateway};
use tongban_store::{CatalogStore, Db};
use tongban_testkit::TempSqlite;

pub const DEMO_PASSWORD: &str = "Tongban#2026";
pub const DEMO_PHONE: &str = "13800000001";

/// A clock the test moves by hand.
pub struct FakeClock(Mutex<DateTime<Utc>>);

impl FakeClock {
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// An SMS gateway that keeps what it was asked to send.
#[derive(Default)]
pub struct Outbox(Mutex<Vec<(String, String)>>);

impl Outbox {
    pub fn last_code(&self, phone: &str) -> String {
        let sent = self.0.lock().unwrap();
        let (_, code) = sent.iter().rev().find(|(p, _)| p == phone).unwrap();
        code.clone()
    }
}

impl SmsGateway for Outbox {
    fn send_code(&self, phone: &str, code: &str) -> Result<(), ServiceError> {
        self.0.lock().unwrap().push((phone.into(), code.into()));
        Ok(())
    }
}

pub struct Env {
    pub accounts: AccountService,
    pub clock: Arc<FakeClock>,
    pub sms: Arc<Outbox>,
    _file: TempSqlite,
}

/// A migrated SQLite store with the demo catalog imported.
pub async fn env() -> Env {
    log_sink();
    let file = tongban_testkit::temp_sqlite().unwrap();
    let db = Db::connect(&file.url()).await.unwrap();
    db.migrate().await.unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    db.import_catalog(parsed.catalog).await.unwrap();
    let clock = Arc::new(FakeClock(Mutex::new(
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
            .unwrap()
            .to_utc(),
    )));
    let sms = Arc::new(Outbox::default());
    let accounts = AccountService::new(Arc::new(db), sms.clone(), clock.clone());
    Env {
        accounts,
        clock,
        sms,
        _file: file,
    }
}

/// A demo-seeded environment.
pub async fn seeded() -> Env {
    let env = env().await;
    env.accounts.seed_demo().await.unwrap();
    env
}

pub async fn staff_actor(env: &Env, username: &str) -> Actor {
    env.accounts
        .login_staff(username, DEMO_PASSWORD)
        .await
        .unwrap()
        .actor
}

pub async fn applicant_actor(env: &Env) -> Actor {
    env.accounts.request_code(DEMO_PHONE).await.unwrap();
    let code = env.sms.last_code(DEMO_PHONE);
    env.accounts
        .login_applicant(DEMO_PHONE, &code)
        .await
        .unwrap()
        .actor
}

pub fn code_of<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> &'static str {
    result.unwrap_err().code()
}

pub fn new_staff(username: &str, region: &str, department: &str, role: Role) -> NewStaff {
    NewStaff {
        username: username.into(),
        display_name: "新同事".into(),
        password: "Strong#Pass1".into(),
        department: Code::parse(department).unwrap(),
        region: RegionCode::parse(region).unwrap(),
        roles: vec![role],
    }
}

pub async fn staff_actor_with(env: &Env, username: &str, password: &str) -> Actor {
    env.accounts
        .login_staff(username, password)
        .await
        .unwrap()
        .actor
}

/// The log of this test binary: one global subscriber (per-test
/// subscribers miss lines when tests run in parallel threads).
pub fn log_sink() -> &'static Captured {
    static SINK: OnceLock<Captured> = OnceLock::new();
    SINK.get_or_init(|| {
        let sink = Captured::default();
        let _ = tracing_subscriber::fmt()
            .with_writer(sink.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .try_init();
        sink
    })
}

/// A log sink.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}
