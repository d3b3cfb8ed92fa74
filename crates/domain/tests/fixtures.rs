//! A small valid catalog shared by the domain's integration tests.

#![allow(dead_code)]

use tongban_domain::bundle::{Bundle, BundleMember, BundleTheme};
use tongban_domain::catalog::*;
use tongban_domain::guidance::Guidance;
use tongban_domain::ident::{Code, RegionCode, Uscc};

pub fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

pub fn region() -> RegionCode {
    RegionCode::parse("350825").unwrap()
}

pub fn item(c: &str, limit: u32, steps: usize, visits: u32) -> ServiceItem {
    ServiceItem {
        code: code(c),
        implementation_code: None,
        name: format!("事项{c}"),
        kind: ItemKind::Licensing,
        department: code("scjg"),
        region: region(),
        level: Level::County,
        parent: None,
        legal_basis: vec![],
        conditions: vec![],
        handling: Handling::Promised,
        statutory_limit: TimeLimit::WorkingDays(limit * 2),
        promised_limit: TimeLimit::WorkingDays(limit),
        fees: vec![],
        visits,
        online_depth: OnlineDepth::PreReview,
        channels: vec![Channel::Window, Channel::Online],
        tongban_scope: TongbanScope::None,
        tongban_partners: vec![],
        reform_mode: ReformMode::OptimiseService,
        commitment_allowed: false,
        gaps_allowed: false,
        steps: (0..steps)
            .map(|i| Step {
                name: format!("环节{i}"),
                limit: TimeLimit::WorkingDays(1),
            })
            .collect(),
        result: ItemResult::Document {
            name: "批复".into(),
        },
        situations: vec![],
        materials: vec![],
        fields: vec![],
        location: None,
        illustrative: true,
    }
}

pub fn material(c: &str) -> MaterialDef {
    MaterialDef {
        code: code(c),
        name: format!("材料{c}"),
        source: MaterialSource::SelfPrepared,
    }
}

pub fn uses(c: &str) -> ItemMaterial {
    ItemMaterial {
        material: code(c),
        form: MaterialForm::Original,
        requirement: Requirement::Required,
        situations: vec![],
        exemption: None,
    }
}

pub fn element(c: &str) -> DataElement {
    DataElement {
        code: code(c),
        name: c.into(),
        kind: ElementKind::Text,
        pattern: None,
        dictionary: vec![],
    }
}

pub fn field(c: &str) -> FormField {
    FormField {
        label: c.into(),
        element: code(c),
        required: true,
    }
}

pub fn member(c: &str, after: &[&str]) -> BundleMember {
    BundleMember {
        item: code(c),
        after: after.iter().map(|a| code(a)).collect(),
        optional: false,
    }
}

pub fn bundle(members: Vec<BundleMember>) -> Bundle {
    Bundle {
        code: code("b1"),
        name: "测试一件事".into(),
        theme: BundleTheme::EnterpriseStage,
        theme_name: None,
        description: None,
        region: region(),
        lead_department: code("scjg"),
        members,
        promised_limit: TimeLimit::WorkingDays(5),
        steps: vec![Step {
            name: "一窗受理".into(),
            limit: TimeLimit::WorkingDays(1),
        }],
        visits: 1,
        composite_licence: None,
        guidance: Guidance::default(),
        illustrative: true,
    }
}

/// A valid catalog around `items` and `bundles`, with the region,
/// department, materials and elements they reference.
pub fn catalog(items: Vec<ServiceItem>, bundles: Vec<Bundle>) -> Catalog {
    let mut materials: Vec<MaterialDef> = vec![];
    let mut elements: Vec<DataElement> = vec![];
    for i in &items {
        for m in &i.materials {
            if !materials.iter().any(|x| x.code == m.material) {
                materials.push(material(m.material.as_str()));
            }
        }
        for f in &i.fields {
            if !elements.iter().any(|x| x.code == f.element) {
                elements.push(element(f.element.as_str()));
            }
        }
    }
    Catalog {
        regions: vec![Region {
            code: region(),
            name: "连城县".into(),
            parent: None,
        }],
        departments: vec![Department {
            code: code("scjg"),
            name: "连城县市场监督管理局".into(),
            uscc: Uscc::complete("11350825MB0000001").unwrap(),
            region: region(),
        }],
        data_elements: elements,
        materials,
        items,
        bundles,
    }
}
