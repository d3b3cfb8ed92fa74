//! A small blocking HTTP client (ureq) for the node tests: one fresh
//! connection per request (so a front spreads requests over the nodes and
//! no pooled connection outlives a killed node), cookies sent by hand, and
//! retries of one request — same Idempotency-Key, same body — until it is
//! acknowledged.

use std::time::{Duration, Instant};

use serde_json::Value;

/// How long one request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a request is retried before the test gives up.
const RETRY_FOR: Duration = Duration::from_secs(75);
/// Pause between retries.
const RETRY_PAUSE: Duration = Duration::from_millis(50);
/// Pause after 429 `rate_limited` (a node's per-account submission quota
/// refills every 500 ms).
const RATE_LIMITED_PAUSE: Duration = Duration::from_millis(250);

/// The client; cheap to clone and share between threads.
#[derive(Clone)]
pub struct Http {
    config: ureq::config::Config,
}

/// Why a request had to be sent again.
#[derive(Debug, Default, Clone)]
pub struct Retries {
    /// Refused, reset or timed-out connections (a killed node).
    pub transport: usize,
    /// Answers 5xx or 429.
    pub server: usize,
    /// The first such answer (status and body), to say what it was.
    pub first_server_answer: Option<String>,
}

impl Retries {
    /// Adds `other` to these counts.
    pub fn add(&mut self, other: Retries) {
        self.transport += other.transport;
        self.server += other.server;
        if self.first_server_answer.is_none() {
            self.first_server_answer = other.first_server_answer;
        }
    }
}

/// An answer: status and body text; `Err` is a transport failure (refused,
/// reset, timed out), which a client retries.
pub type Answer = Result<(u16, String), String>;

impl Default for Http {
    fn default() -> Self {
        Http::new()
    }
}

impl Http {
    /// No status is an error, no redirect is followed, nothing is pooled.
    pub fn new() -> Http {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .build();
        Http { config }
    }

    /// A new agent: an empty cookie jar and no pooled connection.
    fn agent(&self) -> ureq::Agent {
        self.config.new_agent()
    }

    /// `GET url`, with `cookie` (`name=value`) if given.
    pub fn get(&self, url: &str, cookie: Option<&str>) -> Answer {
        let mut request = self.agent().get(url);
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        finish(request.call())
    }

    /// `POST url` with a JSON body, `cookie` and an Idempotency-Key.
    pub fn post_json(&self, url: &str, cookie: &str, key: Option<&str>, body: &Value) -> Answer {
        let mut request = self
            .agent()
            .post(url)
            .header("Cookie", cookie)
            .content_type("application/json");
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        finish(request.send(body.to_string()))
    }

    /// `POST url` with a JSON body until the answer is neither a transport
    /// failure, nor 5xx, nor 429: the same key and body every time, as a
    /// client must retry. Returns the answer and the retries it took;
    /// panics after [`RETRY_FOR`].
    pub fn post_until_answered(
        &self,
        url: &str,
        cookie: &str,
        key: &str,
        body: &Value,
    ) -> ((u16, String), Retries) {
        let deadline = Instant::now() + RETRY_FOR;
        let mut retries = Retries::default();
        loop {
            let answer = self.post_json(url, cookie, Some(key), body);
            match answer {
                Ok((status, text)) if status < 500 && status != 429 => {
                    return ((status, text), retries);
                }
                other => {
                    assert!(
                        Instant::now() < deadline,
                        "{url} (key {key}) was not answered within {RETRY_FOR:?}; last: {other:?}"
                    );
                    let mut pause = RETRY_PAUSE;
                    match other {
                        Ok((status, text)) => {
                            if status == 429 {
                                pause = RATE_LIMITED_PAUSE;
                            }
                            retries.server += 1;
                            retries
                                .first_server_answer
                                .get_or_insert_with(|| format!("{status} {url}: {text}"));
                        }
                        Err(_) => retries.transport += 1,
                    }
                    std::thread::sleep(pause);
                }
            }
        }
    }

    /// Signs a staff member in through the login form of `base` (as a
    /// browser does: the form's CSRF cookie, then the POST) and returns
    /// the session cookie `tb_session=…`.
    pub fn staff_login(&self, base: &str, username: &str, password: &str) -> String {
        let page = self.agent().get(&format!("{base}/login")).call().unwrap();
        let csrf = cookie_value(&page, "tb_csrf").expect("the login page sets tb_csrf");
        let response = self
            .agent()
            .post(&format!("{base}/login"))
            .header("Cookie", &format!("tb_csrf={csrf}"))
            .send_form([
                ("username", username),
                ("password", password),
                ("_csrf", csrf.as_str()),
                ("next", "/workbench"),
            ])
            .unwrap();
        let status = response.status().as_u16();
        let session = cookie_value(&response, "tb_session")
            .unwrap_or_else(|| panic!("login of {username} answered {status} without a session"));
        format!("tb_session={session}")
    }
}

/// Status and body of a response, or the transport error as text.
fn finish(result: Result<http_response::Response, ureq::Error>) -> Answer {
    let mut response = result.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|e| e.to_string())?;
    Ok((status, text))
}

/// The value of cookie `name` set by `response`.
fn cookie_value(response: &http_response::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .find(|(n, _)| n.trim() == name)
        .map(|(_, v)| v.trim().to_string())
}

/// ureq's response type, named once.
mod http_response {
    pub type Response = ureq::http::Response<ureq::Body>;
}

/// `case_no` of a case's JSON.
pub fn case_no(text: &str) -> String {
    let case: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    case["case_no"]
        .as_str()
        .unwrap_or_else(|| panic!("no case_no in {text}"))
        .to_string()
}
