//! 统一社会信用代码 (GB 32100-2015): the 18-character identifier of every
//! legal entity and other organisation.

use serde::{Deserialize, Serialize};

use super::{IdentError, refuse, stdnum_compact};

/// 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check
/// character over the first 17.
///
/// Position 1 is the registration authority (登记管理部门代码), 2 the
/// organisation category (机构类别代码): digits or letters. Positions 3–8
/// are the registering authority's GB/T 2260 region code: digits. 9–17 are
/// the subject code (GB 11714), 18 the ISO 7064 MOD 31-3 check character.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(pub(super) String);

/// The 31 characters GB 32100 uses (no I, O, S, V, Z).
const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

impl Uscc {
    /// Parses and checks a unified social credit code. Lower case is
    /// upper-cased; spaces and hyphens anywhere are dropped (as
    /// python-stdnum does), so `9135 0100 M000 100Y43` parses.
    pub fn parse(s: &str) -> Result<Uscc, IdentError> {
        let code = stdnum_compact(s, &[' ', '-']);
        // Masked: a resident ID number typed into the wrong field must not
        // be echoed into a page or a log line.
        let shown = crate::mask::id_number(s);
        let bad = |why: &str| {
            refuse(
                "invalid_uscc",
                format!("统一社会信用代码“{shown}”无效：{why}"),
            )
        };
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 18 {
            return Err(bad("应为18位"));
        }
        if let Some(c) = chars[2..8].iter().find(|c| !c.is_ascii_digit()) {
            return Err(bad(&format!(
                "第3至8位是登记管理机关行政区划码，应为数字，不能含“{c}”"
            )));
        }
        let mut values = Vec::with_capacity(18);
        for c in &chars {
            match USCC_ALPHABET.find(*c) {
                Some(v) => values.push(v as u32),
                None => {
                    return Err(bad(&format!(
                        "含有不允许的字符“{c}”（只能用数字和除I、O、S、V、Z以外的大写字母）"
                    )));
                }
            }
        }
        if values[17] != Self::check_value(&values[..17]) {
            return Err(bad("校验码不正确"));
        }
        Ok(Uscc(code))
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
                format!(
                    "统一社会信用代码前17位“{}”无效",
                    crate::mask::id_number(first17)
                ),
            )),
        }
    }

    /// The check value of 17 leading character values (ISO 7064 MOD 31-3).
    fn check_value(values: &[u32]) -> u32 {
        let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
        (31 - sum % 31) % 31
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The registration authority (登记管理部门代码, position 1), e.g. `9`
    /// market regulation, `5` civil affairs, `Y` other.
    pub fn registration_authority(&self) -> char {
        self.0.chars().next().unwrap_or('0')
    }

    /// The GB/T 2260 region code of the registering authority (positions
    /// 3–8), when it is a well-formed region code.
    pub fn region_code(&self) -> Option<super::RegionCode> {
        self.0
            .get(2..8)
            .and_then(|r| super::RegionCode::parse(r).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_published_uscc_passes_and_a_mutated_one_is_refused() {
        // 91350100M000100Y43 is the GB 32100 worked example.
        assert!(Uscc::parse("91350100M000100Y43").is_ok());
        let err = Uscc::parse("91350100M000100Y44").unwrap_err();
        assert_eq!(err.code, "invalid_uscc");
        assert!(err.message.contains("校验码"), "{}", err.message);
    }

    #[test]
    fn uscc_refuses_letters_outside_the_gb32100_alphabet() {
        let err = Uscc::parse("91350100M000100YO3").unwrap_err();
        assert!(err.message.contains("“O”"), "{}", err.message);
        assert!(Uscc::parse("short").unwrap_err().message.contains("18位"));
    }

    #[test]
    fn spaces_hyphens_and_lower_case_are_normalised_away() {
        let u = Uscc::parse(" 9135-0100 m000100y43 ").unwrap();
        assert_eq!(u.as_str(), "91350100M000100Y43");
        assert_eq!(u.registration_authority(), '9');
        assert_eq!(u.region_code().unwrap().as_str(), "350100");
    }

    #[test]
    fn a_letter_registration_authority_is_accepted_but_a_letter_region_is_not() {
        // GB 32100 allows letters in positions 1-2 (e.g. Y = other
        // authority); python-stdnum does not (docs/identifiers.md).
        let other = Uscc::complete("Y1350100M000100Y4").unwrap();
        assert_eq!(other.registration_authority(), 'Y');
        let err = Uscc::complete("913501A0M000100Y4").unwrap_err();
        assert!(err.message.contains("行政区划码"), "{}", err.message);
    }

    #[test]
    fn completing_17_characters_yields_a_valid_uscc() {
        let u = Uscc::complete("11350825MB0000001").unwrap();
        assert_eq!(u.as_str().len(), 18);
        assert!(Uscc::parse(u.as_str()).is_ok());
    }

    fn any_valid() -> impl Strategy<Value = Uscc> {
        (
            "[0-9A-HJ-NP-RTUWXY]{2}",
            "[0-9]{6}",
            "[0-9A-HJ-NP-RTUWXY]{9}",
        )
            .prop_map(|(a, b, c)| Uscc::complete(&format!("{a}{b}{c}")).unwrap())
    }

    proptest! {
        #[test]
        fn any_17_characters_with_their_computed_check_parse(u in any_valid()) {
            prop_assert_eq!(Uscc::parse(u.as_str()).unwrap(), u);
        }

        #[test]
        fn any_single_character_change_is_refused(
            u in any_valid(),
            pos in 0usize..18,
            to in proptest::sample::select(USCC_ALPHABET.chars().collect::<Vec<_>>()),
        ) {
            let mut chars: Vec<char> = u.as_str().chars().collect();
            prop_assume!(chars[pos] != to);
            chars[pos] = to;
            let changed: String = chars.into_iter().collect();
            prop_assert!(Uscc::parse(&changed).is_err(), "{} accepted", changed);
        }
    }
}
