//! Must-show 2 of issue 9 (§3): `kill -9` in the middle of a stream of
//! submissions loses and duplicates nothing, on SQLite and on PostgreSQL.
//!
//! Applicants signed in before the server starts submit the itinerant-chef
//! bundle online, continuously, from several threads; each submission has
//! its own Idempotency-Key and a phone number no other submission uses, and
//! is retried with the same key and body on a transport error, 5xx or 429
//! until it is acknowledged. A window clerk pre-reviews and accepts some of
//! the acknowledged cases the same way. The server (the built `tongban
//! serve`) is killed with SIGKILL at deterministic points of the stream
//! and restarted on the same port and database, and killed once more at
//! the end. Then every acknowledged submission must be in the database
//! exactly once — under its key, with its phone — nothing else may be
//! there, every audit chain must verify and every acknowledged acceptance
//! must have happened exactly once.

mod nodes;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use nodes::Node;
use nodes::http::{Http, Retries, case_no};
use nodes::ledger::{Acknowledged, assert_exactly_once, case_states, report, tally};

/// Applicant threads submitting at once.
const CLIENTS: usize = 4;
/// The clerk pre-reviews and accepts every n-th acknowledged case.
const ACCEPT_EVERY: usize = 3;
/// Kills: after this many acknowledged submissions, wait this long (so
/// the kill lands among requests in flight), then SIGKILL and restart.
const KILLS: [(usize, u64); 3] = [(25, 17), (60, 43), (95, 5)];
/// Acknowledged submissions after which the clients stop.
const TOTAL: usize = 130;
/// The clerk of the chef bundle's county.
const CLERK: &str = "liancheng.clerk";

/// What the clients share with the test.
#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    /// Set once every applicant has stopped: the clerk's queue is final.
    applicants_done: AtomicBool,
    acked: Mutex<Vec<Acknowledged>>,
    count: AtomicUsize,
    retries: Mutex<Retries>,
    /// Acknowledged cases waiting for the clerk.
    to_accept: Mutex<VecDeque<String>>,
    /// Cases whose acceptance the server acknowledged.
    accepted: Mutex<Vec<String>>,
}

/// The chef bundle, submitted online with `phone`.
fn chef(phone: &str) -> Value {
    json!({
        "application": {
            "kind": "bundle",
            "bundle": "liancheng.itinerant-chef",
            "answers": {
                "already_registered": false,
                "premises": "itinerant",
                "has_health_certificate": false
            }
        },
        "channel": "online",
        "phone": phone,
    })
}

/// One applicant: submits until told to stop, each submission retried
/// under its key until acknowledged.
fn applicant(client: usize, cookie: String, base: String, shared: Arc<Shared>) {
    let http = Http::new();
    let mut seq = 0;
    while !shared.stop.load(Ordering::Relaxed) {
        seq += 1;
        let phone = format!("139{client:02}{seq:06}");
        let key = format!("submit-{client}-{seq}");
        let ((status, text), retries) = http.post_until_answered(
            &format!("{base}/api/v1/cases"),
            &cookie,
            &key,
            &chef(&phone),
        );
        assert_eq!(status, 201, "{key}: {text}");
        let no = case_no(&text);
        shared.retries.lock().unwrap().add(retries);
        let n = shared.count.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(ACCEPT_EVERY) {
            shared.to_accept.lock().unwrap().push_back(no.clone());
        }
        shared.acked.lock().unwrap().push(Acknowledged {
            key,
            phone,
            case_no: no,
        });
    }
}

