//! A deterministic synthetic catalog of realistic item names, for the
//! search benchmark: names are composed from real item words (营业执照、
//! 食品经营许可、社会保险 …) over a few real departments and regions.

use tongban_domain::bundle::{Bundle, BundleMember, BundleTheme};
use tongban_domain::catalog::{
    Catalog, Department, Handling, ItemKind, ItemMaterial, ItemResult, MaterialDef, MaterialForm,
    MaterialSource, OnlineDepth, Region, Requirement, ServiceItem, Step, TimeLimit, TongbanScope,
};
use tongban_domain::guidance::Guidance;
use tongban_domain::ident::{Code, IdentError, RegionCode, Uscc};

/// Who asks: prepended to some names.
const SUBJECTS: [&str; 6] = ["", "", "企业", "个人", "个体工商户", "农民专业合作社"];

/// What the item is about, with the kind of department that performs it.
pub(crate) const OBJECTS: [(&str, usize); 24] = [
    ("营业执照", 0),
    ("食品经营许可", 0),
    ("食品生产许可", 0),
    ("药品经营许可", 0),
    ("特种设备使用登记", 0),
    ("个体工商户", 0),
    ("社会保险", 1),
    ("养老保险", 1),
    ("失业保险", 1),
    ("工伤保险", 1),
    ("就业创业证", 1),
    ("人力资源服务许可", 1),
    ("健康证明", 2),
    ("公共场所卫生许可", 2),
    ("出生医学证明", 2),
    ("医师执业注册", 2),
    ("住房公积金", 3),
    ("公积金贷款", 3),
    ("居住证", 4),
    ("户口迁移", 4),
    ("机动车驾驶证", 4),
    ("道路运输经营许可", 5),
    ("出租汽车经营许可", 5),
    ("建筑工程施工许可", 6),
];

/// What is done.
pub(crate) const ACTIONS: [&str; 16] = [
    "设立登记",
    "变更登记",
    "注销登记",
    "变更",
    "注销",
    "延续",
    "补办",
    "核发",
    "申领",
    "缴存登记",
    "转移接续",
    "提取",
    "备案",
    "换证",
    "查询",
    "年度报告",
];

/// Department kinds: code suffix and name suffix.
const DEPARTMENT_KINDS: [(&str, &str); 7] = [
    ("scjg", "市场监督管理局"),
    ("rs", "人力资源和社会保障局"),
    ("wj", "卫生健康委员会"),
    ("gjj", "住房公积金管理中心"),
    ("ga", "公安局"),
    ("jt", "交通运输局"),
    ("zj", "住房和城乡建设局"),
];

/// Real GB/T 2260 regions: 福建省龙岩市 and its counties, 浙江省杭州市.
pub(crate) const REGIONS: [(&str, &str); 10] = [
    ("350000", "福建省"),
    ("350800", "龙岩市"),
    ("350802", "新罗区"),
    ("350803", "永定区"),
    ("350821", "长汀县"),
    ("350823", "上杭县"),
    ("350825", "连城县"),
    ("330000", "浙江省"),
    ("330100", "杭州市"),
    ("330106", "西湖区"),
];

const MATERIALS: [&str; 12] = [
    "申请书",
    "营业执照副本",
    "法定代表人身份证明",
    "经营场所使用证明",
    "健康证明",
    "居民身份证",
    "户口簿",
    "劳动合同",
    "授权委托书",
    "食品安全管理制度",
    "设备清单",
    "房屋租赁合同",
];

/// SplitMix64: a tiny deterministic generator, enough to vary test data.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}

/// Builds a catalog of `items` items (and one bundle per 500 items, at
/// least one when there are three items), the same for the same seed.
pub fn synthetic_catalog(items: usize, seed: u64) -> Catalog {
    // Every code is generated from constants that parse; an empty catalog
    // is the harmless answer should one ever not.
    try_synthetic_catalog(items, seed).unwrap_or_default()
}

