//! 手机号码: an 11-digit mainland mobile number, parsed once at the edge.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ident::IdentError;
use crate::mask;

/// A mainland mobile number: 11 digits starting `13`–`19`. Spaces and
/// hyphens are dropped, full-width digits become ASCII and a leading `+86`
/// or `86` country code is removed. `Debug` prints it masked.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Parses a mobile number; the error message never repeats the input.
    pub fn parse(s: &str) -> Result<Phone, IdentError> {
        let digits: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .map(|c| match c as u32 {
                0xFF10..=0xFF19 => char::from(b'0' + (c as u32 - 0xFF10) as u8),
                _ => c,
            })
            .collect();
        let national = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("86").filter(|rest| rest.len() == 11))
            .unwrap_or(&digits);
        let b = national.as_bytes();
        let ok = b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]);
        if ok {
            Ok(Phone(national.to_string()))
        } else {
            Err(IdentError {
                code: "invalid_phone",
                message: "手机号码无效：应为以13至19开头的11位数字".to_string(),
            })
        }
    }

    /// The number as text (11 digits).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Phone {
    type Error = IdentError;
    fn try_from(s: String) -> Result<Phone, IdentError> {
        Phone::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Phone").field(&mask::phone(&self.0)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_parse_with_country_code_spaces_and_full_width_digits() {
        for typed in [
            "13812345678",
            "+86 138 1234 5678",
            "86-138-1234-5678",
            "１３８１２３４５６７８",
        ] {
            assert_eq!(
                Phone::parse(typed).unwrap().as_str(),
                "13812345678",
                "{typed}"
            );
        }
    }

    #[test]
    fn landlines_short_numbers_and_letters_are_refused_without_echoing_them() {
        for bad in [
            "059712345678",
            "1381234567",
            "12812345678",
            "1381234567a",
            "",
        ] {
            let err = Phone::parse(bad).unwrap_err();
            assert_eq!(err.code, "invalid_phone", "{bad}");
            assert!(bad.is_empty() || !err.message.contains(bad));
        }
    }

    #[test]
    fn debug_masks_the_number() {
        let p = Phone::parse("13812345678").unwrap();
        assert_eq!(format!("{p:?}"), "Phone(\"138****5678\")");
    }
}
