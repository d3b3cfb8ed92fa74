//! The `ident` target: every identifier parser of `tongban_domain::ident`
//! and the masks of `tongban_domain::mask` on the same text.

use std::fmt::{Debug, Display};
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tongban_domain::catalog::Level;
use tongban_domain::ident::{
    Code, Gender, IdentError, Passport, RegionCode, ResidencePermit, ResidentId, TaiwanPermit, Uscc,
};
use tongban_domain::mask;

use crate::Outcome;

/// Runs every identifier parser on `data` (UTF-8, or lossily decoded) and
/// checks what an accepted value promises: it re-parses to itself, prints
/// its canonical text, survives JSON, and (for a person's number) never
/// shows itself in `Debug` or in a refusal. `Accepted` when any parser
/// accepted the text.
pub fn ident(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let s = text.as_ref();
    masks_keep_length_and_characters(s);
    let accepted = [
        canonical(s, Code::parse, Code::as_str, false).map(|_| ()),
        canonical(s, RegionCode::parse, RegionCode::as_str, false).map(region),
        canonical(s, Uscc::parse, Uscc::as_str, false).map(uscc),
        canonical(s, ResidentId::parse, ResidentId::as_str, true).map(resident_id),
        canonical(s, ResidencePermit::parse, ResidencePermit::as_str, true).map(residence_permit),
        canonical(s, TaiwanPermit::parse, TaiwanPermit::as_str, true).map(taiwan_permit),
        canonical(s, Passport::parse, Passport::as_str, true).map(|_| ()),
    ];
    legacy15(s);
    Outcome::from_bool(accepted.iter().any(Option::is_some))
}

/// Parses `s`; an accepted value must re-parse to itself through `parse`,
/// `FromStr` and serde, and print its canonical text. A refusal must carry
/// a stable code and a message. For a person's number (`personal`) neither
/// `Debug` nor a refusal may show the number typed.
fn canonical<T>(
    s: &str,
    parse: fn(&str) -> Result<T, IdentError>,
    as_str: fn(&T) -> &str,
    personal: bool,
) -> Option<T>
where
    T: PartialEq + Debug + Display + FromStr<Err = IdentError> + Serialize + DeserializeOwned,
{
    match parse(s) {
        Ok(v) => {
            let canon = as_str(&v);
            assert!(!canon.is_empty(), "an accepted identifier is not empty");
            assert_eq!(v.to_string(), canon, "Display prints the canonical text");
            assert_eq!(
                parse(canon).as_ref(),
                Ok(&v),
                "canonical text re-parses equal"
            );
            assert_eq!(
                canon.parse::<T>().as_ref(),
                Ok(&v),
                "FromStr agrees with parse"
            );
            let json = serde_json::to_string(&v).unwrap_or_default();
            let back: Option<T> = serde_json::from_str(&json).ok();
            assert_eq!(back.as_ref(), Some(&v), "JSON round trip of {json}");
            if personal {
                let debug = format!("{v:?}");
                assert!(!debug.contains(canon), "Debug masks the number: {debug}");
            }
            Some(v)
        }
        Err(e) => {
            assert!(
                !e.code.is_empty() && e.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "stable snake_case error code: {:?}",
                e.code
            );
            assert!(!e.message.is_empty(), "a refusal explains itself");
            let typed = s.trim();
            let long_number = typed.len() >= 12 && typed.bytes().all(|b| b.is_ascii_alphanumeric());
            if personal && long_number {
                assert!(
                    !e.message.contains(typed),
                    "a refusal masks the number typed: {}",
                    e.message
                );
            }
            None
        }
    }
}

/// A region code's level matches its shape, and it lies within itself and
/// within its province.
fn region(r: RegionCode) {
    let code = r.as_str();
    let expected = match code.len() {
        9 => Level::Town,
        12 => Level::Village,
        _ if code.ends_with("0000") => Level::Province,
        _ if code.ends_with("00") => Level::City,
        _ => Level::County,
    };
    assert_eq!(r.level(), expected, "level of {code}");
    assert!(r.is_within(&r), "a region lies within itself");
    if let Ok(province) = RegionCode::parse(&format!("{}0000", &code[..2])) {
        assert!(r.is_within(&province), "{code} lies within its province");
    }
}

/// A USCC completes from its first 17 characters to itself, and its region
/// part is a region code whenever it parses as one.
fn uscc(u: Uscc) {
    let code = u.as_str();
    let first17: String = code.chars().take(17).collect();
    assert_eq!(
        Uscc::complete(&first17).as_ref(),
        Ok(&u),
        "complete() agrees with parse()"
    );
    assert_eq!(
        u.registration_authority(),
        code.chars().next().unwrap_or('0')
    );
    if let Some(r) = u.region_code() {
        assert_eq!(r.as_str(), &code[2..8]);
    }
}

/// A resident ID: 18 characters, its birth date and gender read from the
/// number, a parseable address code, and `parse_as_of` never kinder than
/// `parse`.
fn resident_id(id: ResidentId) {
    let n = id.as_str();
    assert_eq!(n.len(), 18, "a resident ID has 18 characters");
    let birth = id.birth_date();
    assert_eq!(birth.format("%Y%m%d").to_string(), &n[6..14]);
    assert_eq!(id.gender(), gender_of(n));
    assert_eq!(RegionCode::parse(&n[..6]).ok(), Some(id.region_code()));
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    if ResidentId::parse_as_of(n, today).is_ok() {
        assert!(birth <= today && birth.year() >= today.year() - 150);
    }
}

/// A residence permit starts with 830000 and carries a birth date.
fn residence_permit(p: ResidencePermit) {
    let n = p.as_str();
    assert!(n.starts_with(ResidencePermit::ADDRESS_CODE), "{n}");
    assert_eq!(p.birth_date().format("%Y%m%d").to_string(), &n[6..14]);
    assert_eq!(p.gender(), gender_of(n));
    assert!(
        ResidentId::parse(n).is_err(),
        "a residence permit is not a resident ID"
    );
}

/// A Taiwan permit shares its lifelong number with itself.
fn taiwan_permit(p: TaiwanPermit) {
    assert!(p.same_holder(&p));
    assert_eq!(p.lifelong_number().len(), 8);
    assert_eq!(p.issue_count().is_some(), p.as_str().len() > 8);
}

/// A 15-digit number that converts gives an 18-digit resident ID that keeps
/// its address code and sequence.
fn legacy15(s: &str) {
    if let Ok(id) = ResidentId::from_legacy15(s) {
        let n = id.as_str();
        assert_eq!(&n[6..8], "19", "the century is 19");
        assert!(ResidentId::parse(n).is_ok());
    }
}

/// The gender encoded in the 17th digit.
fn gender_of(n: &str) -> Gender {
    if n.as_bytes().get(16).is_some_and(|d| d % 2 == 1) {
        Gender::Male
    } else {
        Gender::Female
    }
}

/// The masks keep the character count (at least one `*`) and change
/// characters only to `*`, so a value never grows or leaks into a log.
fn masks_keep_length_and_characters(s: &str) {
    for masked in [mask::id_number(s), mask::phone(s)] {
        let n = s.chars().count();
        assert_eq!(masked.chars().count(), n.max(1), "mask keeps the length");
        for (m, c) in masked.chars().zip(s.chars()) {
            assert!(m == '*' || m == c, "mask only hides characters");
        }
        if n >= 12 && s.chars().all(|c| c != '*') {
            assert_ne!(masked, s, "a long value is always partly hidden");
        }
    }
}
