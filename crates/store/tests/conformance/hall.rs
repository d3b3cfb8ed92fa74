//! Hall queue checks: numbers taken, called and served.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use tongban_domain::hall::{TicketChannel, TicketState, WindowState};
use tongban_domain::ident::RegionCode;
use tongban_store::{
    CallOutcome, Db, Finish, HallStore, HallWrite, NewTicket, Stamp, WindowChange, WindowWrite,
};

use crate::common::Fixture;

const HALL: &str = "350825-zwzx";

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

fn stamp(actor: &str, when: DateTime<Utc>) -> Stamp {
    Stamp {
        actor: actor.into(),
        at: when,
    }
}

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

/// A hall of 连城县 with `windows` windows (`01`…); `serves` lists what
/// each serves (missing entries serve everything).
async fn hall(db: &Db, code: &str, county: &str, windows: usize, serves: &[&[&str]]) {
    let when = at("2025-09-30T08:00:00+08:00");
    let write = HallWrite {
        code: code.into(),
        name: format!("{county}政务服务中心"),
        region: region(county),
        address: None,
    };
    assert!(db.save_hall(&write, &stamp("admin", when)).await.unwrap());
    for i in 1..=windows {
        let window = WindowWrite {
            hall: code.into(),
            code: format!("{i:02}"),
            name: format!("{i}号窗口"),
            serves: serves
                .get(i - 1)
                .map(|s| s.iter().map(|c| c.to_string()).collect())
                .unwrap_or_default(),
        };
        db.save_window(&window, &stamp("admin", when))
            .await
            .unwrap();
    }
}

async fn take(db: &Db, hall: &str, service: Option<&str>, when: DateTime<Utc>) -> String {
    let new = NewTicket {
        hall: hall.into(),
        channel: TicketChannel::Kiosk,
        service: service.map(str::to_string),
        service_name: None,
        department: None,
        phone: None,
        taken_by: None,
    };
    db.take_ticket(&new, &stamp("kiosk", when))
        .await
        .unwrap()
        .id
}

async fn open(db: &Db, hall: &str, window: &str, clerk: &str, when: DateTime<Utc>) {
    let change = db
        .set_window(hall, window, true, &stamp(clerk, when))
        .await
        .unwrap();
    assert!(matches!(change, WindowChange::Done(w) if w.state == WindowState::Open));
}

async fn call(db: &Db, window: &str, clerk: &str, when: DateTime<Utc>) -> CallOutcome {
    db.call_next(HALL, window, &stamp(clerk, when))
        .await
        .unwrap()
}

fn called_id(outcome: CallOutcome) -> String {
    match outcome {
        CallOutcome::Called(t) => t.id,
        other => panic!("expected a called number, got {other:?}"),
    }
}

