//! Where each catalog entry of a parsed file set was defined, so that a
//! validation [`Problem`] found on the merged catalog is reported at the
//! file, line or sheet row, and field it came from.

use std::collections::BTreeMap;

use tongban_domain::validate::{EntityKind, Problem};

use crate::error::{ImportError, Location};

/// The file name used for entries that came from no file read.
pub const STORED: &str = "已入库目录";

/// Where each catalog entry of a parsed file set was defined.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    entries: BTreeMap<(EntityKind, String), EntrySource>,
}

/// Where one entry (an item, a bundle, …) was defined.
#[derive(Debug, Clone)]
pub(crate) struct EntrySource {
    pub file: String,
    /// Where the entry starts (its first line, or its main row).
    pub location: Location,
    /// YAML only: the entry's own path, e.g. `items[2]`; field labels that
    /// were not found exactly are shown under it.
    pub path: Option<String>,
    /// Field paths relative to the entry (`materials[2].material`).
    pub fields: BTreeMap<String, FieldSource>,
}

/// Where one field of an entry is.
#[derive(Debug, Clone)]
pub(crate) struct FieldSource {
    pub location: Location,
    /// What the user sees: a full YAML path or a column header.
    pub label: String,
}

impl SourceMap {
    /// Records where an entry was defined; a later definition of the same
    /// code replaces the earlier one, as [`Catalog::merge`] does.
    ///
    /// [`Catalog::merge`]: tongban_domain::catalog::Catalog::merge
    pub(crate) fn insert(&mut self, kind: EntityKind, code: &str, source: EntrySource) {
        self.entries.insert((kind, code.to_string()), source);
    }

    /// Merges `later` into `self`; entries of `later` win.
    pub fn merge(&mut self, later: SourceMap) {
        self.entries.extend(later.entries);
    }

    /// Number of entries whose origin is known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no entry came from a file.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The file and place where an entry starts, if it came from a file.
    pub fn entry(&self, kind: EntityKind, code: &str) -> Option<(&str, &Location)> {
        self.entries
            .get(&(kind, code.to_string()))
            .map(|e| (e.file.as_str(), &e.location))
    }

    /// Locates a validation problem in the files read: the exact field when
    /// it is known, else the nearest enclosing field, else the entry's first
    /// line or row; [`Location::Stored`] when the entry came from no file.
    pub fn locate(&self, problem: &Problem) -> ImportError {
        let stored = || ImportError {
            file: STORED.to_string(),
            location: Location::Stored,
            field: format!(
                "{}[code={}].{}",
                problem.kind.section(),
                problem.entity,
                problem.field
            ),
            code: problem.code.to_string(),
            reason: problem.reason.clone(),
        };
        let Some(entry) = self.entries.get(&(problem.kind, problem.entity.clone())) else {
            return stored();
        };
        let field = entry.resolve_include_exclude(&problem.field);
        let (location, label) = entry.find(&field);
        ImportError {
            file: entry.file.clone(),
            location,
            field: label,
            code: problem.code.to_string(),
            reason: problem.reason.clone(),
        }
    }
}

impl EntrySource {
    /// The place and label of `field`, or of its nearest known ancestor.
    fn find(&self, field: &str) -> (Location, String) {
        let mut path = field;
        loop {
            if let Some(found) = self.fields.get(path) {
                let label = if path == field {
                    found.label.clone()
                } else {
                    self.label_for(field, Some(found))
                };
                return (found.location.clone(), label);
            }
            match parent_path(path) {
                Some(parent) => path = parent,
                None => return (self.location.clone(), self.label_for(field, None)),
            }
        }
    }

    fn label_for(&self, field: &str, ancestor: Option<&FieldSource>) -> String {
        match (&self.path, ancestor) {
            (Some(entry_path), _) if field.is_empty() => entry_path.clone(),
            (Some(entry_path), _) => format!("{entry_path}.{field}"),
            (None, Some(ancestor)) => format!("{}（{field}）", ancestor.label),
            (None, None) => field.to_string(),
        }
    }

