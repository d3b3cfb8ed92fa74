//! 证明事项 / 电子证明: the proof catalog (what a proof is, who issues it,
//! within how many working days, where it may be used, and whether it has
//! been replaced) and e-proofs.
//!
//! An issued e-proof is a [`Licence`](crate::licence::Licence) of the
//! proof type's document type ([`ProofType::licence_type`]): it is numbered,
//! signed, stored, rendered and verified by the one licence mechanism.
//!
//! A request ([`ProofRequest`]) is due the request day plus the type's
//! deadline in working days; it ends issued or refused. A replaced type
//! cannot be requested, and [`apply_replacements`] stops asking for its
//! material.

mod error;
mod replacement;
mod request;

use serde::{Deserialize, Serialize};

use crate::catalog::TimeLimit;
use crate::ident::Code;
use crate::licence::{HolderKind, LicenceField, LicenceType, Validity};

pub use error::ProofError;
pub use replacement::{apply_replacements, replaced_proof_for};
pub use request::{MAX_PURPOSE_CHARS, NewProofRequest, ProofRequest, ProofRequestState};

/// A proof type (证明事项), e.g. 居住证明.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofType {
    /// 证明编码.
    pub code: Code,
    /// 证明名称.
    pub name: String,
    /// The issuing body: a catalog department (村(居)委会, 派出所 …).
    pub issuer: Code,
    /// 开具时限: a requested proof is issued within this limit.
    pub deadline: TimeLimit,
    /// 使用范围: where the proof may be used.
    pub scope: String,
    /// The catalog material this proof is, when items ask for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<Code>,
    /// Who may request it.
    pub holder_kind: HolderKind,
    /// The letters naming the proof inside e-proof numbers.
    pub number_tag: String,
    /// The fields the e-proof carries, in printing order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<LicenceField>,
    /// How long an e-proof stays valid.
    pub validity: Validity,
    /// 证明事项清理: set when the proof is no longer asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<ProofReplacement>,
}

/// What replaced a proof that is no longer asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProofReplacement {
    /// 部门核查: a data check against a named source.
    DataCheck { source: Code },
    /// 电子证照: a licence of the named type.
    Licence { licence_type: Code },
    /// 告知承诺: the applicant's commitment.
    Commitment,
    /// 直接取消: abolished.
    Abolished,
}

impl ProofType {
    /// The document type e-proofs of this type are issued as: issued by the
    /// proof type itself, never updated or cancelled by an item.
    pub fn licence_type(&self) -> LicenceType {
        LicenceType {
            code: self.code.clone(),
            name: self.name.clone(),
            issuer: self.issuer.clone(),
            holder_kind: self.holder_kind,
            number_tag: self.number_tag.clone(),
            fields: self.fields.clone(),
            validity: self.validity,
            issued_by: vec![self.code.clone()],
            updated_by: Vec::new(),
            cancelled_by: Vec::new(),
        }
    }
}
