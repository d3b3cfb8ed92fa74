//! Setup data made before the clock starts: submitted cases, cases under
//! review, issued licences, and counting the cases stored.

use std::sync::{Arc, Mutex};

use tongban_domain::auth::Actor;
use tongban_domain::case::{Command, IntakeChannel};
use tongban_domain::ident::Code;
use tongban_service::{Application, CaseCommand, Platform, SubmitRequest};

use super::catalog::{CHEF, FOOD};
use super::drive::drive;
use super::scenario::{chef_answers, grant};
use super::setup::Bench;
use crate::failure::Failure;

/// The applicants' contact phone in bench cases (status lookups use its
/// last four digits).
pub const PHONE: &str = "13800138000";

/// Submits `count` 3-item chef applications at the window for `owner`;
/// answers their case numbers.
pub async fn submitted(
    platform: &Arc<Platform>,
    clerk: &Actor,
    owner: &str,
    count: u64,
    concurrency: u64,
) -> Result<Vec<String>, Failure> {
    let request = SubmitRequest {
        application: Application::Bundle {
            bundle: CHEF.into(),
            answers: chef_answers(),
        },
        channel: IntakeChannel::Window,
        owner: Some(owner.to_string()),
        phone: Some(PHONE.into()),
        authorisation: None,
    };
    let nos = Arc::new(Mutex::new(Vec::new()));
    let (platform, clerk, found) = (Arc::clone(platform), clerk.clone(), Arc::clone(&nos));
    let m = drive(count, None, concurrency, move |_| {
        let (platform, clerk, found, request) = (
            Arc::clone(&platform),
            clerk.clone(),
            Arc::clone(&found),
            request.clone(),
        );
        async move {
            let view = platform
                .cases
                .submit(&clerk, request, None)
                .await
                .map_err(|e| e.to_string())?;
            if let Ok(mut nos) = found.lock() {
                nos.push(view.case.case_no.to_string());
            }
            Ok(())
        }
    })
    .await;
    settled("提交压测办件", m.failed, m.first_error)?;
    let nos = nos.lock().map(|n| n.clone()).unwrap_or_default();
    Ok(nos)
}

/// `count` chef cases of the licence holder, accepted, with the food
/// member's review started by its examiner.
pub async fn under_review(
    bench: &Bench,
    platform: &Arc<Platform>,
    count: u64,
    concurrency: u64,
) -> Result<Vec<String>, Failure> {
    let holder = bench.licence_holder().await?;
    let clerk = bench.staff("liancheng.clerk").await?.actor;
    let examiner = bench.staff("liancheng.examiner").await?.actor;
    let nos = submitted(platform, &clerk, &holder.actor.id, count, concurrency).await?;
    let accept = CaseCommand {
        item: None,
        command: Command::Accept,
    };
    act_on_all(platform, &clerk, &nos, accept, concurrency).await?;
    let review = CaseCommand {
        item: Code::parse(FOOD).ok(),
        command: Command::StartReview,
    };
    act_on_all(platform, &examiner, &nos, review, concurrency).await?;
    Ok(nos)
}

/// `count` licences issued by grants; answers their numbers.
pub async fn licences(
    bench: &Bench,
    platform: &Arc<Platform>,
    count: u64,
    concurrency: u64,
) -> Result<Vec<String>, Failure> {
    let nos = under_review(bench, platform, count, concurrency).await?;
    let leader = bench.staff("liancheng.scjg.leader").await?.actor;
    act_on_all(platform, &leader, &nos, grant(), concurrency).await?;
    let clerk = bench.staff("liancheng.clerk").await?.actor;
    let mut numbers = Vec::new();
    for no in &nos {
        let (trail, _) = platform.cases.audit(&clerk, no).await?;
        for record in trail.iter().filter(|r| r.action == "licence.issued") {
            let detail: serde_json::Value =
                serde_json::from_str(&record.detail).unwrap_or_default();
            if let Some(number) = detail["number"].as_str() {
                numbers.push(number.to_string());
            }
        }
    }
    if numbers.is_empty() {
        return Err(Failure::new(
            "压测准备：准予决定没有签发任何证照",
            "the grants issued no licence",
        ));
    }
    Ok(numbers)
}

/// Issues `command` on every case in `nos` as `who`.
async fn act_on_all(
    platform: &Arc<Platform>,
    who: &Actor,
    nos: &[String],
    command: CaseCommand,
    concurrency: u64,
) -> Result<(), Failure> {
    let nos = Arc::new(nos.to_vec());
    let (platform, who) = (Arc::clone(platform), who.clone());
    let m = drive(nos.len() as u64, None, concurrency, move |n| {
        let (platform, who, nos, command) = (
            Arc::clone(&platform),
            who.clone(),
            Arc::clone(&nos),
            command.clone(),
        );
        async move {
            let no = nos.get(n as usize).ok_or("no such prepared case")?;
            platform
                .cases
                .act(&who, no, command, None)
                .await
                .map(|_| ())
                .map_err(|e| format!("{no}: {} {e}", e.code()))
        }
    })
    .await;
    settled("办理压测办件", m.failed, m.first_error)
}

/// A setup step with failures fails the benchmark before it starts.
fn settled(step: &str, failed: u64, first: Option<String>) -> Result<(), Failure> {
    if failed == 0 {
        return Ok(());
    }
    Err(Failure::new(
        format!(
            "压测准备失败（{step}）：{failed} 个请求出错，首个：{}",
            first.unwrap_or_default()
        ),
        "benchmark setup failed",
    ))
}

/// A one-connection pool of its own on `url`, beside the bench platform's
/// pools, for the bench's raw reads.
pub async fn side_pool(url: &str) -> Result<sqlx::AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
}

/// Cases stored in the database at `url`, counted on a connection of its
/// own.
pub async fn count_cases(url: &str) -> Result<i64, Failure> {
    let unavailable = |e: sqlx::Error| {
        Failure::new(
            format!("无法统计办件数：{e}"),
            "cannot count the stored cases",
        )
    };
    let pool = side_pool(url).await.map_err(unavailable)?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(&pool)
        .await
        .map_err(unavailable)?;
    pool.close().await;
    Ok(count)
}
