//! 一套材料: the members' materials deduplicated, each either to upload or
//! exempted from submission (免提交) with the evidence that replaces it.

use serde::{Deserialize, Serialize};

use super::{FormError, selected_items};
use crate::catalog::{
    Catalog, Exemption, ItemMaterial, ItemResult, MaterialForm, Requirement, ServiceItem,
};
use crate::guidance::Selection;
use crate::ident::Code;
use crate::subject::{AccessContext, ConsentId, Purpose, SourceRef};

/// The data-source code meaning "generated from the merged form itself":
/// an application form (申请书) exempted by `data_source: online-form` is
/// produced from the answers to the one form (一表申请), so no consent and no
/// outside read is needed.
pub const FORM_SOURCE: &str = "online-form";

/// One material of the application, once for all the members that ask it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialNeed {
    pub material: Code,
    /// The material catalog's name.
    pub name: String,
    /// The strictest form asked (原件 over 复印件 over 电子件) among the
    /// occurrences still to upload (all occurrences when exempt).
    pub form: MaterialForm,
    /// Required if any member requires it, else gap-allowed if any allows a
    /// gap, else optional (same occurrences as `form`).
    pub requirement: Requirement,
    /// The members that ask for it, in selection order.
    pub items: Vec<Code>,
    pub disposition: Disposition,
}

/// Whether the applicant uploads the material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    /// To upload. `could_be_exempt` lists exemptions the catalog offers that
    /// this applicant cannot use yet (e.g. no consent to read the licence),
    /// so a page can say how to avoid the upload.
    ToUpload { could_be_exempt: Vec<Exemption> },
    /// 免提交: every member's occurrence is replaced, by this evidence.
    Exempt { evidence: Vec<Evidence> },
}

/// What replaces a material, recorded with the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// An e-licence of this type: held by the applicant and read under
    /// `consent`, or issued in this application by member `issued_by`.
    Licence {
        licence_type: Code,
        consent: Option<ConsentId>,
        issued_by: Option<Code>,
    },
    /// A shared data source read under `consent` (none for [`FORM_SOURCE`]).
    DataSource {
        source: Code,
        consent: Option<ConsentId>,
    },
    /// The applicant's signed commitment (告知承诺).
    Commitment,
    /// The material is no longer required (已取消).
    Abolished,
}

/// The application's deduplicated materials for the members and situations
/// `selection` picked, in order of first appearance.
///
/// An occurrence with an exemption is exempt when the applicant can use it:
/// a licence held (in `licences_held`) and consented to for
/// [`Purpose::MaterialExemption`], or issued by another selected member; a
/// data source consented to (or [`FORM_SOURCE`]); a commitment; an
/// abolition. A material that is a replaced proof (证明事项清理) is exempt
/// with its replacement as evidence. A material is exempt only when every
/// occurrence is — so with
/// every exemption usable, the uploads are exactly the reform metrics'
/// `materials.after`.
pub fn one_time_materials(
    catalog: &Catalog,
    selection: &Selection,
    access: &AccessContext<'_>,
    licences_held: &[Code],
) -> Result<Vec<MaterialNeed>, FormError> {
    let items = selected_items(catalog, selection)?;
    let mut groups: Vec<(Code, Vec<(&ServiceItem, &ItemMaterial)>)> = Vec::new();
    for item in &items {
        let chosen = selection.situations_of(&item.code);
        for m in item.materials.iter().filter(|m| m.applies(chosen)) {
            match groups.iter_mut().find(|(code, _)| *code == m.material) {
                Some((_, list)) => list.push((item, m)),
                None => groups.push((m.material.clone(), vec![(item, m)])),
            }
        }
    }
    let needs = groups
        .into_iter()
        .map(|(code, occurrences)| need(catalog, &items, access, licences_held, code, &occurrences))
        .collect::<Result<Vec<_>, _>>()?;
    // 证明事项清理: a replaced proof's material is no longer asked.
    Ok(crate::proof::apply_replacements(&catalog.proofs, needs))
}

