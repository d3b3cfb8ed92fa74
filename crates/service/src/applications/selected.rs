//! What an application selects: the catalog it is read against, the member
//! items and situations, and the merged form — shared by every step.

use std::sync::Arc;

use tongban_domain::Bundle;
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_domain::form::{FormError, MergedForm, merge};
use tongban_domain::guidance::Selection;
use tongban_domain::ident::Code;

use super::ApplicationService;
use crate::cases::Application;
use crate::error::{Refusal, ServiceError};

/// An application resolved against the catalog.
pub(crate) struct Selected {
    /// The catalog revision everything below was read from.
    pub catalog: Arc<Catalog>,
    /// The bundle, for a bundle application.
    pub bundle: Option<Bundle>,
    /// The bundle's or the item's name.
    pub title: String,
    /// The members and situations chosen.
    pub selection: Selection,
}

impl Selected {
    /// The selected members as catalog items, in selection order.
    pub fn items(&self) -> Vec<&ServiceItem> {
        self.selection
            .members
            .iter()
            .filter_map(|c| self.catalog.item(c.as_str()))
            .collect()
    }

    /// The merged form of the selected members.
    pub fn merged(&self) -> Result<MergedForm, ServiceError> {
        merge(&self.catalog, &self.selection).map_err(form_error)
    }

    /// The name of a department, or its code.
    pub fn department_name(&self, code: &Code) -> String {
        self.catalog
            .departments
            .iter()
            .find(|d| &d.code == code)
            .map_or_else(|| code.to_string(), |d| d.name.clone())
    }
}

/// A form or material list the stored catalog cannot build (import keeps
/// this from happening): a catalog fault, logged.
pub(crate) fn form_error(err: FormError) -> ServiceError {
    tracing::error!(code = err.code(), error = %err, "merged form cannot be built");
    ServiceError::CatalogInconsistent(err.to_string())
}

impl ApplicationService {
    /// The catalog holding `code` (an item or bundle): the indexed revision,
    /// refreshed once when it does not know the code yet.
    async fn catalog_with(
        &self,
        is_bundle: bool,
        code: &str,
    ) -> Result<Arc<Catalog>, ServiceError> {
        let knows = |c: &Catalog| {
            if is_bundle {
                c.bundle(code).is_some()
            } else {
                c.item(code).is_some()
            }
        };
        let cached = self.catalog.cached_catalog();
        if knows(&cached) {
            return Ok(cached);
        }
        self.catalog.refresh_index_if_stale().await?;
        let fresh = self.catalog.cached_catalog();
        if knows(&fresh) {
            return Ok(fresh);
        }
        Err(if is_bundle {
            ServiceError::BundleNotFound(code.to_string())
        } else {
            ServiceError::ItemNotFound(code.to_string())
        })
    }

    /// Resolves an application: a bundle's answers through its guidance
    /// rules, or one item under its situations (its defaults when none).
    pub(crate) async fn select(&self, application: &Application) -> Result<Selected, ServiceError> {
        match application {
            Application::Bundle { bundle, answers } => {
                let catalog = self.catalog_with(true, bundle).await?;
                let b = catalog
                    .bundle(bundle)
                    .cloned()
                    .ok_or_else(|| ServiceError::BundleNotFound(bundle.clone()))?;
                let selection = crate::guide::select(&b, &catalog.items, answers)?;
                if selection.members.is_empty() {
                    return Err(ServiceError::refused(
                        Refusal::Invalid,
                        "application_nothing_selected",
                        format!("按您的回答，“{}”没有需要办理的事项", b.name),
                    ));
                }
                Ok(Selected {
                    title: b.name.clone(),
                    bundle: Some(b),
                    catalog,
                    selection,
                })
            }
            Application::Item { item, situations } => {
                let catalog = self.catalog_with(false, item).await?;
                let found = catalog
                    .item(item)
                    .ok_or_else(|| ServiceError::ItemNotFound(item.clone()))?;
                for s in situations {
                    if !found.situations.iter().any(|known| known.code == *s) {
                        return Err(ServiceError::refused(
                            Refusal::Invalid,
                            "application_unknown_situation",
                            format!("事项“{}”没有情形“{s}”", found.name),
                        ));
                    }
                }
                let chosen: Vec<Code> = if situations.is_empty() {
                    found
                        .situations
                        .iter()
                        .filter(|s| s.default)
                        .map(|s| s.code.clone())
                        .collect()
                } else {
                    situations.clone()
                };
                let mut selection = Selection {
                    members: vec![found.code.clone()],
                    ..Selection::default()
                };
                if !chosen.is_empty() {
                    selection.situations.insert(found.code.clone(), chosen);
                }
                let title = found.name.clone();
                Ok(Selected {
                    catalog,
                    bundle: None,
                    title,
                    selection,
                })
            }
        }
    }
}
