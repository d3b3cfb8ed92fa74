//! The verification answer: valid, revoked, expired, invalid or not found,
//! with tampering winning over every status.

mod support;

use tongban_domain::licence::canonical_bytes;
use tongban_seal::{SealKey, VerificationOutcome, verify_licence};

use support::{code, day};

#[test]
fn a_genuine_licence_is_valid_until_its_last_day_and_expired_after() {
    let seal = SealKey::generate().unwrap();
    let licence = support::licence();
    let sig = seal.sign(&canonical_bytes(&licence));
    let check = |d| verify_licence(Some((&licence, &sig)), &seal.public_key(), d);
    assert_eq!(check(day(2026, 3, 1)), VerificationOutcome::Valid);
    assert_eq!(check(day(2031, 2, 28)), VerificationOutcome::Valid);
    assert_eq!(check(day(2031, 3, 1)), VerificationOutcome::Expired);
    assert_eq!(check(day(2031, 3, 1)).code(), "expired");
}

#[test]
fn a_cancelled_licence_verifies_as_revoked_with_its_date_and_reason() {
    let seal = SealKey::generate().unwrap();
    let mut licence = support::licence();
    let sig = seal.sign(&canonical_bytes(&licence));
    licence
        .revoke(
            &support::licence_type(),
            Some(code("ypjy-zx")),
            day(2026, 6, 1),
            "申请注销",
        )
        .unwrap();
    let outcome = verify_licence(Some((&licence, &sig)), &seal.public_key(), day(2026, 6, 2));
    assert_eq!(
        outcome,
        VerificationOutcome::Revoked {
            on: day(2026, 6, 1),
            reason: "申请注销".to_string()
        }
    );
    assert_eq!(outcome.label(), "已注销");
}

#[test]
fn a_tampered_field_is_invalid_even_on_a_revoked_or_expired_licence() {
    let seal = SealKey::generate().unwrap();
    let licence = support::licence();
    let sig = seal.sign(&canonical_bytes(&licence));
    let mut tampered = licence.clone();
    tampered.fields.insert(
        code("business_scope"),
        "化学药制剂、中成药、生物制品".to_string(),
    );
    for d in [day(2026, 3, 2), day(2040, 1, 1)] {
        let outcome = verify_licence(Some((&tampered, &sig)), &seal.public_key(), d);
        assert_eq!(outcome.code(), "invalid");
    }
    let mut revoked = tampered.clone();
    revoked
        .revoke(&support::licence_type(), None, day(2026, 4, 1), "撤销")
        .unwrap();
    let outcome = verify_licence(Some((&revoked, &sig)), &seal.public_key(), day(2026, 5, 1));
    assert_eq!(outcome.code(), "invalid");
}

#[test]
fn an_unknown_number_is_not_found() {
    let seal = SealKey::generate().unwrap();
    let outcome = verify_licence(None, &seal.public_key(), day(2026, 3, 2));
    assert_eq!(outcome, VerificationOutcome::NotFound);
    assert_eq!(outcome.label(), "未找到该证照");
}

#[test]
fn a_composite_licence_verifies_as_one_and_loses_validity_if_a_replaced_number_is_dropped() {
    let seal = SealKey::generate().unwrap();
    let mut composite = support::licence();
    let region = tongban_domain::ident::RegionCode::parse("610323").unwrap();
    composite.replaces = ["YPJY", "YLQX", "ELBA"]
        .iter()
        .enumerate()
        .map(|(i, tag)| {
            tongban_domain::licence::LicenceNumber::new(&region, tag, 2026, i as u32 + 1).unwrap()
        })
        .collect();
    let sig = seal.sign(&canonical_bytes(&composite));
    let check = |l| verify_licence(Some((l, &sig)), &seal.public_key(), day(2026, 3, 2));
    assert_eq!(check(&composite), VerificationOutcome::Valid);
    let mut dropped = composite.clone();
    dropped.replaces.pop();
    assert_eq!(check(&dropped).code(), "invalid");
}
