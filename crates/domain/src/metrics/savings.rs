//! Realised reform savings of one completed bundle case: the catalog's
//! reform metrics (`stats::reform_metrics`) for the case's own selection.

use crate::case::Case;
use crate::case::ItemTerms;
use crate::catalog::ServiceItem;
use crate::guidance::Selection;
use crate::ident::Code;
use crate::stats::reform_metrics;

use super::facts::{CatalogFacts, hundredths};

/// What one case saved against handling its members one by one
/// (before − after of each reform metric).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Savings {
    pub steps: i64,
    pub materials: i64,
    pub fields: i64,
    /// Working days, in hundredths.
    pub days_x100: i64,
    pub trips: i64,
}

/// The savings of `case`, with the selection its submission recorded, or
/// else the one its members show (see [`selection_of`]). `None` when the
/// catalog no longer has the bundle or one of its items.
pub fn case_savings(
    case: &Case,
    recorded: Option<&Selection>,
    catalog: &CatalogFacts,
) -> Option<Savings> {
    let bundle = catalog.bundle(case.bundle.as_ref()?)?;
    let items: Vec<ServiceItem> = case
        .members
        .iter()
        .map(|m| catalog.item(m.item()).cloned())
        .collect::<Option<_>>()?;
    let selection = match recorded {
        Some(s) => s.clone(),
        None => selection_of(case, &items),
    };
    let m = reform_metrics(bundle, &selection, &items).ok()?;
    let diff = |before: u32, after: u32| i64::from(before) - i64::from(after);
    Some(Savings {
        steps: diff(m.steps.before, m.steps.after),
        materials: diff(m.materials.before, m.materials.after),
        fields: diff(m.fields.before, m.fields.after),
        days_x100: hundredths(m.days.before) - hundredths(m.days.after),
        trips: diff(m.trips.before, m.trips.after),
    })
}

/// The selection a case shows: its members, each with the situations
/// that reproduce the materials the member case asks for — the item's
/// default situations when they do, else the first single situation that
/// does, else the defaults.
pub fn selection_of(case: &Case, items: &[ServiceItem]) -> Selection {
    let mut selection = Selection {
        members: case.members.iter().map(|m| m.item().clone()).collect(),
        ..Selection::default()
    };
    for (m, item) in case.members.iter().zip(items) {
        let defaults: Vec<Code> = item
            .situations
            .iter()
            .filter(|s| s.default)
            .map(|s| s.code.clone())
            .collect();
        let fits = |chosen: &[Code]| ItemTerms::of(item, chosen).materials == m.terms.materials;
        let chosen = if fits(&defaults) {
            defaults
        } else {
            item.situations
                .iter()
                .map(|s| vec![s.code.clone()])
                .find(|one| fits(one))
                .unwrap_or(defaults)
        };
        if !chosen.is_empty() {
            selection.situations.insert(item.code.clone(), chosen);
        }
    }
    selection
}
