//! `tongban bench <scenario>` with tiny sizes, in-process on SQLite: every
//! scenario prints its p50 and p99 and a throughput above zero, and the
//! submit scenario's count is the number of cases stored. No timing is
//! asserted: speed is documented in docs/benchmarks.md.

use std::process::Command;

/// Runs `tongban bench ARGS…`; answers its standard output, failing the
/// test with both streams when it does not succeed.
fn bench(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tongban"))
        .arg("bench")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "bench {args:?} failed\n{stdout}\n{stderr}"
    );
    stdout
}

/// The value after `label: ` on its own line.
fn field<'a>(report: &'a str, label: &str) -> &'a str {
    report
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{label}: ")))
        .unwrap_or_else(|| panic!("no “{label}” line in\n{report}"))
}

/// Milliseconds of a `p50: 1.23 ms` line.
fn millis(report: &str, label: &str) -> f64 {
    field(report, label)
        .strip_suffix(" ms")
        .unwrap()
        .parse()
        .unwrap()
}

/// Requests per second of the `throughput: 123.4 req/s` line.
fn throughput(report: &str) -> f64 {
    field(report, "throughput")
        .strip_suffix(" req/s")
        .unwrap()
        .parse()
        .unwrap()
}

fn assert_figures(report: &str) {
    let (p50, p99) = (millis(report, "p50"), millis(report, "p99"));
    assert!(p50 > 0.0 && p99 >= p50, "{report}");
    assert!(throughput(report) > 0.0, "{report}");
    assert!(field(report, "requests").contains(" 0 failed"), "{report}");
}

#[test]
fn every_scenario_prints_its_p50_p99_and_a_throughput_in_process_on_sqlite() {
    for scenario in [
        "catalog-search",
        "guidance",
        "accept",
        "decide",
        "status",
        "verify",
        "sqlite-inserts",
    ] {
        let report = bench(&[scenario, "--requests", "6", "--concurrency", "2"]);
        assert_figures(&report);
    }
}

#[test]
fn the_submit_scenarios_count_exactly_the_cases_they_stored() {
    for members in ["3", "12"] {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("bench.db").display());
        let report = bench(&[
            "submit",
            "--members",
            members,
            "--requests",
            "9",
            "--concurrency",
            "3",
            "--database-url",
            &url,
        ]);
        assert_figures(&report);
        assert!(
            field(&report, "scenario").contains(&format!("{members}-item")),
            "{report}"
        );
        let submitted: i64 = field(&report, "submitted").parse().unwrap();
        assert_eq!(submitted, 9, "{report}");
        let stored = tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(count_cases(&url));
        assert_eq!(stored, submitted, "{report}");
    }
}

/// Cases in the database, counted behind the command.
async fn count_cases(url: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(&pool)
        .await
        .unwrap()
}

/// MiB of a `server rss …: 95.4 MiB` line.
fn mebibytes(report: &str, label: &str) -> f64 {
    field(report, label)
        .strip_suffix(" MiB")
        .unwrap()
        .parse()
        .unwrap()
}

/// The mixed load runs against a separate `tongban serve` process (wrk is
/// needed, as for every HTTP benchmark): sessions made by the bench are
/// honoured there, every kind of request is answered 2xx, and the server's
/// memory is sampled.
#[test]
fn the_mixed_load_answers_every_kind_and_reports_the_servers_memory() {
    let report = bench(&[
        "mixed",
        "--duration",
        "5",
        "--concurrency",
        "4",
        "--sample-ms",
        "250",
    ]);
    assert_figures(&report);
    for kind in [
        "catalog search",
        "status lookup",
        "guidance",
        "licence verification",
        "submit (3-item bundle)",
        "supervisor dashboard",
        "clerk case detail / worklist",
    ] {
        let line = field(&report, &format!("kind {kind}"));
        let ok: u64 = line.split(' ').next().unwrap().parse().unwrap();
        assert!(ok > 0, "{kind} got no answer\n{report}");
        assert!(line.contains(", 0 non-2xx"), "{kind} failed\n{report}");
    }
    let start = mebibytes(&report, "server rss at start");
    let peak = mebibytes(&report, "server rss peak during load");
    let end = mebibytes(&report, "server rss at end");
    let hwm = mebibytes(&report, "server VmHWM");
    assert!(start > 0.0 && peak > 0.0 && end > 0.0, "{report}");
    assert!(peak >= end && hwm >= peak, "{report}");
    let pid: u32 = field(&report, "server")
        .strip_prefix("pid ")
        .and_then(|s| s.split(',').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists(),
        "the server process {pid} is still running"
    );
}

#[test]
fn the_pgbench_scripts_run_on_the_current_schema_and_store_a_submissions_rows() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(tongban_testkit::fresh_postgres()).unwrap();
    let url = db.url().to_string();
    let out = bench(&[
        "pgbench",
        "--database-url",
        &url,
        "--duration",
        "1",
        "--concurrency",
        "2",
    ]);
    let reports: Vec<&str> = out.split("scenario: ").skip(1).collect();
    assert_eq!(reports.len(), 3, "{out}");
    for report in &reports {
        assert!(field(report, "requests").contains(" 0 failed"), "{report}");
        assert!(throughput(report) > 0.0, "{report}");
    }
    assert!(
        reports[2].starts_with("raw PostgreSQL: pgbench -f submission.sql"),
        "{out}"
    );
    // Each transaction of the submission script stored one case with
    // three audit records and three events.
    let count = |table: &'static str| {
        let url = url.clone();
        runtime.block_on(async move {
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect(&url).await.unwrap();
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            n
        })
    };
    let cases = count("cases");
    assert!(cases > 0, "{out}");
    assert_eq!(count("case_audit"), 3 * cases);
    assert_eq!(count("outbox"), 3 * cases);
}
