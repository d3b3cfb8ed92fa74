//! Must-show 5: three `tongban work --once` processes (the built binary)
//! on one throw-away PostgreSQL raise each deadline warning exactly once.
//!
//! The cases are created through the case service with a fixed clock
//! (accepted on Friday 2025-01-24); the processes run at once with
//! `--at`, so the result does not depend on today's date. Rows and
//! `case.warning_raised` outbox events are then counted in the database.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{Command as CaseCmd, IntakeChannel};
use tongban_domain::guidance::{Answer, Answers};
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{
    AccountService, Application, CaseCommand, CaseService, CatalogService, Clock, LogSms,
    SubmitRequest,
};
use tongban_store::{CatalogStore, Db};

/// Cases created; each gets four warnings on 2025-02-06 and two more on
/// 2025-02-08.
const CASES: usize = 120;

struct Fixed(DateTime<Utc>);

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn clerk() -> Actor {
    Actor {
        id: "staff:lc.clerk".into(),
        kind: ActorKind::Staff,
        roles: vec![Role::WindowClerk],
        region: Some(RegionCode::parse("350825").unwrap()),
        department: Some(Code::parse("350825-scjg").unwrap()),
        token_scopes: None,
    }
}

fn chef() -> SubmitRequest {
    let mut answers = Answers::new();
    answers.insert("already_registered".into(), Answer::YesNo(false));
    answers.insert("premises".into(), Answer::Choice("itinerant".into()));
    answers.insert("has_health_certificate".into(), Answer::YesNo(false));
    SubmitRequest {
        application: Application::Bundle {
            bundle: "liancheng.itinerant-chef".into(),
            answers,
        },
        channel: IntakeChannel::Window,
        owner: Some("applicant:zhang".into()),
        phone: Some("13800138000".into()),
        authorisation: None,
    }
}

/// The demo catalog and `CASES` accepted chef cases.
async fn seed(url: &str) {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    db.import_catalog(parsed.catalog).await.unwrap();
    let clock = Arc::new(Fixed(
        DateTime::parse_from_rfc3339("2025-01-24T09:00:00+08:00")
            .unwrap()
            .to_utc(),
    ));
    let accounts = Arc::new(AccountService::new(
        Arc::new(db.clone()),
        Arc::new(LogSms),
        clock.clone(),
    ));
    let catalog = Arc::new(CatalogService::new(Arc::new(db.clone())));
    let cases = CaseService::new(Arc::new(db.clone()), accounts, catalog, clock);
    for _ in 0..CASES {
        let view = cases.submit(&clerk(), chef(), None).await.unwrap();
        let accept = CaseCommand {
            item: None,
            command: CaseCmd::Accept,
        };
        let no = view.case.case_no.to_string();
        cases.act(&clerk(), &no, accept, None).await.unwrap();
    }
    db.close().await;
}

fn work(url: &str, at: &str, uploads: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args([
            "work",
            "--once",
            "--database-url",
            url,
            "--at",
            at,
            "--uploads-dir",
        ])
        .arg(uploads)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs three processes at once; the warnings each says it raised.
fn three_nodes(url: &str, at: &str, uploads: &std::path::Path) -> Vec<usize> {
    let nodes: Vec<Child> = (0..3).map(|_| work(url, at, uploads)).collect();
    nodes
        .into_iter()
        .map(|node| {
            let out = node.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(out.status.success(), "{stdout}\n{stderr}");
            let raised = stdout
                .split_whitespace()
                .find_map(|w| w.strip_prefix("raised="))
                .unwrap_or_else(|| panic!("no summary: {stdout}"));
            raised.parse().unwrap()
        })
        .collect()
}

async fn count(pool: &sqlx::AnyPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_on_one_postgres_raise_each_warning_exactly_once() {
    let database = tongban_testkit::fresh_postgres().await.unwrap();
    let url = database.url().to_string();
    seed(&url).await;
    let uploads = tempfile::tempdir().unwrap();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let rows = "SELECT COUNT(*) FROM warnings";
    let keys = "SELECT COUNT(*) FROM (SELECT DISTINCT case_no, member, level FROM warnings) k";
    let events = "SELECT COUNT(*) FROM outbox WHERE event = 'case.warning_raised'";

    let first = three_nodes(&url, "2025-02-06T09:00:00+08:00", uploads.path());
    eprintln!("warnings raised per node: {first:?}");
    let expected = 4 * CASES;
    assert_eq!(first.iter().sum::<usize>(), expected, "per node: {first:?}");
    assert_eq!(count(&pool, rows).await, expected as i64);
    assert_eq!(count(&pool, keys).await, expected as i64);
    assert_eq!(count(&pool, events).await, expected as i64);

    // The same day again: nothing new. Two days later: the food licence
    // and the whole case turn red, once each.
    let again = three_nodes(&url, "2025-02-06T09:00:00+08:00", uploads.path());
    assert_eq!(again, vec![0, 0, 0]);
    let later = three_nodes(&url, "2025-02-08T09:00:00+08:00", uploads.path());
    let expected = 6 * CASES;
    assert_eq!(
        later.iter().sum::<usize>(),
        2 * CASES,
        "per node: {later:?}"
    );
    assert_eq!(count(&pool, rows).await, expected as i64);
    assert_eq!(count(&pool, keys).await, expected as i64);
    assert_eq!(count(&pool, events).await, expected as i64);
    // The nodes dispatched every event, each once.
    let pending = "SELECT COUNT(*) FROM outbox WHERE dispatched_at IS NULL";
    assert_eq!(count(&pool, pending).await, 0);
    pool.close().await;
}
