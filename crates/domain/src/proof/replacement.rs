//! 证明事项清理: a proof marked `replaced_by` is no longer asked for. Its
//! material stays on the applicant's list, as not required, with what
//! replaced it (数据核查 / 证照 / 告知承诺 / 已取消).

use super::{ProofReplacement, ProofType};
use crate::form::{Disposition, Evidence, MaterialNeed};
use crate::ident::Code;

impl ProofReplacement {
    /// Short Chinese label: 数据核查, 电子证照, 告知承诺 or 已取消.
    pub fn label(&self) -> &'static str {
        match self {
            ProofReplacement::DataCheck { .. } => "数据核查",
            ProofReplacement::Licence { .. } => "电子证照",
            ProofReplacement::Commitment => "告知承诺",
            ProofReplacement::Abolished => "已取消",
        }
    }

    /// What replaced the proof, as a sentence part
    /// (“部门数据核查（social-insurance）”).
    pub fn describe(&self) -> String {
        match self {
            ProofReplacement::DataCheck { source } => format!("部门数据核查（{source}）"),
            ProofReplacement::Licence { licence_type } => format!("电子证照（{licence_type}）"),
            ProofReplacement::Commitment => "申请人告知承诺".to_string(),
            ProofReplacement::Abolished => "直接取消".to_string(),
        }
    }

    /// The evidence recorded with a case for a material this replacement
    /// stands in for. A data check and a licence are read by the handling
    /// department itself (no consent of the applicant is involved, so none
    /// is named); a commitment must still be signed.
    pub fn evidence(&self) -> Evidence {
        match self {
            ProofReplacement::DataCheck { source } => Evidence::DataSource {
                source: source.clone(),
                consent: None,
            },
            ProofReplacement::Licence { licence_type } => Evidence::Licence {
                licence_type: licence_type.clone(),
                consent: None,
                issued_by: None,
            },
            ProofReplacement::Commitment => Evidence::Commitment,
            ProofReplacement::Abolished => Evidence::Abolished,
        }
    }
}

/// The replaced proof type whose material is `material`, if any.
pub fn replaced_proof_for<'a>(proofs: &'a [ProofType], material: &Code) -> Option<&'a ProofType> {
    proofs
        .iter()
        .find(|p| p.replaced_by.is_some() && p.material.as_ref() == Some(material))
}

/// Marks every material that is a replaced proof as not required
/// (免提交) with the replacement as its evidence; other materials are
/// left as they are. Applied to the result of
/// [`crate::form::one_time_materials`].
pub fn apply_replacements(proofs: &[ProofType], needs: Vec<MaterialNeed>) -> Vec<MaterialNeed> {
    needs
        .into_iter()
        .map(|mut need| {
            if let Some(replacement) =
                replaced_proof_for(proofs, &need.material).and_then(|p| p.replaced_by.as_ref())
            {
                need.disposition = Disposition::Exempt {
                    evidence: vec![replacement.evidence()],
                };
            }
            need
        })
        .collect()
}
