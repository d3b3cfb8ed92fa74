//! The canonical bytes of a licence: what a seal signs and a verifier
//! rebuilds. Specified in docs/licence-signature.md; change nothing here
//! without a new [`CANONICAL_FORMAT`].
//!
//! The form is one JSON object serialised the RFC 8785 (JCS) way: UTF-8,
//! no whitespace, object members sorted by key, strings escaped minimally
//! (`"` `\` and U+0000–U+001F only, the short escapes `\b \t \n \f \r` where
//! they exist and `\u00xx` in lower-case hex otherwise), integers in plain
//! decimal, `null` for an absent date. Every key is ASCII (fixed names and
//! data-element codes), so byte order and JCS's UTF-16 order agree. Text is
//! taken exactly as stored: no Unicode normalisation, no trimming.

use std::collections::BTreeMap;

use super::Licence;
use crate::subject::SubjectKey;

/// The value of the `format` member: names this layout.
pub const CANONICAL_FORMAT: &str = "tongban.licence.v1";

/// A JSON value restricted to what the canonical form uses.
enum Json {
    Null,
    Int(u64),
    Str(String),
    Array(Vec<Json>),
    Object(BTreeMap<&'static str, Json>),
    /// An object whose keys come from data (data-element codes).
    Map(BTreeMap<String, Json>),
}

/// The canonical bytes of `licence`. Signed: the number, type, holder
/// (name and identifier, not the store's subject id), issuer, fields,
/// dates, replaced licences and version. Not signed: the status and the
/// history, which change after signing and are checked against the
/// registry at verification time.
pub fn canonical_bytes(licence: &Licence) -> Vec<u8> {
    let s = |v: &str| Json::Str(v.to_string());
    let date = |d: Option<chrono::NaiveDate>| {
        d.map_or(Json::Null, |d| Json::Str(d.format("%Y-%m-%d").to_string()))
    };
    let (kind, value) = identifier(&licence.holder.identifier);
    let mut replaces: Vec<&str> = licence.replaces.iter().map(|n| n.as_str()).collect();
    replaces.sort_unstable();
    let root = Json::Object(BTreeMap::from([
        ("format", s(CANONICAL_FORMAT)),
        ("number", s(licence.number.as_str())),
        (
            "type",
            Json::Object(BTreeMap::from([
                ("code", s(licence.type_code.as_str())),
                ("name", s(&licence.type_name)),
            ])),
        ),
        (
            "holder",
            Json::Object(BTreeMap::from([
                ("name", s(&licence.holder.name)),
                (
                    "identifier",
                    Json::Object(BTreeMap::from([("kind", s(kind)), ("value", s(value))])),
                ),
            ])),
        ),
        (
            "issuer",
            Json::Object(BTreeMap::from([
                ("department", s(licence.issuer.department.as_str())),
                ("name", s(&licence.issuer.name)),
            ])),
        ),
        (
            "fields",
            Json::Map(
                licence
                    .fields
                    .iter()
                    .map(|(k, v)| (k.as_str().to_string(), s(v)))
                    .collect(),
            ),
        ),
        ("issued_on", date(Some(licence.issued_on))),
        ("valid_until", date(licence.valid_until)),
        (
            "replaces",
            Json::Array(replaces.into_iter().map(s).collect()),
        ),
        ("version", Json::Int(u64::from(licence.version))),
    ]));
    let mut out = Vec::with_capacity(512);
    write(&root, &mut out);
    out
}

/// The identifier's kind code and its full value.
fn identifier(key: &SubjectKey) -> (&'static str, &str) {
    let value = match key {
        SubjectKey::ResidentId(v) => v.as_str(),
        SubjectKey::TaiwanPermit(v) => v.as_str(),
        SubjectKey::ResidencePermit(v) => v.as_str(),
        SubjectKey::Passport(v) => v.as_str(),
        SubjectKey::Uscc(v) => v.as_str(),
    };
    (key.kind(), value)
}

fn write(value: &Json, out: &mut Vec<u8>) {
    match value {
        Json::Null => out.extend_from_slice(b"null"),
        Json::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Json::Str(text) => write_str(text, out),
        Json::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(item, out);
            }
            out.push(b']');
        }
        Json::Object(members) => write_members(members.iter().map(|(k, v)| (*k, v)), out),
        Json::Map(members) => write_members(members.iter().map(|(k, v)| (k.as_str(), v)), out),
    }
}

/// Members in the order given: both callers iterate a `BTreeMap`, whose
/// byte order is JCS order for ASCII keys.
fn write_members<'a>(members: impl Iterator<Item = (&'a str, &'a Json)>, out: &mut Vec<u8>) {
    out.push(b'{');
    for (i, (key, value)) in members.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(key, out);
        out.push(b':');
        write(value, out);
    }
    out.push(b'}');
}

fn write_str(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in text.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            '\r' => out.extend_from_slice(b"\\r"),
            c if u32::from(c) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", u32::from(c)).as_bytes());
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}
