//! 一表申请: merging the selected items' forms into one, keyed by data element.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{FormError, selected_items};
use crate::catalog::{Catalog, DataElement};
use crate::guidance::Selection;
use crate::ident::Code;

/// One bundle application's merged form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedForm {
    /// The selected member items, in selection order.
    pub members: Vec<Code>,
    /// One field per data element, in order of first appearance (members
    /// in selection order, each member's fields in its own order).
    pub fields: Vec<MergedField>,
    /// What the members' own forms ask together: the sum of their field
    /// counts, duplicates included (`fields.before` of the reform metrics).
    pub asked_separately: u32,
    /// The largest single member form, in distinct data elements (the
    /// catalog does not forbid an item listing an element twice).
    pub largest_single: u32,
}

impl MergedForm {
    /// The number of fields the merged form asks (`fields.after` of the
    /// reform metrics).
    pub fn asked_merged(&self) -> u32 {
        self.fields.len() as u32
    }

    /// The field for a data element.
    pub fn field(&self, element: &str) -> Option<&MergedField> {
        self.fields.iter().find(|f| f.element.code == *element)
    }
}

/// One data element on the merged form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedField {
    /// The catalog's data element (name, kind, pattern, dictionary).
    pub element: DataElement,
    /// Required when any member requires it.
    pub required: bool,
    /// Which members ask for it, under which of their own labels.
    pub uses: Vec<FieldUse>,
}

impl MergedField {
    /// The label on the merged form: the data element's canonical name.
    pub fn label(&self) -> &str {
        &self.element.name
    }
}

/// One member's field mapped onto a merged field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldUse {
    pub item: Code,
    /// The label on that member's own form.
    pub label: String,
    pub required: bool,
}

/// Merges the forms of the members `selection` picked: each data element
/// asked once, required if any member requires it.
pub fn merge(catalog: &Catalog, selection: &Selection) -> Result<MergedForm, FormError> {
    let items = selected_items(catalog, selection)?;
    let mut fields: Vec<MergedField> = Vec::new();
    let mut asked_separately = 0u32;
    let mut largest_single = 0u32;
    for item in items {
        asked_separately += item.fields.len() as u32;
        let distinct: BTreeSet<&Code> = item.fields.iter().map(|f| &f.element).collect();
        largest_single = largest_single.max(distinct.len() as u32);
        for f in &item.fields {
            let field_use = FieldUse {
                item: item.code.clone(),
                label: f.label.clone(),
                required: f.required,
            };
            if let Some(existing) = fields.iter_mut().find(|m| m.element.code == f.element) {
                existing.required |= f.required;
                existing.uses.push(field_use);
                continue;
            }
            let element = catalog
                .data_elements
                .iter()
                .find(|e| e.code == f.element)
                .ok_or_else(|| FormError::UnknownElement {
                    item: item.code.to_string(),
                    element: f.element.to_string(),
                })?;
            fields.push(MergedField {
                element: element.clone(),
                required: f.required,
                uses: vec![field_use],
            });
        }
    }
    Ok(MergedForm {
        members: selection.members.clone(),
        fields,
        asked_separately,
        largest_single,
    })
}
