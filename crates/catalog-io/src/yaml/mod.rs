//! The YAML format: the serde form of [`Catalog`], read with serde_yaml_ng
//! (values) and yaml-rust2 (line numbers), written deterministically.

mod marks;
mod messages;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_yaml_ng::Value;
use serde_yaml_ng::with::singleton_map_recursive;
use tongban_domain::bundle::Bundle;
use tongban_domain::catalog::{Catalog, DataElement, Department, MaterialDef, Region, ServiceItem};
use tongban_domain::licence::LicenceType;
use tongban_domain::proof::ProofType;
use tongban_domain::validate::EntityKind;

use crate::Parsed;
use crate::error::{ImportError, Location};
use crate::source_map::{EntrySource, FieldSource, SourceMap};

/// The top-level sections, in the order they are written.
const SECTIONS: [&str; 8] = [
    "regions",
    "departments",
    "data_elements",
    "materials",
    "items",
    "bundles",
    "licence_types",
    "proofs",
];

/// Reads one YAML document; `file` names it in errors.
pub(crate) fn read(file: &str, text: &str) -> Result<Parsed, Vec<ImportError>> {
    let value: Value = serde_yaml_ng::from_str(text).map_err(|e| {
        let line = e.location().map_or(1, |l| l.line());
        let reason = format!("YAML语法错误：{e}");
        vec![ImportError::at_line(file, line, "", "yaml_syntax", reason)]
    })?;
    let tree = marks::parse(text).map_err(|(line, info)| {
        let reason = format!("YAML语法错误：{info}");
        vec![ImportError::at_line(file, line, "", "yaml_syntax", reason)]
    })?;
    let lines = tree.map(|t| t.lines()).unwrap_or_default();
    let mut reader = Reader {
        file,
        lines,
        errors: Vec::new(),
        catalog: Catalog::default(),
        sources: SourceMap::default(),
    };
    match value {
        Value::Null => {}
        Value::Mapping(root) => {
            for (key, section) in root {
                reader.section(key, section);
            }
        }
        _ => reader.error(
            "",
            "not_a_mapping",
            "文件顶层应为映射，包含 regions、departments、data_elements、materials、items、bundles、licence_types、proofs 等段",
        ),
    }
    if reader.errors.is_empty() {
        Ok(Parsed {
            catalog: reader.catalog,
            sources: reader.sources,
        })
    } else {
        Err(reader.errors)
    }
}

/// Writes a catalog as YAML: a short header, then the normalized catalog
/// with time limits and other tagged values in `{ key: value }` form.
pub(crate) fn write(catalog: &Catalog) -> String {
    let normalized = catalog.clone().normalized();
    let mut out = String::from(
        "# tongban 事项目录（catalog），格式见 docs/catalog-format.md。\n\
         # 由 tongban 导出：各段按编码排序。\n",
    );
    let mut body = Vec::new();
    let mut serializer = serde_yaml_ng::Serializer::new(&mut body);
    let written = singleton_map_recursive::serialize(&normalized, &mut serializer);
    drop(serializer);
    match written.map(|()| String::from_utf8(body)) {
        Ok(Ok(text)) => out.push_str(&text),
        // Not reachable for the catalog's types; JSON is valid YAML and
        // reads back the same, so it is a safe fallback.
        _ => match serde_json::to_string_pretty(&normalized) {
            Ok(json) => out.push_str(&json),
            Err(e) => out.push_str(&format!("# 导出失败：{e}\n")),
        },
    }
    out
}

struct Reader<'a> {
    file: &'a str,
    /// Line of every path in the document.
    lines: BTreeMap<String, usize>,
    errors: Vec<ImportError>,
    catalog: Catalog,
    sources: SourceMap,
}

