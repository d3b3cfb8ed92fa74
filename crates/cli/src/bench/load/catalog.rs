//! The bench catalog: the embedded demo catalog plus one generated
//! 12-item bundle (the demo has none that large), built from copies of the
//! itinerant-chef members so that every copy is a valid item of the same
//! region and departments.

use tongban_catalog_io::{Parsed, SourceMap};
use tongban_domain::Bundle;
use tongban_domain::bundle::BundleMember;
use tongban_domain::catalog::{Catalog, ItemResult};
use tongban_domain::guidance::Guidance;
use tongban_domain::ident::Code;

use crate::failure::Failure;

/// The demo's 3-item bundle (游厨登记一件事).
pub const CHEF: &str = "liancheng.itinerant-chef";
/// Its food-business licence member, decided in the decide scenario.
pub const FOOD: &str = "liancheng.food-business-licence";
/// The generated 12-item bundle.
pub const TWELVE: &str = "liancheng.bench-twelve";
/// The chef bundle's members the copies are made from.
const SOURCES: [&str; 3] = [
    "liancheng.gtgsh-registration",
    FOOD,
    "liancheng.health-certificate",
];
/// Members of the generated bundle.
const TWELVE_MEMBERS: usize = 12;

/// The demo catalog with the generated bundle, ready to import.
pub fn bench_catalog() -> Result<Parsed, Failure> {
    let mut parsed = crate::demo::embedded_catalog()?;
    add_twelve(&mut parsed.catalog)?;
    Ok(Parsed {
        catalog: parsed.catalog,
        sources: SourceMap::default(),
    })
}

/// Adds twelve copies of the chef members and a bundle of them, without
/// guidance (every member applies).
fn add_twelve(catalog: &mut Catalog) -> Result<(), Failure> {
    let missing = || {
        Failure::new(
            "演示目录缺少游厨登记一件事，无法生成 12 项的压测一件事",
            "the demo catalog lacks the itinerant-chef bundle",
        )
    };
    let chef = catalog
        .bundles
        .iter()
        .find(|b| b.code.as_str() == CHEF)
        .cloned()
        .ok_or_else(missing)?;
    let mut members = Vec::with_capacity(TWELVE_MEMBERS);
    for n in 0..TWELVE_MEMBERS {
        let source = SOURCES[n % SOURCES.len()];
        let mut item = catalog
            .items
            .iter()
            .find(|i| i.code.as_str() == source)
            .cloned()
            .ok_or_else(missing)?;
        item.code = code(&format!("liancheng.bench-item-{:02}", n + 1))?;
        item.implementation_code = None;
        item.name = format!("{}（压测副本 {:02}）", item.name, n + 1);
        // A copy issues the same licence type as its source.
        if let ItemResult::Licence { licence_type, .. } = &item.result
            && let Some(t) = catalog
                .licence_types
                .iter_mut()
                .find(|t| &t.code == licence_type)
        {
            t.issued_by.push(item.code.clone());
        }
        members.push(BundleMember {
            item: item.code.clone(),
            after: Vec::new(),
            optional: false,
        });
        catalog.items.push(item);
    }
    catalog.bundles.push(Bundle {
        code: code(TWELVE)?,
        name: "压测十二项一件事".into(),
        description: Some(
            "基准测试生成：游厨登记三个事项各复制四份，共十二个成员并联办理。".into(),
        ),
        members,
        guidance: Guidance::default(),
        composite_licence: None,
        illustrative: true,
        ..chef
    });
    Ok(())
}

/// A code the bench names itself.
fn code(text: &str) -> Result<Code, Failure> {
    Code::parse(text)
        .map_err(|_| Failure::new(format!("压测编码无效：{text}"), "invalid bench code"))
}
