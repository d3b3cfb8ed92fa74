//! Facts (数据): values of data elements read about a subject from a data
//! source or an e-licence, each with the consent that allowed the read.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ConsentId, SubjectId};
use crate::ident::Code;
use crate::mask;

/// Where a fact or an exemption's evidence comes from. The same shape as the
/// catalog's `Exemption::DataSource` / `Exemption::Licence`, so a consent to
/// a source can be matched against a material's exemption directly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SourceRef {
    /// A shared data source (户籍, 社保, 市场主体登记 …), by code.
    DataSource { source: Code },
    /// The holder's e-licence (电子证照) of this type.
    Licence { licence_type: Code },
}

/// The provenance of a fact: the source, its name for the page, and the
/// consent under which it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactSource {
    pub source: SourceRef,
    /// The source's Chinese name as shown beside a prefilled field, e.g.
    /// 公安户籍信息.
    pub name: String,
    /// The consent (用数/用证授权) that allowed the read.
    pub consent: ConsentId,
}

/// One data element's value for one subject, read from a source.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub subject: SubjectId,
    /// Code of the [`crate::DataElement`] the value is for.
    pub element: Code,
    pub value: String,
    pub source: FactSource,
}

impl fmt::Debug for Fact {
    /// The value may be an ID or phone number, so it is always masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fact")
            .field("subject", &self.subject)
            .field("element", &self.element)
            .field("value", &mask::id_number(&self.value))
            .field("source", &self.source)
            .finish()
    }
}
