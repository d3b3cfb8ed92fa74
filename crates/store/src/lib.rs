//! Catalog (and later case) stores over SQLite and PostgreSQL, through sqlx.
//!
//! One trait per aggregate. [`Db`] opens either backend from a URL
//! (`sqlite:` or `postgres:`), runs the backend's versioned migrations, and
//! implements every store trait. The conformance suite in `tests/` runs the
//! same checks against both backends.

use async_trait::async_trait;
use tongban_domain::Bundle;
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_domain::validate::Problem;

/// Errors of the store layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The incoming catalog, merged with what is stored, is invalid.
    /// Nothing was written.
    #[error("目录校验未通过（{} 个问题）", .0.len())]
    Invalid(Vec<Problem>),
    /// The URL names no supported backend.
    #[error("不支持的数据库地址“{0}”：应以 sqlite: 或 postgres: 开头")]
    UnsupportedUrl(String),
    /// A stored row could not be decoded (corrupt or from a newer version).
    #[error("存储数据无法解析：{0}")]
    Corrupt(String),
    #[error("数据库错误：{0}")]
    Database(#[from] sqlx::Error),
    #[error("数据库迁移失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub regions: usize,
    pub departments: usize,
    pub data_elements: usize,
    pub materials: usize,
    pub items: usize,
    pub bundles: usize,
    /// The catalog revision after the import.
    pub revision: i64,
}

/// The catalog aggregate: regions, departments, data elements, materials,
/// items and bundles.
#[async_trait]
pub trait CatalogStore: Send + Sync {
    /// Merges `incoming` into the stored catalog (same code replaces),
    /// validates the merged whole with `tongban_domain::validate`, and
    /// writes it in one transaction, bumping the revision. On any problem
    /// nothing is written and `StoreError::Invalid` lists the problems.
    /// Concurrent imports are serialised; none is lost.
    async fn import_catalog(&self, incoming: Catalog) -> Result<ImportSummary, StoreError>;
    /// The whole stored catalog.
    async fn load_catalog(&self) -> Result<Catalog, StoreError>;
    /// One item by code.
    async fn item(&self, code: &str) -> Result<Option<ServiceItem>, StoreError>;
    /// One bundle by code.
    async fn bundle(&self, code: &str) -> Result<Option<Bundle>, StoreError>;
    /// Bumped by every import; app nodes compare it to refresh caches.
    async fn catalog_revision(&self) -> Result<i64, StoreError>;
}

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool to either backend; implements every store trait.
/// Cheap to clone.
#[derive(Clone)]
pub struct Db {
    _private: (),
}

impl Db {
    /// Opens `sqlite:PATH` (created if missing, WAL mode) or
    /// `postgres://...`. Does not migrate.
    pub async fn connect(_url: &str) -> Result<Db, StoreError> {
        todo!("store helper")
    }

    /// Applies the backend's pending versioned migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        todo!("store helper")
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        todo!("store helper")
    }
}
