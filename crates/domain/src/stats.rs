//! Reform metrics (减环节、减材料、减表单、减时限、减跑动): what a bundle saves
//! against handling its member items one by one.
//!
//! The rules, also in docs/reform-metrics.md, for the members a
//! [`Selection`] picks and the situations it chooses:
//! - **steps**: before = the sum of the members' step counts; after = the
//!   bundle's own step count.
//! - **materials**: before = every applicable material of every member,
//!   duplicates included, exempted ones included (one by one, nothing is
//!   shared); after = distinct material codes among applicable occurrences
//!   that carry no exemption.
//! - **fields**: before = the sum of the members' form fields; after =
//!   distinct data elements among them.
//! - **days**: before = the sum of the members' promised limits in working
//!   days (serial); after = the longest path through the member DAG with the
//!   same limits (parallel). Prerequisites outside the selection are ignored.
//! - **trips**: before = the sum of the members' visits; after = the
//!   bundle's visits.
//!
//! percent = (before − after) / before × 100, rounded to one decimal; 0 when
//! before is 0.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::bundle::Bundle;
use crate::catalog::ServiceItem;
use crate::guidance::Selection;
use crate::ident::Code;

/// A before/after pair with its percentage reduction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reduction<T> {
    pub before: T,
    pub after: T,
    /// (before − after) / before × 100, one decimal.
    pub percent: f64,
}

impl Reduction<u32> {
    fn counts(before: u32, after: u32) -> Self {
        Reduction {
            before,
            after,
            percent: percent(f64::from(before), f64::from(after)),
        }
    }
}

impl Reduction<f64> {
    fn days(before: f64, after: f64) -> Self {
        let before = round2(before);
        let after = round2(after);
        Reduction {
            before,
            after,
            percent: percent(before, after),
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn percent(before: f64, after: f64) -> f64 {
    if before <= 0.0 {
        return 0.0;
    }
    ((before - after) / before * 1000.0).round() / 10.0
}

/// The five reform metrics of one bundle for one selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReformMetrics {
    pub bundle: Code,
    pub members: Vec<Code>,
    pub steps: Reduction<u32>,
    pub materials: Reduction<u32>,
    pub fields: Reduction<u32>,
    /// Working days.
    pub days: Reduction<f64>,
    pub trips: Reduction<u32>,
}

/// Why metrics could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetricsError {
    #[error("一件事“{bundle}”的成员事项“{item}”不在目录中")]
    MissingItem { bundle: String, item: String },
    #[error("一件事“{bundle}”的成员之间存在循环依赖（涉及“{item}”）")]
    Cycle { bundle: String, item: String },
}

/// Computes the reform metrics. `items` must hold every selected member.
pub fn reform_metrics(
    bundle: &Bundle,
    selection: &Selection,
    items: &[ServiceItem],
) -> Result<ReformMetrics, MetricsError> {
    let by_code: BTreeMap<&Code, &ServiceItem> = items.iter().map(|i| (&i.code, i)).collect();
    let mut members: Vec<&ServiceItem> = Vec::new();
    for code in &selection.members {
        let item = by_code.get(code).ok_or_else(|| MetricsError::MissingItem {
            bundle: bundle.code.to_string(),
            item: code.to_string(),
        })?;
        members.push(item);
    }

    let steps_before: u32 = members.iter().map(|i| i.steps.len() as u32).sum();
    let trips_before: u32 = members.iter().map(|i| i.visits).sum();

    let mut materials_before = 0u32;
    let mut needed: BTreeSet<&Code> = BTreeSet::new();
    let mut fields_before = 0u32;
    let mut elements: BTreeSet<&Code> = BTreeSet::new();
    for item in &members {
        let chosen = selection.situations_of(&item.code);
        for m in item.materials.iter().filter(|m| m.applies(chosen)) {
            materials_before += 1;
            if m.exemption.is_none() {
                needed.insert(&m.material);
            }
        }
        fields_before += item.fields.len() as u32;
        elements.extend(item.fields.iter().map(|f| &f.element));
    }

    let days_before: f64 = members
        .iter()
        .map(|i| i.promised_limit.as_working_days())
        .sum();
    let days_after = critical_path(bundle, &members)?;

    Ok(ReformMetrics {
        bundle: bundle.code.clone(),
        members: selection.members.clone(),
        steps: Reduction::counts(steps_before, bundle.steps.len() as u32),
        materials: Reduction::counts(materials_before, needed.len() as u32),
        fields: Reduction::counts(fields_before, elements.len() as u32),
        days: Reduction::days(days_before, days_after),
        trips: Reduction::counts(trips_before, bundle.visits),
    })
}

/// The longest chain of promised limits through the member DAG.
fn critical_path(bundle: &Bundle, members: &[&ServiceItem]) -> Result<f64, MetricsError> {
    let order = bundle
        .topological_order()
        .map_err(|item| MetricsError::Cycle {
            bundle: bundle.code.to_string(),
            item: item.to_string(),
        })?;
    let limit: BTreeMap<&Code, f64> = members
        .iter()
        .map(|i| (&i.code, i.promised_limit.as_working_days()))
        .collect();
    let mut finish: BTreeMap<&Code, f64> = BTreeMap::new();
    for code in order {
        let Some(own) = limit.get(code) else { continue };
        let start = bundle
            .member(code)
            .map(|m| {
                m.after
                    .iter()
                    .filter_map(|p| finish.get(p))
                    .fold(0.0, |a: f64, b| a.max(*b))
            })
            .unwrap_or(0.0);
        finish.insert(code, start + own);
    }
    Ok(finish.values().fold(0.0, |a: f64, b| a.max(*b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_to_one_decimal_and_is_zero_without_a_before() {
        assert_eq!(percent(7.0, 3.0), 57.1);
        assert_eq!(percent(0.0, 0.0), 0.0);
        assert_eq!(percent(3.0, 3.0), 0.0);
    }
}
