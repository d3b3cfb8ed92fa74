//! The submission record an online application freezes into its draft
//! (`drafts.body.submission`), in the shape the applicant flow writes:
//! the selection, the merged form's report with its prefilled fields,
//! and the one set of materials with the evidence of each exemption.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tongban_domain::case::CaseNo;
use tongban_domain::catalog::{Catalog, Exemption, MaterialForm, Requirement, ServiceItem};
use tongban_domain::form::{Disposition, Evidence, FormReport, MaterialNeed};
use tongban_domain::guidance::Selection;
use tongban_domain::ident::Code;
use tongban_store::{DraftRow, DraftSubmitted};

use super::Rng;
use crate::cases::Application;

/// What a record says about data reuse, as the generator chose it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Reuse {
    pub prefilled: i64,
    pub exempted: i64,
    pub licence_uses: i64,
}

/// A record for `selection` over `items` (the selected members, in
/// order), with random prefill and exemptions; and what it reuses.
pub(super) fn record(
    rng: &mut Rng,
    catalog: &Catalog,
    application: &Application,
    selection: &Selection,
    items: &[&ServiceItem],
    at: DateTime<Utc>,
) -> (Value, Reuse) {
    let mut elements: Vec<&Code> = Vec::new();
    let mut separately = 0u32;
    for item in items {
        separately += item.fields.len() as u32;
        for f in &item.fields {
            if !elements.contains(&&f.element) {
                elements.push(&f.element);
            }
        }
    }
    let merged = elements.len() as u32;
    let prefilled = rng.next(u64::from(merged) + 1) as u32;
    let report = FormReport {
        asked_merged: merged,
        asked_separately: separately,
        prefilled,
        to_fill: merged - prefilled,
    };
    let filled: Vec<Value> = elements
        .iter()
        .take(prefilled as usize)
        .map(|e| json!({ "element": e, "source": "population", "source_name": "人口库（生成数据）", "consent": null }))
        .collect();
    let mut reuse = Reuse {
        prefilled: i64::from(prefilled),
        ..Reuse::default()
    };
    let mut lines = Vec::new();
    for need in needs(rng, catalog, selection, items) {
        if let Disposition::Exempt { evidence } = &need.disposition {
            reuse.exempted += 1;
            reuse.licence_uses += evidence
                .iter()
                .filter(|e| matches!(e, Evidence::Licence { .. }))
                .count() as i64;
        }
        lines.push(json!({ "need": need, "licences": [], "uploads": [], "committed": false }));
    }
    let record = json!({
        "application": application,
        "selection": selection,
        "form": { "answers": {}, "prefilled": filled, "report": report },
        "materials": lines,
        "commitments": [],
        "consents": [],
        "gaps": [],
        "submitted_at": at,
    });
    (record, reuse)
}

/// The deduplicated materials of the selected members; a material every
/// occurrence of which has an exemption is exempted two times in three,
/// with one piece of evidence per distinct exemption.
fn needs(
    rng: &mut Rng,
    catalog: &Catalog,
    selection: &Selection,
    items: &[&ServiceItem],
) -> Vec<MaterialNeed> {
    let mut order: Vec<Code> = Vec::new();
    for item in items {
        let chosen = selection.situations_of(&item.code);
        for m in item.materials.iter().filter(|m| m.applies(chosen)) {
            if !order.contains(&m.material) {
                order.push(m.material.clone());
            }
        }
    }
    let mut out = Vec::with_capacity(order.len());
    for material in order {
        let mut asking = Vec::new();
        let mut exemptions: Vec<Option<&Exemption>> = Vec::new();
        let mut form = MaterialForm::Electronic;
        let mut requirement = Requirement::Optional;
        for item in items {
            let chosen = selection.situations_of(&item.code);
            for m in item
                .materials
                .iter()
                .filter(|m| m.applies(chosen) && m.material == material)
            {
                if !asking.contains(&item.code) {
                    asking.push(item.code.clone());
                }
                exemptions.push(m.exemption.as_ref());
                form = stricter(form, m.form);
                if m.requirement == Requirement::Required {
                    requirement = Requirement::Required;
                } else if m.requirement == Requirement::GapAllowed
                    && requirement == Requirement::Optional
                {
                    requirement = Requirement::GapAllowed;
                }
            }
        }
        let exemptable = exemptions.iter().all(Option::is_some);
        let disposition = if exemptable && rng.next(3) != 0 {
            let mut evidence: Vec<Evidence> = Vec::new();
            for e in exemptions.into_iter().flatten().map(evidence_of) {
                if !evidence.contains(&e) {
                    evidence.push(e);
                }
            }
            Disposition::Exempt { evidence }
        } else {
            Disposition::ToUpload {
                could_be_exempt: Vec::new(),
            }
        };
        let name = catalog
            .materials
            .iter()
            .find(|d| d.code == material)
            .map_or_else(|| material.to_string(), |d| d.name.clone());
        out.push(MaterialNeed {
            material,
            name,
            form,
            requirement,
            items: asking,
            disposition,
        });
    }
    out
}

fn stricter(a: MaterialForm, b: MaterialForm) -> MaterialForm {
    let rank = |f: MaterialForm| match f {
        MaterialForm::Original => 2,
        MaterialForm::Copy => 1,
        MaterialForm::Electronic => 0,
    };
    if rank(b) > rank(a) { b } else { a }
}

fn evidence_of(e: &Exemption) -> Evidence {
    match e {
        Exemption::Licence { licence_type } => Evidence::Licence {
            licence_type: licence_type.clone(),
            consent: None,
            issued_by: None,
        },
        Exemption::DataSource { source } => Evidence::DataSource {
            source: source.clone(),
            consent: None,
        },
        Exemption::Commitment => Evidence::Commitment,
        Exemption::Abolished => Evidence::Abolished,
    }
}

/// The submitted draft of an online case, holding `record`.
pub(super) fn draft(
    id: String,
    owner: &str,
    application: &Application,
    record: Value,
    case_no: CaseNo,
    at: DateTime<Utc>,
) -> DraftRow {
    let body = json!({
        "application": application,
        "answers": {},
        "commitments": [],
        "phone": null,
        "submission": record,
    });
    DraftRow {
        id,
        owner: owner.to_string(),
        body,
        submitted: Some(DraftSubmitted { case_no, at }),
        version: 2,
        created_at: at,
        updated_at: at,
    }
}
