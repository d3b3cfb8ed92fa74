//! `tongban gen` (issue 9 §1): the counts it prints are the rows in the
//! database, the data is usable through the service (a generated case
//! reads back, answers the public status lookup, and an examiner can move
//! an accepted one on), every audit chain verifies, the history is
//! written as already processed (nothing waits for the dispatcher or the
//! rollup job) with the supervision figures complete at once, and the
//! same seed gives the same data — on SQLite and on PostgreSQL.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output};
use std::sync::Arc;

use chrono::NaiveDate;
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{CaseNo, CaseState, Command as CaseCmd};
use tongban_domain::ident::{ResidentId, Uscc};
use tongban_service::metrics::Slice;
use tongban_service::{CaseCommand, LogSms, Platform, PlatformConfig, SystemClock, UploadLimits};
use tongban_store::{CaseStore, Db};

/// Small sizes: every target state still shows up.
const SIZES: [&str; 12] = [
    "--regions",
    "6",
    "--items",
    "300",
    "--bundles",
    "6",
    "--subjects",
    "600",
    "--cases",
    "1500",
    "--batch",
    "400",
];

fn run_gen(url: &str, seed: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args(["gen", "--database-url", url, "--seed", seed])
        .args(SIZES)
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

fn gen_ok(url: &str, seed: &str) -> String {
    let out = run_gen(url, seed);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The number printed on the summary line that starts with `label`.
fn printed(stdout: &str, label: &str) -> i64 {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("  {label}")))
        .unwrap_or_else(|| panic!("no {label} line in {stdout}"));
    line.split_whitespace().last().unwrap().parse().unwrap()
}

async fn pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.unwrap()
}

