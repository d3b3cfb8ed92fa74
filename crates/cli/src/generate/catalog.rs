//! The generated catalog: the search benchmark's synthetic items
//! (`tongban_search::bench::synthetic_catalog`, realistic names, materials
//! and time limits) moved into one province — its regions, one set of
//! departments per region — with bundles (一件事) over items of one county.

use std::collections::BTreeMap;

use tongban_domain::bundle::{Bundle, BundleMember, BundleTheme};
use tongban_domain::catalog::{Catalog, Department, Region, Step, TimeLimit};
use tongban_domain::guidance::Guidance;
use tongban_domain::ident::{Code, IdentError, RegionCode, Uscc};

use super::province::{self, is_city};
use super::rng::Rng;

/// Bundle names (一件事) by theme.
const BUNDLES: [(&str, BundleTheme); 10] = [
    ("开办餐饮店一件事", BundleTheme::EnterpriseStage),
    ("开办便利店一件事", BundleTheme::EnterpriseStage),
    ("企业变更一件事", BundleTheme::EnterpriseStage),
    ("企业注销一件事", BundleTheme::EnterpriseStage),
    ("新生儿出生一件事", BundleTheme::LifeEvent),
    ("退休一件事", BundleTheme::LifeEvent),
    ("就业创业一件事", BundleTheme::LifeEvent),
    ("二手房转移登记一件事", BundleTheme::LifeEvent),
    ("开工建设一件事", BundleTheme::ProjectStage),
    ("竣工验收一件事", BundleTheme::ProjectStage),
];

/// The catalog of `counties` county-level regions (and their cities and
/// the province), `items` items and `bundles` bundles, the same for the
/// same seed.
pub fn catalog(
    counties: usize,
    items: usize,
    bundles: usize,
    seed: u64,
) -> Result<Catalog, IdentError> {
    let synthetic = tongban_search::bench::synthetic_catalog(items, seed);
    // Department kinds (code suffix → name) as the synthetic catalog has
    // them, without their region's name.
    let names: BTreeMap<&str, &str> = synthetic
        .regions
        .iter()
        .map(|r| (r.code.as_str(), r.name.as_str()))
        .collect();
    let mut kinds: BTreeMap<String, String> = BTreeMap::new();
    for d in &synthetic.departments {
        let Some((_, suffix)) = d.code.as_str().split_once('-') else {
            continue;
        };
        let region_name = names.get(d.region.as_str()).copied().unwrap_or("");
        let name = d.name.strip_prefix(region_name).unwrap_or(&d.name);
        kinds
            .entry(suffix.to_string())
            .or_insert_with(|| name.to_string());
    }
    let mut catalog = Catalog {
        materials: synthetic.materials,
        ..Catalog::default()
    };
    let regions = province::regions(counties);
    for (r, &(code, name)) in regions.iter().enumerate() {
        let region = RegionCode::parse(code)?;
        let parent = if code == province::PROVINCE.0 {
            None
        } else if is_city(code) {
            Some(RegionCode::parse(province::PROVINCE.0)?)
        } else {
            Some(RegionCode::parse(&format!("{}00", &code[..4]))?)
        };
        catalog.regions.push(Region {
            code: region.clone(),
            name: name.to_string(),
            parent,
        });
        for (k, (suffix, kind)) in kinds.iter().enumerate() {
            let serial = format!("11{code}MB{k:02}{r:05}");
            catalog.departments.push(Department {
                code: Code::parse(&format!("{code}-{suffix}"))?,
                name: format!("{name}{kind}"),
                uscc: Uscc::complete(serial.get(..17).unwrap_or(&serial))?,
                region: region.clone(),
            });
        }
    }
    // Most items are handled by counties, some by cities, a few by the province.
    let counties_of: Vec<&str> = regions
        .iter()
        .map(|r| r.0)
        .filter(|c| !is_city(c) && *c != province::PROVINCE.0)
        .collect();
    let cities: Vec<&str> = regions
        .iter()
        .map(|r| r.0)
        .filter(|c| is_city(c) && *c != province::PROVINCE.0)
        .collect();
    let mut rng = Rng::new(seed, 0xCA7A);
    for mut item in synthetic.items {
        let roll = rng.below(100);
        let code = if roll < 5 || counties_of.is_empty() {
            province::PROVINCE.0
        } else if roll < 25 {
            rng.pick(&cities).copied().unwrap_or(province::PROVINCE.0)
        } else {
            rng.pick(&counties_of)
                .copied()
                .unwrap_or(province::PROVINCE.0)
        };
        let suffix = item
            .department
            .as_str()
            .split_once('-')
            .map(|(_, s)| s.to_string())
            .unwrap_or_default();
        item.region = RegionCode::parse(code)?;
        item.level = item.region.level();
        item.department = Code::parse(&format!("{code}-{suffix}"))?;
        catalog.items.push(item);
    }
    add_bundles(&mut catalog, bundles, &mut rng)?;
    Ok(catalog)
}

/// Adds `n` bundles, each over three to five items of one region.
fn add_bundles(catalog: &mut Catalog, n: usize, rng: &mut Rng) -> Result<(), IdentError> {
    let mut by_region: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, item) in catalog.items.iter().enumerate() {
        by_region.entry(item.region.as_str()).or_default().push(i);
    }
    let pools: Vec<&Vec<usize>> = by_region.values().filter(|v| v.len() >= 3).collect();
    if pools.is_empty() {
        return Ok(());
    }
    let mut out = Vec::with_capacity(n);
    for b in 0..n {
        let pool = pools[b % pools.len()];
        let size = (3 + rng.below(3)).min(pool.len());
        let start = rng.below(pool.len());
        let members: Vec<usize> = (0..size).map(|k| pool[(start + k) % pool.len()]).collect();
        let lead = &catalog.items[members[0]];
        let (name, theme) = BUNDLES[b % BUNDLES.len()];
        out.push(Bundle {
            code: Code::parse(&format!("GEN-B{b:05}"))?,
            name: name.to_string(),
            theme,
            theme_name: Some(theme.label().to_string()),
            description: Some(format!(
                "{}，一次告知、一表申请、一窗受理",
                name.trim_end_matches("一件事")
            )),
            region: lead.region.clone(),
            lead_department: lead.department.clone(),
            members: members
                .iter()
                .map(|&i| BundleMember {
                    item: catalog.items[i].code.clone(),
                    after: Vec::new(),
                    optional: false,
                })
                .collect(),
            promised_limit: TimeLimit::WorkingDays(5),
            steps: ["申请", "受理", "联办审批", "出件"]
                .iter()
                .map(|s| Step {
                    name: s.to_string(),
                    limit: TimeLimit::WorkingDays(1),
                })
                .collect(),
            visits: 1,
            composite_licence: None,
            guidance: Guidance::default(),
            illustrative: true,
        });
    }
    catalog.bundles = out;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_catalog_passes_validation_and_is_the_same_for_a_seed() {
        let a = catalog(10, 300, 6, 9).unwrap();
        let b = catalog(10, 300, 6, 9).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.items.len(), 300);
        assert_eq!(a.bundles.len(), 6);
        assert!(a.regions.iter().all(|r| r.code.as_str().starts_with("35")));
        let problems = tongban_domain::validate::validate(&a);
        assert!(problems.is_empty(), "{problems:?}");
    }
}
