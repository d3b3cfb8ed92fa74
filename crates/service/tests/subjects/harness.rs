//! The harness of the subject tests: a temporary SQLite store with the
//! demo catalog and the demo subjects, a hand-moved clock, an SMS outbox
//! (to log applicants in) and the log sink.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Duration, Utc};
use tongban_domain::Catalog;
use tongban_domain::auth::Actor;
use tongban_domain::ident::Code;
use tongban_domain::subject::{ApplicationRef, SourceRef};
use tongban_service::subjects::SubjectService;
use tongban_service::{AccountService, Clock, DEMO_PERSON, DEMO_PHONE, ServiceError, SmsGateway};
use tongban_store::{CatalogStore, Db};
use tongban_testkit::TempSqlite;

/// A clock the test moves by hand.
pub struct FakeClock(pub Mutex<DateTime<Utc>>);

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

impl SmsGateway for Outbox {
    fn send_code(&self, phone: &str, code: &str) -> Result<(), ServiceError> {
        self.0.lock().unwrap().push((phone.into(), code.into()));
        Ok(())
    }
}

pub struct Env {
    pub db: Arc<Db>,
    pub accounts: AccountService,
    pub subjects: SubjectService,
    pub clock: Arc<FakeClock>,
    pub catalog: Catalog,
    sms: Arc<Outbox>,
    _file: TempSqlite,
}

impl Env {
    /// Logs in (creating on first login) the applicant of `phone`.
    pub async fn applicant(&self, phone: &str) -> Actor {
        self.accounts.request_code(phone).await.unwrap();
        let code = {
            let sent = self.sms.0.lock().unwrap();
            sent.iter()
                .rev()
                .find(|(p, _)| p == phone)
                .unwrap()
                .1
                .clone()
        };
        self.accounts
            .login_applicant(phone, &code)
            .await
            .unwrap()
            .actor
    }
}

/// A migrated SQLite store with the demo catalog and the demo subjects.
pub async fn env() -> Env {
    log_sink();
    let file = tongban_testkit::temp_sqlite().unwrap();
    let db = Arc::new(Db::connect(&file.url()).await.unwrap());
    db.migrate().await.unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    db.import_catalog(parsed.catalog.clone()).await.unwrap();
    let clock = Arc::new(FakeClock(Mutex::new(
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00.250+08:00")
            .unwrap()
            .to_utc(),
    )));
    let sms = Arc::new(Outbox::default());
    let accounts = AccountService::new(db.clone(), sms.clone(), clock.clone());
    let subjects = SubjectService::new(db.clone(), clock.clone());
    subjects.seed_demo(None).await.unwrap();
    Env {
        db,
        accounts,
        subjects,
        clock,
        catalog: parsed.catalog,
        sms,
        _file: file,
    }
}

/// The Taiwan compatriot's entry permit in the demo data.
pub const TW_ENTRY: &str = "08123456";

/// A data source reference by code.
pub fn source(code: &str) -> SourceRef {
    SourceRef::DataSource {
        source: Code::parse(code).unwrap(),
    }
}

/// An e-licence reference by type.
pub fn licence(code: &str) -> SourceRef {
    SourceRef::Licence {
        licence_type: Code::parse(code).unwrap(),
    }
}

/// An application reference.
pub fn app(id: &str) -> ApplicationRef {
    ApplicationRef(id.into())
}

/// 17 digits completed with their GB 11643 check character.
pub fn with_check(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// The demo applicant, logged in and verified as 张三.
pub async fn zhang(env: &Env) -> Actor {
    let actor = env.applicant(DEMO_PHONE).await;
    env.subjects
        .verify_identity(&actor, DEMO_PERSON.0, DEMO_PERSON.1)
        .await
        .unwrap();
    actor
}

/// Another applicant, verified as the Taiwan compatriot by his 台胞证.
pub async fn lin(env: &Env) -> Actor {
    let actor = env.applicant("13906000088").await;
    env.subjects
        .verify_identity(&actor, "林志明", TW_ENTRY)
        .await
        .unwrap();
    actor
}

pub fn code_of<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> &'static str {
    result.unwrap_err().code()
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
            .with_max_level(tracing::Level::DEBUG)
            .try_init();
        sink
    })
}

/// A log sink.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

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

/// Stores a licence of `licence_type` (number sequence `seq`) held by
/// `subject`, revoked when `revoked`: what a granted case would have issued
/// (the signature is not checked by the store).
pub async fn store_licence(env: &Env, subject: &str, licence_type: &str, seq: u32, revoked: bool) {
    use std::collections::BTreeMap;
    use tongban_domain::ident::{RegionCode, ResidentId};
    use tongban_domain::licence::{
        HolderKind, Issuance, LicenceHolder, LicenceNumber, LicenceType, Validity,
    };
    use tongban_domain::subject::{SubjectId, SubjectKey};
    use tongban_store::{LicenceRow, LicenceStore};
    let code = |c: &str| Code::parse(c).unwrap();
    let kind = LicenceType {
        code: code(licence_type),
        name: "营业执照".into(),
        issuer: code("350825-scjg"),
        holder_kind: HolderKind::Person,
        number_tag: "YYZZ".into(),
        fields: vec![],
        validity: Validity::Permanent,
        issued_by: vec![code("some-item")],
        updated_by: vec![],
        cancelled_by: vec![],
    };
    let on = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
    let region = RegionCode::parse("350825").unwrap();
    let mut licence = kind
        .issue(Issuance {
            number: LicenceNumber::new(&region, "YYZZ", 2026, seq).unwrap(),
            holder: LicenceHolder {
                subject: SubjectId::new(subject),
                name: "张三".into(),
                identifier: SubjectKey::ResidentId(
                    ResidentId::parse(tongban_service::DEMO_PERSON.1).unwrap(),
                ),
            },
            issuer_name: "连城县市场监督管理局".into(),
            fields: BTreeMap::new(),
            issued_on: on,
            by: code("some-item"),
            replaces: vec![],
        })
        .unwrap();
    if revoked {
        licence.revoke(&kind, None, on, "测试注销").unwrap();
    }
    let now = env.clock.0.lock().unwrap().to_owned();
    let row = LicenceRow {
        licence,
        signature: "not-checked".into(),
        issued_for: None,
        row_version: 1,
        created_at: now,
        updated_at: now,
    };
    env.db.insert_licence(&row).await.unwrap();
}
