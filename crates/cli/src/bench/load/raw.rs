//! The store's raw limits on this machine: a SQLite loop of single-row
//! INSERT transactions through one writer with the store's pragmas, and
//! pgbench on PostgreSQL (built-in simple-update, a one-INSERT script, and
//! a script writing the rows of one 3-item submission per transaction).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use tongban_store::Db;

use super::drive::drive;
use super::report::percentile;
use super::{PgbenchArgs, RawArgs, Report};
use crate::failure::Failure;

/// The table both loops insert into.
const CREATE_SQLITE: &str = "CREATE TABLE IF NOT EXISTS bench_inserts (\
     id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, created_at BIGINT NOT NULL)";
const CREATE_POSTGRES: &str = "CREATE TABLE IF NOT EXISTS bench_inserts (\
     id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at BIGINT NOT NULL)";
const INSERT: &str = "INSERT INTO bench_inserts (payload, created_at) VALUES ($1, $2)";

/// pgbench's one-INSERT-per-transaction script.
const PGBENCH_INSERT: &str = "\\set t random(1, 2000000000)\n\
     INSERT INTO bench_inserts (payload, created_at) VALUES ('tongban bench row', :t);\n";

/// pgbench's script of one 3-item submission's rows per transaction, on
/// the store's schema.
const PGBENCH_SUBMISSION: &str = include_str!("pgbench_submission.sql");

/// Single-row INSERT transactions (`BEGIN IMMEDIATE` … `COMMIT`) through
/// one writer connection with the store's pragmas, from `concurrency`
/// tasks queueing on it as the store's writers do.
pub async fn sqlite_inserts(args: &RawArgs) -> Result<Report, Failure> {
    let dir = tempfile::tempdir().map_err(|e| sql_failure(&e.to_string()))?;
    let (url, database) = match &args.database_url {
        Some(u) if u.starts_with("sqlite:") => (u.clone(), "sqlite".to_string()),
        Some(_) => {
            return Err(Failure::new(
                "sqlite-inserts 只接受 sqlite: 地址",
                "sqlite-inserts takes a sqlite: URL",
            ));
        }
        None => (
            format!("sqlite:{}?mode=rwc", dir.path().join("raw.db").display()),
            "sqlite (temporary file)".to_string(),
        ),
    };
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                for pragma in Db::SQLITE_PRAGMAS {
                    conn.execute(*pragma).await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await
        .map_err(|e| sql_failure(&e.to_string()))?;
    sqlx::query("PRAGMA journal_mode = WAL")
        .execute(&pool)
        .await
        .map_err(|e| sql_failure(&e.to_string()))?;
    pool.execute(CREATE_SQLITE)
        .await
        .map_err(|e| sql_failure(&e.to_string()))?;
    let shared = Arc::new(pool);
    let writer = Arc::clone(&shared);
    let m = drive(args.requests, None, args.concurrency, move |n| {
        let pool = Arc::clone(&writer);
        async move { insert_one(&pool, n).await.map_err(|e| e.to_string()) }
    })
    .await;
    shared.close().await;
    let mut report = Report {
        scenario: "raw SQLite insert loop (one INSERT per transaction)".into(),
        mode: "in-process (sqlx Any, one writer connection)".into(),
        database,
        dataset: format!("pragmas: {}", Db::SQLITE_PRAGMAS.join("; ")),
        ok: m.ok,
        failed: m.failed,
        first_error: m.first_error,
        concurrency: args.concurrency,
        elapsed: m.elapsed,
        ..Report::default()
    };
    report.set_latencies(m.latencies);
    Ok(report)
}

/// One transaction holding one INSERT.
async fn insert_one(pool: &AnyPool, n: u64) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(INSERT)
        .bind(format!("tongban bench row {n}"))
        .bind(i64::try_from(n).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// pgbench's built-in simple-update (UPDATE, SELECT, INSERT per
/// transaction) after `pgbench -i`, then a script of one INSERT per
/// transaction, then (on the store's schema, migrated here) the rows of
/// one 3-item submission per transaction; each for `--duration` seconds
/// with `--concurrency` clients.
pub async fn pgbench(args: &PgbenchArgs) -> Result<Vec<Report>, Failure> {
    let url = &args.database_url;
    let pool = super::prepare::side_pool(url)
        .await
        .map_err(|e| sql_failure(&e.to_string()))?;
    pool.execute(CREATE_POSTGRES)
        .await
        .map_err(|e| sql_failure(&e.to_string()))?;
    pool.close().await;
    let store = Db::connect(url)
        .await
        .map_err(|e| sql_failure(&e.to_string()))?;
    store
        .migrate()
        .await
        .map_err(|e| sql_failure(&e.to_string()))?;
    store.close().await;
    let dir = tempfile::tempdir().map_err(|e| sql_failure(&e.to_string()))?;
    pgbench_command(&["-i", "-q", url]).await?;
    let script = dir.path().join("insert.sql");
    std::fs::write(&script, PGBENCH_INSERT).map_err(|e| sql_failure(&e.to_string()))?;
    let submission = dir.path().join("submission.sql");
    std::fs::write(&submission, PGBENCH_SUBMISSION).map_err(|e| sql_failure(&e.to_string()))?;
    let mut reports = Vec::new();
    for (name, how) in [
        (
            "pgbench -b simple-update",
            vec!["-b".to_string(), "simple-update".to_string()],
        ),
        (
            "pgbench -f insert.sql (one INSERT per transaction)",
            vec!["-f".to_string(), script.display().to_string()],
        ),
        (
            "pgbench -f submission.sql (one 3-item submission's rows per transaction)",
            vec!["-f".to_string(), submission.display().to_string()],
        ),
    ] {
        let prefix = dir.path().join(format!("log{}", reports.len()));
        let mut argv: Vec<String> = vec![
            "-n".into(),
            "-c".into(),
            args.concurrency.to_string(),
            "-j".into(),
            "2".into(),
            "-T".into(),
            args.duration.to_string(),
            "-l".into(),
            format!("--log-prefix={}", prefix.display()),
        ];
        argv.extend(how);
        argv.push(url.clone());
        let refs: Vec<&str> = argv.iter().map(String::as_str).collect();
        let out = pgbench_command(&refs).await?;
        reports.push(pgbench_report(
            name,
            &out,
            dir.path(),
            &format!("log{}", reports.len()),
            args,
        )?);
    }
    Ok(reports)
}

/// Runs pgbench; answers its standard output.
async fn pgbench_command(argv: &[&str]) -> Result<String, Failure> {
    let output = tokio::process::Command::new("pgbench")
        .args(argv)
        .output()
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Failure::new(
                "找不到 pgbench：请安装（Debian/Ubuntu：apt-get install -y postgresql-contrib 或 postgresql-client）",
                "pgbench not found: install postgresql-client",
            ),
            _ => sql_failure(&e.to_string()),
        })?;
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(Failure::new(
            format!("pgbench 运行失败：{err}"),
            "pgbench failed",
        ));
    }
    Ok(text)
}

