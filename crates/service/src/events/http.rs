//! The webhook HTTP client: one signed JSON POST per attempt.
//!
//! Built on hyper's client (already in the dependency tree through the
//! test browser driver) over plain HTTP: department systems are reached
//! inside the government network or through an egress proxy that adds
//! TLS, so no TLS stack is compiled in; `https://` targets are refused
//! when a subscription is created.

use std::time::Duration;

use hmac::{Hmac, Mac};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use sha2::Sha256;

/// The signature header: `sha256=<hex HMAC-SHA256(secret, body)>`.
pub const SIGNATURE_HEADER: &str = "X-Tongban-Signature";
/// The event code header.
pub const EVENT_HEADER: &str = "X-Tongban-Event";
/// The delivery id header (the same on every retry of one delivery).
pub const DELIVERY_HEADER: &str = "X-Tongban-Delivery";

/// What one POST came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Answer {
    /// The receiver answered with this status.
    Status(u16),
    /// No answer: the connection failed or timed out (the reason).
    Failed(String),
}

/// A shared HTTP client with a per-request timeout.
#[derive(Clone)]
pub(super) struct WebhookClient {
    client: Client<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

impl WebhookClient {
    /// A client whose requests give up after `timeout`.
    pub(super) fn new(timeout: Duration) -> WebhookClient {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(timeout));
        WebhookClient {
            client: Client::builder(TokioExecutor::new()).build(connector),
            timeout,
        }
    }

    /// POSTs `body` to `url`, signed with `secret`.
    pub(super) async fn post(
        &self,
        url: &str,
        secret: &str,
        event: &str,
        delivery: &str,
        body: &str,
    ) -> Answer {
        let request = Request::builder()
            .method(Method::POST)
            .uri(url)
            .header("content-type", "application/json")
            .header("user-agent", "tongban-webhook/1")
            .header(EVENT_HEADER, event)
            .header(DELIVERY_HEADER, delivery)
            .header(SIGNATURE_HEADER, signature(secret, body.as_bytes()))
            .body(Full::new(Bytes::from(body.to_string())));
        let request = match request {
            Ok(r) => r,
            Err(e) => return Answer::Failed(format!("请求无法构造：{e}")),
        };
        match tokio::time::timeout(self.timeout, self.client.request(request)).await {
            Ok(Ok(response)) => Answer::Status(response.status().as_u16()),
            Ok(Err(e)) => Answer::Failed(format!("连接失败：{e}")),
            Err(_) => Answer::Failed(format!("{} 秒内未应答", self.timeout.as_secs())),
        }
    }
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this never fails in practice.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::from("sha256=");
    };
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}
