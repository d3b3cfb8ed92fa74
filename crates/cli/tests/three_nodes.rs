//! Must-show 3 of issue 9 (§4): three `tongban serve` nodes on one
//! PostgreSQL behind a round-robin front (`tongban_testkit::proxy`), a
//! mixed workload, and one node killed with SIGKILL in the middle of it.
//!
//! Staff sign in through node A's login form; their session cookies are
//! then used through the front (so on every node) and checked directly on
//! each node. Applicants submit the 个体工商户登记 item online and look its
//! status up, the window clerk pre-reviews and accepts, the examiner starts
//! the review and the department leader decides — every write under its
//! own Idempotency-Key, retried with the same key and body until
//! acknowledged. Each node runs the background jobs (`serve` spawns
//! them), and `tongban work --once --at <past the deadline>` runs on three
//! processes at once, twice during the load and twice after it, so the
//! deadline warnings are raised while cases change on several nodes.
//!
//! At the end: every acknowledged submission exists exactly once, every
//! acknowledged command took effect, every audit chain verifies, each
//! warning exists once with exactly one `case.warning_raised` event, and
//! every case still running has its red warning.

mod nodes;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, Utc};
use serde_json::json;
use tongban_domain::clock::WorkCalendar;

use nodes::Node;
use nodes::http::{Http, Retries, case_no};
use nodes::ledger::{Acknowledged, assert_exactly_once, case_states, report, tally};
use nodes::seed::STAFF_PASSWORD;
use nodes::warnings::check_warnings;

/// Applicant threads.
const APPLICANTS: usize = 3;
/// The item applied for: 个体工商户登记 (3 working days by law).
const ITEM: &str = "liancheng.gtgsh-registration";
/// Acknowledged submissions before the first warning round, before node B
/// is killed, and in all.
const FIRST_ROUND_AFTER: usize = 15;
const KILL_AFTER: usize = 30;
const TOTAL: usize = 60;
/// The staff of the item's department, and where they sign in.
const CLERK: &str = "liancheng.clerk";
const EXAMINER: &str = "liancheng.examiner";
const LEADER: &str = "liancheng.scjg.leader";

/// What the workload threads share with the test.
#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    acked: Mutex<Vec<Acknowledged>>,
    count: AtomicUsize,
    lookups: AtomicUsize,
    retries: Mutex<Retries>,
    /// Work queues between the roles: accept, review, decide.
    queues: [Mutex<VecDeque<String>>; 3],
    /// Cases each role's command was acknowledged for.
    done: [Mutex<Vec<String>>; 3],
    /// Set when nothing more comes into a queue: index 0 when the
    /// applicants have stopped, `s + 1` when stage `s` has stopped.
    finished: [AtomicBool; 4],
}

/// An applicant: submits online and looks the new case up by its number
/// and the phone's last four digits, until told to stop.
fn applicant(client: usize, cookie: String, base: String, shared: Arc<Shared>) {
    let http = Http::new();
    let mut seq = 0;
    while !shared.stop.load(Ordering::Relaxed) {
        seq += 1;
        let phone = format!("138{client:02}{seq:06}");
        let key = format!("submit-{client}-{seq}");
        let body = json!({
            "application": { "kind": "item", "item": ITEM },
            "channel": "online",
            "phone": phone,
        });
        let url = format!("{base}/api/v1/cases");
        let ((status, text), retries) = http.post_until_answered(&url, &cookie, &key, &body);
        assert_eq!(status, 201, "{key}: {text}");
        let no = case_no(&text);
        let lookup = format!(
            "{base}/api/v1/status?case_no={no}&phone_last4={}",
            &phone[7..]
        );
        let found = retry_get(&http, &lookup, None);
        assert_eq!(found.0, 200, "status of {no}: {}", found.1);
        shared.lookups.fetch_add(1, Ordering::Relaxed);
        shared.retries.lock().unwrap().add(retries);
        shared.count.fetch_add(1, Ordering::Relaxed);
        shared.queues[0].lock().unwrap().push_back(no.clone());
        shared.acked.lock().unwrap().push(Acknowledged {
            key,
            phone,
            case_no: no,
        });
    }
}

