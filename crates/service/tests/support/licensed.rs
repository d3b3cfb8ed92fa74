//! The shared fixture of the tests that need a held licence: the whole
//! platform over a temporary SQLite database with the demo catalog and the
//! demo subjects, a clock the test sets, actors of 连城县, applicants linked
//! to demo enterprises (实名核验), and the business licence (营业执照) that
//! granting the itinerant chef's registration issues to its owner.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tempfile::TempDir;
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{Command, IntakeChannel, Outcome};
use tongban_domain::guidance::{Answer, Answers};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::licence::{Licence, LicenceHolder};
use tongban_domain::subject::SubjectKey;
use tongban_service::subjects::demo_enterprises;
use tongban_service::{
    Application, CaseCommand, Clock, LogSms, Platform, PlatformConfig, SubmitRequest, UploadLimits,
};
use tongban_store::{Db, LicenceStore};

pub const CHEF: &str = "liancheng.itinerant-chef";
pub const GTGSH: &str = "liancheng.gtgsh-registration";
/// 连城县市场监督管理局, which issues the business licence.
pub const SCJG: &str = "350825-scjg";

/// A clock the test sets.
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    pub fn set(&self, rfc3339: &str) {
        *self.0.lock().unwrap() = at(rfc3339);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

pub fn code(c: &str) -> Code {
    Code::parse(c).unwrap()
}

pub struct Env {
    pub platform: Platform,
    pub db: Arc<Db>,
    pub clock: Arc<TestClock>,
    _dir: TempDir,
}

/// The platform with the demo catalog and subjects, its clock at `now`.
pub async fn platform_at(now: &str) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("tongban.db").display());
    let db = Arc::new(Db::connect(&url).await.unwrap());
    db.migrate().await.unwrap();
    let clock = Arc::new(TestClock(Mutex::new(at(now))));
    let platform = Platform::open(
        db.clone(),
        PlatformConfig {
            uploads_dir: dir.path().join("uploads"),
            upload_limits: UploadLimits::default(),
            sms: Arc::new(LogSms),
            clock: clock.clone(),
            licence_key: PlatformConfig::demo_licence_key(),
        },
    )
    .await
    .unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    platform.catalog.import(parsed).await.unwrap();
    platform.subjects.seed_demo(None).await.unwrap();
    Env {
        platform,
        db,
        clock,
        _dir: dir,
    }
}

/// A staff member of a 连城县 department.
pub fn staff(name: &str, role: Role, department: &str) -> Actor {
    Actor {
        id: format!("staff:{name}"),
        kind: ActorKind::Staff,
        roles: vec![role],
        region: Some(RegionCode::parse("350825").unwrap()),
        department: Some(code(department)),
        token_scopes: None,
    }
}

pub fn applicant(id: &str) -> Actor {
    Actor {
        id: format!("applicant:{id}"),
        kind: ActorKind::Applicant,
        roles: vec![Role::Applicant],
        region: None,
        department: None,
        token_scopes: None,
    }
}

/// The `n`-th demo enterprise as a holder, with `actor` linked to it
/// (实名核验 by name and 统一社会信用代码).
pub async fn linked_enterprise(env: &Env, actor: &Actor, n: usize) -> LicenceHolder {
    let enterprise = demo_enterprises().unwrap().swap_remove(n);
    let subject = env
        .platform
        .subjects
        .verify_identity(actor, &enterprise.name, enterprise.uscc.as_str())
        .await
        .unwrap();
    LicenceHolder {
        subject: subject.id,
        name: enterprise.name,
        identifier: SubjectKey::Uscc(enterprise.uscc),
    }
}

/// The chef's registration member granted for a window case owned by
/// `owner`, and the business licence the grant issued (in the decision's
/// transaction) to the subject the owner is linked to.
pub async fn issued_licence(env: &Env, owner: &Actor) -> Licence {
    let cases = &env.platform.cases;
    let clerk = staff("lc.clerk", Role::WindowClerk, SCJG);
    let mut answers = Answers::new();
    answers.insert("already_registered".into(), Answer::YesNo(false));
    answers.insert("premises".into(), Answer::Choice("itinerant".into()));
    answers.insert("has_health_certificate".into(), Answer::YesNo(false));
    let request = SubmitRequest {
        application: Application::Bundle {
            bundle: CHEF.into(),
            answers,
        },
        channel: IntakeChannel::Window,
        owner: Some(owner.id.clone()),
        phone: None,
        authorisation: None,
    };
    let no = cases
        .submit(&clerk, request, None)
        .await
        .unwrap()
        .case
        .case_no
        .to_string();
    let act = |item: Option<&str>, command| CaseCommand {
        item: item.map(code),
        command,
    };
    let decide = Command::Decide {
        outcome: Outcome::Granted,
        reasons: vec![],
    };
    let steps = [
        (clerk, act(None, Command::Accept)),
        (
            staff("scjg.ex", Role::Examiner, SCJG),
            act(Some(GTGSH), Command::StartReview),
        ),
        (
            staff("scjg.lead", Role::DepartmentLeader, SCJG),
            act(Some(GTGSH), decide),
        ),
    ];
    for (who, command) in steps {
        cases.act(&who, &no, command, None).await.unwrap();
    }
    env.db
        .licence_issued_for(&no, GTGSH)
        .await
        .unwrap()
        .map(|row| row.licence)
        .expect("the granted registration issues the owner's business licence")
}