impl Reader<'_> {
    /// The line of `path`, or of its nearest ancestor that has one.
    fn line(&self, path: &str) -> usize {
        let mut p = path;
        loop {
            if let Some(line) = self.lines.get(p) {
                return *line;
            }
            match crate::source_map::parent_path(p) {
                Some(parent) => p = parent,
                None => return 1,
            }
        }
    }

    fn error(&mut self, path: &str, code: &str, reason: impl Into<String>) {
        let line = self.line(path);
        let err = ImportError::at_line(self.file, line, path, code, reason);
        self.errors.push(err);
    }

    fn section(&mut self, key: Value, value: Value) {
        let Value::String(name) = key else {
            self.error("", "unknown_section", "顶层的键应为段名（文本）");
            return;
        };
        match name.as_str() {
            "regions" => {
                let list = self.entries(&name, value, EntityKind::Region, |e: &Region| {
                    e.code.to_string()
                });
                self.catalog.regions.extend(list);
            }
            "departments" => {
                let list = self.entries(&name, value, EntityKind::Department, |e: &Department| {
                    e.code.to_string()
                });
                self.catalog.departments.extend(list);
            }
            "data_elements" => {
                let list =
                    self.entries(&name, value, EntityKind::DataElement, |e: &DataElement| {
                        e.code.to_string()
                    });
                self.catalog.data_elements.extend(list);
            }
            "materials" => {
                let list = self.entries(&name, value, EntityKind::Material, |e: &MaterialDef| {
                    e.code.to_string()
                });
                self.catalog.materials.extend(list);
            }
            "items" => {
                let list = self.entries(&name, value, EntityKind::Item, |e: &ServiceItem| {
                    e.code.to_string()
                });
                self.catalog.items.extend(list);
            }
            "bundles" => {
                let list = self.entries(&name, value, EntityKind::Bundle, |e: &Bundle| {
                    e.code.to_string()
                });
                self.catalog.bundles.extend(list);
            }
            "licence_types" => {
                let list =
                    self.entries(&name, value, EntityKind::LicenceType, |e: &LicenceType| {
                        e.code.to_string()
                    });
                self.catalog.licence_types.extend(list);
            }
            "proofs" => {
                let list = self.entries(&name, value, EntityKind::Proof, |e: &ProofType| {
                    e.code.to_string()
                });
                self.catalog.proofs.extend(list);
            }
            other => {
                let reason = format!("未知的段“{other}”，允许的段：{}", SECTIONS.join("、"));
                self.error(other, "unknown_section", reason);
            }
        }
    }

    /// Deserializes each entry of a section on its own, so every broken
    /// entry is reported, and records where each good one is.
    fn entries<T: DeserializeOwned>(
        &mut self,
        section: &str,
        value: Value,
        kind: EntityKind,
        code_of: fn(&T) -> String,
    ) -> Vec<T> {
        let list = match value {
            Value::Null => return Vec::new(),
            Value::Sequence(list) => list,
            _ => {
                let reason = format!("“{section}”应为列表（每个条目以“- ”开头）");
                self.error(section, "not_a_list", reason);
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(list.len());
        for (i, entry) in list.into_iter().enumerate() {
            let path = format!("{section}[{i}]");
            let mut track = serde_path_to_error::Track::new();
            let de = serde_path_to_error::Deserializer::new(entry, &mut track);
            let result: Result<T, _> = singleton_map_recursive::deserialize(de);
            match result {
                Ok(entry) => {
                    self.record(kind, &code_of(&entry), &path);
                    out.push(entry);
                }
                Err(e) => {
                    let full = join(&path, &track.path().to_string());
                    let message = e.to_string();
                    let (code, reason) = messages::translate(&message);
                    let line = self.line(&full);
                    let field = match message.strip_prefix("missing field `") {
                        Some(rest) => join(&full, rest.trim_end_matches('`')),
                        None => full,
                    };
                    let err = ImportError::at_line(self.file, line, field, code, reason);
                    self.errors.push(err);
                }
            }
        }
        out
    }

    /// Remembers the lines of an entry and of every field inside it.
    fn record(&mut self, kind: EntityKind, code: &str, path: &str) {
        let fields = self
            .lines
            .range(path.to_string()..)
            .take_while(|(p, _)| p.starts_with(path))
            .filter_map(|(p, line)| {
                let rel = &p[path.len()..];
                let rel = rel.strip_prefix('.').unwrap_or(rel);
                let source = FieldSource {
                    location: Location::Line(*line),
                    label: p.clone(),
                };
                (!rel.is_empty()).then(|| (rel.to_string(), source))
            })
            .collect();
        let source = EntrySource {
            file: self.file.to_string(),
            location: Location::Line(self.line(path)),
            path: Some(path.to_string()),
            fields,
        };
        self.sources.insert(kind, code, source);
    }
}

/// Joins an entry path and a path inside it (`.` is serde_path_to_error's
/// root).
fn join(base: &str, rel: &str) -> String {
    match rel {
        "" | "." => base.to_string(),
        r if r.starts_with('[') => format!("{base}{r}"),
        r => format!("{base}.{r}"),
    }
}
