//! Accounts at the edge: who is asking (session cookie or API token), CSRF
//! on every state-changing form, the login pages and the workbenches.
//!
//! Authorisation itself is not decided here: handlers pass the
//! [`session::CurrentUser`]'s actor to the service layer, whose
//! `AccountService::authorize` is the one gate.

pub mod csrf;
mod login;
pub mod session;
mod workbench;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

/// The account and workbench page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::login_page).post(login::staff_login))
        .route("/login/code", post(login::request_code))
        .route("/login/applicant", post(login::applicant_login))
        .route("/logout", post(login::logout))
        .route(
            "/account/password",
            get(login::password_page).post(login::change_password),
        )
        .route("/workbench", get(workbench::landing))
        .route("/workbench/departments/{code}", get(workbench::department))
        .route("/workbench/staff/{username}", get(workbench::staff))
}
