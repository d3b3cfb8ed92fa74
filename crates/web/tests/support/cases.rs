//! Case test support: the real router over SQLite or PostgreSQL with the
//! demo catalog and demo accounts, an SMS gateway that keeps the codes so
//! the demo applicant can sign in, and the staff the demo set lacks for the
//! itinerant-chef bundle (a 卫健委 examiner and the two departments'
//! leaders, who decide).

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, header};
use std::collections::{BTreeMap, VecDeque};

use serde_json::{Value, json};
use tongban_domain::auth::Role;
use tongban_domain::case::{
    Case, CaseState, Command, CommandKind, CommitmentFinding, DeliveryMethod, IntakeChannel,
    ItemCase, Outcome, TransitionError,
};
use tongban_domain::ident::Code;
use tongban_service::DEMO_PHONE;
use tongban_store::{CaseStore, Db};
use tongban_testkit::PgDatabase;

use super::{App, Reply};

/// The demo staff password.
pub const PASSWORD: &str = "Tongban#2026";
/// The itinerant-chef bundle and its members.
pub const CHEF: &str = "liancheng.itinerant-chef";
pub const GTGSH: &str = "liancheng.gtgsh-registration";
pub const FOOD: &str = "liancheng.food-business-licence";
pub const HEALTH: &str = "liancheng.health-certificate";
/// A gap-allowed material of the food licence (容缺).
pub const GAP: &str = "equipment-layout";

/// The application, its database and the kept codes.
pub struct CaseApp {
    pub app: App,
    pub db: Arc<Db>,
    _pg: Option<PgDatabase>,
}

impl std::ops::Deref for CaseApp {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl CaseApp {
    /// Over a new SQLite file.
    pub async fn sqlite() -> CaseApp {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("tongban.db").display());
        CaseApp::open(dir, &url, None).await
    }

    /// Over a new PostgreSQL database of the test cluster.
    pub async fn postgres() -> CaseApp {
        let dir = tempfile::tempdir().unwrap();
        let database = tongban_testkit::fresh_postgres().await.unwrap();
        let url = database.url().to_string();
        CaseApp::open(dir, &url, Some(database)).await
    }

    async fn open(dir: tempfile::TempDir, url: &str, pg: Option<PgDatabase>) -> CaseApp {
        let app = App::open(dir, url).await;
        // A second pool over the same database, to count rows behind the app.
        let db = Arc::new(Db::connect(url).await.unwrap());
        CaseApp { app, db, _pg: pg }
    }

    /// The session cookie (`tb_session=…`) of a staff account.
    pub async fn staff_cookie(&self, username: &str) -> String {
        let session = self
            .platform
            .accounts
            .login_staff(username, PASSWORD)
            .await
            .unwrap();
        format!("tb_session={}", session.token)
    }

    /// The demo applicant's session cookie, signed in with a code.
    pub async fn applicant_cookie(&self) -> String {
        self.platform
            .accounts
            .request_code(DEMO_PHONE)
            .await
            .unwrap();
        let code = self.sms.last_code(DEMO_PHONE);
        let session = self
            .platform
            .accounts
            .login_applicant(DEMO_PHONE, &code)
            .await
            .unwrap();
        format!("tb_session={}", session.token)
    }

