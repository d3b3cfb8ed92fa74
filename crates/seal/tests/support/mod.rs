//! A licence to sign in the seal tests: the Qishan pharmacy's 药品经营许可证.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tongban_domain::ident::{Code, RegionCode, Uscc};
use tongban_domain::licence::{
    HolderKind, Issuance, Licence, LicenceField, LicenceHolder, LicenceNumber, LicenceType,
    Validity,
};
use tongban_domain::subject::{SubjectId, SubjectKey};

pub fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn licence_type() -> LicenceType {
    LicenceType {
        code: code("ypjyxkz"),
        name: "药品经营许可证".to_string(),
        issuer: code("qs-scjgj"),
        holder_kind: HolderKind::Enterprise,
        number_tag: "YPJY".to_string(),
        fields: vec![LicenceField {
            element: code("business_scope"),
            label: "经营范围".to_string(),
            required: true,
            public: true,
        }],
        validity: Validity::Years(5),
        issued_by: vec![code("ypjy-xb")],
        updated_by: vec![],
        cancelled_by: vec![code("ypjy-zx")],
    }
}

/// Issued 2026-03-01, valid through 2031-02-28.
pub fn licence() -> Licence {
    let region = RegionCode::parse("610323").unwrap();
    licence_type()
        .issue(Issuance {
            number: LicenceNumber::new(&region, "YPJY", 2026, 42).unwrap(),
            holder: LicenceHolder {
                subject: SubjectId::new("subj-42"),
                name: "岐山县康宁大药房有限公司".to_string(),
                identifier: SubjectKey::Uscc(Uscc::complete("91610323MA6X00001").unwrap()),
            },
            issuer_name: "岐山县市场监督管理局".to_string(),
            fields: BTreeMap::from([(code("business_scope"), "化学药制剂、中成药".to_string())]),
            issued_on: day(2026, 3, 1),
            by: code("ypjy-xb"),
            replaces: vec![],
        })
        .unwrap()
}
