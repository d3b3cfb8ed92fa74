//! `tongban bench dashboard` on a temporary SQLite file: the report has a
//! p50/p99 line per main query, the rollup row counts, and the rollups
//! hold exactly the cases generated.

use std::process::Command;

#[test]
fn the_dashboard_bench_reports_latencies_and_its_rollups_hold_every_case() {
    let out = Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args(["bench", "dashboard", "--cases", "2000", "--queries", "3"])
        .env_remove("TONGBAN_DATABASE_URL")
        .env_remove("TONGBAN_CONFIG")
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("check: rollup cases_submitted = 2000, cases generated = 2000 OK"),
        "{stdout}"
    );
    let timed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(" p50 ") && l.contains(" p99 ") && l.contains(" ms"))
        .collect();
    assert!(timed.len() >= 6, "{stdout}");
    for name in [
        "province summary, 2025",
        "province by channel",
        "province by region",
        "province top 20 items",
        "one item by channel",
        "one county summary",
    ] {
        assert!(
            timed.iter().any(|l| l.starts_with(name)),
            "{name}\n{stdout}"
        );
    }
    for (level, grain) in [
        ("item", "day"),
        ("item", "month"),
        ("region", "day"),
        ("region", "month"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("rows: level {level:<6} grain {grain:<5}")))
            .unwrap_or_else(|| panic!("no row count of {level}/{grain}\n{stdout}"));
        let rows: i64 = line.split_whitespace().last().unwrap().parse().unwrap();
        assert!(rows > 0, "{line}");
    }
}
