//! Catalog (and later case) stores over SQLite and PostgreSQL, through sqlx.
//!
//! One trait per aggregate. [`Db`] opens either backend from a URL
//! (`sqlite:` or `postgres:`), runs the backend's versioned migrations, and
//! implements every store trait. The conformance suite in `tests/` runs the
//! same checks against both backends.

mod catalog;
mod db;

pub use db::{Backend, Db};

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
    /// The database refused or failed a statement, or could not be reached.
    #[error("数据库错误：{0}")]
    Database(#[from] sqlx::Error),
    /// A versioned migration could not be applied.
    #[error("数据库迁移失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Stable machine-readable code of the error, for logs and API bodies.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Invalid(_) => "catalog_invalid",
            StoreError::UnsupportedUrl(_) => "unsupported_database_url",
            StoreError::Corrupt(_) => "stored_data_corrupt",
            StoreError::Database(_) => "database_error",
            StoreError::Migrate(_) => "migration_failed",
        }
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Regions written (inserted or replaced).
    pub regions: usize,
    /// Departments written.
    pub departments: usize,
    /// Data elements written.
    pub data_elements: usize,
    /// Material definitions written.
    pub materials: usize,
    /// Service items written.
    pub items: usize,
    /// Bundles written.
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