    /// `GET uri` as the holder of `cookie`.
    pub async fn get_as(&self, uri: &str, cookie: &str) -> Reply {
        self.send(
            Request::get(uri)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// `POST uri` with a JSON body as the holder of `cookie`, with an
    /// optional Idempotency-Key.
    pub async fn post_as(&self, uri: &str, cookie: &str, body: &Value, key: Option<&str>) -> Reply {
        let mut request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, cookie);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// A command on a case; panics with the answer unless it is 200.
    pub async fn act(&self, case_no: &str, cookie: &str, body: Value) -> Value {
        let reply = self
            .post_as(
                &format!("/api/v1/cases/{case_no}/commands"),
                cookie,
                &body,
                None,
            )
            .await;
        assert_eq!(reply.status, 200, "{body}: {}", reply.text);
        reply.json()
    }
}

impl CaseApp {
    /// Submits `body` as the holder of `cookie`; panics unless 201.
    pub async fn submit(&self, cookie: &str, body: &Value) -> Value {
        let reply = self.post_as("/api/v1/cases", cookie, body, None).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        reply.json()
    }

    /// How many audit records the case has, read through the API.
    pub async fn audit_len(&self, case_no: &str, cookie: &str) -> usize {
        let audit = self
            .get_as(&format!("/api/v1/cases/{case_no}/audit"), cookie)
            .await
            .json();
        audit["records"].as_array().unwrap().len()
    }

    /// How many outbox events of the case wait, read from the store.
    pub async fn outbox_len(&self, case_no: &str) -> usize {
        let pending = self.db.pending_outbox(100_000).await.unwrap();
        pending
            .iter()
            .filter(|e| e.case_no.as_ref().is_some_and(|no| no.as_str() == case_no))
            .count()
    }
}

/// The guidance answers of a chef who is not registered, cooks at village
/// banquets and has no health certificate: all three members.
pub fn chef_answers() -> Value {
    json!({
        "already_registered": false,
        "premises": "itinerant",
        "has_health_certificate": false
    })
}

/// The chef bundle application on `channel`.
pub fn chef_submission(channel: Value, phone: &str) -> Value {
    json!({
        "application": { "kind": "bundle", "bundle": CHEF, "answers": chef_answers() },
        "channel": channel,
        "phone": phone,
    })
}

/// The staff who issue commands on a window case of the food licence.
pub const ACTORS: [(&str, Role); 3] = [
    ("liancheng.clerk", Role::WindowClerk),
    ("liancheng.examiner", Role::Examiner),
    ("liancheng.scjg.leader", Role::DepartmentLeader),
];

/// The first of [`ACTORS`] whose role may issue `kind` on a window case.
pub fn issuer(kind: CommandKind) -> (&'static str, Role) {
    ACTORS
        .into_iter()
        .find(|(_, role)| kind.permits(*role, &IntakeChannel::Window))
        .unwrap_or(ACTORS[0])
}

/// Well-formed commands of `kind` for `m` (payloads from the case's terms).
pub fn samples(kind: CommandKind, m: &ItemCase) -> Vec<Command> {
    let first = m
        .terms
        .materials
        .first()
        .cloned()
        .into_iter()
        .collect::<Vec<Code>>();
    let owed = match &m.supplement {
        Some(n) if m.state == CaseState::SupplementRequested => n.outstanding.clone(),
        _ if !m.gaps.is_empty() => m.gaps.clone(),
        _ => first.clone(),
    };
    let reasons = vec!["不符合法定条件".to_string()];
    match kind {
        CommandKind::Submit => vec![Command::Submit],
        CommandKind::PassPreReview => vec![Command::PassPreReview],
        CommandKind::RequestSupplement => vec![Command::RequestSupplement {
            materials: first,
            note: "请补正".into(),
        }],
        CommandKind::SupplyMaterials => vec![Command::SupplyMaterials { materials: owed }],
        CommandKind::Accept => vec![Command::Accept],
        CommandKind::AcceptWithGaps => vec![Command::AcceptWithGaps {
            missing: m
                .terms
                .gap_allowed_materials
                .iter()
                .take(1)
                .cloned()
                .collect(),
        }],
        CommandKind::RejectIntake => vec![Command::RejectIntake { reasons }],
        CommandKind::StartReview => vec![Command::StartReview],
        CommandKind::Decide => vec![
            Command::Decide {
                outcome: Outcome::Granted,
                reasons: vec![],
            },
            Command::Decide {
                outcome: Outcome::Refused,
                reasons,
            },
        ],
        CommandKind::Complete => vec![Command::Complete],
        CommandKind::Deliver => vec![Command::Deliver {
            method: DeliveryMethod::Post {
                tracking_no: "SF1".into(),
            },
        }],
        CommandKind::Suspend => vec![Command::Suspend {
            reason: "专家评审".into(),
        }],
        CommandKind::Resume => vec![Command::Resume],
        CommandKind::Withdraw => vec![Command::Withdraw],
        CommandKind::SignCommitment => vec![Command::SignCommitment {
            statement: "本人承诺所报属实".into(),
        }],
        CommandKind::VerifyCommitment => vec![Command::VerifyCommitment {
            finding: CommitmentFinding::Honoured,
        }],
        CommandKind::Revoke => vec![Command::Revoke { reasons }],
        CommandKind::Terminate => vec![Command::Terminate { reasons }],
        CommandKind::RequestAssist => vec![Command::RequestAssist {
            to: Code::parse("350825-wjj").unwrap(),
            subject: "核验".into(),
            question: "请核验申请人健康证明".into(),
            limit: Some(tongban_domain::catalog::TimeLimit::Hours(4)),
        }],
        CommandKind::ReplyAssist => vec![Command::ReplyAssist {
            id: 1,
            opinion: tongban_domain::case::Opinion::Agree,
            text: String::new(),
        }],
    }
}

/// What the domain makes of `command` on the case, routed as the API
/// routes it: delivery to the whole case, everything else to the member.
pub fn domain(case: &Case, command: &Command, role: Role) -> Result<Case, TransitionError> {
    let at = chrono::Utc::now().naive_utc();
    let item = Code::parse(FOOD).unwrap();
    match command {
        Command::Deliver { method } => case.deliver(method, role, at),
        other => case.apply_to_member(&item, other, role, at),
    }
    .map(|(next, _)| next)
}

/// The API body of `command` as sent by the matrix.
pub fn body_of(command: &Command) -> Value {
    let mut body = serde_json::to_value(command).unwrap();
    if !matches!(command, Command::Deliver { .. }) {
        body["item"] = json!(FOOD);
    }
    body
}

/// Every member state reachable from a submitted case by the domain's own
/// transitions, with the commands that reach it first (breadth first).
pub fn reachable(start: &Case) -> BTreeMap<CaseState, Vec<Command>> {
    let mut paths = BTreeMap::from([(start.members[0].state, Vec::new())]);
    let mut queue = VecDeque::from([(start.clone(), Vec::<Command>::new())]);
    while let Some((case, path)) = queue.pop_front() {
        for kind in CommandKind::ALL {
            for command in samples(kind, &case.members[0]) {
                let Ok(next) = domain(&case, &command, issuer(kind).1) else {
                    continue;
                };
                let state = next.members[0].state;
                if let std::collections::btree_map::Entry::Vacant(slot) = paths.entry(state) {
                    let mut longer = path.clone();
                    longer.push(command);
                    slot.insert(longer.clone());
                    queue.push_back((next, longer));
                }
            }
        }
    }
    paths
}
