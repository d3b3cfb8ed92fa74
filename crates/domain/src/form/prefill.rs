//! Prefilling the merged form from consented facts (数据最多采一次), and
//! the per-application report of fields asked.

use serde::{Deserialize, Serialize};

use super::{FieldError, FormAnswers, FormRules, MergedField, MergedForm};
use crate::ident::Code;
use crate::subject::{AccessContext, Fact, FactSource, Purpose};

/// The merged form with what the profile could fill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilledForm {
    pub fields: Vec<FilledField>,
    pub report: FormReport,
    /// Facts that were allowed but not used because their value is not
    /// valid for the element (the field is asked instead).
    pub skipped: Vec<SkippedFact>,
}

impl FilledForm {
    /// The fields the applicant still has to fill.
    pub fn to_ask(&self) -> impl Iterator<Item = &FilledField> {
        self.fields.iter().filter(|f| f.prefill.is_none())
    }

    /// The prefilled values overlaid with the applicant's typed `answers`
    /// (a typed value replaces a prefilled one: the applicant may correct
    /// outdated data), ready for [`super::validate_answers`].
    pub fn answers(&self, typed: &FormAnswers) -> FormAnswers {
        let mut all: FormAnswers = self
            .fields
            .iter()
            .filter_map(|f| {
                f.prefill
                    .as_ref()
                    .map(|p| (f.field.element.code.to_string(), p.value.clone()))
            })
            .collect();
        all.extend(typed.iter().map(|(k, v)| (k.clone(), v.clone())));
        all
    }
}

/// One merged field, prefilled or to be asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilledField {
    pub field: MergedField,
    pub prefill: Option<Prefill>,
}

/// A value taken from the profile, with where it came from (shown beside
/// the field: “已由公安户籍信息预填”).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefill {
    pub value: String,
    pub source: FactSource,
}

impl std::fmt::Debug for Prefill {
    /// The value may be an ID or phone number, so it is masked.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefill")
            .field("value", &crate::mask::id_number(&self.value))
            .field("source", &self.source)
            .finish()
    }
}

/// An allowed fact whose value failed the element's validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedFact {
    pub element: Code,
    pub source: FactSource,
    pub error: FieldError,
}

/// Fields asked by one application's form, against the members' own forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormReport {
    /// Fields on the merged form (distinct data elements).
    pub asked_merged: u32,
    /// Fields the members' separate forms would have asked (their sum).
    pub asked_separately: u32,
    /// Merged fields filled from the profile.
    pub prefilled: u32,
    /// Merged fields left for the applicant: `asked_merged − prefilled`.
    pub to_fill: u32,
}

impl FormReport {
    /// The report of a merged form before any prefill.
    pub fn of(merged: &MergedForm) -> FormReport {
        FormReport {
            asked_merged: merged.asked_merged(),
            asked_separately: merged.asked_separately,
            prefilled: 0,
            to_fill: merged.asked_merged(),
        }
    }
}

/// Prefills `merged` from `facts`. A fact is used only when it is about the
/// applicant (`access.subject`), for a field on the form, read under a
/// consent that — at `access.at` — still allows the `Prefill` purpose for
/// this application and this source, and its value is valid for the
/// element. The first usable fact per field wins (callers order facts by
/// preference). Revoking the consent therefore un-prefills the field.
pub fn prefill(merged: &MergedForm, facts: &[Fact], access: &AccessContext<'_>) -> FilledForm {
    let rules = FormRules::compile(merged);
    let mut skipped = Vec::new();
    let fields: Vec<FilledField> = merged
        .fields
        .iter()
        .map(|field| {
            let mut chosen = None;
            for fact in facts.iter().filter(|f| f.element == field.element.code) {
                if !allowed(fact, access) {
                    continue;
                }
                match rules.check_value(&field.element, &fact.value) {
                    Ok(()) if !fact.value.trim().is_empty() => {
                        chosen = Some(Prefill {
                            value: fact.value.trim().to_string(),
                            source: fact.source.clone(),
                        });
                        break;
                    }
                    Ok(()) => {}
                    Err(error) => skipped.push(SkippedFact {
                        element: fact.element.clone(),
                        source: fact.source.clone(),
                        error,
                    }),
                }
            }
            FilledField {
                field: field.clone(),
                prefill: chosen,
            }
        })
        .collect();
    let prefilled = fields.iter().filter(|f| f.prefill.is_some()).count() as u32;
    let base = FormReport::of(merged);
    FilledForm {
        fields,
        report: FormReport {
            prefilled,
            to_fill: base.asked_merged - prefilled,
            ..base
        },
        skipped,
    }
}

/// The fact's own consent (by id) must allow the read now.
fn allowed(fact: &Fact, access: &AccessContext<'_>) -> bool {
    fact.subject == *access.subject
        && access.consents.iter().any(|c| {
            c.id == fact.source.consent
                && c.allows(
                    access.subject,
                    &fact.source.source,
                    Purpose::Prefill,
                    access.application,
                    access.at,
                )
        })
}
