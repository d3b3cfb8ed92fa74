//! 办事指南: what a guide page shows for an item or a bundle, with names
//! resolved, the one-time material list and the merged form of a bundle.

use std::collections::BTreeMap;

use tongban_domain::Bundle;
use tongban_domain::catalog::{
    Catalog, Department, Exemption, ItemMaterial, MaterialSource, ServiceItem,
};
use tongban_domain::guidance::{Answers, Selection, evaluate};
use tongban_domain::ident::Code;
use tongban_domain::stats::{ReformMetrics, reform_metrics};

use crate::error::ServiceError;
use crate::service::CatalogService;

/// An item's guide: the item plus the names its codes stand for.
#[derive(Debug, Clone)]
pub struct ItemGuide {
    /// The item as stored.
    pub item: ServiceItem,
    /// The implementing department, when the catalog knows it.
    pub department: Option<Department>,
    /// The region's name, when the catalog knows it.
    pub region_name: Option<String>,
    /// The 主项's name, when the item has a parent.
    pub parent_name: Option<String>,
    /// The item's materials in catalog order, with names.
    pub materials: Vec<GuideMaterial>,
    /// Bundles this item is a member of: (code, name).
    pub bundles: Vec<(Code, String)>,
}

/// One material as an item asks for it, with its catalog name.
#[derive(Debug, Clone)]
pub struct GuideMaterial {
    /// The item's requirement (form, situations, exemption).
    pub entry: ItemMaterial,
    /// The material's name, or its code when unknown.
    pub name: String,
    /// Where the material comes from, when known.
    pub source: Option<MaterialSource>,
}

/// A bundle's guide for one set of answers.
#[derive(Debug, Clone)]
pub struct BundleGuide {
    /// The bundle as stored.
    pub bundle: Bundle,
    /// The lead department's name, or its code.
    pub lead_department_name: String,
    /// Every member in bundle order, selected or not.
    pub members: Vec<GuideMember>,
    /// What the answers selected.
    pub selection: Selection,
    /// The one-time material list: each material needed by any selected
    /// member, once, exempted ones left out (its length is the metrics'
    /// `materials.after`).
    pub materials: Vec<MergedMaterial>,
    /// Applicable materials that every member exempts (免提交).
    pub exempted: Vec<MergedMaterial>,
    /// The merged form: each data element once (its length is the
    /// metrics' `fields.after`).
    pub form: Vec<MergedField>,
    /// The five reform metrics for the answers.
    pub metrics: ReformMetrics,
}

/// One member of a bundle with display names.
#[derive(Debug, Clone)]
pub struct GuideMember {
    /// The member item.
    pub item: ServiceItem,
    /// Its department's name, or code.
    pub department_name: String,
    /// Names of the members it waits for (串联); empty means parallel.
    pub after: Vec<String>,
    /// Applied for only when a guidance rule includes it.
    pub optional: bool,
    /// Whether the answers selected it.
    pub selected: bool,
}

/// A material of the one-time list.
#[derive(Debug, Clone)]
pub struct MergedMaterial {
    /// Material code.
    pub code: Code,
    /// Material name, or its code.
    pub name: String,
    /// Where it comes from, when known.
    pub source: Option<MaterialSource>,
    /// Names of the selected members that ask for it.
    pub items: Vec<String>,
    /// How it is exempted (for [`BundleGuide::exempted`] entries).
    pub exemption: Option<Exemption>,
}

/// A data element of the merged form.
#[derive(Debug, Clone)]
pub struct MergedField {
    /// Data element code.
    pub element: Code,
    /// Element name, or the first form label using it.
    pub name: String,
    /// How many member form fields it replaces.
    pub replaces: usize,
}

fn department_name(catalog: &Catalog, code: &Code) -> String {
    catalog
        .departments
        .iter()
        .find(|d| &d.code == code)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| code.to_string())
}

impl CatalogService {
    /// An item's guide.
    pub async fn item_guide(&self, code: &str) -> Result<ItemGuide, ServiceError> {
        let item = self.item(code).await?;
        let catalog = self.cached_catalog();
        let materials = item
            .materials
            .iter()
            .map(|m| {
                let def = catalog.materials.iter().find(|d| d.code == m.material);
                GuideMaterial {
                    entry: m.clone(),
                    name: def.map_or_else(|| m.material.to_string(), |d| d.name.clone()),
                    source: def.map(|d| d.source),
                }
            })
            .collect();
        Ok(ItemGuide {
            department: catalog
                .departments
                .iter()
                .find(|d| d.code == item.department)
                .cloned(),
            region_name: catalog
                .regions
                .iter()
                .find(|r| r.code == item.region)
                .map(|r| r.name.clone()),
            parent_name: item
                .parent
                .as_ref()
                .and_then(|p| catalog.item(p.as_str()))
                .map(|p| p.name.clone()),
            bundles: catalog
                .bundles
                .iter()
                .filter(|b| b.member(&item.code).is_some())
                .map(|b| (b.code.clone(), b.name.clone()))
                .collect(),
            materials,
            item,
        })
    }

    /// A bundle's reform metrics for the answers (empty answers: defaults).
    pub async fn bundle_metrics(
        &self,
        code: &str,
        answers: &Answers,
    ) -> Result<ReformMetrics, ServiceError> {
        let (bundle, items) = self.bundle_with_members(code).await?;
        let selection = select(&bundle, &items, answers)?;
        reform_metrics(&bundle, &selection, &items).map_err(ServiceError::metrics)
    }

