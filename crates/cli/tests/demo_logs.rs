//! A full demo session, as a person would click through it, and then a
//! grep of everything the server printed: no ID number and no phone number
//! may appear unmasked (issue 3, must-show 5).

use std::fs::File;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use tempfile::TempDir;

const DEMO_PHONE: &str = "13800000001";
const CLERK: (&str, &str) = ("qihe.clerk", "Tongban#2026");

/// The demo server, killed when dropped.
struct Demo {
    child: Child,
    base: String,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_demo(dir: &Path) -> Demo {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let log = File::create(dir.join("server.log")).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args(["demo", "--addr", &addr, "--data"])
        .arg(dir.join("data"))
        .env_remove("RUST_LOG")
        .env_remove("TONGBAN_DATABASE_URL")
        .env_remove("TONGBAN_CONFIG")
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let demo = Demo {
        child,
        base: format!("http://{addr}"),
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while ureq::get(&format!("{}/healthz", demo.base)).call().is_err() {
        assert!(
            Instant::now() < deadline,
            "the demo did not start: {}",
            log_of(dir)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    demo
}

fn log_of(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
}

/// An agent that keeps cookies and does not treat 4xx as an error.
fn browser() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn get(agent: &ureq::Agent, url: &str) -> (u16, String) {
    let mut response = agent.get(url).call().unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

fn post(agent: &ureq::Agent, url: &str, form: &[(&str, &str)]) -> (u16, String) {
    let mut response = agent.post(url).send_form(form.iter().copied()).unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

/// The `_csrf` hidden field of a page.
fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"_csrf\" value=\"")
        .expect("the page has a CSRF field");
    let rest = &page[at + "name=\"_csrf\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// Runs of digits that look like a resident ID number (17 digits and a
/// digit or X) or a mobile number (11 digits starting 13–19).
fn unmasked_identifiers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == 'X' || chars[i] == 'x') {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let is_id = run.len() == 18 && run[..17].bytes().all(|b| b.is_ascii_digit());
        let is_phone = run.len() == 11
            && run.bytes().all(|b| b.is_ascii_digit())
            && run.starts_with('1')
            && matches!(run.as_bytes()[1], b'3'..=b'9');
        if is_id || is_phone {
            found.push(run);
        }
    }
    found
}

#[test]
fn the_identifier_scan_finds_raw_numbers_and_ignores_masked_ones() {
    let text = "a 370102199003071234 b 13812345678 c 3701**********1234 d 138****5678 e 2026-11-27T07:14:37.123456789Z";
    assert_eq!(
        unmasked_identifiers(text),
        vec!["370102199003071234", "13812345678"]
    );
}

#[test]
fn a_full_demo_session_logs_no_unmasked_id_or_phone_number() {
    let dir = TempDir::new().unwrap();
    let demo = start_demo(dir.path());
    let base = &demo.base;

    // A citizen browses and searches, with personal data in the query.
    let visitor = browser();
    assert_eq!(get(&visitor, &format!("{base}/")).0, 200);
    assert_eq!(get(&visitor, &format!("{base}/?q=营业执照")).0, 200);
    get(
        &visitor,
        &format!("{base}/api/v1/items?q=370102199003071234"),
    );
    get(&visitor, &format!("{base}/api/v1/items?q={DEMO_PHONE}"));

    // Someone tries an ID number as a username, with a wrong password.
    let (_, login) = get(&visitor, &format!("{base}/login"));
    let csrf = csrf_of(&login);
    let (status, _) = post(
        &visitor,
        &format!("{base}/login"),
        &[
            ("_csrf", &csrf),
            ("username", "370102199003071234"),
            ("password", "wrong-password-1"),
        ],
    );
    assert_eq!(status, 401);

    // The applicant asks for a code, reads it from the server log (the
    // demo's stand-in for an SMS), and signs in.
    let (status, _) = post(
        &visitor,
        &format!("{base}/login/code"),
        &[("_csrf", &csrf), ("phone", DEMO_PHONE)],
    );
    assert_eq!(status, 200);
    let code = one_time_code(&log_of(dir.path()));
    let (status, page) = post(
        &visitor,
        &format!("{base}/login/applicant"),
        &[("_csrf", &csrf), ("phone", DEMO_PHONE), ("code", &code)],
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("工作台"));

    // A window clerk signs in, works, and is refused another county.
    let clerk = browser();
    let (_, login) = get(&clerk, &format!("{base}/login"));
    let csrf = csrf_of(&login);
    let (status, page) = post(
        &clerk,
        &format!("{base}/login"),
        &[
            ("_csrf", &csrf),
            ("username", CLERK.0),
            ("password", CLERK.1),
        ],
    );
    assert_eq!(status, 200);
    assert!(page.contains("综窗受理人员"));
    assert_eq!(
        get(&clerk, &format!("{base}/api/v1/staff/liancheng.clerk")).0,
        404
    );
    assert_eq!(get(&clerk, &format!("{base}/api/v1/me")).0, 200);

    drop(demo);
    let log = log_of(dir.path());
    assert!(
        log.contains("138****0001"),
        "the code notice names the masked phone:\n{log}"
    );
    assert!(log.contains("/login"), "requests are logged:\n{log}");
    let leaks = unmasked_identifiers(&log);
    assert!(
        leaks.is_empty(),
        "unmasked identifiers in the log: {leaks:?}\n{log}"
    );
}

/// The 6-digit code of the newest "验证码" log line.
fn one_time_code(log: &str) -> String {
    let line = log
        .lines()
        .rev()
        .find(|l| l.contains("验证码") && l.contains("138****0001"))
        .unwrap_or_else(|| panic!("no code notice in the log:\n{log}"));
    // After the word: the timestamp at the start of the line has a
    // 6-digit fraction of its own.
    let after = &line[line.find("验证码").unwrap_or(0)..];
    after
        .split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .unwrap_or_else(|| panic!("no 6-digit code in: {line}"))
        .to_string()
}
