//! 证照编号: the number printed on a licence and typed on the verification
//! page.
//!
//! Layout: issuing region (6 digits, GB/T 2260), the licence type's number
//! tag (2–6 upper-case letters or digits, starting with a letter), the
//! issue year (4 digits), a yearly sequence (6 digits, from the store) and
//! one ISO 7064 MOD 37,36 check character (`0-9A-Z`) over everything
//! before it. MOD 37,36 is the hybrid system meant for alphanumeric codes:
//! it catches every single wrong character and every swap of two
//! neighbours. Printed grouped: `610327-YPJY-2026-000042-7`; dashes and
//! spaces are ignored when parsing.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ident::{IdentError, RegionCode};

/// A checked licence number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LicenceNumber(String);

/// The largest yearly sequence a licence number holds.
pub const MAX_SEQUENCE: u32 = 999_999;

const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

impl LicenceNumber {
    /// The number of the `seq`-th licence of type tag `tag` issued in `year`
    /// by an authority of `region` (its first six digits are used).
    pub fn new(
        region: &RegionCode,
        tag: &str,
        year: i32,
        seq: u32,
    ) -> Result<LicenceNumber, IdentError> {
        if !valid_tag(tag) {
            return Err(refuse(
                "invalid_licence_tag",
                format!("证照类型标识“{tag}”无效：应为2至6位大写字母或数字，以字母开头"),
            ));
        }
        if !(2000..=9999).contains(&year) {
            return Err(refuse(
                "licence_year_out_of_range",
                format!("年份{year}超出证照编号可表示的范围"),
            ));
        }
        if !(1..=MAX_SEQUENCE).contains(&seq) {
            return Err(refuse(
                "licence_sequence_exhausted",
                format!("年度证照序号{seq}超出范围（1至{MAX_SEQUENCE}）"),
            ));
        }
        let body = format!("{}{tag}{year:04}{seq:06}", &region.as_str()[..6]);
        let check = check_char(&body);
        Ok(LicenceNumber(format!("{body}{check}")))
    }

    /// Parses a number as printed or typed: dashes and spaces are ignored,
    /// letters upper-cased; shape, region, year and check are verified.
    pub fn parse(s: &str) -> Result<LicenceNumber, IdentError> {
        let compact: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect::<String>()
            .to_ascii_uppercase();
        let shape_ok = (19..=23).contains(&compact.len())
            && compact.bytes().all(|b| ALPHABET.contains(&b))
            && compact[..6].bytes().all(|b| b.is_ascii_digit())
            && valid_tag(&compact[6..compact.len() - 11])
            && compact[compact.len() - 11..compact.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit());
        if !shape_ok {
            return Err(refuse(
                "invalid_licence_number",
                format!(
                    "证照编号“{s}”无效：应为6位行政区划、类型标识、4位年份、6位序号和1位校验码"
                ),
            ));
        }
        let (body, check) = compact.split_at(compact.len() - 1);
        if check_char(body).to_string() != check {
            return Err(refuse(
                "licence_number_check_failed",
                format!("证照编号“{s}”的校验码不符，请核对是否有字符抄错或顺序颠倒"),
            ));
        }
        if RegionCode::parse(&compact[..6]).is_err() {
            return Err(refuse(
                "invalid_licence_number",
                format!("证照编号“{s}”的行政区划部分有误"),
            ));
        }
        Ok(LicenceNumber(compact))
    }

    /// The compact number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The issuing region (6 digits).
    pub fn region(&self) -> &str {
        &self.0[..6]
    }

    /// The licence type's number tag.
    pub fn tag(&self) -> &str {
        &self.0[6..self.0.len() - 11]
    }

    /// The issue year.
    pub fn year(&self) -> i32 {
        let n = self.0.len();
        self.0[n - 11..n - 7].parse().unwrap_or_default()
    }

    /// The yearly sequence.
    pub fn sequence(&self) -> u32 {
        let n = self.0.len();
        self.0[n - 7..n - 1].parse().unwrap_or_default()
    }

    /// The number in printed groups: `610327-YPJY-2026-000042-7`.
    pub fn grouped(&self) -> String {
        let n = self.0.len();
        format!(
            "{}-{}-{}-{}-{}",
            self.region(),
            self.tag(),
            &self.0[n - 11..n - 7],
            &self.0[n - 7..n - 1],
            &self.0[n - 1..]
        )
    }
}

