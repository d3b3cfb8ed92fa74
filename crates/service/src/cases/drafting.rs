//! The bundles and items new cases are drafted from, cached per catalog
//! revision.
//!
//! A submission needs its bundle and every member item. Reading them from
//! the store costs one query and one JSON decode each (thirteen for a
//! 12-item bundle); the cache costs a recent read of the catalog revision
//! ([`CatalogService::recent_revision`]). An import bumps the revision in
//! the transaction that writes the entries, so an entry cached under a
//! revision is never older than what the store answered then: the cache is
//! emptied whenever the revision read differs from the one it was filled
//! under. An import through this node is seen by its next submission;
//! another node's within [`crate::service::REVISION_FRESH`].

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tongban_domain::Bundle;
use tongban_domain::catalog::ServiceItem;

use crate::error::ServiceError;
use crate::service::CatalogService;

/// A bundle with its member items, in member order.
pub(super) type BundleWithItems = Arc<(Bundle, Vec<ServiceItem>)>;

/// Entries read under one catalog revision.
#[derive(Default)]
struct Entries {
    revision: i64,
    bundles: HashMap<String, BundleWithItems>,
    items: HashMap<String, Arc<ServiceItem>>,
}

/// The cache; cheap to share, never held across an await.
#[derive(Default)]
pub(super) struct Drafting {
    entries: RwLock<Entries>,
}

impl Drafting {
    /// A bundle and its members as the catalog holds them now.
    pub(super) async fn bundle(
        &self,
        catalog: &CatalogService,
        code: &str,
    ) -> Result<BundleWithItems, ServiceError> {
        let revision = catalog.recent_revision().await?;
        if let Some(found) = self.read(revision, |e| e.bundles.get(code).cloned()) {
            return Ok(found);
        }
        let bundle = catalog.bundle(code).await?;
        let mut items = Vec::with_capacity(bundle.members.len());
        for m in &bundle.members {
            items.push(catalog.item(m.item.as_str()).await?);
        }
        let found = Arc::new((bundle, items));
        self.write(revision, |e| {
            e.bundles.insert(code.to_string(), Arc::clone(&found));
        });
        Ok(found)
    }

    /// An item as the catalog holds it now.
    pub(super) async fn item(
        &self,
        catalog: &CatalogService,
        code: &str,
    ) -> Result<Arc<ServiceItem>, ServiceError> {
        let revision = catalog.recent_revision().await?;
        if let Some(found) = self.read(revision, |e| e.items.get(code).cloned()) {
            return Ok(found);
        }
        let found = Arc::new(catalog.item(code).await?);
        self.write(revision, |e| {
            e.items.insert(code.to_string(), Arc::clone(&found));
        });
        Ok(found)
    }

    /// Looks up under `revision`; nothing when the cache holds another.
    fn read<T>(&self, revision: i64, find: impl FnOnce(&Entries) -> Option<T>) -> Option<T> {
        let entries = match self.entries.read() {
            Ok(e) => e,
            Err(poisoned) => poisoned.into_inner(),
        };
        (entries.revision == revision)
            .then(|| find(&entries))
            .flatten()
    }

    /// Stores under `revision`, first emptying a cache of an older one
    /// (an entry read under an older revision than the cache's is dropped).
    fn write(&self, revision: i64, put: impl FnOnce(&mut Entries)) {
        let mut entries = match self.entries.write() {
            Ok(e) => e,
            Err(poisoned) => poisoned.into_inner(),
        };
        if revision < entries.revision {
            return;
        }
        if entries.revision != revision {
            *entries = Entries {
                revision,
                ..Entries::default()
            };
        }
        put(&mut entries);
    }
}
