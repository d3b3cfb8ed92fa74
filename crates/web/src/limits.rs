//! Request limits that protect a node under load: per-IP and per-account
//! rate limits on login and submission, and a bound on requests in
//! flight (the rest are shed at once with 503 rather than queued without
//! end).
//!
//! The rate limiters are in memory, per node (`governor`'s keyed GCRA):
//! behind N nodes an address may make N times the quota. Staff passwords
//! are also locked after repeated failures in the database
//! ([`tongban_service::AccountService`]), which holds across nodes.
//!
//! Per-IP limits use the peer address of the connection
//! (`ConnectInfo<SocketAddr>`, which `tongban serve` provides). A
//! request without one (an in-process call) is limited per account only.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::connect_info::MockConnectInfo;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::account::session::CurrentUser;
use crate::error::ApiError;
use crate::middleware::is_api;

/// Idle keys are forgotten after this many limited requests.
const FORGET_EVERY: u64 = 4096;

/// A quota: `burst` requests at once, then one every `every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests allowed at once.
    pub burst: u32,
    /// Time to earn one more request.
    pub every: Duration,
}

impl Rate {
    fn quota(self) -> Option<Quota> {
        let burst = NonZeroU32::new(self.burst)?;
        Some(Quota::with_period(self.every)?.allow_burst(burst))
    }
}

/// The limits of one node. [`LimitConfig::default`] is production's;
/// [`LimitConfig::off`] disables the rate limits (load benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitConfig {
    /// Login attempts and one-time-code requests per client address.
    pub login_per_ip: Option<Rate>,
    /// Submissions (applications, window intake) per client address.
    pub submit_per_ip: Option<Rate>,
    /// Submissions per signed-in account or API token.
    pub submit_per_account: Option<Rate>,
    /// Requests handled at once; more are answered 503 `overloaded`.
    pub max_in_flight: usize,
}

impl Default for LimitConfig {
    fn default() -> LimitConfig {
        LimitConfig {
            login_per_ip: Some(Rate {
                burst: 30,
                every: Duration::from_secs(2),
            }),
            submit_per_ip: Some(Rate {
                burst: 300,
                every: Duration::from_millis(20),
            }),
            submit_per_account: Some(Rate {
                burst: 30,
                every: Duration::from_millis(500),
            }),
            max_in_flight: 1024,
        }
    }
}

impl LimitConfig {
    /// No rate limits (the in-flight bound stays).
    pub fn off() -> LimitConfig {
        LimitConfig {
            login_per_ip: None,
            submit_per_ip: None,
            submit_per_account: None,
            ..LimitConfig::default()
        }
    }
}

/// The live rate limiters of one node.
pub struct Limits {
    config: LimitConfig,
    login_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
    submit_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
    submit_account: Option<DefaultKeyedRateLimiter<String>>,
    /// Limited requests seen, to forget idle keys now and then.
    seen: AtomicU64,
}

impl Limits {
    /// Limiters for `config`.
    pub fn new(config: LimitConfig) -> Limits {
        Limits {
            config,
            login_ip: keyed(config.login_per_ip),
            submit_ip: keyed(config.submit_per_ip),
            submit_account: keyed(config.submit_per_account),
            seen: AtomicU64::new(0),
        }
    }

    /// The configuration these limiters enforce.
    pub fn config(&self) -> LimitConfig {
        self.config
    }

    /// Forgets keys that have earned their full burst back, so memory
    /// stays bounded by the clients of the last few minutes.
    pub fn forget_idle(&self) {
        for limiter in [&self.login_ip, &self.submit_ip].into_iter().flatten() {
            limiter.retain_recent();
        }
        if let Some(limiter) = &self.submit_account {
            limiter.retain_recent();
        }
    }
}

fn keyed<K: Clone + std::hash::Hash + Eq>(
    rate: Option<Rate>,
) -> Option<DefaultKeyedRateLimiter<K>> {
    rate.and_then(Rate::quota).map(RateLimiter::keyed)
}

/// What a request is, for the rate limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Login,
    Submit,
    Other,
}

