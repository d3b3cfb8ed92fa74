//! The 证照类型 and 证明事项 sheets: code, name and issuer as columns, the
//! rest of the entry as one JSON cell with the same structure as the YAML
//! `licence_types` / `proofs` sections.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tongban_domain::licence::LicenceType;
use tongban_domain::proof::ProofType;
use tongban_domain::validate::EntityKind;

use super::layout::{LICENCE_TYPES, PROOFS};
use super::sheet::Row;
use super::{Build, Parents};

/// The columns taken out of the JSON definition.
const COLUMNS: [&str; 3] = ["code", "name", "issuer"];

/// Reads both sheets into the catalog.
pub(crate) fn read(build: &mut Build) {
    let types = Parents::read(build, &LICENCE_TYPES, entry::<LicenceType>);
    types.finish(
        &mut build.sources,
        EntityKind::LicenceType,
        |t| t.code.to_string(),
        &mut build.catalog.licence_types,
    );
    let proofs = Parents::read(build, &PROOFS, entry::<ProofType>);
    proofs.finish(
        &mut build.sources,
        EntityKind::Proof,
        |p| p.code.to_string(),
        &mut build.catalog.proofs,
    );
}

/// One row: the JSON definition with the column values put back in.
fn entry<T: DeserializeOwned>(row: &mut Row) -> Option<T> {
    let columns: Vec<Option<String>> = COLUMNS.iter().map(|c| row.required_text(c)).collect();
    let definition = row.required_text("definition")?;
    let mut object = match serde_json::from_str::<Value>(&definition) {
        Ok(Value::Object(object)) => object,
        Ok(_) => {
            row.fail(
                "definition",
                "invalid_json",
                "定义应为JSON对象（以“{”开头）",
            );
            return None;
        }
        Err(e) => {
            row.fail("definition", "invalid_json", format!("JSON 格式有误：{e}"));
            return None;
        }
    };
    for (key, value) in COLUMNS.iter().zip(columns) {
        object.insert((*key).to_string(), Value::String(value?.trim().to_string()));
    }
    match serde_json::from_value(Value::Object(object)) {
        Ok(entry) => Some(entry),
        Err(e) => {
            row.fail("definition", "invalid_value", format!("定义内容有误：{e}"));
            None
        }
    }
}

/// The cells of one entry: the three columns and the JSON of the rest.
/// Serialising catalog types cannot fail; if it did, the definition cell
/// would stay blank and reading the export back would say so.
pub(crate) fn cells<T: Serialize>(entry: &T) -> Vec<(&'static str, String)> {
    let mut object = match serde_json::to_value(entry) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    };
    let mut out: Vec<(&'static str, String)> = COLUMNS
        .iter()
        .map(|c| match object.remove(*c) {
            Some(Value::String(s)) => (*c, s),
            _ => (*c, String::new()),
        })
        .collect();
    let definition = serde_json::to_string(&Value::Object(object)).unwrap_or_default();
    out.push(("definition", definition));
    out
}
