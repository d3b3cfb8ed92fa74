//! 电子证照 in the domain: licence numbers, issuing, status by date,
//! changes and revocation with history, the canonical signed bytes and the
//! masked public view.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tongban_domain::ident::{Code, RegionCode, ResidentId, Uscc};
use tongban_domain::licence::{
    HolderKind, Issuance, Licence, LicenceField, LicenceHolder, LicenceNumber, LicenceStatus,
    LicenceType, RevisionEvent, RevisionRequest, Validity, canonical_bytes, mask_person_name,
};
use tongban_domain::subject::{SubjectId, SubjectKey};

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
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

/// 药品经营许可证, issued to an enterprise by the Qishan market regulator.
fn drug_licence_type() -> LicenceType {
    LicenceType {
        code: code("ypjyxkz"),
        name: "药品经营许可证".to_string(),
        issuer: code("qs-scjgj"),
        holder_kind: HolderKind::Enterprise,
        number_tag: "YPJY".to_string(),
        fields: vec![
            field("business_scope", "经营范围", true),
            field("address", "注册地址", true),
            LicenceField {
                element: code("pharmacist"),
                label: "质量负责人".to_string(),
                required: false,
                public: false,
            },
        ],
        validity: Validity::Years(5),
        issued_by: vec![code("ypjy-xb")],
        updated_by: vec![code("ypjy-bg"), code("ypjy-yx")],
        cancelled_by: vec![code("ypjy-zx")],
    }
}

fn pharmacy() -> LicenceHolder {
    LicenceHolder {
        subject: SubjectId::new("subj-42"),
        name: "岐山县康宁大药房有限公司".to_string(),
        identifier: SubjectKey::Uscc(Uscc::complete("91610323MA6X00001").unwrap()),
    }
}

