//! The scenarios: what each prepares before the clock starts, the call it
//! times in-process, and the request wrk sends over HTTP.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde_json::json;
use tongban_domain::case::{Command, IntakeChannel, Outcome};
use tongban_domain::ident::Code;
use tongban_service::{
    Answer, Answers, Application, CaseCommand, Platform, SearchRequest, SubmitRequest,
};

use super::catalog::{CHEF, FOOD, TWELVE};
use super::http::HttpPlan;
use super::prepare;
use super::setup::Bench;
use super::{LoadArgs, Mode, Report, drive, http};
use crate::failure::Failure;

/// Which scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Catalog search.
    Search,
    /// Guidance evaluation.
    Guidance,
    /// Submission of a bundle with this many members (3 or 12).
    Submit(u8),
    /// 受理.
    Accept,
    /// 决定.
    Decide,
    /// Public status lookup.
    Status,
    /// Licence verification.
    Verify,
}

impl Kind {
    /// The name in the report.
    fn label(self) -> String {
        match self {
            Kind::Search => "catalog search".into(),
            Kind::Guidance => "guidance evaluation (itinerant-chef bundle)".into(),
            Kind::Submit(n) => format!("submit ({n}-item bundle, online, Idempotency-Key)"),
            Kind::Accept => "accept (window clerk, 3-item cases)".into(),
            Kind::Decide => "decide (grant of the food licence member, licence signed)".into(),
            Kind::Status => "public status lookup".into(),
            Kind::Verify => "licence verification".into(),
        }
    }
}

/// One timed call.
pub type Op =
    Arc<dyn Fn(u64) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send + Sync>;

/// A prepared scenario.
pub struct Plan {
    /// The timed call, by request number.
    pub op: Op,
    /// For scenarios that use one prepared case per request: how many.
    pub prepared: Option<u64>,
    /// What wrk sends.
    pub http: HttpPlan,
    /// What was prepared, for the report.
    pub dataset: String,
}

/// Prepares the scenario, runs it in the chosen mode and reports.
pub async fn run(kind: Kind, args: &LoadArgs) -> Result<Report, Failure> {
    let bench = Bench::open(args.database_url.as_deref()).await?;
    let plan = plan(kind, &bench, args).await?;
    let mut report = match args.mode {
        Mode::InProcess => {
            let op = Arc::clone(&plan.op);
            let (limit, duration) = match plan.prepared {
                Some(n) => (n, None),
                None => (
                    args.requests,
                    args.duration.map(std::time::Duration::from_secs),
                ),
            };
            let m = drive::drive(limit, duration, args.concurrency, move |n| op(n)).await;
            let mut report = Report {
                mode: "in-process (Platform)".into(),
                ok: m.ok,
                failed: m.failed,
                first_error: m.first_error,
                elapsed: m.elapsed,
                ..Report::default()
            };
            report.set_latencies(m.latencies);
            report
        }
        Mode::Http => http::run(&bench, &plan.http, args).await?,
    };
    report.scenario = kind.label();
    report.database = bench.database.clone();
    report.dataset = format!("{}; {}", bench.dataset().await?, plan.dataset);
    report.concurrency = args.concurrency;
    if let Kind::Submit(_) = kind {
        let stored = prepare::count_cases(&bench.url).await?;
        report.notes.push(format!("submitted: {}", report.ok));
        report
            .notes
            .push(format!("cases in the database: {stored}"));
    }
    Ok(report)
}