async fn count(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Every printed count equals the rows in its table.
async fn counts_match(stdout: &str, pool: &sqlx::AnyPool) {
    for (label, sql) in [
        ("主体 subjects", "SELECT COUNT(*) FROM subjects"),
        ("办件 cases", "SELECT COUNT(*) FROM cases"),
        ("审计 audit", "SELECT COUNT(*) FROM case_audit"),
        (
            "事件 outbox",
            "SELECT COUNT(*) FROM outbox WHERE topic = 'case'",
        ),
        ("评价 reviews", "SELECT COUNT(*) FROM reviews"),
        ("诉求 appeals", "SELECT COUNT(*) FROM appeals"),
    ] {
        assert_eq!(printed(stdout, label), count(pool, sql).await, "{label}");
    }
    assert_eq!(printed(stdout, "主体 subjects"), 600);
    assert_eq!(printed(stdout, "办件 cases"), 1500);
    assert!(printed(stdout, "评价 reviews") > 100);
    assert_eq!(printed(stdout, "诉求 appeals"), 30);
}

async fn platform(url: &str, dir: &std::path::Path) -> Platform {
    let db = Arc::new(Db::connect(url).await.unwrap());
    Platform::open(
        db,
        PlatformConfig {
            uploads_dir: dir.join("uploads"),
            upload_limits: UploadLimits::default(),
            sms: Arc::new(LogSms),
            clock: Arc::new(SystemClock),
            licence_key: PlatformConfig::demo_licence_key(),
        },
    )
    .await
    .unwrap()
}

/// An examiner of the case's lead department.
fn examiner(region: &str, department: &str) -> Actor {
    Actor {
        id: "staff:gen.examiner".into(),
        kind: ActorKind::Staff,
        roles: vec![Role::Examiner],
        region: Some(tongban_domain::ident::RegionCode::parse(region).unwrap()),
        department: Some(tongban_domain::ident::Code::parse(department).unwrap()),
        token_scopes: None,
    }
}

/// A supervisor of the whole province (福建省).
fn provincial_supervisor() -> Actor {
    Actor {
        id: "staff:gen.supervisor".into(),
        kind: ActorKind::Staff,
        roles: vec![Role::Supervisor],
        region: Some(tongban_domain::ident::RegionCode::parse("350000").unwrap()),
        department: None,
        token_scopes: None,
    }
}

/// The generated history is already processed: no outbox row waits for
/// the dispatcher or the rollup job (or is claimed), no message or
/// webhook delivery was made; and the supervision figures of the whole
/// province, as the service answers them, agree with counts made here
/// from the generated tables. Runs before anything acts on the data.
async fn processed(stdout: &str, url: &str, pool: &sqlx::AnyPool) {
    for sql in [
        "SELECT COUNT(*) FROM outbox WHERE dispatched_at IS NULL",
        "SELECT COUNT(*) FROM outbox WHERE rolled_up_at IS NULL",
        "SELECT COUNT(*) FROM outbox WHERE claim_token IS NOT NULL OR claimed_until IS NOT NULL",
        "SELECT COUNT(*) FROM notifications",
        "SELECT COUNT(*) FROM webhook_deliveries",
    ] {
        assert_eq!(count(pool, sql).await, 0, "{sql}");
    }
    // Both kinds of event are there, processed at their own time.
    assert_eq!(
        count(pool, "SELECT COUNT(*) FROM outbox WHERE topic = 'case'").await,
        1500
    );
    assert_eq!(
        count(pool, "SELECT COUNT(*) FROM outbox WHERE topic = 'appeal'").await,
        60
    );
    assert_eq!(
        count(
            pool,
            "SELECT COUNT(*) FROM outbox \
             WHERE dispatched_at <> created_at OR rolled_up_at <> created_at"
        )
        .await,
        0
    );
    assert_eq!(printed(stdout, "统计 metrics"), 1500);

    let dir = tempfile::tempdir().unwrap();
    let p = platform(url, dir.path()).await;
    let queue = p.metrics.queue_stats().await.unwrap();
    assert_eq!((queue.pending_dispatch, queue.pending_rollup), (0, 0));

    let year = Slice {
        from: NaiveDate::from_ymd_opt(2024, 12, 1),
        to: NaiveDate::from_ymd_opt(2026, 3, 31),
        ..Slice::default()
    };
    let board = p
        .metrics
        .dashboard(&provincial_supervisor(), &year)
        .await
        .unwrap();
    let f = &board.figures;
    assert_eq!(f.cases_submitted, 1500);
    assert_eq!(
        f.cases_done,
        count(
            pool,
            "SELECT COUNT(*) FROM cases WHERE state IN ('completed', 'delivered')"
        )
        .await
    );
    // Every member of every case is an item submitted.
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM cases")
        .fetch_all(pool)
        .await
        .unwrap();
    let members: usize = bodies
        .iter()
        .map(|b| {
            let case: serde_json::Value = serde_json::from_str(b).unwrap();
            case["members"].as_array().unwrap().len()
        })
        .sum();
    assert!(members > 1500);
    assert_eq!(f.items_submitted, members as i64);
    // Every rating is a good one.
    let ratings = count(pool, "SELECT COUNT(*) FROM reviews").await;
    assert_eq!(
        (f.satisfaction.numerator, f.satisfaction.denominator),
        (ratings, ratings)
    );
    // And per channel.
    let per_channel: Vec<(String, i64)> =
        sqlx::query_as("SELECT channel, COUNT(*) FROM cases GROUP BY channel")
            .fetch_all(pool)
            .await
            .unwrap();
    let shown: BTreeMap<String, i64> = board
        .channels
        .iter()
        .map(|r| (r.key.clone(), r.figures.cases_submitted))
        .collect();
    assert_eq!(shown, per_channel.into_iter().collect());
}

/// Reads a generated accepted case and its public status through the
/// service, starts its review as an examiner, and checks every chain.
async fn usable(url: &str, pool: &sqlx::AnyPool) {
    let dir = tempfile::tempdir().unwrap();
    let p = platform(url, dir.path()).await;
    let states: BTreeSet<String> = sqlx::query_scalar("SELECT DISTINCT state FROM cases")
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
    for s in [
        "submitted",
        "accepted",
        "under_review",
        "suspended",
        "decided",
        "completed",
        "delivered",
    ] {
        assert!(states.contains(s), "no {s} case among {states:?}");
    }
    // A withdrawn or rejected case is finished as a whole (the case's
    // state is `completed`); its members carry the state.
    for member in ["withdrawn", "rejected"] {
        let like = format!("SELECT COUNT(*) FROM cases WHERE body LIKE '%\"state\":\"{member}\"%'");
        assert!(count(pool, &like).await > 0, "no {member} member");
    }
    let (no, region, department, phone): (String, String, String, String) = sqlx::query_as(
        "SELECT case_no, region, lead_department, phone FROM cases \
         WHERE state = 'accepted' ORDER BY case_no LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let actor = examiner(&region, &department);
    let view = p.cases.case(&actor, &no).await.unwrap();
    assert_eq!(view.case.state(), CaseState::Accepted);
    let status = p
        .cases
        .public_status(&no, &phone[phone.len() - 4..])
        .await
        .unwrap();
    assert_eq!(status.state, CaseState::Accepted);
    assert_eq!(status.name, view.case.name);

    let item = view.case.members[0].item().clone();
    let start = CaseCommand {
        item: Some(item.clone()),
        command: CaseCmd::StartReview,
    };
    let moved = p.cases.act(&actor, &no, start, None).await.unwrap();
    assert_eq!(
        moved.case.member(&item).unwrap().state,
        CaseState::UnderReview
    );

    let db = Db::connect(url).await.unwrap();
    let all: Vec<String> = sqlx::query_scalar("SELECT case_no FROM cases ORDER BY case_no")
        .fetch_all(pool)
        .await
        .unwrap();
    for c in &all {
        let check = db
            .verify_audit_chain(&CaseNo::parse(c).unwrap())
            .await
            .unwrap();
        assert!(check.ok && check.records > 0, "{c}: {check:?}");
    }
    // The examiner's record was chained onto the generated history.
    let trail = db.audit_trail(&CaseNo::parse(&no).unwrap()).await.unwrap();
    assert_eq!(trail.last().unwrap().actor, "staff:gen.examiner");

    // Identifiers are valid numbers.
    let keys: Vec<(String, String)> =
        sqlx::query_as("SELECT key_kind, key_value FROM subject_keys")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(keys.len(), 600);
    for (kind, value) in keys {
        match kind.as_str() {
            "resident_id" => assert!(ResidentId::parse(&value).is_ok()),
            "uscc" => assert!(Uscc::parse(&value).is_ok()),
            other => panic!("unexpected key kind {other}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gen_into_sqlite_prints_the_rows_it_wrote_and_the_data_is_processed_and_usable() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("gen.db").display());
    let stdout = gen_ok(&url, "7");
    let pool = pool(&url).await;
    counts_match(&stdout, &pool).await;
    processed(&stdout, &url, &pool).await;
    usable(&url, &pool).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gen_into_postgres_prints_the_rows_it_wrote_and_the_data_is_processed_and_usable() {
    let database = tongban_testkit::fresh_postgres().await.unwrap();
    let url = database.url().to_string();
    let stdout = gen_ok(&url, "7");
    let pool = pool(&url).await;
    counts_match(&stdout, &pool).await;
    processed(&stdout, &url, &pool).await;
    usable(&url, &pool).await;
}

/// Everything a run wrote that identifies its data.
async fn fingerprint(url: &str) -> Vec<(String, String)> {
    let pool = pool(url).await;
    let mut rows: Vec<(String, String)> =
        sqlx::query_as("SELECT case_no, body FROM cases ORDER BY case_no")
            .fetch_all(&pool)
            .await
            .unwrap();
    rows.extend(
        sqlx::query_as::<_, (String, String)>(
            "SELECT case_no, hash FROM case_audit ORDER BY case_no, seq",
        )
        .fetch_all(&pool)
        .await
        .unwrap(),
    );
    for (table, sql) in [
        ("subjects", "SELECT id, body FROM subjects ORDER BY id"),
        ("reviews", "SELECT id, level FROM reviews ORDER BY id"),
        (
            "appeals",
            "SELECT appeal_no, body FROM appeals ORDER BY appeal_no",
        ),
    ] {
        let more: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_all(&pool)
            .await
            .unwrap();
        rows.push((table.into(), more.len().to_string()));
        rows.extend(more);
    }
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_and_sizes_give_identical_data_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let url = |name: &str| format!("sqlite:{}", dir.path().join(name).display());
    gen_ok(&url("a.db"), "11");
    gen_ok(&url("b.db"), "11");
    gen_ok(&url("c.db"), "12");
    let (a, b, c) = (
        fingerprint(&url("a.db")).await,
        fingerprint(&url("b.db")).await,
        fingerprint(&url("c.db")).await,
    );
    assert!(a.len() > 3000);
    assert!(a == b, "two runs with seed 11 differ");
    assert!(a != c, "seeds 11 and 12 gave the same data");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gen_refuses_a_database_that_already_holds_generated_data() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("twice.db").display());
    gen_ok(&url, "3");
    let again = run_gen(&url, "3");
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("空库"), "{stderr}");
    let pool = pool(&url).await;
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM cases").await, 1500);
}