fn kind(method: &Method, path: &str) -> Kind {
    if method != Method::POST {
        return Kind::Other;
    }
    match path {
        "/login" | "/login/code" | "/login/applicant" => Kind::Login,
        "/api/v1/cases" => Kind::Submit,
        _ if path.ends_with("/submit")
            && (path.starts_with("/api/v1/drafts/") || path.starts_with("/apply/drafts/")) =>
        {
            Kind::Submit
        }
        _ => Kind::Other,
    }
}

/// The middleware: refuses a login or submission over its quota with
/// 429 `rate_limited` and `Retry-After`, before the handler runs, so a
/// refused request stores nothing.
pub async fn enforce(State(limits): State<Arc<Limits>>, request: Request, next: Next) -> Response {
    let kind = kind(request.method(), request.uri().path());
    if kind == Kind::Other {
        return next.run(request).await;
    }
    if limits.seen.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY == FORGET_EVERY - 1 {
        limits.forget_idle();
    }
    let ip = peer(&request);
    let account = request
        .extensions()
        .get::<CurrentUser>()
        .map(|user| user.actor.id.clone());
    let by_ip = match kind {
        Kind::Login => limits.login_ip.as_ref(),
        _ => limits.submit_ip.as_ref(),
    };
    let mut wait = None;
    if let (Some(limiter), Some(ip)) = (by_ip, ip) {
        wait = wait.or(check(limiter, &ip));
    }
    if kind == Kind::Submit
        && let (Some(limiter), Some(account)) = (limits.submit_account.as_ref(), account)
    {
        wait = wait.or(check(limiter, &account));
    }
    match wait {
        None => next.run(request).await,
        Some(wait) => {
            tracing::info!(code = "rate_limited", kind = ?kind, "请求过于频繁，已拒绝");
            refused(request.uri().path(), wait)
        }
    }
}

/// The client's address: the connection's peer, or the address a test
/// set with `MockConnectInfo` (as axum's own extractor does).
fn peer(request: &Request) -> Option<IpAddr> {
    let extensions = request.extensions();
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .or_else(|| {
            extensions
                .get::<MockConnectInfo<SocketAddr>>()
                .map(|MockConnectInfo(addr)| addr.ip())
        })
}

/// `None` when allowed, else how long until the next request would be.
fn check<K>(limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> Option<Duration>
where
    K: Clone + std::hash::Hash + Eq,
{
    limiter
        .check_key(key)
        .err()
        .map(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
}

fn refused(path: &str, wait: Duration) -> Response {
    let seconds = wait.as_secs() + 1;
    let message = format!("请求过于频繁，请 {seconds} 秒后再试");
    let mut response = if is_api(path) {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message).into_response()
    } else {
        crate::pages::status_error_page(StatusCode::TOO_MANY_REQUESTS, "请求过于频繁", &message)
    };
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_and_submissions_are_told_apart_from_other_requests() {
        for (method, path, want) in [
            (Method::POST, "/login", Kind::Login),
            (Method::POST, "/login/code", Kind::Login),
            (Method::GET, "/login", Kind::Other),
            (Method::POST, "/api/v1/cases", Kind::Submit),
            (Method::POST, "/api/v1/drafts/d1/submit", Kind::Submit),
            (Method::POST, "/apply/drafts/d1/submit", Kind::Submit),
            (Method::POST, "/api/v1/cases/C1/commands", Kind::Other),
            (Method::POST, "/api/v1/drafts/d1/review", Kind::Other),
        ] {
            assert_eq!(kind(&method, path), want, "{method} {path}");
        }
    }

    #[test]
    fn a_key_over_its_burst_waits_and_another_key_does_not() {
        let limits = Limits::new(LimitConfig {
            submit_per_account: Some(Rate {
                burst: 2,
                every: Duration::from_secs(60),
            }),
            ..LimitConfig::default()
        });
        let limiter = limits.submit_account.as_ref().unwrap();
        let a = "applicant:a".to_string();
        assert!(check(limiter, &a).is_none());
        assert!(check(limiter, &a).is_none());
        let wait = check(limiter, &a).unwrap();
        assert!(wait > Duration::from_secs(50), "{wait:?}");
        assert!(check(limiter, &"applicant:b".to_string()).is_none());
    }

    #[test]
    fn off_disables_every_rate_limit() {
        let limits = Limits::new(LimitConfig::off());
        assert!(limits.login_ip.is_none() && limits.submit_ip.is_none());
        assert!(limits.submit_account.is_none());
    }
}