/// What each scenario prepares and times.
pub(super) async fn plan(kind: Kind, bench: &Bench, args: &LoadArgs) -> Result<Plan, Failure> {
    let platform = Arc::new(bench.platform.clone());
    // Over HTTP a run lasts --duration; prepared cases must outlast it.
    let prepared = args.requests.max(1);
    match kind {
        Kind::Search => Ok(search(platform)),
        Kind::Guidance => Ok(guidance(platform)),
        Kind::Submit(members) => {
            let sessions = bench.applicants(args.concurrency.clamp(1, 64)).await?;
            let request = submit_request(members);
            let body = serde_json::to_string(&request).map_err(encode)?;
            let actors: Arc<Vec<_>> = Arc::new(sessions.iter().map(|s| s.actor.clone()).collect());
            let op: Op = Arc::new(move |n| {
                let platform = Arc::clone(&platform);
                let actors = Arc::clone(&actors);
                let request = request.clone();
                Box::pin(async move {
                    let actor = &actors[(n % actors.len() as u64) as usize];
                    let key = format!("bench-submit-{}-{n}", run_id());
                    platform
                        .cases
                        .submit(actor, request, Some(&key))
                        .await
                        .map(|_| ())
                        .map_err(|e| format!("{} {e}", e.code()))
                })
            });
            Ok(Plan {
                op,
                prepared: None,
                http: HttpPlan::post("/api/v1/cases", vec!["/api/v1/cases".into()], body)
                    .with_cookies(sessions.iter().map(|s| cookie(&s.token)).collect())
                    .keyed(),
                dataset: format!("{} applicants signed in", sessions.len()),
            })
        }
        Kind::Accept => {
            let clerk = bench.staff("liancheng.clerk").await?;
            let owner = bench.applicants(1).await?.remove(0);
            let nos = prepare::submitted(
                &platform,
                &clerk.actor,
                &owner.actor.id,
                prepared,
                args.concurrency,
            )
            .await?;
            let command = CaseCommand {
                item: None,
                command: Command::Accept,
            };
            Ok(commands(
                platform,
                clerk,
                nos,
                command,
                "submitted 3-item cases to accept",
            )?)
        }
        Kind::Decide => {
            let nos = prepare::under_review(bench, &platform, prepared, args.concurrency).await?;
            let leader = bench.staff("liancheng.scjg.leader").await?;
            Ok(commands(
                platform,
                leader,
                nos,
                grant(),
                "accepted 3-item cases, food member under review",
            )?)
        }
        Kind::Status => {
            let clerk = bench.staff("liancheng.clerk").await?;
            let owner = bench.applicants(1).await?.remove(0);
            let nos = prepare::submitted(
                &platform,
                &clerk.actor,
                &owner.actor.id,
                prepared.min(500),
                args.concurrency,
            )
            .await?;
            Ok(status(platform, nos))
        }
        Kind::Verify => {
            let numbers = prepare::licences(bench, &platform, 20, args.concurrency).await?;
            Ok(verify(platform, numbers))
        }
    }
}

/// The application the submit scenario sends.
fn submit_request(members: u8) -> SubmitRequest {
    let application = if members == 12 {
        Application::Bundle {
            bundle: TWELVE.into(),
            answers: Answers::new(),
        }
    } else {
        Application::Bundle {
            bundle: CHEF.into(),
            answers: chef_answers(),
        }
    };
    SubmitRequest {
        application,
        channel: IntakeChannel::Online,
        owner: None,
        phone: Some(prepare::PHONE.into()),
        authorisation: None,
    }
}

/// A chef not yet registered, cooking at village banquets, without a
/// health certificate: all three members apply.
pub fn chef_answers() -> Answers {
    let mut answers = Answers::new();
    answers.insert("already_registered".into(), Answer::YesNo(false));
    answers.insert("premises".into(), Answer::Choice("itinerant".into()));
    answers.insert("has_health_certificate".into(), Answer::YesNo(false));
    answers
}

/// The grant of the food-licence member.
pub fn grant() -> CaseCommand {
    CaseCommand {
        item: Code::parse(FOOD).ok(),
        command: Command::Decide {
            outcome: Outcome::Granted,
            reasons: vec![],
        },
    }
}

/// One command per prepared case, by `who`.
fn commands(
    platform: Arc<Platform>,
    who: tongban_service::NewSession,
    nos: Vec<String>,
    command: CaseCommand,
    what: &str,
) -> Result<Plan, Failure> {
    let mut body = serde_json::to_value(&command.command).map_err(encode)?;
    if let (Some(item), Some(fields)) = (&command.item, body.as_object_mut()) {
        fields.insert("item".into(), json!(item));
    }
    let paths: Vec<String> = nos
        .iter()
        .map(|n| format!("/api/v1/cases/{n}/commands"))
        .collect();
    let dataset = format!("{} {what}", nos.len());
    let nos = Arc::new(nos);
    let actor = Arc::new(who.actor.clone());
    let op: Op = Arc::new(move |n| {
        let platform = Arc::clone(&platform);
        let nos = Arc::clone(&nos);
        let actor = Arc::clone(&actor);
        let command = command.clone();
        Box::pin(async move {
            let no = nos.get(n as usize).ok_or("prepared cases used up")?;
            let key = format!("bench-act-{}-{n}", run_id());
            platform
                .cases
                .act(&actor, no, command, Some(&key))
                .await
                .map(|_| ())
                .map_err(|e| format!("{} {e}", e.code()))
        })
    });
    Ok(Plan {
        op,
        prepared: Some(paths.len() as u64),
        http: HttpPlan::post("/api/v1/cases/", paths, body.to_string())
            .with_cookies(vec![cookie(&who.token)])
            .keyed()
            .consuming(),
        dataset,
    })
}