    /// Validation names a rule's include and exclude lists together as
    /// `guidance.rules[i].include/exclude[j]`, counting through `include`
    /// first; turn that into the one list entry it means.
    fn resolve_include_exclude(&self, field: &str) -> String {
        const JOINED: &str = ".include/exclude[";
        let Some(at) = field.find(JOINED) else {
            return field.to_string();
        };
        let rule = &field[..at];
        let rest = &field[at + JOINED.len()..];
        let Some(index) = rest.strip_suffix(']').and_then(|n| n.parse::<usize>().ok()) else {
            return field.to_string();
        };
        let includes = (0..)
            .take_while(|k| self.fields.contains_key(&format!("{rule}.include[{k}]")))
            .count();
        if index < includes {
            format!("{rule}.include[{index}]")
        } else {
            format!("{rule}.exclude[{}]", index - includes)
        }
    }
}

/// The path one level up: `a.b[2].c` → `a.b[2]` → `a.b` → `a` → none.
pub(crate) fn parent_path(path: &str) -> Option<&str> {
    path.rfind(['.', '[']).map(|at| &path[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_path_walks_up_one_segment_at_a_time() {
        assert_eq!(parent_path("materials[2].material"), Some("materials[2]"));
        assert_eq!(parent_path("materials[2]"), Some("materials"));
        assert_eq!(parent_path("materials"), None);
    }

    fn problem(kind: EntityKind, entity: &str, field: &str) -> Problem {
        Problem {
            kind,
            entity: entity.into(),
            field: field.into(),
            code: "x",
            reason: "原因".into(),
        }
    }

    fn yaml_entry(fields: &[(&str, usize)]) -> EntrySource {
        EntrySource {
            file: "a.yaml".into(),
            location: Location::Line(10),
            path: Some("bundles[0]".into()),
            fields: fields
                .iter()
                .map(|(p, l)| {
                    let source = FieldSource {
                        location: Location::Line(*l),
                        label: format!("bundles[0].{p}"),
                    };
                    (p.to_string(), source)
                })
                .collect(),
        }
    }

    #[test]
    fn locate_prefers_the_exact_field_then_an_ancestor_then_the_entry() {
        let mut map = SourceMap::default();
        let fields = [("members", 12), ("members[1]", 14), ("members[1].item", 15)];
        map.insert(EntityKind::Bundle, "b", yaml_entry(&fields));
        let exact = map.locate(&problem(EntityKind::Bundle, "b", "members[1].item"));
        assert_eq!(exact.location, Location::Line(15));
        assert_eq!(exact.field, "bundles[0].members[1].item");
        let up = map.locate(&problem(EntityKind::Bundle, "b", "members[1].after[0]"));
        assert_eq!(up.location, Location::Line(14));
        assert_eq!(up.field, "bundles[0].members[1].after[0]");
        let entry = map.locate(&problem(EntityKind::Bundle, "b", "steps"));
        assert_eq!(entry.location, Location::Line(10));
        let stored = map.locate(&problem(EntityKind::Item, "b", "department"));
        assert_eq!(stored.location, Location::Stored);
        assert_eq!(stored.field, "items[code=b].department");
    }

    #[test]
    fn joined_include_exclude_index_counts_includes_first() {
        let mut map = SourceMap::default();
        let fields = [
            ("guidance.rules[0]", 20),
            ("guidance.rules[0].include[0]", 21),
            ("guidance.rules[0].include[1]", 22),
            ("guidance.rules[0].exclude[0]", 24),
        ];
        map.insert(EntityKind::Bundle, "b", yaml_entry(&fields));
        let field = "guidance.rules[0].include/exclude[2]";
        let err = map.locate(&problem(EntityKind::Bundle, "b", field));
        assert_eq!(err.location, Location::Line(24));
        assert_eq!(err.field, "bundles[0].guidance.rules[0].exclude[0]");
    }
}
