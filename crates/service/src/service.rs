//! [`CatalogService`]: import, search, lookups and export over one store.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::Mutex;
use tongban_catalog_io::Parsed;
use tongban_domain::Bundle;
use tongban_domain::catalog::{Catalog, Department, Region, ServiceItem};
use tongban_search::{SearchIndex, Target};
use tongban_store::{CatalogStore, ImportSummary};

use crate::error::ServiceError;
use crate::search::{SearchPage, SearchRequest};

/// One catalog revision as this node caches it: the catalog (for names and
/// listings) and its search index.
struct Snapshot {
    revision: i64,
    catalog: Arc<Catalog>,
    index: SearchIndex,
}

/// How long a catalog revision read from the store answers
/// [`CatalogService::recent_revision`]: the longest another node's import
/// can go unnoticed by this node's new cases.
pub const REVISION_FRESH: Duration = Duration::from_secs(1);

/// The catalog use cases. Cheap to share behind an `Arc`; every method
/// takes `&self`.
pub struct CatalogService {
    store: Arc<dyn CatalogStore>,
    snapshot: RwLock<Option<Arc<Snapshot>>>,
    /// Serialises index rebuilds so that concurrent refreshes build once.
    rebuild: Mutex<()>,
    /// The newest revision read from the store, and when.
    revision: std::sync::Mutex<Option<(Instant, i64)>>,
    /// How long `revision` answers without asking the store again.
    fresh: Duration,
}

impl CatalogService {
    /// A service over `store` with no index yet; the first search (or
    /// [`CatalogService::refresh_index_if_stale`]) builds it.
    pub fn new(store: Arc<dyn CatalogStore>) -> CatalogService {
        CatalogService {
            store,
            snapshot: RwLock::new(None),
            rebuild: Mutex::new(()),
            revision: std::sync::Mutex::new(None),
            fresh: REVISION_FRESH,
        }
    }

    /// The same service with `fresh` in place of [`REVISION_FRESH`].
    pub fn with_revision_freshness(mut self, fresh: Duration) -> CatalogService {
        self.fresh = fresh;
        self
    }

    /// A service over `store` with its index built from the stored catalog.
    pub async fn open(store: Arc<dyn CatalogStore>) -> Result<CatalogService, ServiceError> {
        let service = CatalogService::new(store);
        service.refresh_index_if_stale().await?;
        Ok(service)
    }

    /// The store this service works on.
    pub fn store(&self) -> &Arc<dyn CatalogStore> {
        &self.store
    }

    /// Checks that the store answers; returns the catalog revision.
    pub async fn health(&self) -> Result<i64, ServiceError> {
        let revision = self
            .store
            .catalog_revision()
            .await
            .map_err(ServiceError::store)?;
        let mut seen = self.seen_revision();
        let newest = seen.map_or(revision, |(_, r)| r.max(revision));
        *seen = Some((Instant::now(), newest));
        Ok(revision)
    }

    /// The catalog revision as read from the store at most
    /// [`REVISION_FRESH`] ago (an import through this service is seen at
    /// once; another node's within that time). Drafting new cases asks
    /// this on every submission, so the store is asked about once a
    /// period rather than once a request.
    pub async fn recent_revision(&self) -> Result<i64, ServiceError> {
        if let Some((at, revision)) = *self.seen_revision()
            && at.elapsed() < self.fresh
        {
            return Ok(revision);
        }
        self.health().await
    }