fn try_synthetic_catalog(items: usize, seed: u64) -> Result<Catalog, IdentError> {
    let mut rng = Rng::new(seed);
    let mut catalog = Catalog::default();
    for (code, name) in REGIONS {
        let code = RegionCode::parse(code)?;
        let parent = match code.level() {
            tongban_domain::Level::Province => None,
            tongban_domain::Level::City => {
                Some(RegionCode::parse(&format!("{}0000", &code.as_str()[..2]))?)
            }
            _ => Some(RegionCode::parse(&format!("{}00", &code.as_str()[..4]))?),
        };
        catalog.regions.push(Region {
            code,
            name: name.to_string(),
            parent,
        });
    }
    for (r, (region, region_name)) in REGIONS.iter().enumerate() {
        for (k, (suffix, name)) in DEPARTMENT_KINDS.iter().enumerate() {
            let serial = format!("11{region}MB{:02}{:05}", k, r);
            catalog.departments.push(Department {
                code: Code::parse(&format!("{region}-{suffix}"))?,
                name: format!("{region_name}{name}"),
                uscc: Uscc::complete(&serial[..17])?,
                region: RegionCode::parse(region)?,
            });
        }
    }
    for (m, name) in MATERIALS.iter().enumerate() {
        catalog.materials.push(MaterialDef {
            code: Code::parse(&format!("m{m:02}"))?,
            name: name.to_string(),
            source: MaterialSource::SelfPrepared,
        });
    }
    for i in 0..items {
        catalog.items.push(item(&mut rng, i)?);
    }
    let bundles = if items >= 3 { (items / 500).max(1) } else { 0 };
    for b in 0..bundles {
        catalog.bundles.push(bundle(&mut rng, b, &catalog.items)?);
    }
    Ok(catalog)
}

fn item(rng: &mut Rng, i: usize) -> Result<ServiceItem, IdentError> {
    let (object, dept_kind) = *rng.pick(&OBJECTS);
    let subject = if object == "个体工商户" {
        ""
    } else {
        *rng.pick(&SUBJECTS)
    };
    let action = *rng.pick(&ACTIONS);
    let name = format!("{subject}{object}{action}");
    let (region, _) = *rng.pick(&REGIONS);
    let region = RegionCode::parse(region)?;
    let (dept, _) = DEPARTMENT_KINDS[dept_kind];
    let scope = *rng.pick(&[
        TongbanScope::None,
        TongbanScope::City,
        TongbanScope::Province,
        TongbanScope::CrossProvince,
    ]);
    let mut materials = Vec::new();
    for _ in 0..(1 + rng.below(3)) {
        let m = rng.below(MATERIALS.len());
        materials.push(ItemMaterial {
            material: Code::parse(&format!("m{m:02}"))?,
            form: MaterialForm::Original,
            requirement: Requirement::Required,
            situations: Vec::new(),
            exemption: None,
        });
    }
    Ok(ServiceItem {
        code: Code::parse(&format!("SYN-{i:07}"))?,
        implementation_code: None,
        name: name.clone(),
        kind: ItemKind::Licensing,
        department: Code::parse(&format!("{region}-{dept}"))?,
        level: region.level(),
        region,
        parent: None,
        legal_basis: Vec::new(),
        conditions: vec![format!("申请{object}{action}的，应当符合法定条件")],
        handling: Handling::Promised,
        statutory_limit: TimeLimit::WorkingDays(20),
        promised_limit: TimeLimit::WorkingDays(1 + rng.below(10) as u32),
        fees: Vec::new(),
        visits: rng.below(3) as u32,
        online_depth: OnlineDepth::PreReview,
        channels: Vec::new(),
        tongban_scope: scope,
        tongban_partners: Vec::new(),
        reform_mode: Default::default(),
        commitment_allowed: false,
        gaps_allowed: false,
        steps: Vec::new(),
        result: ItemResult::Document {
            name: format!("{object}{action}结果"),
        },
        situations: Vec::new(),
        materials,
        fields: Vec::new(),
        location: None,
        auto_decision: None,
        assists: vec![],
        illustrative: true,
    })
}

fn bundle(rng: &mut Rng, b: usize, items: &[ServiceItem]) -> Result<Bundle, IdentError> {
    let members: Vec<BundleMember> = (0..3)
        .map(|k| BundleMember {
            item: items[(b * 3 + k) % items.len()].code.clone(),
            after: Vec::new(),
            optional: false,
        })
        .collect();
    let (object, _) = *rng.pick(&OBJECTS);
    let lead = &items[b % items.len()];
    Ok(Bundle {
        code: Code::parse(&format!("SYN-B{b:05}"))?,
        name: format!("{object}一件事"),
        theme: BundleTheme::EnterpriseStage,
        theme_name: Some("企业开办".to_string()),
        description: Some(format!("{object}相关事项一次办理")),
        region: lead.region.clone(),
        lead_department: lead.department.clone(),
        members,
        promised_limit: TimeLimit::WorkingDays(5),
        steps: ["申请", "受理", "联办审批", "出件"]
            .iter()
            .map(|name| Step {
                name: name.to_string(),
                limit: TimeLimit::WorkingDays(1),
            })
            .collect(),
        visits: 1,
        composite_licence: None,
        guidance: Guidance::default(),
        illustrative: true,
    })
}
