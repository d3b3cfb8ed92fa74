//! Finding a subject by any of its identifiers (一人两证一档).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Subject, SubjectError, SubjectId};
use crate::ident::{Passport, ResidencePermit, ResidentId, TaiwanPermit, Uscc};
use crate::mask;

/// An identifier that finds one subject.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKey {
    ResidentId(ResidentId),
    /// Matched by the permit's lifelong number (台胞终身号), so an old-form
    /// permit `1234567802` finds the holder of `12345678`.
    TaiwanPermit(TaiwanPermit),
    ResidencePermit(ResidencePermit),
    Passport(Passport),
    Uscc(Uscc),
}

impl SubjectKey {
    /// The kind of identifier, as a stable code (also a store column value).
    pub fn kind(&self) -> &'static str {
        match self {
            SubjectKey::ResidentId(_) => "resident_id",
            SubjectKey::TaiwanPermit(_) => "taiwan_permit",
            SubjectKey::ResidencePermit(_) => "residence_permit",
            SubjectKey::Passport(_) => "passport",
            SubjectKey::Uscc(_) => "uscc",
        }
    }

    /// The value two keys of the same kind are compared on: the full number,
    /// except the lifelong number for a Taiwan entry permit.
    pub fn lookup_value(&self) -> &str {
        match self {
            SubjectKey::ResidentId(v) => v.as_str(),
            SubjectKey::TaiwanPermit(v) => v.lifelong_number(),
            SubjectKey::ResidencePermit(v) => v.as_str(),
            SubjectKey::Passport(v) => v.as_str(),
            SubjectKey::Uscc(v) => v.as_str(),
        }
    }

    /// True when both keys name the same holder.
    pub fn same_holder(&self, other: &SubjectKey) -> bool {
        self.kind() == other.kind() && self.lookup_value() == other.lookup_value()
    }

    /// The identifier masked for pages and logs (a credit code is public
    /// and shown whole).
    pub fn masked(&self) -> String {
        match self {
            SubjectKey::Uscc(v) => v.to_string(),
            other => mask::id_number(other.lookup_value()),
        }
    }

    fn index_key(&self) -> (&'static str, String) {
        (self.kind(), self.lookup_value().to_string())
    }
}

impl fmt::Debug for SubjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SubjectKey::{}({})", self.kind(), self.masked())
    }
}

/// The first subject one of whose keys names the same holder as `key`.
pub fn find_subject<'a>(subjects: &'a [Subject], key: &SubjectKey) -> Option<&'a Subject> {
    subjects
        .iter()
        .find(|s| s.keys().iter().any(|k| k.same_holder(key)))
}

/// An index from every identifier of a set of subjects to its subject,
/// refusing two subjects that share an identifier (one person, one
/// profile).
#[derive(Debug, Clone, Default)]
pub struct SubjectIndex<'a> {
    by_key: BTreeMap<(&'static str, String), &'a Subject>,
}

impl<'a> SubjectIndex<'a> {
    /// Indexes `subjects`; fails on the first identifier claimed by two
    /// different subjects.
    pub fn build(subjects: &'a [Subject]) -> Result<SubjectIndex<'a>, SubjectError> {
        let mut index = SubjectIndex::default();
        for s in subjects {
            for key in s.keys() {
                index.check_link(&s.id, &key)?;
                index.by_key.insert(key.index_key(), s);
            }
        }
        Ok(index)
    }

    /// The subject `key` names, if any.
    pub fn resolve(&self, key: &SubjectKey) -> Option<&'a Subject> {
        self.by_key.get(&key.index_key()).copied()
    }

    /// Checks that `key` may be linked to subject `id`: it is free or
    /// already that subject's.
    pub fn check_link(&self, id: &SubjectId, key: &SubjectKey) -> Result<(), SubjectError> {
        match self.resolve(key) {
            Some(owner) if owner.id != *id => Err(SubjectError::DuplicateKey { key: key.masked() }),
            _ => Ok(()),
        }
    }
}