/// Searches by words and pinyin initials, in turn.
fn search(platform: Arc<Platform>) -> Plan {
    const QUERIES: [&str; 6] = [
        "营业执照",
        "食品经营许可",
        "yyzz",
        "健康证明",
        "结婚登记",
        "药品",
    ];
    let op: Op = Arc::new(move |n| {
        let platform = Arc::clone(&platform);
        Box::pin(async move {
            let request = SearchRequest {
                text: QUERIES[(n % QUERIES.len() as u64) as usize].into(),
                ..SearchRequest::default()
            };
            platform
                .catalog
                .search_items(&request)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    });
    let paths = QUERIES
        .iter()
        .map(|q| format!("/api/v1/items?q={}", http::encode_query(q)))
        .collect();
    Plan {
        op,
        prepared: None,
        http: HttpPlan::get("/api/v1/items", paths),
        dataset: "6 queries in turn".into(),
    }
}

/// The chef bundle's guidance for one set of answers.
fn guidance(platform: Arc<Platform>) -> Plan {
    let answers = chef_answers();
    let body = json!({ "answers": &answers }).to_string();
    let op: Op = Arc::new(move |_| {
        let platform = Arc::clone(&platform);
        let answers = answers.clone();
        Box::pin(async move {
            platform
                .applications
                .guidance(CHEF, &answers)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    });
    let path = format!("/api/v1/guidance/{CHEF}");
    Plan {
        op,
        prepared: None,
        http: HttpPlan::post(&path, vec![path.clone()], body),
        dataset: "3 answers".into(),
    }
}

/// Status lookups of prepared cases, in turn.
fn status(platform: Arc<Platform>, nos: Vec<String>) -> Plan {
    let last4 = &prepare::PHONE[prepare::PHONE.len() - 4..];
    let paths = nos
        .iter()
        .map(|n| format!("/api/v1/status?case_no={n}&phone_last4={last4}"))
        .collect();
    let dataset = format!("{} submitted cases looked up in turn", nos.len());
    let nos = Arc::new(nos);
    let op: Op = Arc::new(move |n| {
        let platform = Arc::clone(&platform);
        let nos = Arc::clone(&nos);
        Box::pin(async move {
            let no = &nos[(n % nos.len() as u64) as usize];
            platform
                .cases
                .public_status(no, last4)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    });
    Plan {
        op,
        prepared: None,
        http: HttpPlan::get("/api/v1/status", paths),
        dataset,
    }
}

/// Verifications of issued licences, in turn.
fn verify(platform: Arc<Platform>, numbers: Vec<String>) -> Plan {
    let paths = numbers
        .iter()
        .map(|n| format!("/api/v1/licences/{n}/verification"))
        .collect();
    let dataset = format!("{} signed licences verified in turn", numbers.len());
    let numbers = Arc::new(numbers);
    let op: Op = Arc::new(move |n| {
        let platform = Arc::clone(&platform);
        let numbers = Arc::clone(&numbers);
        Box::pin(async move {
            let number = &numbers[(n % numbers.len() as u64) as usize];
            match platform.licences.verify(number).await {
                Ok(v) if v.outcome == "valid" => Ok(()),
                Ok(v) => Err(format!("licence {number}: {}", v.outcome)),
                Err(e) => Err(e.to_string()),
            }
        })
    });
    Plan {
        op,
        prepared: None,
        http: HttpPlan::get("/api/v1/licences/", paths),
        dataset,
    }
}

/// This run's prefix of idempotency keys, so that runs over one database
/// never replay each other's requests.
pub fn run_id() -> &'static str {
    static RUN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    RUN.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        format!("{nanos:x}")
    })
}

/// The session cookie of a token.
pub(super) fn cookie(token: &str) -> String {
    format!("tb_session={token}")
}

/// A request body that cannot be encoded.
fn encode(e: serde_json::Error) -> Failure {
    Failure::new(
        format!("压测请求无法编码：{e}"),
        "cannot encode a bench request",
    )
}
