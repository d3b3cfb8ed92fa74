//! The built `tongban` binary: import/export round trips, rejected imports
//! and user mistakes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

fn tongban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args(args)
        .env_remove("TONGBAN_DATABASE_URL")
        .env_remove("TONGBAN_CONFIG")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn demo_files() -> Vec<PathBuf> {
    tongban_testkit::demo_catalog_files()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Imports the demo catalog into `data`.
fn import_demo(data: &Path) {
    let files = demo_files();
    let mut args = vec!["import", "--data", s(data)];
    args.extend(files.iter().map(|f| s(f)));
    let out = tongban(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("导入完成"));
}

fn export_yaml(data: &Path, out: &Path) -> String {
    let o = tongban(&[
        "export",
        "--data",
        s(data),
        "--format",
        "yaml",
        "--out",
        s(out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read_to_string(out).unwrap()
}

fn catalog_of(yaml: &str) -> tongban_domain::catalog::Catalog {
    tongban_catalog_io::read_yaml("export.yaml", yaml)
        .unwrap()
        .catalog
        .normalized()
}

#[test]
fn an_xlsx_export_imported_into_an_empty_database_gives_an_equal_catalog() {
    let tmp = TempDir::new().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    import_demo(&a);
    let workbook = tmp.path().join("catalog.xlsx");
    let o = tongban(&[
        "export",
        "--data",
        s(&a),
        "--format",
        "xlsx",
        "--out",
        s(&workbook),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tongban(&["import", "--data", s(&b), s(&workbook)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let original = export_yaml(&a, &tmp.path().join("a.yaml"));
    let copy = export_yaml(&b, &tmp.path().join("b.yaml"));
    let original = catalog_of(&original);
    assert!(!original.items.is_empty());
    assert_eq!(original, catalog_of(&copy));
}

#[test]
fn a_broken_file_exits_2_names_file_line_and_field_and_changes_nothing() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("data");
    import_demo(&data);
    let before = export_yaml(&data, &tmp.path().join("before.yaml"));
    let broken = tmp.path().join("broken.yaml");
    let text = "\
# An item whose department does not exist.
items:
  - code: broken-item
    name: 测试事项
    kind: licensing
    department: no-such-department
    region: \"350825\"
    level: county
    handling: promised
    statutory_limit: { working_days: 5 }
    promised_limit: { working_days: 3 }
    visits: 1
    online_depth: pre_review
    result: { document: { name: 批复 } }
";
    let line = text
        .lines()
        .position(|l| l.contains("no-such-department"))
        .unwrap()
        + 1;
    std::fs::write(&broken, text).unwrap();
    let o = tongban(&["import", "--data", s(&data), s(&broken)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("broken.yaml:{line}:")), "{err}");
    assert!(err.contains("department"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let after = export_yaml(&data, &tmp.path().join("after.yaml"));
    assert_eq!(before, after);
    // The failed import did not bump the revision: the next one is 2.
    let regions = &demo_files()[0];
    let o = tongban(&["import", "--data", s(&data), s(regions)]);
    assert!(stdout(&o).contains("目录修订号 2"), "{}", stdout(&o));
}

#[test]
fn user_mistakes_end_in_one_bilingual_line_and_a_non_zero_exit() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("data");
    let missing = tmp.path().join("missing.yaml");
    let unwritable = tmp.path().join("no-such-dir").join("out.yaml");
    let cases: Vec<Vec<&str>> = vec![
        vec!["import", "--data", s(&data), s(&missing)],
        vec!["migrate", "--database-url", "mysql://localhost/x"],
        vec![
            "export",
            "--data",
            s(&data),
            "--format",
            "yaml",
            "--out",
            s(&unwritable),
        ],
        vec!["serve"],
    ];
    for args in cases {
        let o = tongban(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        let last = err.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("错误：") && last.contains("error:"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn migrate_creates_the_database_in_the_data_directory() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("fresh");
    let o = tongban(&["migrate", "--data", s(&data)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(data.join("tongban.db").is_file());
}

#[test]
fn the_search_benchmark_prints_its_report() {
    let o = tongban(&[
        "bench",
        "search",
        "--items",
        "500",
        "--queries",
        "20",
        "--seed",
        "7",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.contains("p50") && report.contains("p99"), "{report}");
}

#[test]
fn calendar_add_answers_the_spring_festival_deadline_a_clerk_asks_about() {
    // Accepted Fri 2025-01-24 with 5 working days: the adjusted Sunday 01-26
    // counts, the festival 01-28..02-04 does not.
    let out = tongban(&["calendar", "add", "2025-01-24", "5"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("2025-02-07"), "{}", stdout(&out));
}

#[test]
fn calendar_between_counts_working_days_after_the_first_date() {
    let out = tongban(&["calendar", "between", "2025-01-24", "2025-02-10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("7"), "{}", stdout(&out));
}

#[test]
fn calendar_warns_when_the_answer_rests_on_the_provisional_2027_calendar() {
    // Wed 2026-12-30 + 5: 12-31, then 元旦 and the weekend, then 01-04..01-07.
    let out = tongban(&["calendar", "add", "2026-12-30", "5"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("2027-01-07"), "{text}");
    assert!(text.contains("注意：2027年为暂定日历"), "{text}");
    assert!(text.contains("2027 is a provisional calendar"), "{text}");
    let out = tongban(&["calendar", "between", "2026-12-30", "2027-02-10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("暂定日历"), "{}", stdout(&out));
    // An answer inside the published years carries no notice.
    let out = tongban(&["calendar", "add", "2026-12-01", "5"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("暂定"), "{}", stdout(&out));
}

#[test]
fn calendar_refuses_years_it_does_not_know_and_malformed_dates() {
    let out = tongban(&["calendar", "add", "2027-12-30", "5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("calendar_out_of_range"),
        "{}",
        stderr(&out)
    );
    let out = tongban(&["calendar", "between", "2025-1-24x", "2025-02-10"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
}

/// Runs `tongban user add` on `data` with the password in the environment.
fn user_add(data: &Path, username: &str, roles: &[&str], password: Option<&str>) -> Output {
    let mut args = vec![
        "user",
        "add",
        "--data",
        s(data),
        "--username",
        username,
        "--name",
        "齐河县综窗二号",
        "--department",
        "371425-xzsp",
        "--region",
        "371425",
    ];
    for role in roles {
        args.extend(["--role", role]);
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_tongban"));
    command
        .args(&args)
        .env_remove("TONGBAN_DATABASE_URL")
        .env_remove("RUST_LOG")
        .env_remove("TONGBAN_PASSWORD");
    if let Some(p) = password {
        command.env("TONGBAN_PASSWORD", p);
    }
    command.output().unwrap()
}

#[test]
fn user_add_creates_a_staff_account_once_and_refuses_a_second_with_the_same_name() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("data");
    import_demo(&data);
    let roles = ["window_clerk", "proxy_agent"];
    let o = user_add(&data, "qihe.clerk2", &roles, Some("Strong#Pass1"));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("qihe.clerk2") && out.contains("综窗受理人员"),
        "{out}"
    );
    assert!(out.contains("帮代办员"), "{out}");
    assert!(!out.contains("Strong#Pass1") && !stderr(&o).contains("Strong#Pass1"));

    let again = user_add(&data, "qihe.clerk2", &roles, Some("Other#Pass2"));
    assert_eq!(again.status.code(), Some(1));
    let last = stderr(&again)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(
        last.starts_with("错误：") && last.contains("account_exists"),
        "{last}"
    );
}

#[test]
fn user_add_refuses_an_unknown_role_a_weak_password_or_a_missing_one_in_one_line() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("data");
    import_demo(&data);
    let cases = [
        (vec!["janitor"], Some("Strong#Pass1"), "janitor"),
        (vec!["applicant"], Some("Strong#Pass1"), "window_clerk"),
        (vec!["window_clerk"], Some("weakpass"), "weak_password"),
        (vec!["window_clerk"], None, "TONGBAN_PASSWORD"),
    ];
    for (roles, password, expected) in cases {
        let o = user_add(&data, "qihe.new", &roles, password);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{roles:?}: {err}");
        let last = err.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("错误：") && last.contains(expected),
            "{roles:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}