fn number(seq: u32) -> LicenceNumber {
    LicenceNumber::new(&RegionCode::parse("610323").unwrap(), "YPJY", 2026, seq).unwrap()
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<Code, String> {
    pairs
        .iter()
        .map(|(k, v)| (code(k), v.to_string()))
        .collect()
}

fn issuance() -> Issuance {
    Issuance {
        number: number(42),
        holder: pharmacy(),
        issuer_name: "岐山县市场监督管理局".to_string(),
        fields: fields(&[
            ("business_scope", "化学药制剂、中成药"),
            ("address", "岐山县凤鸣镇东大街8号"),
            ("pharmacist", "李四"),
        ]),
        issued_on: day(2026, 3, 1),
        by: code("ypjy-xb"),
        replaces: vec![],
    }
}

fn issued() -> Licence {
    drug_licence_type().issue(issuance()).unwrap()
}

#[test]
fn issuing_fills_the_validity_from_the_type_and_records_version_one() {
    let licence = issued();
    assert_eq!(licence.valid_until, Some(day(2031, 2, 28)));
    assert_eq!(licence.issuer.department, code("qs-scjgj"));
    assert_eq!(licence.type_name, "药品经营许可证");
    assert_eq!(licence.version, 1);
    assert_eq!(licence.history.len(), 1);
    assert_eq!(
        licence.history[0].event,
        RevisionEvent::Issued {
            by: code("ypjy-xb")
        }
    );
    let mut permanent = drug_licence_type();
    permanent.validity = Validity::Permanent;
    assert_eq!(permanent.issue(issuance()).unwrap().valid_until, None);
}

#[test]
fn issuing_is_refused_for_an_unlinked_item_a_wrong_holder_a_foreign_tag_or_bad_fields() {
    let kind = drug_licence_type();
    let refused = |change: &dyn Fn(&mut Issuance)| {
        let mut i = issuance();
        change(&mut i);
        kind.issue(i).err().map(|e| e.code())
    };
    assert_eq!(
        refused(&|i| i.by = code("ypjy-zx")),
        Some("licence_item_not_linked")
    );
    assert_eq!(
        refused(&|i| {
            i.holder.identifier =
                SubjectKey::ResidentId(ResidentId::parse("11010519491231002X").unwrap())
        }),
        Some("licence_wrong_holder_kind")
    );
    assert_eq!(
        refused(&|i| {
            i.number =
                LicenceNumber::new(&RegionCode::parse("610323").unwrap(), "YLQX", 2026, 1).unwrap()
        }),
        Some("licence_number_mismatch")
    );
    assert_eq!(
        refused(&|i| i.issued_on = day(2027, 1, 2)),
        Some("licence_number_mismatch")
    );
    assert_eq!(
        refused(&|i| {
            i.fields.insert(code("address"), "  ".to_string());
        }),
        Some("licence_field_missing")
    );
    assert_eq!(
        refused(&|i| {
            i.fields.remove(&code("business_scope"));
        }),
        Some("licence_field_missing")
    );
    assert_eq!(
        refused(&|i| {
            i.fields.insert(code("colour"), "红".to_string());
        }),
        Some("licence_field_unknown")
    );
    assert_eq!(
        refused(&|i| {
            i.fields.remove(&code("pharmacist"));
        }),
        None
    );
}

#[test]
fn a_licence_is_valid_through_its_last_day_and_expired_the_day_after() {
    let licence = issued();
    assert_eq!(licence.status_on(day(2026, 3, 1)), LicenceStatus::Valid);
    assert_eq!(licence.status_on(day(2031, 2, 28)), LicenceStatus::Valid);
    assert_eq!(licence.status_on(day(2031, 3, 1)), LicenceStatus::Expired);
}

#[test]
fn a_licence_cancelled_by_its_cancellation_item_stays_revoked_and_cannot_change() {
    let kind = drug_licence_type();
    let mut licence = issued();
    let refused = licence
        .clone()
        .revoke(&kind, Some(code("ypjy-bg")), day(2026, 6, 1), "注销");
    assert_eq!(
        refused.err().map(|e| e.code()),
        Some("licence_item_not_linked")
    );

    licence
        .revoke(&kind, Some(code("ypjy-zx")), day(2026, 6, 1), "申请注销")
        .unwrap();
    let revoked = LicenceStatus::Revoked {
        on: day(2026, 6, 1),
        reason: "申请注销".to_string(),
    };
    assert_eq!(licence.status_on(day(2026, 6, 2)), revoked);
    assert_eq!(licence.status_on(day(2040, 1, 1)), revoked);
    assert_eq!(licence.version, 1);
    assert_eq!(
        licence.history.last().map(|r| &r.event),
        Some(&RevisionEvent::Revoked {
            by: Some(code("ypjy-zx"))
        })
    );
    let again = licence.revise(
        &kind,
        RevisionRequest::Renewal {
            by: code("ypjy-yx"),
        },
        day(2026, 7, 1),
        "",
    );
    assert_eq!(
        again.err().map(|e| e.code()),
        Some("licence_already_revoked")
    );
}

#[test]
fn a_change_and_a_correction_bump_the_version_and_keep_the_old_values() {
    let kind = drug_licence_type();
    let mut licence = issued();
    let change = RevisionRequest::Change {
        by: code("ypjy-bg"),
        fields: fields(&[("address", "岐山县蔡家坡镇新街1号")]),
    };
    licence
        .revise(&kind, change, day(2026, 5, 1), "地址变更")
        .unwrap();
    let correction = RevisionRequest::Correction {
        fields: fields(&[("pharmacist", "李思")]),
    };
    licence
        .revise(&kind, correction, day(2026, 5, 9), "异议核实：姓名录入错误")
        .unwrap();

    assert_eq!(licence.version, 3);
    assert_eq!(licence.fields[&code("address")], "岐山县蔡家坡镇新街1号");
    assert_eq!(licence.fields[&code("pharmacist")], "李思");
    assert_eq!(
        licence.history[1].previous[&code("address")],
        "岐山县凤鸣镇东大街8号"
    );
    assert_eq!(licence.history[2].event, RevisionEvent::Corrected);
    assert_eq!(licence.history[2].previous[&code("pharmacist")], "李四");

    let not_linked = RevisionRequest::Change {
        by: code("ypjy-xb"),
        fields: BTreeMap::new(),
    };
    let err = licence.revise(&kind, not_linked, day(2026, 5, 10), "");
    assert_eq!(err.err().map(|e| e.code()), Some("licence_item_not_linked"));
}

#[test]
fn a_renewal_restarts_the_validity_from_the_renewal_day() {
    let kind = drug_licence_type();
    let mut licence = issued();
    let renewal = RevisionRequest::Renewal {
        by: code("ypjy-yx"),
    };
    licence
        .revise(&kind, renewal, day(2030, 12, 1), "延续")
        .unwrap();
    assert_eq!(licence.valid_until, Some(day(2035, 11, 30)));
    assert_eq!(
        licence.history[1].previous_valid_until,
        Some(day(2031, 2, 28))
    );
    assert_eq!(licence.status_on(day(2032, 1, 1)), LicenceStatus::Valid);
}

#[test]
fn the_canonical_bytes_are_sorted_compact_json_exactly_as_documented() {
    let mut licence = issued();
    licence.replaces = vec![number(7), number(3)];
    let text = String::from_utf8(canonical_bytes(&licence)).unwrap();
    let expected = concat!(
        r#"{"fields":{"address":"岐山县凤鸣镇东大街8号","business_scope":"化学药制剂、中成药","pharmacist":"李四"},"#,
        r#""format":"tongban.licence.v1","#,
        r#""holder":{"identifier":{"kind":"uscc","value":"91610323MA6X00001"#,
    );
    assert!(text.starts_with(expected), "{text}");
    let uscc = Uscc::complete("91610323MA6X00001").unwrap().to_string();
    let rest = format!(
        r#"{}"}},"name":"岐山县康宁大药房有限公司"}},"issued_on":"2026-03-01","issuer":{{"department":"qs-scjgj","name":"岐山县市场监督管理局"}},"number":"{}","replaces":["{}","{}"],"type":{{"code":"ypjyxkz","name":"药品经营许可证"}},"valid_until":"2031-02-28","version":1}}"#,
        &uscc[17..],
        number(42),
        number(3),
        number(7),
    );
    assert_eq!(&text[expected.len()..], rest);
}

#[test]
fn the_canonical_bytes_parse_as_json_and_reserialise_identically_with_sorted_keys() {
    let mut licence = issued();
    licence.fields.insert(
        code("address"),
        "引号\"、反斜杠\\、换行\n、制表\t、\u{1}与/".to_string(),
    );
    let bytes = canonical_bytes(&licence);
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(serde_json::to_vec(&value).unwrap(), bytes);
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains(r#""引号\"、反斜杠\\、换行\n、制表\t、\u0001与/""#),
        "{text}"
    );
}

/// A named edit of a licence.
type Change = Box<dyn Fn(&mut Licence)>;

#[test]
fn every_signed_part_changes_the_canonical_bytes_and_the_status_does_not() {
    let base = issued();
    let bytes = canonical_bytes(&base);
    let changes: Vec<(&str, Change)> = vec![
        ("number", Box::new(|l| l.number = number(43))),
        ("type name", Box::new(|l| l.type_name.push('X'))),
        ("holder name", Box::new(|l| l.holder.name.push('X'))),
        (
            "holder id",
            Box::new(|l| {
                l.holder.identifier =
                    SubjectKey::ResidentId(ResidentId::parse("11010519491231002X").unwrap())
            }),
        ),
        ("issuer", Box::new(|l| l.issuer.name.push('X'))),
        (
            "field",
            Box::new(|l| {
                l.fields.insert(code("address"), "别处".to_string());
            }),
        ),
        ("issued", Box::new(|l| l.issued_on = day(2026, 3, 2))),
        ("until", Box::new(|l| l.valid_until = None)),
        ("replaces", Box::new(|l| l.replaces.push(number(1)))),
        ("version", Box::new(|l| l.version = 2)),
    ];
    for (what, change) in changes {
        let mut l = base.clone();
        change(&mut l);
        assert_ne!(canonical_bytes(&l), bytes, "{what} is not signed");
    }
    let mut revoked = base.clone();
    revoked
        .revoke(
            &drug_licence_type(),
            None,
            day(2026, 4, 1),
            "被一业一证替代",
        )
        .unwrap();
    revoked.holder.subject = SubjectId::new("another-row");
    assert_eq!(canonical_bytes(&revoked), bytes);
}

#[test]
fn the_public_view_masks_a_person_and_shows_only_public_fields() {
    let mut kind = drug_licence_type();
    kind.holder_kind = HolderKind::Person;
    let mut i = issuance();
    i.holder = LicenceHolder {
        subject: SubjectId::new("subj-7"),
        name: "张三".to_string(),
        identifier: SubjectKey::ResidentId(ResidentId::parse("11010519491231002X").unwrap()),
    };
    let view = kind.issue(i).unwrap().public_view(&kind, day(2026, 3, 2));
    assert_eq!(view.holder_name, "张*");
    assert_eq!(view.holder_identifier, "1101**********002X");
    let labels: Vec<&str> = view.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["经营范围", "注册地址"]);
    let json = serde_json::to_string(&view).unwrap();
    assert!(
        !json.contains("11010519491231002X") && !json.contains("张三") && !json.contains("李四"),
        "{json}"
    );
    assert_eq!(view.status, LicenceStatus::Valid);
}

