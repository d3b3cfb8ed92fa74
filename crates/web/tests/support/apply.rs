//! Test support for the applicant's flow: the demo app with the demo
//! subjects seeded and an SMS outbox the test reads codes from, signed-in
//! applicants, and the app served over HTTP for the browser.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, header};
use tongban_service::{DEMO_PERSON, DEMO_PHONE, NewSession, Platform};

use super::{App, Reply};

/// The demo app, its demo subjects seeded, codes kept in an outbox.
pub struct ApplyApp {
    pub app: App,
    pub sms: Arc<super::KeptSms>,
}

/// A signed-in applicant: session cookie, CSRF token and actor.
pub struct Applicant {
    pub session: NewSession,
}

impl Applicant {
    /// The `Cookie` header value.
    pub fn cookie(&self) -> String {
        format!("tb_session={}", self.session.token)
    }
}

/// The demo applicant 张三's name and ID number.
pub const ZHANG_SAN: (&str, &str) = DEMO_PERSON;

/// Builds the app.
pub async fn apply_app() -> ApplyApp {
    let app = super::demo_app().await;
    let sms = app.sms.clone();
    ApplyApp { app, sms }
}

impl ApplyApp {
    /// The platform.
    pub fn platform(&self) -> &Platform {
        &self.app.platform
    }

    /// Signs in the applicant with this phone (a new account for a new number).
    pub async fn sign_in(&self, phone: &str) -> Applicant {
        let accounts = &self.app.platform.accounts;
        accounts.request_code(phone).await.unwrap();
        let code = self.sms.last_code(phone);
        Applicant {
            session: accounts.login_applicant(phone, &code).await.unwrap(),
        }
    }

    /// 张三, signed in with the demo phone and verified.
    pub async fn zhang_san(&self) -> Applicant {
        let a = self.sign_in(DEMO_PHONE).await;
        self.app
            .platform
            .subjects
            .verify_identity(&a.session.actor, ZHANG_SAN.0, ZHANG_SAN.1)
            .await
            .unwrap();
        a
    }

    /// A request as `who` (no body).
    pub async fn call(
        &self,
        who: &Applicant,
        method: &str,
        uri: &str,
        json: Option<&str>,
    ) -> Reply {
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::COOKIE, who.cookie());
        let body = match json {
            Some(text) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(text.to_string())
            }
            None => Body::empty(),
        };
        self.app.send(builder.body(body).unwrap()).await
    }

    /// A page form post as `who` (the CSRF token added).
    pub async fn post_form(&self, who: &Applicant, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", who.session.csrf_token.as_str())];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).unwrap();
        self.app
            .send(
                Request::post(uri)
                    .header(header::COOKIE, who.cookie())
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
    }

    /// Creates a draft of the itinerant-chef bundle with default answers; its id.
    pub async fn chef_draft(&self, who: &Applicant) -> String {
        let body = format!(
            r#"{{"application":{{"kind":"bundle","bundle":"{}","answers":{{}}}}}}"#,
            self.app.chef_code()
        );
        let reply = self.call(who, "POST", "/api/v1/drafts", Some(&body)).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        reply.json()["id"].as_str().unwrap().to_string()
    }
}

/// The app served over HTTP on a free port of 127.0.0.1.
pub struct ApplyServer {
    base: String,
    task: tokio::task::JoinHandle<()>,
    pub app: ApplyApp,
}

impl ApplyServer {
    /// Starts serving.
    pub async fn start() -> ApplyServer {
        let app = apply_app().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app.app.router.clone();
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        ApplyServer { base, task, app }
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for ApplyServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