pub async fn numbers_are_called_first_come_first_served_by_windows_that_serve_them(f: Fixture) {
    let db = &f.db;
    hall(db, HALL, "350825", 2, &[&[], &["food-licence"]]).await;
    let t0 = at("2025-09-30T09:00:00+08:00");
    let a = take(db, HALL, None, t0).await;
    let b = take(db, HALL, Some("food-licence"), t0 + Duration::minutes(1)).await;
    let c = take(db, HALL, None, t0 + Duration::minutes(2)).await;
    let ticket_a = db.ticket(&a).await.unwrap().unwrap();
    assert_eq!((ticket_a.label.as_str(), ticket_a.seq), ("A001", 1));
    let ticket_c = db.ticket(&c).await.unwrap().unwrap();
    assert_eq!(db.waiting_ahead(&ticket_c).await.unwrap(), 2);

    // A paused window calls nothing.
    let t1 = t0 + Duration::minutes(5);
    assert_eq!(
        call(db, "01", "clerk1", t1).await,
        CallOutcome::WindowNotOpen
    );
    open(db, HALL, "01", "clerk1", t1).await;
    open(db, HALL, "02", "clerk2", t1).await;
    // Another clerk cannot call from a window someone holds.
    assert_eq!(
        call(db, "01", "clerk2", t1).await,
        CallOutcome::WindowNotOpen
    );

    // The food window skips A, which it does not serve; the 综合窗口 takes A.
    assert_eq!(called_id(call(db, "02", "clerk2", t1).await), b);
    assert_eq!(called_id(call(db, "01", "clerk1", t1).await), a);
    assert!(matches!(call(db, "01", "clerk1", t1).await, CallOutcome::Busy(t) if t.id == a));
    assert_eq!(db.waiting_ahead(&ticket_c).await.unwrap(), 0);

    // Only the clerk who called a number finishes it.
    let served = Finish::Served {
        case_no: Some("LC20250930001".into()),
    };
    assert_eq!(
        db.finish_ticket(&a, &served, &stamp("clerk2", t1))
            .await
            .unwrap(),
        None
    );
    let done = db
        .finish_ticket(&a, &served, &stamp("clerk1", t1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.state, TicketState::Served);
    assert_eq!(done.case_no.as_deref(), Some("LC20250930001"));
    assert_eq!(called_id(call(db, "01", "clerk1", t1).await), c);
    db.finish_ticket(&c, &Finish::Absent, &stamp("clerk1", t1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(call(db, "01", "clerk1", t1).await, CallOutcome::Empty);
    // A finished number cannot be finished again.
    assert_eq!(
        db.finish_ticket(&c, &served, &stamp("clerk1", t1))
            .await
            .unwrap(),
        None
    );
}

pub async fn two_concurrent_calls_never_get_the_same_number(f: Fixture) {
    let windows = 4;
    hall(&f.db, HALL, "350825", windows, &[]).await;
    let t0 = at("2025-09-30T09:00:00+08:00");
    for i in 0..24 {
        take(&f.db, HALL, None, t0 + Duration::seconds(i)).await;
    }
    let t1 = t0 + Duration::minutes(30);
    for w in 1..=windows {
        open(&f.db, HALL, &format!("{w:02}"), &format!("clerk{w}"), t1).await;
    }
    let mut tasks = Vec::new();
    for w in 1..=windows {
        let db = f.db.clone();
        tasks.push(tokio::spawn(async move {
            let (window, clerk) = (format!("{w:02}"), format!("clerk{w}"));
            let mut got = Vec::new();
            loop {
                match db
                    .call_next(HALL, &window, &stamp(&clerk, t1))
                    .await
                    .unwrap()
                {
                    CallOutcome::Called(t) => {
                        let how = Finish::Served { case_no: None };
                        db.finish_ticket(&t.id, &how, &stamp(&clerk, t1))
                            .await
                            .unwrap()
                            .unwrap();
                        got.push(t.id);
                    }
                    CallOutcome::Empty => return got,
                    other => panic!("unexpected {other:?}"),
                }
            }
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let distinct: BTreeSet<&String> = all.iter().collect();
    assert_eq!(all.len(), 24, "every number called once");
    assert_eq!(distinct.len(), 24, "no number called twice");
}

pub async fn snapshot_figures_count_today_s_numbers_of_the_region_only(f: Fixture) {
    let db = &f.db;
    hall(db, HALL, "350825", 3, &[]).await;
    hall(db, "350982-zwzx", "350982", 1, &[]).await;
    // Yesterday's forgotten number neither waits today nor counts.
    take(db, HALL, None, at("2025-09-29T16:00:00+08:00")).await;
    take(db, "350982-zwzx", None, at("2025-09-30T09:00:00+08:00")).await;
    let t0 = at("2025-09-30T09:00:00+08:00");
    let ids = [
        take(db, HALL, None, t0).await,
        take(db, HALL, None, t0 + Duration::minutes(2)).await,
        take(db, HALL, None, t0 + Duration::minutes(4)).await,
        take(db, HALL, None, t0 + Duration::minutes(6)).await,
    ];
    open(db, HALL, "01", "clerk1", t0).await;
    open(db, HALL, "02", "clerk2", t0).await;
    // Waits: 10 min (then served) and 13 min (still at the window).
    assert_eq!(
        called_id(call(db, "01", "clerk1", t0 + Duration::minutes(10)).await),
        ids[0]
    );
    let how = Finish::Served { case_no: None };
    db.finish_ticket(&ids[0], &how, &stamp("clerk1", t0 + Duration::minutes(14)))
        .await
        .unwrap();
    assert_eq!(
        called_id(call(db, "02", "clerk2", t0 + Duration::minutes(15)).await),
        ids[1]
    );

    let day = tongban_domain::hall::business_day(t0);
    let figures = db.hall_figures(&region("350825"), day).await.unwrap();
    assert_eq!(
        figures.len(),
        1,
        "the other county's hall is outside 连城县"
    );
    let f = &figures[0].figures;
    assert_eq!(figures[0].hall.code, HALL);
    assert_eq!(f.waiting, 2);
    assert_eq!(f.oldest_waiting_taken_at, Some(t0 + Duration::minutes(4)));
    assert_eq!((f.called, f.called_wait_seconds), (2, (10 + 13) * 60));
    assert_eq!((f.windows_open, f.served), (2, 1));
    let province = db.hall_figures(&region("350000"), day).await.unwrap();
    assert_eq!(province.len(), 2, "the province sees both halls");
    let called = db.called_tickets(HALL, day, 10).await.unwrap();
    assert_eq!(
        called.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
        vec![ids[1].clone()]
    );
}

pub async fn every_change_leaves_an_audit_record_of_who_and_when(f: Fixture) {
    let db = &f.db;
    hall(db, HALL, "350825", 1, &[]).await;
    let t0 = at("2025-09-30T09:00:00+08:00");
    let new = NewTicket {
        hall: HALL.into(),
        channel: TicketChannel::Online,
        service: None,
        service_name: None,
        department: None,
        phone: Some("13800138000".into()),
        taken_by: Some("applicant:1".into()),
    };
    let ticket = db
        .take_ticket(&new, &stamp("applicant:1", t0))
        .await
        .unwrap();
    assert_eq!(ticket.label, "Y001");
    open(db, HALL, "01", "clerk1", t0).await;
    call(db, "01", "clerk1", t0 + Duration::minutes(3)).await;
    db.finish_ticket(
        &ticket.id,
        &Finish::Absent,
        &stamp("clerk1", t0 + Duration::minutes(5)),
    )
    .await
    .unwrap();
    let paused = db
        .set_window(HALL, "01", false, &stamp("clerk1", t0))
        .await
        .unwrap();
    assert!(matches!(paused, WindowChange::Done(w) if w.state == WindowState::Paused));
    let trail = db.hall_audit(HALL, 50).await.unwrap();
    let actions: Vec<(&str, &str)> = trail
        .iter()
        .rev()
        .map(|a| (a.action.as_str(), a.actor.as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("hall.saved", "admin"),
            ("window.saved", "admin"),
            ("ticket.taken", "applicant:1"),
            ("window.opened", "clerk1"),
            ("ticket.called", "clerk1"),
            ("ticket.absent", "clerk1"),
            ("window.paused", "clerk1"),
        ]
    );
    let taken = trail.iter().find(|a| a.action == "ticket.taken").unwrap();
    assert_eq!(taken.at, t0);
    assert!(!taken.detail.contains("13800138000"), "{}", taken.detail);
    assert!(taken.detail.contains("138****8000"), "{}", taken.detail);
}