    fn seen_revision(&self) -> std::sync::MutexGuard<'_, Option<(Instant, i64)>> {
        match self.revision.lock() {
            Ok(seen) => seen,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Imports a parsed file set all-or-nothing, then rebuilds the index if
    /// this service has one. When validation fails, every problem is
    /// located in the files read.
    pub async fn import(&self, parsed: Parsed) -> Result<ImportSummary, ServiceError> {
        let Parsed { catalog, sources } = parsed;
        let summary = match self.store.import_catalog(catalog).await {
            Ok(summary) => summary,
            Err(tongban_store::StoreError::Invalid(problems)) => {
                return Err(ServiceError::InvalidCatalog(
                    problems.iter().map(|p| sources.locate(p)).collect(),
                ));
            }
            Err(other) => return Err(ServiceError::store(other)),
        };
        *self.seen_revision() = None;
        // The import is committed. A node that serves search rebuilds its
        // index now (a failure only delays search: the periodic refresh
        // retries); a service without an index (the CLI) builds none.
        if self.current().is_some()
            && let Err(err) = self.refresh_index_if_stale().await
        {
            tracing::warn!(code = err.code(), "index rebuild after import failed");
        }
        Ok(summary)
    }

    /// Rebuilds the index when the stored catalog revision differs from the
    /// indexed one (another node imported). Returns whether it rebuilt.
    pub async fn refresh_index_if_stale(&self) -> Result<bool, ServiceError> {
        let _building = self.rebuild.lock().await;
        // Read the revision before the catalog: if an import lands in
        // between, the snapshot is labelled older than its data and the
        // next refresh simply rebuilds again.
        let revision = self.health().await?;
        if self.current().is_some_and(|s| s.revision == revision) {
            return Ok(false);
        }
        let catalog = Arc::new(
            self.store
                .load_catalog()
                .await
                .map_err(ServiceError::store)?,
        );
        let for_index = Arc::clone(&catalog);
        let index = tokio::task::spawn_blocking(move || SearchIndex::build(&for_index))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "index build task failed");
                ServiceError::SearchUnavailable
            })?
            .map_err(ServiceError::search)?;
        let snapshot = Arc::new(Snapshot {
            revision,
            catalog,
            index,
        });
        match self.snapshot.write() {
            Ok(mut slot) => *slot = Some(snapshot),
            Err(poisoned) => *poisoned.into_inner() = Some(snapshot),
        }
        tracing::info!(revision, "search index rebuilt");
        Ok(true)
    }

    fn current(&self) -> Option<Arc<Snapshot>> {
        match self.snapshot.read() {
            Ok(slot) => slot.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    async fn ready(&self) -> Result<Arc<Snapshot>, ServiceError> {
        if let Some(s) = self.current() {
            return Ok(s);
        }
        self.refresh_index_if_stale().await?;
        self.current().ok_or(ServiceError::SearchUnavailable)
    }

    /// The catalog of the indexed revision, for names and listings (empty
    /// before the first index build).
    pub fn cached_catalog(&self) -> Arc<Catalog> {
        self.current()
            .map(|s| Arc::clone(&s.catalog))
            .unwrap_or_default()
    }

    /// Searches items.
    pub async fn search_items(&self, request: &SearchRequest) -> Result<SearchPage, ServiceError> {
        self.search(request, Target::Items).await
    }

    /// Searches bundles.
    pub async fn search_bundles(
        &self,
        request: &SearchRequest,
    ) -> Result<SearchPage, ServiceError> {
        self.search(request, Target::Bundles).await
    }

    async fn search(
        &self,
        request: &SearchRequest,
        target: Target,
    ) -> Result<SearchPage, ServiceError> {
        let query = request.to_query(target)?;
        let snapshot = self.ready().await?;
        let hits = snapshot
            .index
            .search(&query)
            .map_err(ServiceError::search)?;
        Ok(SearchPage::from_hits(hits, &snapshot.catalog))
    }

    /// One item by code.
    pub async fn item(&self, code: &str) -> Result<ServiceItem, ServiceError> {
        self.store
            .item(code)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| ServiceError::ItemNotFound(code.to_string()))
    }

    /// One bundle by code.
    pub async fn bundle(&self, code: &str) -> Result<Bundle, ServiceError> {
        self.store
            .bundle(code)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| ServiceError::BundleNotFound(code.to_string()))
    }

    /// Every region of the catalog, by code.
    pub async fn regions(&self) -> Result<Vec<Region>, ServiceError> {
        let snapshot = self.ready().await?;
        let mut regions = snapshot.catalog.regions.clone();
        regions.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(regions)
    }

    /// Every department of the catalog, by code.
    pub async fn departments(&self) -> Result<Vec<Department>, ServiceError> {
        let snapshot = self.ready().await?;
        let mut departments = snapshot.catalog.departments.clone();
        departments.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(departments)
    }

    /// The whole stored catalog, read fresh from the store.
    pub async fn load_catalog(&self) -> Result<Catalog, ServiceError> {
        self.store.load_catalog().await.map_err(ServiceError::store)
    }

    /// The document type of stored licences with `type_code` (a licence
    /// type, or the document of an e-proof's proof type): from the cached
    /// catalog, else the stored one (the cache may lag an import); `None`
    /// when the catalog does not know it.
    pub async fn document_type(
        &self,
        type_code: &str,
    ) -> Result<Option<tongban_domain::licence::LicenceType>, ServiceError> {
        if let Some(found) = self.cached_catalog().document_type(type_code) {
            return Ok(Some(found));
        }
        Ok(self.load_catalog().await?.document_type(type_code))
    }

    /// The stored catalog in the documented YAML format.
    pub async fn export_yaml(&self) -> Result<String, ServiceError> {
        let catalog = self.load_catalog().await?;
        Ok(tongban_catalog_io::write_yaml(&catalog.normalized()))
    }

    /// The stored catalog as an .xlsx workbook.
    pub async fn export_xlsx(&self) -> Result<Vec<u8>, ServiceError> {
        let catalog = self.load_catalog().await?;
        tongban_catalog_io::write_xlsx(&catalog.normalized())
            .map_err(|e| ServiceError::ExportFailed(e.reason))
    }
}