fn need(
    catalog: &Catalog,
    items: &[&ServiceItem],
    access: &AccessContext<'_>,
    licences_held: &[Code],
    code: Code,
    occurrences: &[(&ServiceItem, &ItemMaterial)],
) -> Result<MaterialNeed, FormError> {
    let def = catalog
        .materials
        .iter()
        .find(|d| d.code == code)
        .ok_or_else(|| FormError::UnknownMaterial {
            item: occurrences
                .first()
                .map(|(i, _)| i.code.to_string())
                .unwrap_or_default(),
            material: code.to_string(),
        })?;
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut missed: Vec<Exemption> = Vec::new();
    let mut upload: Vec<&ItemMaterial> = Vec::new();
    for (item, m) in occurrences {
        let found = m
            .exemption
            .as_ref()
            .and_then(|ex| usable(ex, item, items, access, licences_held));
        match found {
            Some(ev) if !evidence.contains(&ev) => evidence.push(ev),
            Some(_) => {}
            None => {
                upload.push(m);
                if let Some(ex) = &m.exemption
                    && !missed.contains(ex)
                {
                    missed.push(ex.clone());
                }
            }
        }
    }
    let basis: Vec<&ItemMaterial> = if upload.is_empty() {
        occurrences.iter().map(|(_, m)| *m).collect()
    } else {
        upload.clone()
    };
    let mut members: Vec<Code> = Vec::new();
    for (item, _) in occurrences {
        if !members.contains(&item.code) {
            members.push(item.code.clone());
        }
    }
    Ok(MaterialNeed {
        material: code,
        name: def.name.clone(),
        form: strictest_form(&basis),
        requirement: combined_requirement(&basis),
        items: members,
        disposition: if upload.is_empty() {
            Disposition::Exempt { evidence }
        } else {
            Disposition::ToUpload {
                could_be_exempt: missed,
            }
        },
    })
}

/// The evidence this applicant can give for `exemption`, if any.
fn usable(
    exemption: &Exemption,
    asking: &ServiceItem,
    items: &[&ServiceItem],
    access: &AccessContext<'_>,
    licences_held: &[Code],
) -> Option<Evidence> {
    match exemption {
        Exemption::Commitment => Some(Evidence::Commitment),
        Exemption::Abolished => Some(Evidence::Abolished),
        Exemption::DataSource { source } if *source == *FORM_SOURCE => Some(Evidence::DataSource {
            source: source.clone(),
            consent: None,
        }),
        Exemption::DataSource { source } => {
            let read = SourceRef::DataSource {
                source: source.clone(),
            };
            access
                .allowing(&read, Purpose::MaterialExemption)
                .map(|c| Evidence::DataSource {
                    source: source.clone(),
                    consent: Some(c.id.clone()),
                })
        }
        Exemption::Licence { licence_type } => {
            let read = SourceRef::Licence {
                licence_type: licence_type.clone(),
            };
            let held = licences_held
                .contains(licence_type)
                .then(|| access.allowing(&read, Purpose::MaterialExemption))
                .flatten()
                .map(|c| Evidence::Licence {
                    licence_type: licence_type.clone(),
                    consent: Some(c.id.clone()),
                    issued_by: None,
                });
            held.or_else(|| {
                items
                    .iter()
                    .find(|i| i.code != asking.code && issues(i, licence_type))
                    .map(|i| Evidence::Licence {
                        licence_type: licence_type.clone(),
                        consent: None,
                        issued_by: Some(i.code.clone()),
                    })
            })
        }
    }
}

/// True when the item's result is an e-licence or e-proof of this type.
fn issues(item: &ServiceItem, licence_type: &Code) -> bool {
    match &item.result {
        ItemResult::Licence {
            licence_type: t, ..
        } => t == licence_type,
        ItemResult::Proof { proof_type: t, .. } => t == licence_type,
        ItemResult::Document { .. } => false,
    }
}

fn strictest_form(ms: &[&ItemMaterial]) -> MaterialForm {
    let rank = |f: MaterialForm| match f {
        MaterialForm::Original => 2,
        MaterialForm::Copy => 1,
        MaterialForm::Electronic => 0,
    };
    ms.iter()
        .map(|m| m.form)
        .max_by_key(|f| rank(*f))
        .unwrap_or(MaterialForm::Electronic)
}

fn combined_requirement(ms: &[&ItemMaterial]) -> Requirement {
    let has = |r: Requirement| ms.iter().any(|m| m.requirement == r);
    if has(Requirement::Required) {
        Requirement::Required
    } else if has(Requirement::GapAllowed) {
        Requirement::GapAllowed
    } else {
        Requirement::Optional
    }
}
