//! Checked identifiers: catalog codes, GB/T 2260 region codes and the
//! 统一社会信用代码 (GB 32100). Each is built by `parse`, so an invalid value
//! cannot exist past the edge.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why an identifier was refused. The message is Chinese, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct IdentError {
    /// Stable machine-readable code, e.g. `invalid_uscc`.
    pub code: &'static str,
    /// Chinese message naming the input and what is wrong.
    pub message: String,
}

fn refuse(code: &'static str, message: String) -> IdentError {
    IdentError { code, message }
}

/// A catalog code: 1–64 characters of ASCII letters, digits, `-`, `_`, `.`.
/// Used for items, bundles, departments, materials, elements, situations.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Code(String);

impl Code {
    /// Parses a catalog code.
    pub fn parse(s: &str) -> Result<Code, IdentError> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        if ok {
            Ok(Code(s.to_string()))
        } else {
            Err(refuse(
                "invalid_code",
                format!("编码“{s}”无效：只能由1至64位英文字母、数字、“-”“_”“.”组成"),
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A GB/T 2260 region code: 6 digits (province/city/county), 9 (town) or 12
/// (village).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses a region code.
    pub fn parse(s: &str) -> Result<RegionCode, IdentError> {
        let digits = s.bytes().all(|b| b.is_ascii_digit());
        if digits && matches!(s.len(), 6 | 9 | 12) && !s.starts_with("00") {
            Ok(RegionCode(s.to_string()))
        } else {
            Err(refuse(
                "invalid_region_code",
                format!("行政区划代码“{s}”无效：应为6位（省市县）、9位（乡镇）或12位（村）数字"),
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level implied by the code: `xx0000` province, `xxxx00` city,
    /// other 6-digit county, 9-digit town, 12-digit village.
    pub fn level(&self) -> crate::catalog::Level {
        use crate::catalog::Level;
        match self.0.len() {
            9 => Level::Town,
            12 => Level::Village,
            _ if self.0.ends_with("0000") => Level::Province,
            _ if self.0.ends_with("00") => Level::City,
            _ => Level::County,
        }
    }

    /// True when `self` is `other` or lies inside it (a county inside its
    /// city and province, a town inside its county, ...).
    pub fn is_within(&self, other: &RegionCode) -> bool {
        let prefix = match other.level() {
            crate::catalog::Level::Province => &other.0[..2],
            crate::catalog::Level::City => &other.0[..4],
            _ => other.0.as_str(),
        };
        self.0.starts_with(prefix)
    }
}

/// 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check
/// character over the first 17.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(String);

/// The 31 characters GB 32100 uses (no I, O, S, V, Z).
const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

impl Uscc {
    /// Parses and checks a unified social credit code. Lower case is
    /// accepted and upper-cased.
    pub fn parse(s: &str) -> Result<Uscc, IdentError> {
        let upper = s.trim().to_ascii_uppercase();
        let bad = |why: &str| refuse("invalid_uscc", format!("统一社会信用代码“{s}”无效：{why}"));
        if upper.chars().count() != 18 {
            return Err(bad("应为18位"));
        }
        let mut values = Vec::with_capacity(18);
        for c in upper.chars() {
            match USCC_ALPHABET.find(c) {
                Some(v) => values.push(v as u32),
                None => return Err(bad(&format!("含有不允许的字符“{c}”"))),
            }
        }
        let expected = Self::check_value(&values[..17]);
        if values[17] != expected {
            return Err(bad("校验码不正确"));
        }
        Ok(Uscc(upper))
    }

    /// Completes 17 leading characters with their check character, for
    /// generating test and demo data.
    pub fn complete(first17: &str) -> Result<Uscc, IdentError> {
        let values: Option<Vec<u32>> = first17
            .to_ascii_uppercase()
            .chars()
            .map(|c| USCC_ALPHABET.find(c).map(|v| v as u32))
            .collect();
        match values {
            Some(v) if v.len() == 17 => {
                let check = Self::check_value(&v) as usize;
                let c = &USCC_ALPHABET[check..check + 1];
                Uscc::parse(&format!("{}{c}", first17.to_ascii_uppercase()))
            }
            _ => Err(refuse(
                "invalid_uscc",
                format!("统一社会信用代码前17位“{first17}”无效"),
            )),
        }
    }

    fn check_value(values: &[u32]) -> u32 {
        let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
        (31 - sum % 31) % 31
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_newtype_impls {
    ($($t:ty),*) => {$(
        impl TryFrom<String> for $t {
            type Error = IdentError;
            fn try_from(s: String) -> Result<Self, IdentError> {
                <$t>::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl std::str::FromStr for $t {
            type Err = IdentError;
            fn from_str(s: &str) -> Result<Self, IdentError> {
                <$t>::parse(s)
            }
        }
    )*};
}
string_newtype_impls!(Code, RegionCode, Uscc);

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_uscc_passes_and_a_mutated_one_is_refused() {
        // 91350100M000100Y43 is the GB 32100 worked example.
        assert!(Uscc::parse("91350100M000100Y43").is_ok());
        let err = Uscc::parse("91350100M000100Y44").unwrap_err();
        assert_eq!(err.code, "invalid_uscc");
        assert!(err.message.contains("校验码"));
    }

    #[test]
    fn uscc_refuses_letters_outside_the_gb32100_alphabet() {
        assert!(Uscc::parse("91350100M000100YO3").is_err());
        assert!(Uscc::parse("short").is_err());
    }

    #[test]
    fn completing_17_characters_yields_a_valid_uscc() {
        let u = Uscc::complete("11350825MB0000001").unwrap();
        assert_eq!(u.as_str().len(), 18);
        assert!(Uscc::parse(u.as_str()).is_ok());
    }

    #[test]
    fn region_levels_follow_the_code_shape() {
        use crate::catalog::Level;
        let cases = [
            ("350000", Level::Province),
            ("350800", Level::City),
            ("350825", Level::County),
            ("350825100", Level::Town),
            ("350825100201", Level::Village),
        ];
        for (code, level) in cases {
            assert_eq!(RegionCode::parse(code).unwrap().level(), level, "{code}");
        }
        assert!(RegionCode::parse("35082").is_err());
        assert!(RegionCode::parse("35x825").is_err());
    }

    #[test]
    fn a_county_is_within_its_city_and_province_but_not_a_neighbour() {
        let county = RegionCode::parse("350825").unwrap();
        assert!(county.is_within(&RegionCode::parse("350800").unwrap()));
        assert!(county.is_within(&RegionCode::parse("350000").unwrap()));
        assert!(!county.is_within(&RegionCode::parse("350821").unwrap()));
        assert!(!county.is_within(&RegionCode::parse("370000").unwrap()));
    }

    #[test]
    fn codes_refuse_spaces_and_chinese() {
        assert!(Code::parse("yc-gtgsh").is_ok());
        assert!(Code::parse("营业执照").is_err());
        assert!(Code::parse("a b").is_err());
        assert!(Code::parse("").is_err());
    }
}
