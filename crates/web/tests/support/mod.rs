//! Test support: the real router over a temporary SQLite database seeded
//! with the demo catalog, and request helpers.

#![allow(dead_code)]

pub mod apply;
pub mod cases;
pub mod server;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use tempfile::TempDir;
use tongban_domain::catalog::Catalog;
use tongban_service::{
    DemoAccount, Platform, PlatformConfig, ServiceError, SmsGateway, SystemClock, UploadLimits,
};
use tongban_store::Db;
use tongban_web::limits::LimitConfig;
use tongban_web::{AppState, router};
use tower::ServiceExt;

/// The application under test with what it was seeded with.
pub struct App {
    pub router: Router,
    /// Every use case behind the router (to arrange what a test needs).
    pub platform: Platform,
    /// The demo catalog as read from its files.
    pub catalog: Catalog,
    /// The demo accounts (one per role), with their secrets.
    pub accounts: Vec<DemoAccount>,
    /// Every text message the platform sent (login codes).
    pub sms: Arc<KeptSms>,
    _dir: TempDir,
}

/// An SMS gateway that keeps what it was asked to send, for tests to read.
#[derive(Default)]
pub struct KeptSms(Mutex<Vec<(String, String)>>);

impl KeptSms {
    /// The last code sent to `phone`.
    pub fn last_code(&self, phone: &str) -> String {
        let sent = self.0.lock().unwrap();
        let (_, code) = sent.iter().rev().find(|(p, _)| p == phone).unwrap();
        code.clone()
    }
}

impl SmsGateway for KeptSms {
    fn send_code(&self, phone: &str, code: &str) -> Result<(), ServiceError> {
        self.0.lock().unwrap().push((phone.into(), code.into()));
        Ok(())
    }
}

/// The demo catalog's files in merge (name) order.
pub fn demo_files() -> Vec<PathBuf> {
    tongban_testkit::demo_catalog_files()
}

/// The router over a fresh SQLite database holding the demo catalog.
pub async fn demo_app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("tongban.db").display());
    App::open(dir, &url).await
}

impl App {
    /// The router over the (empty) database at `url`, seeded like the demo:
    /// the demo catalog, one account per role and the demo subjects.
    /// Uploads go under `dir`, which lives as long as the app.
    pub async fn open(dir: TempDir, url: &str) -> App {
        let db = Arc::new(Db::connect(url).await.unwrap());
        db.migrate().await.unwrap();
        let sms = Arc::new(KeptSms::default());
        let platform = Platform::open(
            db,
            PlatformConfig {
                uploads_dir: dir.path().join("uploads"),
                upload_limits: UploadLimits::default(),
                sms: sms.clone(),
                clock: Arc::new(SystemClock),
                licence_key: PlatformConfig::demo_licence_key(),
            },
        )
        .await
        .unwrap();
        let parsed = tongban_catalog_io::read_files(&demo_files()).unwrap();
        let catalog = parsed.catalog.clone();
        platform.catalog.import(parsed).await.unwrap();
        let demo_accounts = platform.accounts.seed_demo().await.unwrap();
        platform.subjects.seed_demo(None).await.unwrap();
        App {
            // Rate limits have their own tests (tests/limits.rs); here
            // bursts of concurrent requests test the use cases.
            router: router(AppState::new(&platform).with_limits(LimitConfig::off())),
            platform,
            catalog,
            accounts: demo_accounts,
            sms,
            _dir: dir,
        }
    }
}

/// A response's status, content type and body text.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub text: String,
    /// Every `Set-Cookie` header, as sent.
    pub set_cookies: Vec<String>,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
}

impl Reply {
    /// The body as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// Reads a whole response.
    pub async fn read(response: axum::response::Response) -> Reply {
        let status = response.status();
        let header_text = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &header::HeaderValue| v.to_str().unwrap().to_string())
        };
        let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
        let location = header_text(header::LOCATION);
        let set_cookies = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Reply {
            status,
            content_type,
            text: String::from_utf8(bytes.to_vec()).unwrap(),
            set_cookies,
            location,
        }
    }

    /// The `error.code` of a JSON error body.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

impl App {
    /// Sends one request through the router.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        Reply::read(response).await
    }

    /// `GET uri` (the uri may hold raw UTF-8, as curl sends it).
    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// `POST uri` with a JSON body.
    pub async fn post_json(&self, uri: &str, body: &str) -> Reply {
        self.send(
            Request::post(uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    /// The itinerant-chef bundle's code, found by name.
    pub fn chef_code(&self) -> String {
        self.catalog
            .bundles
            .iter()
            .find(|b| b.name.contains("游厨"))
            .expect("the demo catalog has the itinerant-chef bundle")
            .code
            .to_string()
    }
}
