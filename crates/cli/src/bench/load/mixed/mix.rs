//! The mix: the kinds of request, their weights, what each prepares
//! before the clock (reusing the single scenarios' plans), and the Lua
//! script that sends them interleaved in a fixed order.

use std::sync::Arc;

use tongban_domain::auth::Role;
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{NewSession, NewStaff};

use super::super::http::{HttpPlan, lua_body, lua_list};
use super::super::scenario::{self, cookie};
use super::super::setup::{Bench, STAFF_PASSWORD};
use super::super::{LoadArgs, MixedArgs, Mode, prepare};
use super::generated;
use crate::failure::Failure;

/// Cases submitted at the window before the clock, looked up by status
/// and read by the clerk.
const PREPARED_CASES: u64 = 200;
/// Generated cases (from `tongban gen`) looked up by status, at most.
const GENERATED_CASES: usize = 200;
/// Prepared cases the clerk reads in detail.
const CLERK_CASES: usize = 50;
/// The supervisor whose region (福建省) holds the generated data.
const SUPERVISOR: &str = "bench.fujian.supervisor";
/// Its region and department.
const SUPERVISOR_REGION: &str = "350000";
const SUPERVISOR_DEPARTMENT: &str = "350825-scjg";

/// One kind of request in the mix.
pub struct Kind {
    /// The name in the report.
    pub label: &'static str,
    /// Share of all requests, in per cent.
    pub weight: u32,
    /// The server routes its requests hit, as (method, matched route), for
    /// counting them in the server's `/metrics`.
    pub routes: &'static [(&'static str, &'static str)],
    /// What wrk sends, in turn.
    pub plan: HttpPlan,
}

/// The kinds, ready to send, and what was prepared for them.
pub struct Prepared {
    /// In the order of the report.
    pub kinds: Vec<Kind>,
    /// What was prepared, for the report.
    pub dataset: String,
}

/// Prepares every kind on the bench database before the clock starts.
pub async fn prepare(bench: &Bench, args: &MixedArgs) -> Result<Prepared, Failure> {
    let load = LoadArgs {
        mode: Mode::Http,
        database_url: None,
        requests: PREPARED_CASES,
        duration: None,
        concurrency: args.concurrency,
    };
    let plan = |kind| scenario::plan(kind, bench, &load);
    let search = plan(scenario::Kind::Search).await?.http;
    let guidance = plan(scenario::Kind::Guidance).await?.http;
    let submit = plan(scenario::Kind::Submit(3)).await?;
    let verify = plan(scenario::Kind::Verify).await?;
    let platform = Arc::new(bench.platform.clone());
    let clerk = bench.staff("liancheng.clerk").await?;
    let owner = bench
        .applicants(1)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Failure::new("压测准备：没有申请人登录", "no applicant signed in"))?;
    let nos = prepare::submitted(
        &platform,
        &clerk.actor,
        &owner.actor.id,
        PREPARED_CASES,
        args.concurrency,
    )
    .await?;
    let found = generated::cases(&bench.url, GENERATED_CASES).await?;
    let last4 = &prepare::PHONE[prepare::PHONE.len() - 4..];
    let mut lookups: Vec<(&str, &str)> = nos.iter().map(|n| (n.as_str(), last4)).collect();
    lookups.extend(found.iter().map(|g| (g.case_no.as_str(), g.last4.as_str())));
    let status = lookups
        .iter()
        .map(|(no, last4)| format!("/api/v1/status?case_no={no}&phone_last4={last4}"))
        .collect();
    let supervisor = supervisor(bench).await?;
    let dashboard = HttpPlan::get(
        "/api/v1/metrics",
        vec![
            "/api/v1/metrics/dashboard".into(),
            "/api/v1/metrics/items?limit=50".into(),
        ],
    )
    .with_cookies(vec![cookie(&supervisor.token)]);
    let clerk_paths = nos
        .iter()
        .take(CLERK_CASES)
        .flat_map(|no| {
            [
                format!("/api/v1/cases/{no}"),
                "/api/v1/worklists/intake".to_string(),
            ]
        })
        .collect();
    let clerk_reads =
        HttpPlan::get("/api/v1/", clerk_paths).with_cookies(vec![cookie(&clerk.token)]);
    let dataset = format!(
        "{}; {}; {} window cases for status lookups and clerk reads; \
         {} generated cases for status lookups; supervisor {SUPERVISOR} (福建省)",
        submit.dataset,
        verify.dataset,
        nos.len(),
        found.len()
    );
    let kinds = vec![
        kind("catalog search", 35, &[("GET", "/api/v1/items")], search),
        kind(
            "status lookup",
            20,
            &[("GET", "/api/v1/status")],
            HttpPlan::get("/api/v1/status", status),
        ),
        kind(
            "guidance",
            15,
            &[("POST", "/api/v1/guidance/{bundle}")],
            guidance,
        ),
        kind(
            "licence verification",
            10,
            &[("GET", "/api/v1/licences/{number}/verification")],
            verify.http,
        ),
        kind(
            "submit (3-item bundle)",
            10,
            &[("POST", "/api/v1/cases")],
            submit.http,
        ),
        kind(
            "supervisor dashboard",
            5,
            &[
                ("GET", "/api/v1/metrics/dashboard"),
                ("GET", "/api/v1/metrics/{table}"),
            ],
            dashboard,
        ),
        kind(
            "clerk case detail / worklist",
            5,
            &[
                ("GET", "/api/v1/cases/{case_no}"),
                ("GET", "/api/v1/worklists/{list}"),
            ],
            clerk_reads,
        ),
    ];
    Ok(Prepared { kinds, dataset })
}

