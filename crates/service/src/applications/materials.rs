//! 一套材料 for a draft: the deduplicated materials with this draft's
//! consents and held licences; 免提交 ones with their evidence, the rest
//! uploaded; commitments (告知承诺) signed where the catalog allows them.

use serde::Serialize;
use tongban_domain::auth::Actor;
use tongban_domain::catalog::{Catalog, Exemption};
use tongban_domain::form::{Disposition, Evidence, FORM_SOURCE, MaterialNeed};
use tongban_domain::ident::Code;
use tongban_domain::subject::SourceRef;

use super::ApplicationService;
use super::consent::label;
use super::context::Context;
use crate::drafts::{DraftId, Upload};
use crate::error::{Refusal, ServiceError};
use crate::subjects::{HeldLicence, SourceInfo};

/// A draft's materials.
#[derive(Debug, Clone, Serialize)]
pub struct MaterialsView {
    /// The draft's id.
    pub draft: String,
    /// The version to name when saving commitments.
    pub version: i64,
    /// The bundle's or the item's name.
    pub title: String,
    /// One line per distinct material.
    pub lines: Vec<MaterialLine>,
}

/// One material of the application.
#[derive(Debug, Clone, Serialize)]
pub struct MaterialLine {
    /// The material, its requirement and disposition (domain).
    pub need: MaterialNeed,
    /// The member items asking for it, by name.
    pub asked_by: Vec<String>,
    /// Files uploaded for it.
    pub uploads: Vec<Upload>,
    /// Exempt by a commitment the applicant has to sign.
    pub needs_commitment: bool,
    /// The applicant signed that commitment.
    pub committed: bool,
    /// What replaces it, in Chinese (免提交 only).
    pub evidence: Vec<String>,
    /// The wallet licences (我的证照) that replace it, with the consent
    /// that opened each (免提交 from the wallet only).
    pub licences: Vec<HeldLicence>,
    /// How it could be exempted instead of uploaded, in Chinese.
    pub hints: Vec<String>,
    /// To upload and nothing uploaded yet.
    pub missing: bool,
}

impl MaterialLine {
    /// True when the material must be uploaded.
    pub fn to_upload(&self) -> bool {
        matches!(self.need.disposition, Disposition::ToUpload { .. })
    }
}

impl ApplicationService {
    /// The draft's materials (reads the licences its consents open; logged).
    pub async fn materials(
        &self,
        actor: &Actor,
        draft: &str,
    ) -> Result<MaterialsView, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        self.materials_of(actor, &ctx).await
    }

    pub(crate) async fn materials_of(
        &self,
        actor: &Actor,
        ctx: &Context,
    ) -> Result<MaterialsView, ServiceError> {
        let (needs, held) = self.needs(actor, ctx).await?;
        let uploads = self.drafts.uploads(actor, &ctx.draft.id).await?;
        let registered = self.subjects.sources();
        let catalog = &ctx.selected.catalog;
        let lines = needs
            .into_iter()
            .map(|need| {
                let mine: Vec<Upload> = uploads
                    .iter()
                    .filter(|u| u.material == need.material)
                    .cloned()
                    .collect();
                let licences = wallet_evidence(&need, &held);
                let (evidence, hints, needs_commitment) = match &need.disposition {
                    Disposition::Exempt { evidence } => (
                        evidence
                            .iter()
                            .map(|e| evidence_text(&registered, catalog, &held, e))
                            .collect(),
                        Vec::new(),
                        evidence.contains(&Evidence::Commitment),
                    ),
                    Disposition::ToUpload { could_be_exempt } => (
                        Vec::new(),
                        could_be_exempt
                            .iter()
                            .map(|x| hint_text(&registered, catalog, x))
                            .collect(),
                        false,
                    ),
                };
                MaterialLine {
                    asked_by: need
                        .items
                        .iter()
                        .map(|c| {
                            catalog
                                .item(c.as_str())
                                .map_or_else(|| c.to_string(), |i| i.name.clone())
                        })
                        .collect(),
                    committed: ctx.draft.commitments.contains(&need.material),
                    missing: matches!(need.disposition, Disposition::ToUpload { .. })
                        && mine.is_empty(),
                    uploads: mine,
                    needs_commitment,
                    evidence,
                    licences,
                    hints,
                    need,
                }
            })
            .collect();
        Ok(MaterialsView {
            draft: ctx.draft_id.clone(),
            version: ctx.draft.version,
            title: ctx.selected.title.clone(),
            lines,
        })
    }

    /// Uploads a file for one of the draft's to-upload materials. The draft
    /// service sniffs the type, checks the size and records the SHA-256.
    pub async fn upload(
        &self,
        actor: &Actor,
        draft: &str,
        material: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<Upload, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        ctx.editable()?;
        let view = self.materials_of(actor, &ctx).await?;
        let line = view
            .lines
            .iter()
            .find(|l| l.need.material.as_str() == material && l.to_upload())
            .ok_or_else(|| {
                ServiceError::refused(
                    Refusal::Invalid,
                    "material_not_to_upload",
                    format!("材料“{material}”不在本申请需上传的材料中（或已免提交）"),
                )
            })?;
        let code = line.need.material.clone();
        self.drafts
            .upload(actor, &ctx.draft.id, &code, file_name, bytes)
            .await
    }

    /// Removes one uploaded file of the draft.
    pub async fn remove_upload(
        &self,
        actor: &Actor,
        draft: &str,
        upload: &str,
    ) -> Result<(), ServiceError> {
        self.drafts
            .remove_upload(actor, &DraftId::from(draft), upload)
            .await
    }

    /// Signs the commitments (告知承诺) for these materials, replacing the
    /// signed list; only materials a commitment can exempt may be named.
    pub async fn commit(
        &self,
        actor: &Actor,
        draft: &str,
        version: i64,
        materials: Vec<Code>,
    ) -> Result<MaterialsView, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        ctx.editable()?;
        let view = self.materials_of(actor, &ctx).await?;
        for m in &materials {
            if !view
                .lines
                .iter()
                .any(|l| l.need.material == *m && l.needs_commitment)
            {
                return Err(ServiceError::refused(
                    Refusal::Invalid,
                    "commitment_not_allowed",
                    format!("材料“{m}”不能以告知承诺代替"),
                ));
            }
        }
        self.save_commitments(actor, &ctx, version, materials)
            .await?;
        self.materials(actor, draft).await
    }
}

