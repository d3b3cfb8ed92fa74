//! Licences to print in the render tests, and the poppler tools that read
//! the PDFs back as a person's PDF reader would.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::process::Command;

use chrono::NaiveDate;
use tongban_domain::ident::{Code, RegionCode, ResidentId, Uscc};
use tongban_domain::licence::{
    HolderKind, Issuance, Licence, LicenceField, LicenceHolder, LicenceNumber, LicenceType,
    Validity,
};
use tongban_domain::subject::{SubjectId, SubjectKey};
use tongban_render::{CjkFont, LicencePdf, SealImage, licence_pdf};

pub const PERSON_ID: &str = "11010519491231002X";
pub const VERIFY_URL: &str = "https://zwfw.example.gov.cn/verify/610323YPJY2026000042";

pub fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn field(element: &str, label: &str, public: bool) -> LicenceField {
    LicenceField {
        element: code(element),
        label: label.to_string(),
        required: true,
        public,
    }
}

/// 药品经营许可证 of an enterprise: scope public, the person in charge not.
pub fn pharmacy_type() -> LicenceType {
    LicenceType {
        code: code("ypjyxkz"),
        name: "药品经营许可证".to_string(),
        issuer: code("qs-scjgj"),
        holder_kind: HolderKind::Enterprise,
        number_tag: "YPJY".to_string(),
        fields: vec![
            field("business_scope", "经营范围", true),
            field("address", "注册地址", true),
            field("person_in_charge", "质量负责人", false),
        ],
        validity: Validity::Years(5),
        issued_by: vec![code("ypjy-xb")],
        updated_by: vec![],
        cancelled_by: vec![code("ypjy-zx")],
    }
}

pub fn pharmacy_licence(fields: &[(&str, &str)]) -> Licence {
    let region = RegionCode::parse("610323").unwrap();
    pharmacy_type()
        .issue(Issuance {
            number: LicenceNumber::new(&region, "YPJY", 2026, 42).unwrap(),
            holder: LicenceHolder {
                subject: SubjectId::new("subj-42"),
                name: "岐山县康宁大药房有限公司".to_string(),
                identifier: SubjectKey::Uscc(Uscc::complete("91610323MA6X00001").unwrap()),
            },
            issuer_name: "岐山县市场监督管理局".to_string(),
            fields: fields
                .iter()
                .map(|(k, v)| (code(k), v.to_string()))
                .collect(),
            issued_on: day(2026, 3, 1),
            by: code("ypjy-xb"),
            replaces: vec![],
        })
        .unwrap()
}

/// 导游证 of a person: permanent, one public field.
pub fn guide_type() -> LicenceType {
    LicenceType {
        code: code("dyz"),
        name: "导游证".to_string(),
        issuer: code("bj-wlj"),
        holder_kind: HolderKind::Person,
        number_tag: "DYZ".to_string(),
        fields: vec![field("language", "导游语种", true)],
        validity: Validity::Permanent,
        issued_by: vec![code("dyz-hf")],
        updated_by: vec![],
        cancelled_by: vec![code("dyz-zx")],
    }
}

pub fn guide_licence() -> Licence {
    let region = RegionCode::parse("110105").unwrap();
    guide_type()
        .issue(Issuance {
            number: LicenceNumber::new(&region, "DYZ", 2026, 7).unwrap(),
            holder: LicenceHolder {
                subject: SubjectId::new("subj-7"),
                name: "欧阳娜娜".to_string(),
                identifier: SubjectKey::ResidentId(ResidentId::parse(PERSON_ID).unwrap()),
            },
            issuer_name: "北京市朝阳区文化和旅游局".to_string(),
            fields: BTreeMap::from([(code("language"), "汉语、英语".to_string())]),
            issued_on: day(2026, 5, 8),
            by: code("dyz-hf"),
            replaces: vec![],
        })
        .unwrap()
}

/// The installed CJK font; a clear failure when there is none.
pub fn font() -> CjkFont {
    CjkFont::discover().unwrap_or_else(|e| {
        panic!(
            "no CJK font for the PDF ({}): {e}; scripts/test.sh installs fonts-noto-cjk",
            e.code()
        )
    })
}

/// Renders `licence` with the seal of its issuer.
pub fn render(licence: &Licence, licence_type: &LicenceType, today: NaiveDate) -> Vec<u8> {
    let seal = SealImage::for_department(&licence.issuer.name);
    let doc = LicencePdf {
        licence,
        licence_type,
        seal: &seal,
        verify_url: VERIFY_URL,
        today,
    };
    licence_pdf(&doc, &font()).unwrap()
}

/// Runs a poppler tool with `args` and returns what it printed; fails
/// (never skips) when the tool is not installed.
pub fn poppler(tool: &str, args: &[&str]) -> Vec<u8> {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}): install poppler-utils (scripts/test.sh does)")
    });
    assert!(
        output.status.success(),
        "`{tool}` failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Writes `pdf` to a temporary file and runs `tool` with `args` then the
/// file (then `tail`).
pub fn read_back(tool: &str, args: &[&str], pdf: &[u8], tail: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("licence.pdf");
    std::fs::write(&path, pdf).unwrap();
    let path = path.to_str().unwrap();
    let all: Vec<&str> = args
        .iter()
        .copied()
        .chain([path])
        .chain(tail.iter().copied())
        .collect();
    poppler(tool, &all)
}

/// The PDF's text as `pdftotext` reads it.
pub fn extract_text(pdf: &[u8]) -> String {
    String::from_utf8(read_back("pdftotext", &["-enc", "UTF-8"], pdf, &["-"])).unwrap()
}