fn kind(
    label: &'static str,
    weight: u32,
    routes: &'static [(&'static str, &'static str)],
    plan: HttpPlan,
) -> Kind {
    Kind {
        label,
        weight,
        routes,
        plan,
    }
}

/// A supervisor of 福建省 signed in (created on first use), so that the
/// dashboard covers the generated province.
async fn supervisor(bench: &Bench) -> Result<NewSession, Failure> {
    if let Ok(session) = bench.staff(SUPERVISOR).await {
        return Ok(session);
    }
    let invalid = |what: &str| {
        Failure::new(
            format!("压测监察员的{what}编码无效"),
            "invalid bench supervisor placement",
        )
    };
    bench
        .platform
        .accounts
        .add_staff(NewStaff {
            username: SUPERVISOR.into(),
            display_name: "压测福建省效能监察员".into(),
            password: STAFF_PASSWORD.into(),
            department: Code::parse(SUPERVISOR_DEPARTMENT).map_err(|_| invalid("部门"))?,
            region: RegionCode::parse(SUPERVISOR_REGION).map_err(|_| invalid("地区"))?,
            roles: vec![Role::Supervisor],
        })
        .await?;
    bench.staff(SUPERVISOR).await
}

/// The order of kinds (indices) over one round of the weights, reduced by
/// their greatest common divisor and interleaved (smooth weighted
/// round-robin), so that every short stretch of requests has the mix.
pub fn schedule(weights: &[u32]) -> Vec<usize> {
    let g = weights.iter().fold(0, |a, &w| gcd(a, w)).max(1);
    let reduced: Vec<i64> = weights.iter().map(|&w| i64::from(w / g)).collect();
    let total: i64 = reduced.iter().sum();
    let mut current = vec![0_i64; reduced.len()];
    let mut order = Vec::new();
    for _ in 0..total {
        for (c, w) in current.iter_mut().zip(&reduced) {
            *c += w;
        }
        let best = (0..current.len())
            .max_by_key(|&i| (current[i], std::cmp::Reverse(i)))
            .unwrap_or(0);
        current[best] -= total;
        order.push(best);
    }
    order
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The Lua script wrk runs: every kind's requests and the schedule.
pub fn script(kinds: &[Kind]) -> String {
    let entries = kinds
        .iter()
        .map(|k| {
            format!(
                "  {{ method = \"{}\", keyed = {}, body = {},\n    paths = {{\n  {}\n    }},\n    cookies = {{\n  {}\n    }} }}",
                k.plan.method,
                k.plan.keyed,
                lua_body(k.plan.body.as_deref()),
                lua_list(&k.plan.paths),
                lua_list(&k.plan.cookies),
            )
        })
        .collect::<Vec<_>>()
        .join(",\n");
    let weights: Vec<u32> = kinds.iter().map(|k| k.weight).collect();
    let order = schedule(&weights)
        .iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        include_str!("mixed.lua"),
        kinds = entries,
        schedule = order,
        run = scenario::run_id(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_holds_each_kind_by_its_weight_interleaved() {
        let order = schedule(&[35, 20, 15, 10, 10, 5, 5]);
        assert_eq!(order.len(), 20);
        let count = |k| order.iter().filter(|&&i| i == k).count();
        assert_eq!(
            (0..7).map(count).collect::<Vec<_>>(),
            vec![7, 4, 3, 2, 2, 1, 1]
        );
        let longest_run = order
            .chunk_by(|a, b| a == b)
            .map(<[usize]>::len)
            .max()
            .unwrap();
        assert_eq!(longest_run, 1, "{order:?}");
    }

    #[test]
    fn the_script_lists_every_kind_with_its_method_cookie_and_key() {
        let kinds = vec![
            kind("a", 3, &[], HttpPlan::get("/x", vec!["/x?q=1".into()])),
            kind(
                "b",
                1,
                &[],
                HttpPlan::post("/y", vec!["/y".into()], "{}".into())
                    .with_cookies(vec!["tb_session=t".into()])
                    .keyed(),
            ),
        ];
        let script = script(&kinds);
        assert!(
            script.contains("method = \"GET\", keyed = false, body = nil"),
            "{script}"
        );
        assert!(
            script.contains("method = \"POST\", keyed = true, body = [==[{}]==]"),
            "{script}"
        );
        assert!(script.contains("[==[tb_session=t]==]"), "{script}");
        assert!(
            script.contains("local schedule = { 1, 1, 2, 1 }"),
            "{script}"
        );
    }
}