/// The wallet licences a material's 免提交 evidence was read from.
fn wallet_evidence(need: &MaterialNeed, held: &[HeldLicence]) -> Vec<HeldLicence> {
    let Disposition::Exempt { evidence } = &need.disposition else {
        return Vec::new();
    };
    evidence
        .iter()
        .filter_map(|e| match e {
            Evidence::Licence {
                licence_type,
                consent: Some(consent),
                issued_by: None,
            } => held
                .iter()
                .find(|h| h.licence_type == *licence_type && h.consent == *consent)
                .cloned(),
            _ => None,
        })
        .collect()
}

fn evidence_text(
    registered: &[SourceInfo],
    catalog: &Catalog,
    held: &[HeldLicence],
    e: &Evidence,
) -> String {
    if let Evidence::Licence {
        licence_type,
        consent: Some(consent),
        issued_by: None,
    } = e
        && let Some(h) = held
            .iter()
            .find(|h| h.licence_type == *licence_type && h.consent == *consent)
    {
        return format!(
            "已授权调用我的证照：{}（证照编号 {}）",
            h.type_name, h.number
        );
    }
    match e {
        Evidence::Licence {
            issued_by: Some(item),
            ..
        } => format!(
            "由本次申请的“{}”出具的电子证照代替",
            catalog
                .item(item.as_str())
                .map_or_else(|| item.to_string(), |i| i.name.clone())
        ),
        Evidence::Licence { licence_type, .. } => format!(
            "已授权调用{}",
            label(
                registered,
                catalog,
                &SourceRef::Licence {
                    licence_type: licence_type.clone()
                }
            )
        ),
        Evidence::DataSource { source, .. } if source.as_str() == FORM_SOURCE => {
            "由一表申请的填写内容自动生成".to_string()
        }
        Evidence::DataSource { source, .. } => format!(
            "已授权共享{}",
            label(
                registered,
                catalog,
                &SourceRef::DataSource {
                    source: source.clone()
                }
            )
        ),
        Evidence::Commitment => "以告知承诺代替".to_string(),
        Evidence::Abolished => "该材料已取消".to_string(),
    }
}

fn hint_text(registered: &[SourceInfo], catalog: &Catalog, x: &Exemption) -> String {
    match x {
        Exemption::Licence { licence_type } => format!(
            "授权调用{}后可免提交",
            label(
                registered,
                catalog,
                &SourceRef::Licence {
                    licence_type: licence_type.clone()
                }
            )
        ),
        Exemption::DataSource { source } => format!(
            "授权共享{}后可免提交",
            label(
                registered,
                catalog,
                &SourceRef::DataSource {
                    source: source.clone()
                }
            )
        ),
        Exemption::Commitment => "签署告知承诺后可免提交".to_string(),
        Exemption::Abolished => "该材料已取消".to_string(),
    }
}

/// The codes of materials still missing: required ones, and gap-allowed
/// ones (容缺) separately.
pub(crate) fn missing(view: &MaterialsView) -> (Vec<&MaterialLine>, Vec<&MaterialLine>) {
    use tongban_domain::catalog::Requirement;
    let required = view
        .lines
        .iter()
        .filter(|l| l.missing && l.need.requirement == Requirement::Required)
        .collect();
    let gaps = view
        .lines
        .iter()
        .filter(|l| l.missing && l.need.requirement == Requirement::GapAllowed)
        .collect();
    (required, gaps)
}
