//! The service catalog (事项目录): regions, departments, data elements,
//! materials and service items with their national element set.
//!
//! These types are the catalog's single representation: the store persists
//! them, the YAML format (docs/catalog-format.md) is their serde form, and the
//! web edge renders them. Cross-references between them are checked by
//! [`crate::validate`].
//!
//! Split by concern: [`item`] (the item and its element set), [`material`]
//! (the material catalog and how an item asks for a material) and
//! [`element`] (data elements and form fields). Everything is re-exported
//! here, so `catalog::ServiceItem` and friends keep one path. Licence types
//! ([`crate::licence::LicenceType`]) and proof types
//! ([`crate::proof::ProofType`]) are catalog sections too; their types live
//! in their own modules.

pub mod element;
pub mod item;
pub mod material;
mod review;

use serde::{Deserialize, Serialize};

pub use element::*;
pub use item::*;
pub use material::*;
pub use review::{AssistTerms, AutoDecision, ReviewPoint, SilenceDefault};

use crate::bundle::Bundle;
use crate::ident::{Code, RegionCode, Uscc};
use crate::licence::LicenceType;
use crate::proof::ProofType;

/// A whole catalog, or a part of one (an import file may hold any subset).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<Department>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_elements: Vec<DataElement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<MaterialDef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ServiceItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bundles: Vec<Bundle>,
    /// 证照目录: the licence types items issue, update and cancel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licence_types: Vec<LicenceType>,
    /// 证明事项目录: the proof types (电子证明).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proofs: Vec<ProofType>,
}

impl Catalog {
    /// Merges `other` into `self`: an entry with the same code replaces the
    /// existing one, new entries are appended. Order is kept stable.
    pub fn merge(&mut self, other: Catalog) {
        upsert(&mut self.regions, other.regions, |r| r.code.to_string());
        upsert(&mut self.departments, other.departments, |d| {
            d.code.to_string()
        });
        upsert(&mut self.data_elements, other.data_elements, |e| {
            e.code.to_string()
        });
        upsert(&mut self.materials, other.materials, |m| m.code.to_string());
        upsert(&mut self.items, other.items, |i| i.code.to_string());
        upsert(&mut self.bundles, other.bundles, |b| b.code.to_string());
        upsert(&mut self.licence_types, other.licence_types, |t| {
            t.code.to_string()
        });
        upsert(&mut self.proofs, other.proofs, |p| p.code.to_string());
    }

    /// Sorts every list by code, so two equal catalogs compare equal
    /// whatever order their files listed things in.
    pub fn normalized(mut self) -> Catalog {
        self.regions.sort_by(|a, b| a.code.cmp(&b.code));
        self.departments.sort_by(|a, b| a.code.cmp(&b.code));
        self.data_elements.sort_by(|a, b| a.code.cmp(&b.code));
        self.materials.sort_by(|a, b| a.code.cmp(&b.code));
        self.items.sort_by(|a, b| a.code.cmp(&b.code));
        self.bundles.sort_by(|a, b| a.code.cmp(&b.code));
        self.licence_types.sort_by(|a, b| a.code.cmp(&b.code));
        self.proofs.sort_by(|a, b| a.code.cmp(&b.code));
        self
    }

    /// Finds an item by code.
    pub fn item(&self, code: &str) -> Option<&ServiceItem> {
        self.items.iter().find(|i| i.code.as_str() == code)
    }

    /// Finds a bundle by code.
    pub fn bundle(&self, code: &str) -> Option<&Bundle> {
        self.bundles.iter().find(|b| b.code.as_str() == code)
    }

    /// Finds a licence type by code.
    pub fn licence_type(&self, code: &str) -> Option<&LicenceType> {
        self.licence_types.iter().find(|t| t.code.as_str() == code)
    }

    /// The document type of stored licences with `type_code`: a licence
    /// type, or the document an e-proof of a proof type is issued as
    /// ([`ProofType::licence_type`]).
    pub fn document_type(&self, type_code: &str) -> Option<LicenceType> {
        self.licence_type(type_code)
            .cloned()
            .or_else(|| self.proof(type_code).map(ProofType::licence_type))
    }

    /// Finds a proof type by code.
    pub fn proof(&self, code: &str) -> Option<&ProofType> {
        self.proofs.iter().find(|p| p.code.as_str() == code)
    }

    /// True when the catalog holds nothing at all.
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
            && self.departments.is_empty()
            && self.data_elements.is_empty()
            && self.materials.is_empty()
            && self.items.is_empty()
            && self.bundles.is_empty()
            && self.licence_types.is_empty()
            && self.proofs.is_empty()
    }
}

fn upsert<T>(into: &mut Vec<T>, from: Vec<T>, key: impl Fn(&T) -> String) {
    for entry in from {
        let k = key(&entry);
        match into.iter_mut().find(|e| key(e) == k) {
            Some(slot) => *slot = entry,
            None => into.push(entry),
        }
    }
}

/// 行政区划: a GB/T 2260 region (province, city, county) or a town/village
/// below it (9 and 12 digit codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<RegionCode>,
}

impl Region {
    /// The level implied by the code's shape.
    pub fn level(&self) -> Level {
        self.code.level()
    }
}

/// 层级: the administrative level of a region, an item or a department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 省级
    Province,
    /// 市级
    City,
    /// 县级
    County,
    /// 乡镇（街道）
    Town,
    /// 村（社区）
    Village,
}

impl Level {
    /// Chinese label, as shown on pages and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::City => "市级",
            Level::County => "县级",
            Level::Town => "乡镇级",
            Level::Village => "村级",
        }
    }
}

/// 实施机关 / 部门: an authority that performs items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Short stable code used by references, e.g. `350825-scjg`.
    pub code: Code,
    pub name: String,
    /// 统一社会信用代码 (GB 32100, check character verified).
    pub uscc: Uscc,
    pub region: RegionCode,
}