    /// A bundle's guide for the answers (empty answers: defaults).
    pub async fn bundle_guide(
        &self,
        code: &str,
        answers: &Answers,
    ) -> Result<BundleGuide, ServiceError> {
        let (bundle, items) = self.bundle_with_members(code).await?;
        let selection = select(&bundle, &items, answers)?;
        let metrics = reform_metrics(&bundle, &selection, &items).map_err(ServiceError::metrics)?;
        let catalog = self.cached_catalog();
        let name_of = |c: &Code| {
            items
                .iter()
                .find(|i| &i.code == c)
                .map_or_else(|| c.to_string(), |i| i.name.clone())
        };
        let members = bundle
            .members
            .iter()
            .zip(&items)
            .map(|(m, item)| GuideMember {
                item: item.clone(),
                department_name: department_name(&catalog, &item.department),
                after: m.after.iter().map(name_of).collect(),
                optional: m.optional,
                selected: selection.members.contains(&m.item),
            })
            .collect();
        let selected: Vec<&ServiceItem> = items
            .iter()
            .filter(|i| selection.members.contains(&i.code))
            .collect();
        let (materials, exempted) = one_time_materials(&catalog, &selection, &selected);
        Ok(BundleGuide {
            lead_department_name: department_name(&catalog, &bundle.lead_department),
            form: merged_form(&catalog, &selected),
            members,
            selection,
            materials,
            exempted,
            metrics,
            bundle,
        })
    }

    /// The bundle and every member item, in member order.
    async fn bundle_with_members(
        &self,
        code: &str,
    ) -> Result<(Bundle, Vec<ServiceItem>), ServiceError> {
        let bundle = self.bundle(code).await?;
        let mut items = Vec::with_capacity(bundle.members.len());
        for m in &bundle.members {
            match self.item(m.item.as_str()).await {
                Ok(item) => items.push(item),
                Err(ServiceError::ItemNotFound(item)) => {
                    tracing::error!(bundle = code, %item, "bundle member missing from store");
                    return Err(ServiceError::CatalogInconsistent(format!(
                        "一件事“{code}”的成员事项“{item}”不在目录中"
                    )));
                }
                Err(other) => return Err(other),
            }
        }
        Ok((bundle, items))
    }
}

/// The bundle's members and situations that `answers` select, each
/// item's situations starting from their catalog defaults. Shared by the
/// guide pages, the metrics and case submission.
pub(crate) fn select(
    bundle: &Bundle,
    items: &[ServiceItem],
    answers: &Answers,
) -> Result<Selection, ServiceError> {
    evaluate(bundle, answers, |code| {
        items
            .iter()
            .find(|i| &i.code == code)
            .map(|i| {
                i.situations
                    .iter()
                    .map(|s| (s.code.clone(), s.default))
                    .collect()
            })
            .unwrap_or_default()
    })
    .map_err(ServiceError::guidance)
}

/// Groups the selected members' applicable materials by code: a material
/// is needed once if any occurrence carries no exemption (the same rule as
/// the metrics' `materials.after`), otherwise it is listed as exempted.
fn one_time_materials(
    catalog: &Catalog,
    selection: &Selection,
    selected: &[&ServiceItem],
) -> (Vec<MergedMaterial>, Vec<MergedMaterial>) {
    let mut by_code: BTreeMap<&Code, (MergedMaterial, bool)> = BTreeMap::new();
    let mut order: Vec<&Code> = Vec::new();
    for item in selected {
        let chosen = selection.situations_of(&item.code);
        for m in item.materials.iter().filter(|m| m.applies(chosen)) {
            let entry = by_code.entry(&m.material).or_insert_with(|| {
                order.push(&m.material);
                let def = catalog.materials.iter().find(|d| d.code == m.material);
                let merged = MergedMaterial {
                    code: m.material.clone(),
                    name: def.map_or_else(|| m.material.to_string(), |d| d.name.clone()),
                    source: def.map(|d| d.source),
                    items: Vec::new(),
                    exemption: None,
                };
                (merged, false)
            });
            if !entry.0.items.contains(&item.name) {
                entry.0.items.push(item.name.clone());
            }
            match &m.exemption {
                None => entry.1 = true,
                Some(e) => entry.0.exemption = Some(e.clone()),
            }
        }
    }
    let mut needed = Vec::new();
    let mut exempted = Vec::new();
    for code in order {
        if let Some((mut merged, is_needed)) = by_code.remove(code) {
            if is_needed {
                merged.exemption = None;
                needed.push(merged);
            } else {
                exempted.push(merged);
            }
        }
    }
    (needed, exempted)
}

/// Distinct data elements of the selected members' forms, in first-use order.
fn merged_form(catalog: &Catalog, selected: &[&ServiceItem]) -> Vec<MergedField> {
    let mut form: Vec<MergedField> = Vec::new();
    for field in selected.iter().flat_map(|i| &i.fields) {
        match form.iter_mut().find(|f| f.element == field.element) {
            Some(f) => f.replaces += 1,
            None => form.push(MergedField {
                element: field.element.clone(),
                name: catalog
                    .data_elements
                    .iter()
                    .find(|e| e.code == field.element)
                    .map_or_else(|| field.label.clone(), |e| e.name.clone()),
                replaces: 1,
            }),
        }
    }
    form
}
