//! Documents of people without a resident ID: the Taiwan compatriots'
//! entry permit (台湾居民来往大陆通行证, 台胞证) and residence permit
//! (台湾居民居住证), and passports. Only the residence permit has a check
//! character; the others get format checks only.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::resident_id::{Fault, Gender, birth_of, layout};
use super::{IdentError, refuse, stdnum_compact};
use crate::mask;

/// 台湾居民来往大陆通行证 number. Since 25 September 2008 it is the holder's
/// 8-digit lifelong number (台胞终身号, "一人一号、终身不变"); permits issued
/// from May 1992 carry the lifelong number, a 2-digit issue count and, until
/// 2006–2008, the issuing office's code in brackets: `1234567801(B)`.
/// All three forms parse; the number has no check digit, so only the
/// format is checked. Full-width brackets and spaces are normalised.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TaiwanPermit(pub(super) String);

impl TaiwanPermit {
    /// Parses a Taiwan entry-permit number in one of the three forms.
    pub fn parse(s: &str) -> Result<TaiwanPermit, IdentError> {
        let n = stdnum_compact(s, &[' '])
            .replace('（', "(")
            .replace('）', ")");
        let b = n.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = match b.len() {
            8 | 10 => digits(0..b.len()),
            13 => digits(0..10) && b[10] == b'(' && b[11].is_ascii_alphanumeric() && b[12] == b')',
            _ => false,
        };
        if ok {
            Ok(TaiwanPermit(n))
        } else {
            Err(refuse(
                "invalid_taiwan_permit",
                format!(
                    "台湾居民来往大陆通行证号码“{}”无效：应为8位数字（终身号），或旧证的10位数字（含2位签发次数），可带括号内的签发机关代码",
                    mask::id_number(s)
                ),
            ))
        }
    }

    /// The number as entered, normalised.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 8-digit lifelong number (台胞终身号) that identifies the holder
    /// across all the permits they were issued.
    pub fn lifelong_number(&self) -> &str {
        self.0.get(..8).unwrap_or_default()
    }

    /// The issue count (签发次数) of an old-form permit.
    pub fn issue_count(&self) -> Option<u8> {
        self.0.get(8..10).and_then(|t| t.parse().ok())
    }

    /// True when both permits were issued to the same holder.
    pub fn same_holder(&self, other: &TaiwanPermit) -> bool {
        self.lifelong_number() == other.lifelong_number()
    }
}

/// 台湾居民居住证 number: the GB 11643 layout of a resident ID with the
/// address code `830000`, a real birth date and a valid check character.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidencePermit(pub(super) String);

impl ResidencePermit {
    /// The address code of every Taiwan residents' residence permit.
    pub const ADDRESS_CODE: &'static str = "830000";

    /// Parses and checks a residence-permit number.
    pub fn parse(s: &str) -> Result<ResidencePermit, IdentError> {
        let bad = |why: String| {
            refuse(
                "invalid_residence_permit",
                format!("台湾居民居住证号码“{}”无效：{why}", mask::id_number(s)),
            )
        };
        let checked = layout(s).map_err(|f: Fault| bad(f.why()))?;
        if !checked.number.starts_with(Self::ADDRESS_CODE) {
            return Err(bad(format!("应以{}开头", Self::ADDRESS_CODE)));
        }
        Ok(ResidencePermit(checked.number))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date, characters 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        birth_of(&self.0)
    }

    /// The gender, from the 17th digit (odd: male).
    pub fn gender(&self) -> Gender {
        Gender::of(&self.0)
    }
}

/// A passport number: 5–17 ASCII letters and digits, upper-cased. Passport
/// numbering differs by issuing country and carries no check digit in the
/// number itself, so only this format is checked.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Passport(pub(super) String);

impl Passport {
    /// Parses a passport number; spaces are dropped and letters upper-cased.
    pub fn parse(s: &str) -> Result<Passport, IdentError> {
        let n = stdnum_compact(s, &[' ']);
        if (5..=17).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Passport(n))
        } else {
            Err(refuse(
                "invalid_passport",
                format!(
                    "护照号码“{}”无效：应为5至17位英文字母或数字",
                    mask::id_number(s)
                ),
            ))
        }
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ident::resident_id::check_char;

    #[test]
    fn the_three_taiwan_permit_forms_parse_and_share_the_lifelong_number() {
        let new = TaiwanPermit::parse("01234567").unwrap();
        let old = TaiwanPermit::parse("0123456702").unwrap();
        let older = TaiwanPermit::parse("0123456701（B）").unwrap();
        assert_eq!(older.as_str(), "0123456701(B)");
        assert_eq!(old.issue_count(), Some(2));
        assert_eq!(new.issue_count(), None);
        assert!(new.same_holder(&old) && old.same_holder(&older));
        assert!(!new.same_holder(&TaiwanPermit::parse("01234568").unwrap()));
    }

    #[test]
    fn a_malformed_taiwan_permit_is_refused_with_a_masked_message() {
        for bad in [
            "1234567",
            "123456789",
            "12345678AB",
            "0123456701(BB)",
            "T1234567",
        ] {
            let err = TaiwanPermit::parse(bad).unwrap_err();
            assert_eq!(err.code, "invalid_taiwan_permit", "{bad}");
            assert!(!err.message.contains(bad), "{}", err.message);
        }
    }

    #[test]
    fn a_residence_permit_needs_830000_a_date_and_a_check_character() {
        let first17 = "83000019900307002";
        let n = format!("{first17}{}", check_char(first17.as_bytes()));
        let p = ResidencePermit::parse(&n).unwrap();
        assert_eq!(p.birth_date(), NaiveDate::from_ymd_opt(1990, 3, 7).unwrap());
        assert_eq!(p.gender(), Gender::Female);
        assert!(!format!("{p:?}").contains("19900307"), "Debug is masked");
        let resident = "11010519491231002X";
        let err = ResidencePermit::parse(resident).unwrap_err();
        assert!(err.message.contains("830000"), "{}", err.message);
        let mut typo = n.clone().into_bytes();
        typo[10] = if typo[10] == b'9' { b'8' } else { b'9' };
        let err = ResidencePermit::parse(&String::from_utf8(typo).unwrap()).unwrap_err();
        assert_eq!(err.code, "invalid_residence_permit");
    }

    #[test]
    fn passports_are_upper_cased_and_limited_to_5_to_17_letters_and_digits() {
        assert_eq!(Passport::parse("e1234 5678").unwrap().as_str(), "E12345678");
        for bad in ["E123", "E1234567890123456X", "E12-34567", "护照12345"] {
            assert_eq!(
                Passport::parse(bad).unwrap_err().code,
                "invalid_passport",
                "{bad}"
            );
        }
    }
}
