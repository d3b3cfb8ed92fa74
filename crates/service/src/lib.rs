//! Use cases over the store traits: catalog import, search, reform metrics,
//! accounts and the authorisation gate, cases, subjects and consents,
//! drafts and uploads, and the applicant's flow; [`Platform`] wires them all.
//!
//! [`CatalogService`], [`AccountService`] and [`CaseService`] are what the
//! web edge and the CLI call. Every scoped read and write passes [`AccountService::authorize`].
//! [`CatalogService`] owns no data: the store is the source of truth, and the in-memory search index is a
//! cache of one catalog revision that [`CatalogService::refresh_index_if_stale`]
//! rebuilds when another node (sharing the same database) has imported.
//! Every failure is a [`ServiceError`] with a stable machine-readable code and
//! a Chinese message; store internals are logged, never shown to users.

pub mod accounts;
pub mod appeals;
pub mod applications;
pub mod cases;
pub mod drafts;
mod error;
pub mod events;
mod guide;
pub mod hall;
pub mod licences;
pub mod metrics;
pub mod objections;
mod platform;
pub mod proofs;
mod refresh;
pub mod reviews;
mod search;
mod service;
pub mod subjects;
pub mod wallet;

pub use accounts::{
    AccountService, ApplicantKind, Clock, DEMO_PERSON, DEMO_PHONE, DemoAccount, IssuedToken,
    LogSms, NewSession, NewStaff, SignedIn, SmsGateway, StaffView, SystemClock,
};
pub use appeals::AppealService;
pub use applications::ApplicationService;
pub use cases::{
    Application, CaseCommand, CaseService, CaseView, ProxyAuthorisation, PublicStatus,
    SubmitRequest,
};
pub use drafts::{DraftService, UploadLimits};
pub use error::{Refusal, ServiceError};
pub use events::EventService;
pub use guide::{BundleGuide, GuideMaterial, GuideMember, ItemGuide, MergedField, MergedMaterial};
pub use hall::HallService;
pub use licences::{Grant, LicenceService, SignedLicence, Verification};
pub use metrics::MetricsService;
pub use objections::ObjectionService;
pub use platform::{Platform, PlatformConfig};
pub use proofs::ProofService;
pub use refresh::spawn_index_refresh;
pub use reviews::ReviewService;
pub use search::{Found, MAX_LIMIT, MAX_OFFSET, SearchPage, SearchRequest};
pub use service::{CatalogService, REVISION_FRESH};
pub use subjects::SubjectService;
pub use tongban_seal::ConfigKey;
pub use wallet::WalletService;

pub use tongban_catalog_io::{ImportError, Location, Parsed};
pub use tongban_domain::guidance::{Answer, Answers};
pub use tongban_domain::stats::ReformMetrics;
pub use tongban_store::{
    AccountStore, CaseStore, CatalogStore, DraftStore, EventStore, ImportSummary, SubjectStore,
};