/// True when `tag` is a valid type tag: 2–6 upper-case letters or digits,
/// starting with a letter (the catalog check uses it for licence and proof
/// types).
pub fn valid_tag(tag: &str) -> bool {
    (2..=6).contains(&tag.len())
        && tag.as_bytes()[0].is_ascii_uppercase()
        && tag
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// ISO 7064 MOD 37,36 check character of `0-9A-Z` text (python-stdnum's
/// `iso7064.mod_37_36.calc_check_digit`).
fn check_char(body: &str) -> char {
    const M: usize = 36;
    let checksum = body.bytes().fold(M / 2, |acc, b| {
        let value = ALPHABET.iter().position(|&a| a == b).unwrap_or(0);
        ((if acc == 0 { M } else { acc }) * 2 % (M + 1) + value) % M
    });
    let index = (M + 1 - (if checksum == 0 { M } else { checksum }) * 2 % (M + 1)) % M;
    char::from(ALPHABET[index])
}

fn refuse(code: &'static str, message: String) -> IdentError {
    IdentError { code, message }
}

impl TryFrom<String> for LicenceNumber {
    type Error = IdentError;
    fn try_from(s: String) -> Result<LicenceNumber, IdentError> {
        LicenceNumber::parse(&s)
    }
}

impl From<LicenceNumber> for String {
    fn from(n: LicenceNumber) -> String {
        n.0
    }
}

impl fmt::Display for LicenceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for LicenceNumber {
    type Err = IdentError;
    fn from_str(s: &str) -> Result<LicenceNumber, IdentError> {
        LicenceNumber::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> LicenceNumber {
        let region = RegionCode::parse("610323").unwrap_or_else(|e| panic!("{e}"));
        LicenceNumber::new(&region, "YPJY", 2026, 42).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_licence_number_ends_with_the_iso_7064_mod_37_36_check_of_python_stdnum() {
        // Expected characters from stdnum.iso7064.mod_37_36.calc_check_digit.
        for (region, tag, year, seq, expected) in [
            ("610323", "YPJY", 2026, 42, "610323YPJY2026000042T"),
            ("610300", "A1", 2030, 1, "610300A12030000001L"),
            ("110105", "YLQXBA", 2099, 999_999, "110105YLQXBA2099999999W"),
        ] {
            let region = RegionCode::parse(region).unwrap();
            let n = LicenceNumber::new(&region, tag, year, seq).unwrap();
            assert_eq!(n.as_str(), expected);
            assert_eq!(LicenceNumber::parse(expected), Ok(n));
        }
        let n = sample();
        assert_eq!(n.grouped(), "610323-YPJY-2026-000042-T");
        assert_eq!(LicenceNumber::parse(&n.grouped()), Ok(n.clone()));
        assert_eq!(
            LicenceNumber::parse("610323-ypjy-2026-000042-t"),
            Ok(n.clone())
        );
        assert_eq!(
            (n.region(), n.tag(), n.year(), n.sequence()),
            ("610323", "YPJY", 2026, 42)
        );
    }

    #[test]
    fn every_mistyped_character_and_every_swap_of_neighbours_in_a_licence_number_is_caught() {
        let good: Vec<u8> = sample().as_str().bytes().collect();
        for i in 0..good.len() {
            for c in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
                if good[i] == *c {
                    continue;
                }
                let mut wrong = good.clone();
                wrong[i] = *c;
                let text = String::from_utf8(wrong).unwrap();
                assert!(LicenceNumber::parse(&text).is_err(), "{text} was accepted");
            }
            if i + 1 < good.len() && good[i] != good[i + 1] {
                let mut swapped = good.clone();
                swapped.swap(i, i + 1);
                let text = String::from_utf8(swapped).unwrap();
                assert!(LicenceNumber::parse(&text).is_err(), "{text} was accepted");
            }
        }
    }

    #[test]
    fn a_licence_number_with_a_bad_tag_or_sequence_is_refused_with_a_code() {
        let region = RegionCode::parse("610323").unwrap();
        let err = |r: Result<LicenceNumber, _>| r.err().map(|e: IdentError| e.code);
        assert_eq!(
            err(LicenceNumber::new(&region, "ypjy", 2026, 1)),
            Some("invalid_licence_tag")
        );
        assert_eq!(
            err(LicenceNumber::new(&region, "1YP", 2026, 1)),
            Some("invalid_licence_tag")
        );
        assert_eq!(
            err(LicenceNumber::new(&region, "YPJY", 2026, 0)),
            Some("licence_sequence_exhausted")
        );
        assert_eq!(
            err(LicenceNumber::parse("610323YPJY2026")),
            Some("invalid_licence_number")
        );
    }
}
