//! The harness of the draft tests: a temporary SQLite store, a temporary
//! upload directory behind `object_store`'s local file system, a clock the
//! tests move, applicants, and real small files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use object_store::local::LocalFileSystem;
use sha2::{Digest, Sha256};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::guidance::Answers;
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::drafts::{DraftService, UploadLimits};
use tongban_service::{Application, Clock};
use tongban_store::{Db, DraftStore};
use tongban_testkit::TempSqlite;

/// A clock that stands still until a test moves it.
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    /// Moves the clock on.
    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap();
        *now += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// A draft service over a fresh database and upload directory.
pub struct Env {
    pub drafts: DraftService,
    pub db: Db,
    pub clock: Arc<TestClock>,
    pub uploads_dir: tempfile::TempDir,
    pub file: TempSqlite,
}

/// An environment with the default upload limits.
pub async fn env() -> Env {
    env_with(UploadLimits::default()).await
}

/// An environment with these upload limits.
pub async fn env_with(limits: UploadLimits) -> Env {
    let file = tongban_testkit::temp_sqlite().unwrap();
    let db = Db::connect(&file.url()).await.unwrap();
    db.migrate().await.unwrap();
    let uploads_dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(TestClock(Mutex::new(
        DateTime::parse_from_rfc3339("2025-01-24T09:00:00+08:00")
            .unwrap()
            .to_utc(),
    )));
    let drafts = service(
        Arc::new(db.clone()),
        uploads_dir.path(),
        limits,
        clock.clone(),
    );
    Env {
        drafts,
        db,
        clock,
        uploads_dir,
        file,
    }
}

/// A draft service over `store`, keeping files under `dir`.
pub fn service(
    store: Arc<dyn DraftStore>,
    dir: &Path,
    limits: UploadLimits,
    clock: Arc<TestClock>,
) -> DraftService {
    let objects = LocalFileSystem::new_with_prefix(dir).unwrap();
    DraftService::new(store, Arc::new(objects), limits, clock)
}

impl Env {
    /// Every file under the upload directory (directories left behind by
    /// deleted objects do not count).
    pub fn stored_files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut pending = vec![self.uploads_dir.path().to_path_buf()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        files
    }

    /// Rows of the upload table, counted behind the store's back.
    pub async fn upload_rows(&self) -> i64 {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&self.file.url()).await.unwrap();
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draft_uploads")
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        n
    }
}

/// An applicant actor.
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

/// A window clerk of 连城县.
pub fn clerk() -> Actor {
    Actor {
        id: "staff:clerk".into(),
        kind: ActorKind::Staff,
        roles: vec![Role::WindowClerk],
        region: Some(RegionCode::parse("350825").unwrap()),
        department: None,
        token_scopes: None,
    }
}

/// The itinerant-chef bundle, no questions answered yet.
pub fn chef() -> Application {
    Application::Bundle {
        bundle: "liancheng.itinerant-chef".into(),
        answers: Answers::default(),
    }
}

/// A catalog material code.
pub fn material(code: &str) -> Code {
    Code::parse(code).unwrap()
}

/// A small but well-formed one-page PDF.
pub fn small_pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend_from_slice(
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
          2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
          3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n\
          trailer << /Root 1 0 R /Size 4 >>\n%%EOF\n",
    );
    pdf
}

/// A PDF of exactly `len` bytes (padded with a comment).
pub fn pdf_of_len(len: usize) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n%".to_vec();
    let tail = b"\n%%EOF\n";
    pdf.resize(len - tail.len(), b'x');
    pdf.extend_from_slice(tail);
    assert_eq!(pdf.len(), len);
    pdf
}

/// A valid 1×1 RGBA PNG (chunk CRCs checked).
pub fn tiny_png() -> Vec<u8> {
    let hex = "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489\
               0000000d4944415478da636460f85f0f0002870180eb47ba920000000049454e44ae426082";
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// A 64-bit Linux executable's header and some code.
pub fn elf() -> Vec<u8> {
    let mut bytes = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0];
    bytes.resize(64, 0);
    bytes[16] = 2; // ET_EXEC
    bytes[18] = 0x3e; // x86-64
    bytes.extend_from_slice(&[0x48, 0x31, 0xff, 0xb8, 0x3c, 0, 0, 0, 0x0f, 0x05]);
    bytes
}

/// A Windows executable's DOS header and PE signature.
pub fn pe() -> Vec<u8> {
    let mut bytes = b"MZ".to_vec();
    bytes.resize(0x40, 0);
    bytes[0x3c] = 0x40;
    bytes.extend_from_slice(b"PE\0\0");
    bytes.resize(256, 0x90);
    bytes
}

/// Hex SHA-256, computed here independently of the service.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Env {
    /// Today's date on the test clock.
    pub fn clock_day(&self) -> chrono::NaiveDate {
        self.clock.now().date_naive()
    }
}
