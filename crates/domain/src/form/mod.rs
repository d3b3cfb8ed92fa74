//! The merged form (一表申请) and the one set of materials (一套材料) of an
//! application: pure functions from the catalog, a guidance [`Selection`]
//! and the subject's consented facts.
//!
//! - [`merge`]: the union of the selected items' form fields keyed by data
//!   element, each element asked once.
//! - [`prefill`]: fields a consented fact can fill are filled and marked with
//!   their source; only the rest are asked. [`FormReport`] counts both.
//! - [`validate_answers`] / [`FormRules`]: checks per data element (kind,
//!   dictionary, pattern, required), Chinese messages, stable codes, and
//!   never the value itself in a message.
//! - [`one_time_materials`]: the members' materials deduplicated, each to
//!   upload or exempted (免提交) with its evidence.
//!
//! Counting agrees with [`crate::stats::reform_metrics`]: fields asked
//! separately = the sum of the members' form fields, merged = the distinct
//! data elements among them (docs/merged-form.md).
//!
//! [`Selection`]: crate::guidance::Selection

mod check;
mod materials;
mod merge;
mod prefill;

pub use check::{FieldError, FormAnswers, FormRules, check_pattern, validate_answers};
pub use materials::{Disposition, Evidence, FORM_SOURCE, MaterialNeed, one_time_materials};
pub use merge::{FieldUse, MergedField, MergedForm, merge};
pub use prefill::{FilledField, FilledForm, FormReport, Prefill, SkippedFact, prefill};

/// Why a form or material list could not be built from the catalog. A
/// catalog that passed [`crate::validate::validate`] never causes one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("事项“{item}”不在目录中")]
    MissingItem { item: String },
    #[error("事项“{item}”的表单字段引用了不存在的数据元“{element}”")]
    UnknownElement { item: String, element: String },
    #[error("事项“{item}”引用了不存在的材料“{material}”")]
    UnknownMaterial { item: String, material: String },
}

impl FormError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            FormError::MissingItem { .. } => "form_missing_item",
            FormError::UnknownElement { .. } => "form_unknown_element",
            FormError::UnknownMaterial { .. } => "form_unknown_material",
        }
    }
}

/// The selected members as catalog items, in selection order.
fn selected_items<'c>(
    catalog: &'c crate::Catalog,
    selection: &crate::guidance::Selection,
) -> Result<Vec<&'c crate::ServiceItem>, FormError> {
    selection
        .members
        .iter()
        .map(|code| {
            catalog
                .item(code.as_str())
                .ok_or_else(|| FormError::MissingItem {
                    item: code.to_string(),
                })
        })
        .collect()
}