#[test]
fn an_enterprise_holder_is_shown_whole_on_the_public_view() {
    let view = issued().public_view(&drug_licence_type(), day(2032, 1, 1));
    assert_eq!(view.holder_name, "岐山县康宁大药房有限公司");
    assert_eq!(
        view.holder_identifier,
        Uscc::complete("91610323MA6X00001").unwrap().to_string()
    );
    assert_eq!(view.status, LicenceStatus::Expired);
}

#[test]
fn person_names_keep_only_their_first_character() {
    for (name, masked) in [
        ("张三", "张*"),
        ("欧阳娜娜", "欧***"),
        ("王", "*"),
        ("", "*"),
        (" 李四 ", "李*"),
    ] {
        assert_eq!(mask_person_name(name), masked, "{name}");
    }
}

#[test]
fn a_composite_licence_issued_by_its_bundle_lists_the_three_licences_it_replaces() {
    // 药品零售 一业一证: 行业综合许可证 replaces the drug business licence,
    // the medical-device business licence and the class II filing.
    let composite = LicenceType {
        code: code("hyzhxkz-ypls"),
        name: "行业综合许可证（药品零售）".to_string(),
        issuer: code("qs-xzspj"),
        holder_kind: HolderKind::Enterprise,
        number_tag: "HYZH".to_string(),
        fields: vec![field("business_scope", "许可范围", true)],
        validity: Validity::Years(5),
        issued_by: vec![code("yyyz-ypls")],
        updated_by: vec![],
        cancelled_by: vec![],
    };
    let region = RegionCode::parse("610323").unwrap();
    let sub = |tag: &str, seq| LicenceNumber::new(&region, tag, 2026, seq).unwrap();
    let replaced = vec![sub("YPJY", 42), sub("YLQX", 9), sub("ELBA", 3)];
    let licence = composite
        .issue(Issuance {
            number: sub("HYZH", 1),
            holder: pharmacy(),
            issuer_name: "岐山县行政审批服务局".to_string(),
            fields: fields(&[(
                "business_scope",
                "药品零售；第三类医疗器械经营；第二类医疗器械经营备案",
            )]),
            issued_on: day(2026, 3, 1),
            by: code("yyyz-ypls"),
            replaces: replaced.clone(),
        })
        .unwrap();
    let mut sorted = replaced;
    sorted.sort();
    assert_eq!(licence.replaces, sorted);
    let text = String::from_utf8(canonical_bytes(&licence)).unwrap();
    for n in &licence.replaces {
        assert!(text.contains(n.as_str()), "{n} is not in the signed bytes");
    }

    let mut old = issued();
    let reason = format!("已并入行业综合许可证{}", licence.number);
    old.revoke(&drug_licence_type(), None, day(2026, 3, 1), &reason)
        .unwrap();
    assert_eq!(old.status_on(day(2026, 3, 2)).label(), "已注销");
}

#[test]
fn the_worked_example_in_the_signature_doc_is_what_the_code_produces() {
    let mut licence = issued();
    licence.fields.remove(&code("pharmacist"));
    let bytes = String::from_utf8(canonical_bytes(&licence)).unwrap();
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/licence-signature.md"),
    )
    .unwrap();
    assert!(
        doc.contains(&format!("\n{bytes}\n")),
        "docs/licence-signature.md lost the example:\n{bytes}"
    );
    assert!(
        doc.contains(&format!("{} bytes", bytes.len())),
        "the example's length changed"
    );
}
