//! Requests counted by the server itself: `tongban_http_requests_total`
//! of its Prometheus `/metrics` (by matched route, method and status),
//! read before and after the load, so each kind's answers are known
//! exactly even though wrk cannot tell which request an answer belongs to.

use std::collections::HashMap;

/// The counter the server keeps per route, method and status.
const REQUESTS: &str = "tongban_http_requests_total";
/// The total seconds of its latency histogram, per route and method.
const SECONDS: &str = "tongban_http_request_duration_seconds_sum";

/// Requests by (method, route, status), and seconds spent by (method,
/// route).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    requests: HashMap<(String, String, u16), u64>,
    seconds: HashMap<(String, String), f64>,
}

/// One kind's answers.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Answers {
    /// 2xx answers.
    pub ok: u64,
    /// Every other status.
    pub failed: u64,
    /// The first other status met (the lowest, for a stable report).
    pub failure: Option<u16>,
    /// Seconds the server spent on them, in total.
    pub seconds: f64,
}

impl Answers {
    /// The server-side mean latency, in milliseconds.
    pub fn mean_ms(&self) -> f64 {
        let n = self.ok + self.failed;
        if n == 0 {
            0.0
        } else {
            self.seconds * 1000.0 / n as f64
        }
    }
}

impl Counts {
    /// Reads the request counter and the latency sums out of a Prometheus
    /// text exposition.
    pub fn parse(text: &str) -> Counts {
        let mut counts = Counts::default();
        for line in text.lines() {
            let Some((name, rest)) = line.split_once('{') else {
                continue;
            };
            let Some((labels, value)) = rest.rsplit_once('}') else {
                continue;
            };
            let labels = labels_of(labels);
            let (Some(method), Some(route), Ok(value)) = (
                labels.get("method"),
                labels.get("route"),
                value.trim().parse::<f64>(),
            ) else {
                continue;
            };
            let key = (method.clone(), route.clone());
            match (
                name,
                labels.get("status").and_then(|s| s.parse::<u16>().ok()),
            ) {
                (REQUESTS, Some(status)) => {
                    counts
                        .requests
                        .insert((key.0, key.1, status), value.max(0.0) as u64);
                }
                (SECONDS, _) => {
                    counts.seconds.insert(key, value);
                }
                _ => {}
            }
        }
        counts
    }

    /// What was counted after `before`.
    pub fn since(&self, before: &Counts) -> Counts {
        Counts {
            requests: self
                .requests
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.saturating_sub(*before.requests.get(k).unwrap_or(&0)),
                    )
                })
                .filter(|(_, v)| *v > 0)
                .collect(),
            seconds: self
                .seconds
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        (v - before.seconds.get(k).unwrap_or(&0.0)).max(0.0),
                    )
                })
                .collect(),
        }
    }

    /// The answers of requests to these (method, route) pairs.
    pub fn of(&self, routes: &[(&str, &str)]) -> Answers {
        let mut answers = Answers::default();
        let mine =
            |method: &str, route: &str| routes.iter().any(|(m, r)| *m == method && *r == route);
        for ((method, route), seconds) in &self.seconds {
            if mine(method, route) {
                answers.seconds += seconds;
            }
        }
        for ((method, route, status), n) in &self.requests {
            if !mine(method, route) {
                continue;
            }
            if (200..300).contains(status) {
                answers.ok += n;
            } else {
                answers.failed += n;
                answers.failure = Some(answers.failure.map_or(*status, |s| s.min(*status)));
            }
        }
        answers
    }
}

/// The outbox backlog gauges (`tongban_outbox_pending`), as
/// `dispatch 12, rollup 0`: events the background jobs have yet to handle.
pub fn backlog(text: &str) -> String {
    let mut found: Vec<(String, String)> = text
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("tongban_outbox_pending{")?;
            let (labels, value) = rest.rsplit_once('}')?;
            let consumer = labels_of(labels).remove("consumer")?;
            Some((consumer, value.trim().to_string()))
        })
        .collect();
    found.sort();
    let shown: Vec<String> = found.iter().map(|(c, v)| format!("{c} {v}")).collect();
    if shown.is_empty() {
        "unknown".into()
    } else {
        shown.join(", ")
    }
}

/// `method="GET",route="/api/v1/items",status="200"` as a map.
fn labels_of(text: &str) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    let mut rest = text;
    while let Some((name, after)) = rest.split_once("=\"") {
        let Some(end) = after.find('"') else { break };
        labels.insert(
            name.trim_start_matches(',').trim().to_string(),
            after[..end].to_string(),
        );
        rest = &after[end + 1..];
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEFORE: &str = "# HELP tongban_http_requests_total HTTP requests\n\
        tongban_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 3\n\
        tongban_http_requests_total{method=\"GET\",route=\"/api/v1/items\",status=\"200\"} 2\n\
        tongban_http_request_duration_seconds_sum{method=\"GET\",route=\"/api/v1/items\"} 0.1\n";
    const AFTER: &str = "tongban_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 3\n\
        tongban_http_requests_total{method=\"GET\",route=\"/api/v1/items\",status=\"200\"} 12\n\
        tongban_http_requests_total{method=\"POST\",route=\"/api/v1/cases\",status=\"201\"} 5\n\
        tongban_http_requests_total{method=\"POST\",route=\"/api/v1/cases\",status=\"503\"} 2\n\
        tongban_http_requests_total{method=\"POST\",route=\"/api/v1/cases\",status=\"409\"} 1\n\
        tongban_http_request_duration_seconds_sum{method=\"GET\",route=\"/api/v1/items\"} 0.5\n\
        tongban_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/items\"} 12\n";

    #[test]
    fn each_kind_gets_the_answers_of_its_routes_since_the_start() {
        let counts = Counts::parse(AFTER).since(&Counts::parse(BEFORE));
        let items = counts.of(&[("GET", "/api/v1/items")]);
        assert_eq!((items.ok, items.failed, items.failure), (10, 0, None));
        assert!((items.mean_ms() - 40.0).abs() < 1e-6, "{items:?}");
        let cases = counts.of(&[("POST", "/api/v1/cases")]);
        assert_eq!((cases.ok, cases.failed, cases.failure), (5, 3, Some(409)));
        assert_eq!(counts.of(&[("GET", "/healthz")]), Answers::default());
    }

    #[test]
    fn the_outbox_backlog_is_read_per_consumer() {
        let text = "tongban_outbox_pending{consumer=\"rollup\"} 7\n\
            tongban_outbox_pending{consumer=\"dispatch\"} 0\n";
        assert_eq!(backlog(text), "dispatch 0, rollup 7");
        assert_eq!(backlog(""), "unknown");
    }
}
