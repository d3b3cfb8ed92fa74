//! The merged form (一表申请), prefill from consented facts, validation per
//! data element, 一人两证一档 lookups and the one set of materials.

mod fixtures;
#[path = "merged_form/materials.rs"]
mod materials;
#[path = "merged_form/merge_and_prefill.rs"]
mod merge_and_prefill;
#[path = "merged_form/subjects.rs"]
mod subjects;
#[path = "merged_form/validation.rs"]
mod validation;

pub(crate) use chrono::{DateTime, TimeZone, Utc};
pub(crate) use fixtures::*;
pub(crate) use proptest::prelude::*;
pub(crate) use tongban_domain::catalog::*;
pub(crate) use tongban_domain::form::*;
pub(crate) use tongban_domain::guidance::{Answer, Answers, Selection, evaluate};
pub(crate) use tongban_domain::ident::{Code, ResidencePermit, ResidentId, TaiwanPermit, Uscc};
pub(crate) use tongban_domain::stats::reform_metrics;
pub(crate) use tongban_domain::subject::*;
pub(crate) use tongban_domain::validate::validate;

// ---------------------------------------------------------------- fixtures

pub(crate) const ID: &str = "11010519491231002X";
pub(crate) const PHONE: &str = "13812345678";

pub(crate) fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, h, 0, 0).unwrap()
}

pub(crate) fn typed(c: &str, name: &str, kind: ElementKind) -> DataElement {
    DataElement {
        code: code(c),
        name: name.into(),
        kind,
        pattern: None,
        dictionary: vec![],
    }
}

pub(crate) fn elements() -> Vec<DataElement> {
    let mut gender = typed("gender", "性别", ElementKind::Choice);
    gender.dictionary = vec!["男".into(), "女".into()];
    let mut idno = typed("idno", "公民身份号码", ElementKind::ResidentId);
    idno.pattern = Some("[0-9]{17}[0-9X]".into());
    vec![
        typed("name", "姓名", ElementKind::Text),
        idno,
        typed("phone", "联系电话", ElementKind::Phone),
        typed("addr", "户籍地址", ElementKind::Address),
        typed("scope", "经营范围", ElementKind::Text),
        typed("uscc", "统一社会信用代码", ElementKind::Uscc),
        typed("staff", "从业人数", ElementKind::Number),
        typed("birth", "出生日期", ElementKind::Date),
        gender,
    ]
}

pub(crate) fn optional(c: &str) -> FormField {
    FormField {
        required: false,
        ..field(c)
    }
}

/// Three items like the itinerant-chef bundle, sharing name, ID and phone.
pub(crate) fn chef_catalog() -> Catalog {
    let mut reg = item("reg", 1, 2, 1);
    reg.fields = vec![
        field("name"),
        field("idno"),
        field("phone"),
        field("addr"),
        field("scope"),
    ];
    reg.result = ItemResult::Licence {
        licence_type: code("business-licence"),
        name: "营业执照".into(),
    };
    let mut food = item("food", 5, 3, 1);
    food.fields = vec![
        optional("uscc"),
        field("name"),
        field("idno"),
        field("phone"),
        field("staff"),
    ];
    let mut health = item("health", 3, 2, 1);
    health.fields = vec![
        field("name"),
        field("idno"),
        field("phone"),
        optional("birth"),
        field("gender"),
    ];
    let mut cat = catalog(
        vec![reg, food, health],
        vec![bundle(vec![
            member("reg", &[]),
            member("food", &[]),
            member("health", &[]),
        ])],
    );
    cat.data_elements = elements();
    cat.licence_types = vec![tongban_domain::licence::LicenceType {
        code: code("business-licence"),
        name: "营业执照".into(),
        issuer: code("scjg"),
        holder_kind: tongban_domain::licence::HolderKind::Enterprise,
        number_tag: "YYZZ".into(),
        fields: vec![],
        validity: tongban_domain::licence::Validity::Permanent,
        issued_by: vec![code("reg")],
        updated_by: vec![],
        cancelled_by: vec![],
    }];
    cat
}

pub(crate) fn everything(cat: &Catalog) -> Selection {
    evaluate(&cat.bundles[0], &Answers::new(), |_| vec![]).unwrap()
}

pub(crate) fn subject_id() -> SubjectId {
    SubjectId::new("s-1")
}

pub(crate) fn application() -> ApplicationRef {
    ApplicationRef("app-1".into())
}

pub(crate) fn household() -> SourceRef {
    SourceRef::DataSource {
        source: code("household"),
    }
}

pub(crate) fn consent(id: &str, purpose: Purpose, sources: Vec<SourceRef>) -> Consent {
    Consent {
        id: ConsentId(id.into()),
        subject: subject_id(),
        purpose,
        application: application(),
        sources,
        granted_at: at(9),
        revoked_at: None,
    }
}

pub(crate) fn fact(element: &str, value: &str, source: SourceRef, consent: &str) -> Fact {
    Fact {
        subject: subject_id(),
        element: code(element),
        value: value.into(),
        source: FactSource {
            source,
            name: "公安户籍信息".into(),
            consent: ConsentId(consent.into()),
        },
    }
}

pub(crate) fn profile_facts() -> Vec<Fact> {
    vec![
        fact("name", "张三", household(), "c-prefill"),
        fact("idno", ID, household(), "c-prefill"),
        fact(
            "addr",
            "福建省连城县莲峰镇北大路1号",
            household(),
            "c-prefill",
        ),
    ]
}

pub(crate) fn prefilled_elements(filled: &FilledForm) -> Vec<&str> {
    filled
        .fields
        .iter()
        .filter(|f| f.prefill.is_some())
        .map(|f| f.field.element.code.as_str())
        .collect()
}

// --------------------------------------------------------------- property

fn pool() -> Vec<&'static str> {
    vec![
        "name", "idno", "phone", "addr", "scope", "uscc", "staff", "birth", "gender",
    ]
}

proptest! {
    #[test]
    fn merged_field_count_lies_between_the_largest_single_form_and_the_sum(
        forms in prop::collection::vec(prop::collection::vec((0usize..9, any::<bool>()), 0..12), 1..6)
    ) {
        let names = pool();
        let items: Vec<ServiceItem> = forms.iter().enumerate().map(|(i, fields)| {
            let mut it = item(&format!("i{i}"), 1, 1, 1);
            it.fields = fields.iter().map(|(e, req)| FormField { required: *req, ..field(names[*e]) }).collect();
            it
        }).collect();
        let members = (0..items.len()).map(|i| member(&format!("i{i}"), &[])).collect();
        let mut cat = catalog(items, vec![bundle(members)]);
        cat.data_elements = elements();
        let sel = everything(&cat);
        let merged = merge(&cat, &sel).unwrap();
        let sum: usize = forms.iter().map(Vec::len).sum();
        let largest = forms.iter().map(|f| f.iter().map(|(e, _)| e).collect::<std::collections::BTreeSet<_>>().len()).max().unwrap_or(0);
        prop_assert!(merged.asked_merged() as usize <= sum);
        prop_assert!(merged.asked_merged() as usize >= largest);
        prop_assert_eq!(merged.asked_separately as usize, sum);
        prop_assert_eq!(merged.largest_single as usize, largest);
        let metrics = reform_metrics(&cat.bundles[0], &sel, &cat.items).unwrap();
        prop_assert_eq!(metrics.fields.after, merged.asked_merged());
        for f in &merged.fields {
            prop_assert_eq!(f.required, f.uses.iter().any(|u| u.required));
        }
    }
}
