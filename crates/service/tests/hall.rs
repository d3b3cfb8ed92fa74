//! The service hall queue (取号叫号) at the service layer, on a temporary
//! SQLite platform with the demo catalog and a clock the test moves:
//! supervisors see the halls of their region only, clerks work windows of
//! their region only, and the waiting-time figures follow the clock.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::hall::HallSnapshot;
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::hall::{HallInput, TakeInput, WindowInput};
use tongban_service::{Clock, Platform, PlatformConfig, ServiceError, SmsGateway, UploadLimits};
use tongban_store::Db;

struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    fn set(&self, rfc3339: &str) {
        *self.0.lock().unwrap() = at(rfc3339);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

struct NoSms;

impl SmsGateway for NoSms {
    fn send_code(&self, _phone: &str, _code: &str) -> Result<(), ServiceError> {
        Ok(())
    }
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

struct Env {
    p: Platform,
    clock: Arc<TestClock>,
    _file: tongban_testkit::TempSqlite,
    _dir: tempfile::TempDir,
}

async fn env() -> Env {
    let file = tongban_testkit::temp_sqlite().unwrap();
    let db = Arc::new(Db::connect(&file.url()).await.unwrap());
    db.migrate().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(TestClock(Mutex::new(at("2025-09-30T09:00:00+08:00"))));
    let p = Platform::open(
        db,
        PlatformConfig {
            uploads_dir: dir.path().join("uploads"),
            upload_limits: UploadLimits::default(),
            sms: Arc::new(NoSms),
            clock: clock.clone(),
            licence_key: PlatformConfig::demo_licence_key(),
        },
    )
    .await
    .unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    p.catalog.import(parsed).await.unwrap();
    Env {
        p,
        clock,
        _file: file,
        _dir: dir,
    }
}

fn staff(name: &str, role: Role, region: &str) -> Actor {
    Actor {
        id: format!("staff:{name}"),
        kind: ActorKind::Staff,
        roles: vec![role],
        region: Some(RegionCode::parse(region).unwrap()),
        department: Some(Code::parse("350825-scjg").unwrap()),
        token_scopes: None,
    }
}

fn snapshot_of<'a>(list: &'a [HallSnapshot], hall: &str) -> &'a HallSnapshot {
    list.iter()
        .find(|s| s.hall == hall)
        .unwrap_or_else(|| panic!("{hall} missing: {list:?}"))
}

/// 连城县政务服务中心 with one 综合窗口, made by the province's administrator.
async fn liancheng_hall(env: &Env) {
    let admin = staff("fj.admin", Role::CatalogAdmin, "350000");
    let hall = HallInput {
        name: "连城县政务服务中心".into(),
        region: "350825".into(),
        address: None,
    };
    assert!(
        env.p
            .hall
            .save_hall(&admin, "lc-zwzx", &hall)
            .await
            .unwrap()
    );
    let window = WindowInput {
        name: "1号综合窗口".into(),
        serves: vec![],
    };
    env.p
        .hall
        .save_window(&admin, "lc-zwzx", "01", &window)
        .await
        .unwrap();
}

#[tokio::test]
async fn waiting_times_follow_the_clock_and_start_over_the_next_day() {
    let env = env().await;
    liancheng_hall(&env).await;
    let hall = &env.p.hall;
    let supervisor = staff("lc.sup", Role::Supervisor, "350825");
    let clerk = staff("lc.clerk", Role::WindowClerk, "350825");

    let first = hall
        .take(None, "lc-zwzx", &TakeInput::default())
        .await
        .unwrap();
    assert_eq!((first.number.as_str(), first.ahead), ("A001", Some(0)));
    env.clock.set("2025-09-30T09:04:00+08:00");
    let second = hall
        .take(None, "lc-zwzx", &TakeInput::default())
        .await
        .unwrap();
    assert_eq!((second.number.as_str(), second.ahead), ("A002", Some(1)));

    env.clock.set("2025-09-30T09:10:00+08:00");
    let now = hall.now(&supervisor).await.unwrap();
    let s = snapshot_of(&now, "lc-zwzx");
    assert_eq!(
        (s.waiting, s.longest_wait_minutes, s.average_wait_minutes),
        (2, Some(10), None)
    );
    assert_eq!(s.windows_open, 0);

    hall.open_window(&clerk, "lc-zwzx", "01").await.unwrap();
    let called = hall
        .call_next(&clerk, "lc-zwzx", "01")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(called.number, "A001");
    env.clock.set("2025-09-30T09:20:00+08:00");
    let s = hall.now(&supervisor).await.unwrap().remove(0);
    // A001 waited 10 minutes; A002 has waited 16 so far.
    assert_eq!(
        (s.waiting, s.average_wait_minutes, s.longest_wait_minutes),
        (1, Some(10), Some(16))
    );
    assert_eq!((s.windows_open, s.served_today), (1, 0));

    hall.serve(&clerk, &called.id, None).await.unwrap();
    let next = hall
        .call_next(&clerk, "lc-zwzx", "01")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.number, "A002");
    let s = hall.now(&supervisor).await.unwrap().remove(0);
    // (10 + 16) / 2 = 13 minutes on average; nobody waits any more.
    assert_eq!(
        (s.waiting, s.average_wait_minutes, s.longest_wait_minutes),
        (0, Some(13), None)
    );
    assert_eq!(s.served_today, 1);

    env.clock.set("2025-10-01T08:30:00+08:00");
    let s = hall.now(&supervisor).await.unwrap().remove(0);
    assert_eq!(
        (s.waiting, s.served_today, s.average_wait_minutes),
        (0, 0, None)
    );
    let fresh = hall
        .take(None, "lc-zwzx", &TakeInput::default())
        .await
        .unwrap();
    assert_eq!(fresh.number, "A001", "numbers start over each day");
}

