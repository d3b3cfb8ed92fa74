//! The catalog as the metric tables read it — names of codes, the items
//! for online availability — cached per catalog revision, so a dashboard
//! call reads one revision number instead of the whole catalog.

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::Mutex;
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_domain::metrics::{Availability, CatalogFacts};
use tongban_store::SliceFilter;

use super::slice::channel_label;
use super::tables::TableKind;
use crate::error::ServiceError;
use crate::service::CatalogService;

/// One catalog revision, prepared for the metric tables.
pub(super) struct CatalogView {
    pub(super) catalog: Catalog,
    pub(super) facts: CatalogFacts,
    names: BTreeMap<String, String>,
}

/// The last prepared revision.
#[derive(Default)]
pub(super) struct CatalogCache {
    slot: Mutex<Option<(i64, Arc<CatalogView>)>>,
}

impl CatalogCache {
    /// The view of the stored catalog's current revision, prepared once
    /// per revision (the revision is read on every call: an import on
    /// another node shows at once).
    pub(super) async fn view(
        &self,
        catalogs: &CatalogService,
    ) -> Result<Arc<CatalogView>, ServiceError> {
        let mut slot = self.slot.lock().await;
        let revision = catalogs.health().await?;
        if let Some((r, view)) = slot.as_ref()
            && *r == revision
        {
            return Ok(Arc::clone(view));
        }
        // Read after the revision: an import landing in between labels
        // the view older than its data, and the next call reads again.
        let view = Arc::new(CatalogView::of(catalogs.load_catalog().await?));
        *slot = Some((revision, Arc::clone(&view)));
        Ok(view)
    }
}

impl CatalogView {
    fn of(catalog: Catalog) -> CatalogView {
        let mut names = BTreeMap::new();
        for r in &catalog.regions {
            names.insert(format!("region:{}", r.code), r.name.clone());
        }
        for d in &catalog.departments {
            names.insert(format!("department:{}", d.code), d.name.clone());
        }
        for i in &catalog.items {
            names.insert(format!("item:{}", i.code), i.name.clone());
        }
        for b in &catalog.bundles {
            names.insert(format!("bundle:{}", b.code), b.name.clone());
        }
        CatalogView {
            facts: CatalogFacts::new(&catalog),
            catalog,
            names,
        }
    }

    /// The Chinese label of a table row's key.
    pub(super) fn label(&self, kind: TableKind, key: &str) -> String {
        let named = |prefix: &str, empty: &str| {
            if key.is_empty() {
                return empty.to_string();
            }
            self.names
                .get(&format!("{prefix}:{key}"))
                .cloned()
                .unwrap_or_else(|| key.to_string())
        };
        match kind {
            TableKind::Summary => "全部".to_string(),
            TableKind::Channels if key.is_empty() => "诉求（不分渠道）".to_string(),
            TableKind::Channels => channel_label(key).to_string(),
            TableKind::Items => named("item", "一件事整体及诉求"),
            TableKind::Departments => named("department", "未知部门"),
            TableKind::Regions => named("region", "未知区划"),
            TableKind::Bundles => named("bundle", "单事项"),
            TableKind::Days => key.to_string(),
        }
    }

    /// Online availability of the catalog items in the slice, per row
    /// key of `kind` (the summary's under ""); empty where online depth
    /// means nothing (channel, bundle and day rows).
    pub(super) fn availability(
        &self,
        filter: &SliceFilter,
        kind: TableKind,
    ) -> BTreeMap<String, Availability> {
        let members: Option<Vec<&str>> = filter.bundle.as_ref().map(|b| {
            self.catalog
                .bundles
                .iter()
                .filter(|x| x.code.as_str() == b)
                .flat_map(|x| x.members.iter().map(|m| m.item.as_str()))
                .collect()
        });
        let in_slice = |i: &&ServiceItem| {
            filter
                .region_within
                .as_ref()
                .is_none_or(|r| i.region.is_within(r))
                && filter
                    .department
                    .as_deref()
                    .is_none_or(|d| i.department.as_str() == d)
                && filter.item.as_deref().is_none_or(|c| i.code.as_str() == c)
                && members
                    .as_ref()
                    .is_none_or(|m| m.contains(&i.code.as_str()))
        };
        let key: fn(&ServiceItem) -> String = match kind {
            TableKind::Summary => |_| String::new(),
            TableKind::Items => |i| i.code.to_string(),
            TableKind::Departments => |i| i.department.to_string(),
            TableKind::Regions => |i| i.region.to_string(),
            _ => return BTreeMap::new(),
        };
        let mut grouped: BTreeMap<String, Vec<&ServiceItem>> = BTreeMap::new();
        for i in self.catalog.items.iter().filter(in_slice) {
            grouped.entry(key(i)).or_default().push(i);
        }
        let mut out: BTreeMap<String, Availability> = grouped
            .into_iter()
            .map(|(k, items)| (k, Availability::of(items)))
            .collect();
        if kind == TableKind::Summary {
            out.entry(String::new()).or_default();
        }
        out
    }
}
