//! How each kind of catalog entry maps to its table: the SQL, the filter
//! columns and the JSON body.

use serde::Serialize;
use serde::de::DeserializeOwned;
use tongban_domain::Bundle;
use tongban_domain::catalog::{DataElement, Department, MaterialDef, Region, ServiceItem};
use tongban_domain::licence::LicenceType;
use tongban_domain::proof::ProofType;

use crate::StoreError;

/// A catalog entry stored as one row: code, filter columns, JSON body.
pub(crate) trait Entry: Serialize + DeserializeOwned + Send + Sync {
    /// The table name (the catalog section name, or `catalog_<section>`).
    const TABLE: &'static str;
    /// `SELECT code, body` of every row.
    const SELECT_ALL: &'static str;
    /// `SELECT code, body` of the row with code `$1`.
    const SELECT_ONE: &'static str;
    /// Inserts or replaces a row; binds code, then [`Entry::filters`] in
    /// order, then the body.
    const UPSERT: &'static str;

    /// The entry's code.
    fn code(&self) -> &str;
    /// The filter column values, in the order [`Entry::UPSERT`] binds them.
    fn filters(&self) -> Result<Vec<Option<String>>, StoreError>;
}

/// Declares the queries of one table from its filter column names.
macro_rules! queries {
    ($table:literal, [$($col:literal),*], $params:literal, $sets:literal) => {
        const TABLE: &'static str = $table;
        const SELECT_ALL: &'static str = concat!("SELECT code, body FROM ", $table);
        const SELECT_ONE: &'static str =
            concat!("SELECT code, body FROM ", $table, " WHERE code = $1");
        const UPSERT: &'static str = concat!(
            "INSERT INTO ", $table, " (code, ", $($col, ", ",)* "body) VALUES (", $params, ") ",
            "ON CONFLICT (code) DO UPDATE SET ", $sets, "body = excluded.body"
        );
    };
}

impl Entry for Region {
    queries!(
        "regions",
        ["name", "parent"],
        "$1, $2, $3, $4",
        "name = excluded.name, parent = excluded.parent, "
    );
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn filters(&self) -> Result<Vec<Option<String>>, StoreError> {
        Ok(vec![
            Some(self.name.clone()),
            self.parent.as_ref().map(ToString::to_string),
        ])
    }
}

impl Entry for Department {
    queries!(
        "departments",
        ["name", "uscc", "region"],
        "$1, $2, $3, $4, $5",
        "name = excluded.name, uscc = excluded.uscc, region = excluded.region, "
    );
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn filters(&self) -> Result<Vec<Option<String>>, StoreError> {
        Ok(vec![
            Some(self.name.clone()),
            Some(self.uscc.to_string()),
            Some(self.region.to_string()),
        ])
    }
}

impl Entry for DataElement {
    queries!(
        "data_elements",
        ["name", "kind"],
        "$1, $2, $3, $4",
        "name = excluded.name, kind = excluded.kind, "
    );
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn filters(&self) -> Result<Vec<Option<String>>, StoreError> {
        Ok(vec![Some(self.name.clone()), Some(label(&self.kind)?)])
    }
}

impl Entry for MaterialDef {
    queries!(
        "materials",
        ["name", "source"],
        "$1, $2, $3, $4",
        "name = excluded.name, source = excluded.source, "
    );
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn filters(&self) -> Result<Vec<Option<String>>, StoreError> {
        Ok(vec![Some(self.name.clone()), Some(label(&self.source)?)])
    }
}

impl Entry for ServiceItem {
    queries!(
        "items",
        [
            "name",
            "kind",
            "department",
            "region",
            "level",
            "parent",
            "tongban_scope"
        ],
        "$1, $2, $3, $4, $5, $6, $7, $8, $9",
        "name = excluded.name, kind = excluded.kind, department = excluded.department, \
         region = excluded.region, level = excluded.level, parent = excluded.parent, \
         tongban_scope = excluded.tongban_scope, "
    );
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn filters(&self) -> Result<Vec<Option<String>>, StoreError> {
        Ok(vec![
            Some(self.name.clone()),
            Some(label(&self.kind)?),
            Some(self.department.to_string()),
            Some(self.region.to_string()),
            Some(label(&self.level)?),
            self.parent.as_ref().map(ToString::to_string),
            Some(label(&self.tongban_scope)?),
        ])
    }
}

impl Entry for Bundle {
    queries!(
        "bundles",
        ["name", "theme", "lead_department", "region"],
        "$1, $2, $3, $4, $5, $6",
        "name = excluded.name, theme = excluded.theme, \
         lead_department = excluded.lead_department, region = excluded.region, "
    );
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn filters(&self) -> Result<Vec<Option<String>>, StoreError> {
        Ok(vec![
            Some(self.name.clone()),
            Some(label(&self.theme)?),
            Some(self.lead_department.to_string()),
            Some(self.region.to_string()),
        ])
    }
}

impl Entry for LicenceType {
    queries!(
        "catalog_licence_types",
        ["name", "issuer", "holder_kind"],
        "$1, $2, $3, $4, $5",
        "name = excluded.name, issuer = excluded.issuer, holder_kind = excluded.holder_kind, "
    );
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn filters(&self) -> Result<Vec<Option<String>>, StoreError> {
        Ok(vec![
            Some(self.name.clone()),
            Some(self.issuer.to_string()),
            Some(label(&self.holder_kind)?),
        ])
    }
}

impl Entry for ProofType {
    queries!(
        "catalog_proofs",
        ["name", "issuer", "holder_kind"],
        "$1, $2, $3, $4, $5",
        "name = excluded.name, issuer = excluded.issuer, holder_kind = excluded.holder_kind, "
    );
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn filters(&self) -> Result<Vec<Option<String>>, StoreError> {
        Ok(vec![
            Some(self.name.clone()),
            Some(self.issuer.to_string()),
            Some(label(&self.holder_kind)?),
        ])
    }
}

/// The serde name of a unit enum variant (`licensing`, `county`, ...), the
/// same text the catalog files use, so filter columns match file values.
fn label<T: Serialize>(value: &T) -> Result<String, StoreError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Err(StoreError::Corrupt(format!(
            "无法写入筛选列：取值 {other} 不是文本"
        ))),
        Err(e) => Err(StoreError::Corrupt(format!("无法写入筛选列：{e}"))),
    }
}

/// The JSON body of an entry.
pub(crate) fn body<E: Entry>(entry: &E) -> Result<String, StoreError> {
    serde_json::to_string(entry).map_err(|e| {
        StoreError::Corrupt(format!(
            "{} 表中编码为“{}”的记录无法编码：{e}",
            E::TABLE,
            entry.code()
        ))
    })
}

/// Decodes a stored row; the body's code must match the row's code.
pub(crate) fn decode<E: Entry>(code: &str, body: &str) -> Result<E, StoreError> {
    let entry: E = serde_json::from_str(body).map_err(|e| {
        StoreError::Corrupt(format!(
            "{} 表中编码为“{code}”的记录无法解析：{e}",
            E::TABLE
        ))
    })?;
    if entry.code() != code {
        return Err(StoreError::Corrupt(format!(
            "{} 表中编码为“{code}”的记录内容却属于“{}”",
            E::TABLE,
            entry.code()
        )));
    }
    Ok(entry)
}