/// The clerk: pre-review, then acceptance, of each queued case, until
/// told to stop and the queue is empty.
fn clerk(cookie: String, base: String, shared: Arc<Shared>) {
    let http = Http::new();
    loop {
        let next = shared.to_accept.lock().unwrap().pop_front();
        let Some(no) = next else {
            if shared.applicants_done.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        let url = format!("{base}/api/v1/cases/{no}/commands");
        for (command, key) in [
            ("pass_pre_review", format!("pre-{no}")),
            ("accept", format!("accept-{no}")),
        ] {
            let body = json!({ "command": command });
            let ((status, text), retries) = http.post_until_answered(&url, &cookie, &key, &body);
            assert_eq!(status, 200, "{command} {no}: {text}");
            shared.retries.lock().unwrap().add(retries);
        }
        shared.accepted.lock().unwrap().push(no);
    }
}

/// Blocks until `shared` has `n` acknowledged submissions.
fn wait_for(shared: &Shared, n: usize, node: &Node) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while shared.count.load(Ordering::Relaxed) < n {
        assert!(
            Instant::now() < deadline,
            "only {} of {n} submissions acknowledged:\n{}",
            shared.count.load(Ordering::Relaxed),
            node.log()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The whole scenario over the (empty) database at `url`.
fn kill_nine_loses_and_duplicates_nothing(url: &str, store: &str) {
    let started = Instant::now();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let seeded = runtime.block_on(nodes::seed::seed(url, CLIENTS, &[CLERK]));
    let dir = tempfile::tempdir().unwrap();
    let mut node = Node::start("crash", url, dir.path());
    let base = node.url("");
    let shared = Arc::new(Shared::default());

    let mut threads = Vec::new();
    for (client, cookie) in seeded.applicants.iter().enumerate() {
        let (cookie, base, shared) = (cookie.clone(), base.clone(), shared.clone());
        threads.push(std::thread::spawn(move || {
            applicant(client, cookie, base, shared)
        }));
    }
    let clerk_cookie = seeded.staff[CLERK].clone();
    let clerk_thread = {
        let (base, shared) = (base.clone(), shared.clone());
        std::thread::spawn(move || clerk(clerk_cookie, base, shared))
    };

    for (after, pause) in KILLS {
        wait_for(&shared, after, &node);
        std::thread::sleep(Duration::from_millis(pause));
        node.kill();
        std::thread::sleep(Duration::from_millis(150));
        node.restart();
    }
    wait_for(&shared, TOTAL, &node);
    shared.stop.store(true, Ordering::Relaxed);
    for thread in threads {
        thread.join().unwrap();
    }
    shared.applicants_done.store(true, Ordering::SeqCst);
    clerk_thread.join().unwrap();
    // One last kill -9: what was acknowledged must outlive it too.
    node.kill();

    let acked = shared.acked.lock().unwrap().clone();
    let tally = runtime.block_on(tally(url, &acked));
    let accepted = shared.accepted.lock().unwrap().clone();
    report(&format!(
        "{store}: {tally} kills={} accepted={} retries={:?} in {:.1?}",
        KILLS.len() + 1,
        accepted.len(),
        *shared.retries.lock().unwrap(),
        started.elapsed()
    ));
    assert_exactly_once(&tally);
    assert!(tally.acknowledged >= TOTAL);

    // Every acknowledged acceptance happened once: submitted (version 1),
    // pre-reviewed (2), accepted (3) and nothing more.
    assert!(!accepted.is_empty(), "the clerk accepted nothing");
    let states = runtime.block_on(case_states(url));
    for no in &accepted {
        assert_eq!(
            states.get(no),
            Some(&("accepted".to_string(), 3)),
            "case {no}"
        );
    }
    let others = states.iter().filter(|(no, _)| !accepted.contains(no));
    for (no, state) in others {
        assert!(
            matches!(state.0.as_str(), "submitted" | "pre_reviewed" | "accepted"),
            "case {no}: {state:?}"
        );
    }
    assert_eq!(node.starts, KILLS.len() + 1);
}

#[test]
fn kill_nine_during_submissions_on_sqlite_loses_and_duplicates_nothing() {
    let db = tongban_testkit::temp_sqlite().unwrap();
    kill_nine_loses_and_duplicates_nothing(&db.url(), "sqlite");
}

#[test]
fn kill_nine_during_submissions_on_postgres_loses_and_duplicates_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(tongban_testkit::fresh_postgres()).unwrap();
    let url = db.url().to_string();
    drop(runtime);
    kill_nine_loses_and_duplicates_nothing(&url, "postgres");
}