/// The report of one pgbench run: its tps and transaction count, and
/// p50/p99 from its per-transaction log (`-l`, latency in µs, 3rd column).
fn pgbench_report(
    name: &str,
    out: &str,
    dir: &Path,
    prefix: &str,
    args: &PgbenchArgs,
) -> Result<Report, Failure> {
    let field = |label: &str| {
        out.lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
    };
    let tps = field("tps =").ok_or_else(|| {
        Failure::new(
            format!("无法读取 pgbench 的 tps：\n{out}"),
            "cannot read pgbench's tps",
        )
    })?;
    let done = field("number of transactions actually processed:").unwrap_or(0.0);
    let failed = field("number of failed transactions:").unwrap_or(0.0);
    let mut latencies = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| sql_failure(&e.to_string()))?;
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(prefix) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        latencies.extend(text.lines().filter_map(|l| {
            let us: u64 = l.split_whitespace().nth(2)?.parse().ok()?;
            Some(Duration::from_micros(us))
        }));
    }
    latencies.sort_unstable();
    Ok(Report {
        scenario: format!("raw PostgreSQL: {name}"),
        mode: "pgbench (separate process)".into(),
        database: "postgres".into(),
        dataset: "pgbench -i (scale 1), table bench_inserts and the store's tables".into(),
        ok: done as u64,
        failed: failed as u64,
        first_error: None,
        concurrency: args.concurrency,
        elapsed: Duration::from_secs_f64(if tps > 0.0 { done / tps } else { 0.0 }),
        p50: percentile(&latencies, 50.0),
        p99: percentile(&latencies, 99.0),
        notes: vec![format!(
            "pgbench: tps = {tps:.1} (without initial connection time)"
        )],
    })
}

/// A database failure of a raw loop.
fn sql_failure(e: &str) -> Failure {
    Failure::new(
        format!("原始写入基准测试失败：{e}"),
        "raw insert benchmark failed",
    )
}
