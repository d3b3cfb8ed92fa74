//! Catalog codes: the short ASCII keys of items, bundles, departments,
//! materials, data elements and situations.

use serde::{Deserialize, Serialize};

use super::{IdentError, refuse};

/// A catalog code: 1–64 characters of ASCII letters, digits, `-`, `_`, `.`.
/// Used for items, bundles, departments, materials, elements, situations.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Code(pub(super) String);

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

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_refuse_spaces_and_chinese() {
        assert!(Code::parse("yc-gtgsh").is_ok());
        assert!(Code::parse("营业执照").is_err());
        assert!(Code::parse("a b").is_err());
        assert!(Code::parse("").is_err());
    }
}
