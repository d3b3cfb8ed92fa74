//! The HTTP edge: JSON API under /api/v1 with OpenAPI, and server-rendered pages.
//!
//! [`router`] builds the whole application: `/healthz`, the JSON API (whose
//! OpenAPI document at `/api/v1/openapi.json` is generated from the same
//! route declarations, see [`api`]), the Chinese guide pages ([`pages`]) and
//! `/static/app.css`. Every error under `/api` and `/healthz` is JSON
//! `{"error":{"code":…,"message":…}}`; pages answer with Chinese HTML.

pub mod account;
pub mod api;
mod error;
mod extract;
mod health;
pub mod limits;
mod metrics;
mod middleware;
pub mod pages;
mod script;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use tongban_service::{
    AccountService, AppealService, ApplicationService, CaseService, CatalogService, DraftService,
    EventService, HallService, LicenceService, MetricsService, ObjectionService, Platform,
    ProofService, ReviewService, SubjectService, WalletService,
};

pub use error::{ApiError, ErrorBody, ErrorDetail};

/// How long one request may take before it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest request body accepted (2 MiB).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// What every handler can reach: the platform's use cases.
#[derive(Clone)]
pub struct AppState {
    /// The catalog use cases.
    pub service: Arc<CatalogService>,
    /// Accounts, sessions, tokens and the authorisation gate.
    pub accounts: Arc<AccountService>,
    /// Cases (办件).
    pub cases: Arc<CaseService>,
    /// Subjects, consents and the data-use log.
    pub subjects: Arc<SubjectService>,
    /// Drafts and uploads.
    pub drafts: Arc<DraftService>,
    /// The applicant's flow.
    pub applications: Arc<ApplicationService>,
    /// Warnings, notifications and webhooks.
    pub events: Arc<EventService>,
    /// E-licences: public verification.
    pub licences: Arc<LicenceService>,
    /// 好差评 reviews and rectification.
    pub reviews: Arc<ReviewService>,
    /// Appeals (诉求).
    pub appeals: Arc<AppealService>,
    /// E-proofs (电子证明).
    pub proofs: Arc<ProofService>,
    /// Objections to licences and corrections.
    pub objections: Arc<ObjectionService>,
    /// The holder's wallet (我的证照).
    pub wallet: Arc<WalletService>,
    /// Supervision metrics: dashboards, tables, exports and queue figures.
    pub metrics: Arc<MetricsService>,
    /// Service-hall queues and the hall-now snapshot.
    pub hall: Arc<HallService>,
    /// Rate limits and the in-flight bound of this node.
    pub limits: Arc<limits::Limits>,
}

impl AppState {
    /// State over every use case of `platform`.
    pub fn new(platform: &Platform) -> AppState {
        AppState {
            service: platform.catalog.clone(),
            accounts: platform.accounts.clone(),
            cases: platform.cases.clone(),
            subjects: platform.subjects.clone(),
            drafts: platform.drafts.clone(),
            applications: platform.applications.clone(),
            events: platform.events.clone(),
            licences: platform.licences.clone(),
            reviews: platform.reviews.clone(),
            appeals: platform.appeals.clone(),
            proofs: platform.proofs.clone(),
            objections: platform.objections.clone(),
            wallet: platform.wallet.clone(),
            metrics: platform.metrics.clone(),
            hall: platform.hall.clone(),
            limits: Arc::new(limits::Limits::new(limits::LimitConfig::default())),
        }
    }

    /// The same state with other request limits (e.g. off for load
    /// benchmarks).
    pub fn with_limits(mut self, config: limits::LimitConfig) -> AppState {
        self.limits = Arc::new(limits::Limits::new(config));
        self
    }
}

/// The whole application: API, pages, static files and middleware.
pub fn router(state: AppState) -> Router {
    let (api, doc) = api::routes().split_for_parts();
    let max_in_flight = state.limits.config().max_in_flight;
    let app = Router::new()
        .merge(api)
        .merge(pages::routes())
        .merge(account::routes())
        .route("/static/app.css", get(pages::stylesheet))
        .fallback(middleware::not_found)
        .method_not_allowed_fallback(middleware::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.limits.clone(),
            limits::enforce,
        ))
        .layer(axum::middleware::from_fn(script::apply_preferences))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            account::session::resolve,
        ))
        .layer(axum::Extension(Arc::new(doc)))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state);
    middleware::wrap(app, max_in_flight)
}

/// The OpenAPI document the router serves at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::routes().into_openapi()
}
