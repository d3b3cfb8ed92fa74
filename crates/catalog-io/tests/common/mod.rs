//! A rich catalog that uses every field and every enum variant, shared by
//! the round-trip tests.

#![allow(dead_code)]

use tongban_domain::bundle::{Bundle, BundleMember, BundleTheme, CompositeLicence};
use tongban_domain::catalog::*;
use tongban_domain::guidance::{
    AnswerOption, Guidance, GuidanceRule, Question, QuestionKind, SituationRef,
};
use tongban_domain::ident::{Code, RegionCode, Uscc};
use tongban_domain::licence::{HolderKind, LicenceField, LicenceType, Validity};
use tongban_domain::proof::{ProofReplacement, ProofType};

pub fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

pub fn region(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

const KINDS: [ItemKind; 8] = [
    ItemKind::Licensing,
    ItemKind::Benefit,
    ItemKind::Confirmation,
    ItemKind::Levy,
    ItemKind::Award,
    ItemKind::Adjudication,
    ItemKind::OtherPower,
    ItemKind::PublicService,
];
const LEVELS: [Level; 5] = [
    Level::Province,
    Level::City,
    Level::County,
    Level::Town,
    Level::Village,
];
const DEPTHS: [OnlineDepth; 4] = [
    OnlineDepth::Info,
    OnlineDepth::Download,
    OnlineDepth::PreReview,
    OnlineDepth::FullyOnline,
];
const SCOPES: [TongbanScope; 4] = [
    TongbanScope::None,
    TongbanScope::City,
    TongbanScope::Province,
    TongbanScope::CrossProvince,
];
const MODES: [ReformMode; 4] = [
    ReformMode::CancelApproval,
    ReformMode::ApprovalToFiling,
    ReformMode::Commitment,
    ReformMode::OptimiseService,
];
const CHANNELS: [Channel; 5] = [
    Channel::Window,
    Channel::Online,
    Channel::Mobile,
    Channel::SelfService,
    Channel::Post,
];
const ELEMENT_KINDS: [ElementKind; 8] = [
    ElementKind::Text,
    ElementKind::Number,
    ElementKind::Date,
    ElementKind::Choice,
    ElementKind::ResidentId,
    ElementKind::Uscc,
    ElementKind::Phone,
    ElementKind::Address,
];
const SOURCES: [MaterialSource; 4] = [
    MaterialSource::SelfPrepared,
    MaterialSource::Government,
    MaterialSource::PublicService,
    MaterialSource::Intermediary,
];
const FORMS: [MaterialForm; 3] = [
    MaterialForm::Original,
    MaterialForm::Copy,
    MaterialForm::Electronic,
];
const REGIONS: [(&str, &str, Option<&str>); 5] = [
    ("350000", "福建省", None),
    ("350800", "龙岩市", Some("350000")),
    ("350825", "连城县", Some("350800")),
    ("350825100", "莲峰镇", Some("350825")),
    ("350825100201", "江坊村", Some("350825100")),
];

fn limits(i: usize) -> (TimeLimit, TimeLimit) {
    match i % 3 {
        0 => (TimeLimit::WorkingDays(20), TimeLimit::WorkingDays(0)),
        1 => (TimeLimit::NaturalDays(30), TimeLimit::Hours(4)),
        _ => (TimeLimit::WorkingDays(15), TimeLimit::NaturalDays(7)),
    }
}

fn exemption(i: usize) -> Option<Exemption> {
    match i % 5 {
        0 => Some(Exemption::Licence {
            licence_type: code("lic.business"),
        }),
        1 => Some(Exemption::DataSource {
            source: code("ds.population"),
        }),
        2 => Some(Exemption::Commitment),
        3 => Some(Exemption::Abolished),
        _ => None,
    }
}

fn result(i: usize) -> ItemResult {
    match i % 3 {
        0 => ItemResult::Licence {
            licence_type: code(&format!("lic.{i}")),
            name: format!("许可证{i}"),
        },
        1 => ItemResult::Proof {
            proof_type: code(&format!("proof.{i}")),
            name: format!("证明{i}"),
        },
        _ => ItemResult::Document {
            name: "准予备案通知书".into(),
        },
    }
}

fn item(i: usize) -> ServiceItem {
    let (statutory_limit, promised_limit) = limits(i);
    let region_code = REGIONS[i % 5].0;
    ServiceItem {
        code: code(&format!("item-{i}")),
        implementation_code: (i.is_multiple_of(2)).then(|| format!("11350825MB0{i:05}XK{i}")),
        name: format!("{}事项{i}", KINDS[i].label()),
        kind: KINDS[i],
        department: code(&format!("dept-{}", i % 2)),
        region: region(region_code),
        level: LEVELS[i % 5],
        parent: (i == 7).then(|| code("item-0")),
        legal_basis: vec![
            "《中华人民共和国食品安全法》第三十五条".into(),
            format!("《福建省条例》第{i}条"),
        ],
        conditions: if i.is_multiple_of(2) {
            vec!["申请人具有完全民事行为能力".into()]
        } else {
            vec![]
        },
        handling: if i.is_multiple_of(2) {
            Handling::Immediate
        } else {
            Handling::Promised
        },
        statutory_limit,
        promised_limit,
        fees: if i % 2 == 1 {
            vec![
                Fee {
                    name: "工本费".into(),
                    amount_fen: 29,
                    basis: Some("闽价费〔2020〕1号".into()),
                },
                Fee {
                    name: "登记费".into(),
                    amount_fen: 123_450,
                    basis: None,
                },
            ]
        } else {
            vec![]
        },
        visits: (i % 3) as u32,
        online_depth: DEPTHS[i % 4],
        channels: CHANNELS[..=(i % 5)].to_vec(),
        tongban_scope: SCOPES[i % 4],
        tongban_partners: if i % 4 == 3 {
            vec![region("440300"), region("110000")]
        } else {
            vec![]
        },
        reform_mode: MODES[i % 4],
        commitment_allowed: true,
        gaps_allowed: i.is_multiple_of(2),
        steps: vec![
            Step {
                name: "受理".into(),
                limit: TimeLimit::Hours(2),
            },
            Step {
                name: "审查决定".into(),
                limit: TimeLimit::WorkingDays(i as u32),
            },
        ],
        result: result(i),
        situations: vec![
            Situation {
                code: code("new"),
                name: "新办".into(),
                default: true,
            },
            Situation {
                code: code("change"),
                name: "变更".into(),
                default: false,
            },
        ],
        materials: (0..3)
            .map(|k| ItemMaterial {
                material: code(&format!("mat-{}", (i + k) % 4)),
                form: FORMS[(i + k) % 3],
                requirement: match k {
                    0 => Requirement::Required,
                    1 => Requirement::Optional,
                    _ if i.is_multiple_of(2) => Requirement::GapAllowed,
                    _ => Requirement::Required,
                },
                situations: if k == 1 { vec![code("change")] } else { vec![] },
                exemption: exemption(i + k),
            })
            .collect(),
        fields: vec![
            FormField {
                label: "申请人姓名".into(),
                element: code("el-0"),
                required: true,
            },
            FormField {
                label: "联系电话".into(),
                element: code(&format!("el-{}", i % 8)),
                required: i.is_multiple_of(2),
            },
        ],
        location: (i % 2 == 1).then(|| "连城县行政服务中心一楼综合窗口".to_string()),
        auto_decision: i.is_multiple_of(5).then(|| AutoDecision {
            review_points: vec![ReviewPoint {
                code: code("age-80"),
                name: "年满八十周岁".into(),
                elements: vec![code("el-1")],
                rule: "age(data['el-1'], today) >= 80".into(),
            }],
        }),
        assists: if i % 4 == 1 {
            vec![AssistTerms {
                department: code(&format!("dept-{}", (i + 1) % 2)),
                subject: "名称核验".into(),
                limit: TimeLimit::Hours(4),
                on_silence: SilenceDefault::Consent,
            }]
        } else {
            vec![]
        },
        illustrative: i.is_multiple_of(3),
    }
}

fn bundle(b: usize) -> Bundle {
    let themes = [
        BundleTheme::LifeEvent,
        BundleTheme::EnterpriseStage,
        BundleTheme::ProjectStage,
    ];
    let first = b * 2;
    let (a, z, opt) = (
        code(&format!("item-{first}")),
        code(&format!("item-{}", first + 1)),
        code("item-6"),
    );
    Bundle {
        code: code(&format!("bundle-{b}")),
        name: format!("一件事{b}"),
        theme: themes[b],
        theme_name: (b != 1).then(|| "企业开办".to_string()),
        description: (b == 0).then(|| "第一行\n第二行".to_string()),
        region: region("350825"),
        lead_department: code("dept-0"),
        members: vec![
            BundleMember {
                item: a.clone(),
                after: vec![],
                optional: false,
            },
            BundleMember {
                item: z.clone(),
                after: vec![a.clone()],
                optional: false,
            },
            BundleMember {
                item: opt.clone(),
                after: vec![a.clone(), z.clone()],
                optional: true,
            },
        ],
        promised_limit: [
            TimeLimit::WorkingDays(5),
            TimeLimit::Hours(6),
            TimeLimit::NaturalDays(10),
        ][b],
        steps: vec![
            Step {
                name: "一窗受理".into(),
                limit: TimeLimit::Hours(1),
            },
            Step {
                name: "联办审批".into(),
                limit: TimeLimit::WorkingDays(3),
            },
        ],
        visits: b as u32,
        composite_licence: (b == 1).then(|| CompositeLicence {
            licence_type: code("lic.composite"),
            name: "行业综合许可证".into(),
        }),
        guidance: guidance(&a, &z, &opt),
        illustrative: b == 2,
    }
}

fn guidance(a: &Code, z: &Code, opt: &Code) -> Guidance {
    let options = |values: &[(&str, &str)]| {
        values
            .iter()
            .map(|(v, l)| AnswerOption {
                value: code(v),
                label: (*l).into(),
            })
            .collect()
    };
    Guidance {
        questions: vec![
            Question {
                code: code("has_premises"),
                text: "是否有固定经营场所？".into(),
                kind: QuestionKind::YesNo,
                options: vec![],
                ask_if: None,
            },
            Question {
                code: code("entity_type"),
                text: "主体类型".into(),
                kind: QuestionKind::SingleChoice,
                options: options(&[("company", "公司"), ("individual", "个体工商户")]),
                ask_if: Some("has_premises == true".into()),
            },
            Question {
                code: code("business_types"),
                text: "经营范围".into(),
                kind: QuestionKind::MultiChoice,
                options: options(&[("catering", "餐饮"), ("retail", "零售"), ("liquor", "酒类")]),
                ask_if: Some("entity_type == \"company\"".into()),
            },
        ],
        rules: vec![
            GuidanceRule {
                when: "\"catering\" in business_types".into(),
                include: vec![opt.clone()],
                exclude: vec![],
                situations: vec![SituationRef {
                    item: a.clone(),
                    situation: code("change"),
                }],
            },
            GuidanceRule {
                when: "has_premises == false".into(),
                include: vec![],
                exclude: vec![z.clone()],
                situations: vec![],
            },
        ],
    }
}

/// A valid catalog using every field and every enum variant.
pub fn rich_catalog() -> Catalog {
    Catalog {
        regions: REGIONS
            .iter()
            .map(|(c, n, p)| Region {
                code: region(c),
                name: (*n).into(),
                parent: p.map(region),
            })
            .collect(),
        departments: (0..2)
            .map(|d| Department {
                code: code(&format!("dept-{d}")),
                name: ["连城县市场监督管理局", "连城县卫生健康局"][d].into(),
                uscc: Uscc::complete(&format!("11350825MB000000{d}")).unwrap(),
                region: region("350825"),
            })
            .collect(),
        data_elements: ELEMENT_KINDS
            .iter()
            .enumerate()
            .map(|(i, kind)| DataElement {
                code: code(&format!("el-{i}")),
                name: format!("数据元{i}"),
                kind: *kind,
                pattern: (i == 6).then(|| r"^1\d{10}$".to_string()),
                dictionary: if *kind == ElementKind::Choice {
                    vec!["是".into(), "否".into(), "不适用".into()]
                } else {
                    vec![]
                },
            })
            .collect(),
        materials: SOURCES
            .iter()
            .enumerate()
            .map(|(i, source)| MaterialDef {
                code: code(&format!("mat-{i}")),
                name: format!("材料{i}"),
                source: *source,
            })
            .collect(),
        items: (0..8).map(item).collect(),
        bundles: (0..3).map(bundle).collect(),
        licence_types: licence_types(),
        proofs: [1, 4, 7].into_iter().map(proof).collect(),
    }
}

/// A licence type for every item whose result is a licence, the 一业一证
/// composite type, and the type materials are exempted by: every holder
/// kind, both validity rules, fields public and not, required and not.
fn licence_types() -> Vec<LicenceType> {
    let mut types: Vec<LicenceType> = [0, 3, 6]
        .into_iter()
        .map(|i| LicenceType {
            code: code(&format!("lic.{i}")),
            name: format!("许可证{i}"),
            issuer: code(&format!("dept-{}", i % 2)),
            holder_kind: if i == 3 {
                HolderKind::Person
            } else {
                HolderKind::Enterprise
            },
            number_tag: format!("XK{i}"),
            fields: vec![
                LicenceField {
                    element: code("el-0"),
                    label: "经营范围".into(),
                    required: true,
                    public: true,
                },
                LicenceField {
                    element: code("el-1"),
                    label: "负责人".into(),
                    required: false,
                    public: false,
                },
            ],
            validity: if i == 0 {
                Validity::Permanent
            } else {
                Validity::Years(5)
            },
            issued_by: vec![code(&format!("item-{i}"))],
            updated_by: vec![code(&format!("item-{}", (i + 1) % 8))],
            cancelled_by: vec![code(&format!("item-{}", (i + 2) % 8))],
        })
        .collect();
    let plain = |c: &str, by: &str| LicenceType {
        code: code(c),
        name: "综合许可证".into(),
        issuer: code("dept-0"),
        holder_kind: HolderKind::Enterprise,
        number_tag: "ZH".into(),
        fields: vec![],
        validity: Validity::Years(3),
        issued_by: vec![code(by)],
        updated_by: vec![],
        cancelled_by: vec![],
    };
    types.push(plain("lic.composite", "bundle-1"));
    types.push(plain("lic.business", "item-0"));
    types
}

/// A proof type; the three cover every replacement and none.
fn proof(i: usize) -> ProofType {
    ProofType {
        code: code(&format!("proof.{i}")),
        name: format!("证明{i}"),
        issuer: code("dept-1"),
        deadline: TimeLimit::WorkingDays(i as u32),
        scope: "本县范围内办理政务服务事项".into(),
        material: (i == 1).then(|| code("mat-0")),
        holder_kind: HolderKind::Person,
        number_tag: format!("ZM{i}"),
        fields: vec![LicenceField {
            element: code("el-2"),
            label: "居住地址".into(),
            required: true,
            public: false,
        }],
        validity: Validity::Years(1),
        replaced_by: match i {
            1 => None,
            4 => Some(ProofReplacement::DataCheck {
                source: code("ds.population"),
            }),
            _ => Some(ProofReplacement::Licence {
                licence_type: code("lic.business"),
            }),
        },
    }
}