#[tokio::test]
async fn supervisors_see_the_halls_of_their_region_only() {
    let env = env().await;
    let seeded = env
        .p
        .hall
        .seed_demo(at("2025-09-30T10:30:00+08:00"))
        .await
        .unwrap();
    assert!(seeded.halls >= 2, "{seeded:?}");
    let dezhou = staff("dz.sup", Role::Supervisor, "371400");
    let halls: Vec<String> = env
        .p
        .hall
        .now(&dezhou)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.hall)
        .collect();
    assert_eq!(halls, vec!["371425-zwzx".to_string()]);
    let fujian = staff("fj.sup", Role::Supervisor, "350000");
    let halls = env.p.hall.now(&fujian).await.unwrap();
    assert!(halls.iter().all(|s| s.hall.starts_with("35")), "{halls:?}");
    assert!(halls.iter().any(|s| s.name == "连城县政务服务中心"));
    let clerk = staff("lc.clerk", Role::WindowClerk, "350825");
    let err = env.p.hall.now(&clerk).await.unwrap_err();
    assert_eq!(err.code(), "forbidden_role");
}

#[tokio::test]
async fn a_clerk_works_windows_of_their_own_region_only() {
    let env = env().await;
    liancheng_hall(&env).await;
    let outsider = staff("fd.clerk", Role::WindowClerk, "350982");
    let err = env
        .p
        .hall
        .open_window(&outsider, "lc-zwzx", "01")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "forbidden_region");
    assert!(
        env.p
            .hall
            .halls_for_clerk(&outsider)
            .await
            .unwrap()
            .is_empty()
    );

    let clerk = staff("lc.clerk", Role::WindowClerk, "350825");
    let ticket = env
        .p
        .hall
        .take(None, "lc-zwzx", &TakeInput::default())
        .await
        .unwrap();
    let err = env
        .p
        .hall
        .call_next(&clerk, "lc-zwzx", "01")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "hall_window_not_open");
    env.p
        .hall
        .open_window(&clerk, "lc-zwzx", "01")
        .await
        .unwrap();
    let other = staff("lc.clerk2", Role::WindowClerk, "350825");
    let err = env
        .p
        .hall
        .open_window(&other, "lc-zwzx", "01")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "hall_window_held");
    env.p
        .hall
        .call_next(&clerk, "lc-zwzx", "01")
        .await
        .unwrap()
        .unwrap();
    let err = env.p.hall.absent(&outsider, &ticket.id).await.unwrap_err();
    assert_eq!(err.code(), "forbidden_region");
    let err = env
        .p
        .hall
        .serve(&other, &ticket.id, None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "hall_ticket_not_called");

    // An administrator of another province may not create halls here.
    let shandong = staff("sd.admin", Role::CatalogAdmin, "370000");
    let input = HallInput {
        name: "连城县第二大厅".into(),
        region: "350825".into(),
        address: None,
    };
    let err = env
        .p
        .hall
        .save_hall(&shandong, "lc-2", &input)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "forbidden_region");
}

#[tokio::test]
async fn numbers_refuse_bad_phones_unknown_items_and_anonymous_appointments() {
    let env = env().await;
    liancheng_hall(&env).await;
    let service = env.p.hall.clone();
    let take = |input: TakeInput| {
        let service = service.clone();
        async move { service.take(None, "lc-zwzx", &input).await }
    };
    let phone = TakeInput {
        phone: Some("12345".into()),
        ..TakeInput::default()
    };
    assert_eq!(take(phone).await.unwrap_err().code(), "hall_phone_invalid");
    let unknown = TakeInput {
        service: Some("no-such-item".into()),
        ..TakeInput::default()
    };
    assert_eq!(
        take(unknown).await.unwrap_err().code(),
        "hall_service_unknown"
    );
    let online = TakeInput {
        channel: Some("online".into()),
        ..TakeInput::default()
    };
    assert_eq!(
        take(online).await.unwrap_err().code(),
        "hall_online_sign_in"
    );
    let missing = env
        .p
        .hall
        .take(None, "nowhere", &TakeInput::default())
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "hall_not_found");

    let ok = TakeInput {
        phone: Some("138 0013 8000".into()),
        ..TakeInput::default()
    };
    let ticket = take(ok).await.unwrap();
    assert_eq!(ticket.phone.as_deref(), Some("138****8000"));
}

#[tokio::test]
async fn the_demo_halls_are_seeded_once_and_fill_the_panel() {
    let env = env().await;
    let now = at("2025-09-30T10:30:00+08:00");
    env.clock.set("2025-09-30T10:30:00+08:00");
    let first = env.p.hall.seed_demo(now).await.unwrap();
    assert_eq!(first.created, first.halls);
    assert_eq!(first.tickets, first.halls * 8);
    let again = env.p.hall.seed_demo(now).await.unwrap();
    assert_eq!((again.created, again.tickets), (0, 0));

    let supervisor = staff("lc.sup", Role::Supervisor, "350825");
    let s = env.p.hall.now(&supervisor).await.unwrap().remove(0);
    assert_eq!(s.name, "连城县政务服务中心");
    assert_eq!((s.waiting, s.served_today, s.windows_open), (3, 2, 2));
    assert!(s.average_wait_minutes.is_some() && s.longest_wait_minutes.is_some());
    let board = env.p.hall.board("350825-zwzx").await.unwrap();
    assert_eq!(board.calling.len(), 2);
    let hall = env.p.hall.hall("350825-zwzx").await.unwrap();
    assert_eq!(hall.windows.len(), 4);
    assert_eq!(hall.windows[3].serves, vec!["350825-scjg".to_string()]);
}