/// `GET url` until it is answered (a killed node refuses it once).
fn retry_get(http: &Http, url: &str, cookie: Option<&str>) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match http.get(url, cookie) {
            Ok((status, text)) if status < 500 => return (status, text),
            other => assert!(Instant::now() < deadline, "{url}: {other:?}"),
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A staff role: takes cases from queue `stage`, issues `commands` on
/// each (every one under its own key), passes every `pass_every`-th case
/// on to the next stage, until told to stop and its queue is empty.
fn staff(
    stage: usize,
    commands: &'static [&'static str],
    pass_every: usize,
    cookie: String,
    base: String,
    shared: Arc<Shared>,
) {
    let http = Http::new();
    let mut handled: usize = 0;
    loop {
        let next = shared.queues[stage].lock().unwrap().pop_front();
        let Some(no) = next else {
            if shared.finished[stage].load(Ordering::SeqCst) {
                shared.finished[stage + 1].store(true, Ordering::SeqCst);
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        let url = format!("{base}/api/v1/cases/{no}/commands");
        for command in commands {
            let body = match *command {
                "decide" => {
                    json!({ "item": ITEM, "command": "decide", "outcome": "granted", "reasons": [] })
                }
                other => json!({ "item": ITEM, "command": other }),
            };
            let key = format!("{command}-{no}");
            let ((status, text), retries) = http.post_until_answered(&url, &cookie, &key, &body);
            assert_eq!(status, 200, "{command} {no}: {text}");
            shared.retries.lock().unwrap().add(retries);
        }
        shared.done[stage].lock().unwrap().push(no.clone());
        handled += 1;
        if stage + 1 < shared.queues.len() && handled.is_multiple_of(pass_every) {
            shared.queues[stage + 1].lock().unwrap().push_back(no);
        }
    }
}

/// Blocks until `n` submissions were acknowledged.
fn wait_for(shared: &Shared, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while shared.count.load(Ordering::Relaxed) < n {
        assert!(
            Instant::now() < deadline,
            "only {} of {n} submissions acknowledged",
            shared.count.load(Ordering::Relaxed)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A moment past every deadline of a case accepted today: five working
/// days on, at 09:00 Beijing time (the item's legal limit is three).
fn past_the_deadline() -> String {
    let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
    let today = Utc::now().with_timezone(&beijing).date_naive();
    let calendar = WorkCalendar::national().unwrap();
    let day = calendar.add_working_days(today, 5, &[]).unwrap();
    format!("{day}T09:00:00+08:00")
}

/// Every staff cookie answers 200 on `node` directly; no cookie, 401.
fn sessions_hold_on(node: &Node, cookies: &[(&str, &str)]) {
    let http = Http::new();
    for (who, cookie) in cookies {
        let list = if *who == CLERK { "intake" } else { "inbox" };
        let url = node.url(&format!("/api/v1/worklists/{list}"));
        let (status, text) = http.get(&url, Some(cookie)).unwrap();
        assert_eq!(status, 200, "{who} on {}: {text}", node.addr());
        let (status, _) = http.get(&url, None).unwrap();
        assert_eq!(status, 401, "without a session on {}", node.addr());
    }
}

#[test]
fn three_nodes_behind_a_front_lose_and_duplicate_nothing_when_one_is_killed() {
    let started = Instant::now();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(tongban_testkit::fresh_postgres()).unwrap();
    let url = database.url().to_string();
    let seeded = runtime.block_on(nodes::seed::seed(&url, APPLICANTS, &[]));
    let dir = tempfile::tempdir().unwrap();
    let mut cluster: Vec<Node> = ["a", "b", "c"]
        .into_iter()
        .map(|name| Node::spawn(name, &url, dir.path()))
        .collect();
    cluster.iter().for_each(Node::wait_healthy);
    let addrs = cluster.iter().map(Node::addr).collect();
    let proxy = runtime
        .block_on(tongban_testkit::proxy::Proxy::start(addrs))
        .unwrap();
    let base = proxy.url();

    // Staff sign in through node A; the sessions hold on every node.
    let http = Http::new();
    let a = cluster[0].url("");
    let cookies: Vec<(&str, String)> = [CLERK, EXAMINER, LEADER]
        .into_iter()
        .map(|who| (who, http.staff_login(&a, who, STAFF_PASSWORD)))
        .collect();
    let pairs: Vec<(&str, &str)> = cookies.iter().map(|(w, c)| (*w, c.as_str())).collect();
    cluster
        .iter()
        .for_each(|node| sessions_hold_on(node, &pairs));

    let shared = Arc::new(Shared::default());
    let mut applicants = Vec::new();
    for (client, cookie) in seeded.applicants.iter().enumerate() {
        let (cookie, base, shared) = (cookie.clone(), base.clone(), shared.clone());
        applicants.push(std::thread::spawn(move || {
            applicant(client, cookie, base, shared)
        }));
    }
    let mut threads = Vec::new();
    let roles: [(&'static [&'static str], usize); 3] = [
        (&["pass_pre_review", "accept"], 2),
        (&["start_review"], 2),
        (&["decide"], 1),
    ];
    for (stage, ((commands, pass_every), (_, cookie))) in
        roles.into_iter().zip(&cookies).enumerate()
    {
        let (cookie, base, shared) = (cookie.clone(), base.clone(), shared.clone());
        threads.push(std::thread::spawn(move || {
            staff(stage, commands, pass_every, cookie, base, shared)
        }));
    }

    let at = past_the_deadline();
    let mut raised = Vec::new();
    wait_for(&shared, FIRST_ROUND_AFTER);
    raised.extend(nodes::work_once(&url, &at, 3, dir.path()));
    wait_for(&shared, KILL_AFTER);
    std::thread::sleep(Duration::from_millis(23));
    cluster[1].kill();
    let at_kill = shared.count.load(Ordering::Relaxed);
    raised.extend(nodes::work_once(&url, &at, 3, dir.path()));
    wait_for(&shared, TOTAL.max(at_kill + 20));
    shared.stop.store(true, Ordering::Relaxed);
    for thread in applicants {
        thread.join().unwrap();
    }
    shared.finished[0].store(true, Ordering::SeqCst);
    for thread in threads {
        thread.join().unwrap();
    }
    // With the load over, one more round raises what changing cases
    // skipped; a second finds nothing left to raise.
    raised.extend(nodes::work_once(&url, &at, 3, dir.path()));
    let quiet = nodes::work_once(&url, &at, 3, dir.path());
    let survivors: Vec<&Node> = [&cluster[0], &cluster[2]].into();
    survivors
        .iter()
        .for_each(|node| sessions_hold_on(node, &pairs));

    let acked = shared.acked.lock().unwrap().clone();
    let tally = runtime.block_on(tally(&url, &acked));
    let done: Vec<Vec<String>> = shared
        .done
        .iter()
        .map(|d| d.lock().unwrap().clone())
        .collect();
    // Accepted and not decided: still running past the deadline.
    let running: Vec<&String> = done[0].iter().filter(|no| !done[2].contains(no)).collect();
    let warnings = runtime.block_on(check_warnings(&url, &running));
    report(&format!(
        "three nodes: {tally} accepted={} reviewed={} decided={} lookups={} warnings={warnings} \
         raised_per_round={raised:?} killed_after={at_kill} served={:?} retries={:?} in {:.1?}",
        done[0].len(),
        done[1].len(),
        done[2].len(),
        shared.lookups.load(Ordering::Relaxed),
        proxy.served(),
        *shared.retries.lock().unwrap(),
        started.elapsed()
    ));
    assert_exactly_once(&tally);
    assert_eq!(quiet, vec![0, 0, 0], "a second quiet round raises nothing");
    assert_eq!(raised.iter().sum::<usize>() as i64, warnings);
    assert!(
        proxy.served().iter().all(|n| *n > 0),
        "{:?}",
        proxy.served()
    );
    assert_eq!(proxy.dropped(), 0, "two nodes were up throughout");
    assert_eq!(shared.lookups.load(Ordering::Relaxed), tally.acknowledged);

    // Every acknowledged command took effect, once.
    let states = runtime.block_on(case_states(&url));
    for (stage, expected) in ["accepted", "under_review", "decided"].iter().enumerate() {
        let later: Vec<&String> = done[stage + 1..].iter().flatten().collect();
        for no in done[stage].iter().filter(|no| !later.contains(no)) {
            assert_eq!(states[no].0, *expected, "case {no}");
        }
    }
    drop(proxy);
    drop(cluster);
}
