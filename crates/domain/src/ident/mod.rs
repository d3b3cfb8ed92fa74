//! Checked identifiers: catalog codes, GB/T 2260 region codes, the
//! 统一社会信用代码 (GB 32100), the 居民身份证号码 (GB 11643), the Taiwan
//! compatriots' entry and residence permits, and passports. Each is built by
//! `parse`, so an invalid value cannot exist past the edge.
//!
//! Where these rules agree with python-stdnum and where (and why) they
//! deliberately differ is written down in `docs/identifiers.md`;
//! `tests/ident_reference.rs` checks both on generated inputs.

mod code;
mod permits;
mod region;
mod resident_id;
mod uscc;

use std::fmt;

pub use code::Code;
pub use permits::{Passport, ResidencePermit, TaiwanPermit};
pub use region::RegionCode;
pub use resident_id::{Gender, ResidentId};
pub use uscc::Uscc;

/// Why an identifier was refused. The message is Chinese, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct IdentError {
    /// Stable machine-readable code, e.g. `invalid_uscc`.
    pub code: &'static str,
    /// Chinese message naming the input and what is wrong.
    pub message: String,
}

/// Builds an [`IdentError`].
fn refuse(code: &'static str, message: String) -> IdentError {
    IdentError { code, message }
}

/// Normalises typed input the way python-stdnum's `clean` does before any
/// check: full-width and mathematical digits become ASCII digits, Unicode
/// dashes become `-` and Unicode spaces become ` `; then the characters in
/// `delete` are dropped, the rest upper-cased and surrounding whitespace
/// trimmed. Unlike python-stdnum, full-width Latin letters also become
/// ASCII, so `１１０１…ｘ` typed with a Chinese input method parses (found
/// with the `ident` fuzz target's seeds: the full-width `ｘ` was refused as
/// a wrong check character).
fn stdnum_compact(s: &str, delete: &[char]) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c as u32 {
            0xFF10..=0xFF19 => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            0xFF21..=0xFF3A => char::from(b'A' + (c as u32 - 0xFF21) as u8),
            0xFF41..=0xFF5A => char::from(b'a' + (c as u32 - 0xFF41) as u8),
            0x1D7CE..=0x1D7FF => char::from(b'0' + ((c as u32 - 0x1D7CE) % 10) as u8),
            0x058A
            | 0x05BE
            | 0x2010..=0x2015
            | 0xFE63
            | 0xFF0D
            | 0x180A
            | 0x203E
            | 0x2043
            | 0x00AF
            | 0x02D7
            | 0xFFE3
            | 0x1680
            | 0x207B
            | 0x208B
            | 0x2212
            | 0x23AF
            | 0x23BA
            | 0x23BB
            | 0x23BC
            | 0x23BD
            | 0x23E4 => '-',
            0x00A0 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => ' ',
            _ => c,
        })
        .filter(|c| !delete.contains(c))
        .collect();
    mapped.to_uppercase().trim().to_string()
}

/// The conversions every string-backed identifier shares: `TryFrom<String>`
/// and `FromStr` through `parse`, `From<T> for String`, and `Display` (the
/// full value, as stored).
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
string_newtype_impls!(
    Code,
    RegionCode,
    Uscc,
    ResidentId,
    ResidencePermit,
    TaiwanPermit,
    Passport
);

/// `Debug` for identifiers of a person: masked with
/// [`crate::mask::id_number`], so `{:?}` never leaks the number into a log.
macro_rules! masked_debug {
    ($($t:ty),*) => {$(
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($t))
                    .field(&crate::mask::id_number(&self.0))
                    .finish()
            }
        }
    )*};
}
masked_debug!(ResidentId, ResidencePermit, TaiwanPermit, Passport);
