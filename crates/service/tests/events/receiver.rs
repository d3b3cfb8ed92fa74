//! A department system's webhook receiver for the tests: an axum server
//! on 127.0.0.1 that records every request and answers a status the test
//! sets.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Got {
    pub event: String,
    pub delivery: String,
    pub signature: String,
    pub body: Vec<u8>,
}

#[derive(Default)]
pub struct Receiver {
    pub status: AtomicU16,
    pub got: Mutex<Vec<Got>>,
}

impl Receiver {
    pub fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    pub fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }
}

/// Starts a receiver answering 200; returns it and its URL.
pub async fn start() -> (Arc<Receiver>, String) {
    let receiver = Arc::new(Receiver::default());
    receiver.answer(200);
    let app = Router::new()
        .route("/hook", post(hook))
        .with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (receiver, format!("http://{addr}/hook"))
}

async fn hook(State(r): State<Arc<Receiver>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    r.got.lock().unwrap().push(Got {
        event: header("x-tongban-event"),
        delivery: header("x-tongban-delivery"),
        signature: header("x-tongban-signature"),
        body: body.to_vec(),
    });
    StatusCode::from_u16(r.status.load(Ordering::SeqCst)).unwrap()
}
