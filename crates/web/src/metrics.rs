//! Operations monitoring: `GET /metrics` in the Prometheus text format
//! (the `prometheus` crate): requests by route and status, their latency
//! histogram, the outbox backlog and the rollup job's lag.
//!
//! [`track`] is one middleware over the whole router: it times every
//! request under its matched route (never the raw path, so the label
//! set stays small) and answers `GET /metrics` itself.

use std::sync::LazyLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::AppState;

/// The registry `/metrics` renders, with its instruments.
struct Instruments {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    queue: IntGaugeVec,
    lag: IntGaugeVec,
}

static INSTRUMENTS: LazyLock<Option<Instruments>> = LazyLock::new(|| {
    let made = instruments();
    if let Err(e) = &made {
        tracing::error!(error = %e, "监控指标无法注册");
    }
    made.ok()
});

fn instruments() -> Result<Instruments, prometheus::Error> {
    let registry = Registry::new();
    let requests = IntCounterVec::new(
        Opts::new(
            "tongban_http_requests_total",
            "HTTP requests by route, method and status",
        ),
        &["route", "method", "status"],
    )?;
    let latency = HistogramVec::new(
        HistogramOpts::new(
            "tongban_http_request_duration_seconds",
            "HTTP request latency by route",
        )
        .buckets(vec![
            0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
        ]),
        &["route", "method"],
    )?;
    let queue = IntGaugeVec::new(
        Opts::new(
            "tongban_outbox_pending",
            "Outbox events not yet handled, by consumer",
        ),
        &["consumer"],
    )?;
    let lag = IntGaugeVec::new(
        Opts::new(
            "tongban_job_lag_seconds",
            "Age of the oldest outbox event a consumer has not handled (0 when none)",
        ),
        &["consumer"],
    )?;
    registry.register(Box::new(requests.clone()))?;
    registry.register(Box::new(latency.clone()))?;
    registry.register(Box::new(queue.clone()))?;
    registry.register(Box::new(lag.clone()))?;
    Ok(Instruments {
        registry,
        requests,
        latency,
        queue,
        lag,
    })
}

/// Times every request and answers `GET /metrics`.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() == Method::GET && request.uri().path() == "/metrics" {
        return render(&state).await;
    }
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    if let Some(i) = INSTRUMENTS.as_ref() {
        let status = response.status().as_u16().to_string();
        i.requests
            .with_label_values(&[route.as_str(), method.as_str(), status.as_str()])
            .inc();
        i.latency
            .with_label_values(&[route.as_str(), method.as_str()])
            .observe(started.elapsed().as_secs_f64());
    }
    response
}

/// The text exposition, with the queue gauges read now.
async fn render(state: &AppState) -> Response {
    let Some(i) = INSTRUMENTS.as_ref() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "监控指标不可用").into_response();
    };
    match state.metrics.queue_stats().await {
        Ok(q) => {
            let now = chrono::Utc::now();
            let age = |oldest: Option<chrono::DateTime<chrono::Utc>>| {
                oldest.map_or(0, |o| (now - o).num_seconds().max(0))
            };
            i.queue
                .with_label_values(&["dispatch"])
                .set(q.pending_dispatch);
            i.queue.with_label_values(&["rollup"]).set(q.pending_rollup);
            i.lag
                .with_label_values(&["dispatch"])
                .set(age(q.oldest_dispatch));
            i.lag
                .with_label_values(&["rollup"])
                .set(age(q.oldest_rollup));
        }
        Err(e) => tracing::warn!(code = e.code(), "监控：无法读取待处理事件数"),
    }
    let mut body = Vec::new();
    if let Err(e) = TextEncoder::new().encode(&i.registry.gather(), &mut body) {
        tracing::error!(error = %e, "监控指标无法编码");
        return (StatusCode::INTERNAL_SERVER_ERROR, "监控指标无法编码").into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
