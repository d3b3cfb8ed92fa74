//! 用数/用证授权 for a draft: which sources would prefill which fields and
//! which would exempt which materials, and granting or withdrawing the
//! consent for this draft only.

use serde::Serialize;
use tongban_domain::auth::Actor;
use tongban_domain::catalog::{Exemption, ItemResult};
use tongban_domain::form::FORM_SOURCE;
use tongban_domain::subject::{Consent, ConsentId, Purpose, SourceRef};

use super::ApplicationService;
use super::context::Context;
use super::views::{ElementRef, NamedCode};
use crate::error::{Refusal, ServiceError};

/// What the applicant may consent to for one draft.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentView {
    /// The draft's id.
    pub draft: String,
    /// The bundle's or the item's name.
    pub title: String,
    /// False before 实名核验: consents need a verified subject.
    pub identity_verified: bool,
    /// Sources that could prefill fields of the one form.
    pub prefill: Vec<SourceOption>,
    /// Sources (data or e-licences) that could replace materials.
    pub exemption: Vec<SourceOption>,
    /// Sources whose data could decide the review points of a 秒批 item.
    pub review: Vec<SourceOption>,
    /// This draft's consents, newest first (withdrawn ones included).
    pub consents: Vec<Consent>,
}

/// One source the applicant may open for one purpose.
#[derive(Debug, Clone, Serialize)]
pub struct SourceOption {
    /// What a consent names to open it.
    pub source: SourceRef,
    /// Its Chinese name.
    pub name: String,
    /// What the consent would be for.
    pub purpose: Purpose,
    /// The fields of the one form it could fill (prefill).
    pub fields: Vec<ElementRef>,
    /// The materials it could replace (exemption).
    pub materials: Vec<NamedCode>,
    /// The active consent that opens it now, if any.
    pub consent: Option<ConsentId>,
}

impl ApplicationService {
    /// The sources that could serve this draft and the consents given.
    pub async fn consent_view(
        &self,
        actor: &Actor,
        draft: &str,
    ) -> Result<ConsentView, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        Ok(ConsentView {
            draft: ctx.draft_id.clone(),
            title: ctx.selected.title.clone(),
            identity_verified: ctx.subject.is_some(),
            prefill: self.prefill_options(&ctx),
            exemption: self.exemption_options(&ctx),
            review: self.review_options(&ctx),
            consents: ctx.consents.clone(),
        })
    }

    /// Consents, for this draft, to read `sources` for `purpose`. Only
    /// sources that can serve this draft may be named.
    pub async fn grant(
        &self,
        actor: &Actor,
        draft: &str,
        purpose: Purpose,
        sources: Vec<SourceRef>,
    ) -> Result<Consent, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        ctx.editable()?;
        if ctx.subject.is_none() {
            return Err(identity_required());
        }
        let options = match purpose {
            Purpose::Prefill => self.prefill_options(&ctx),
            Purpose::MaterialExemption => self.exemption_options(&ctx),
            Purpose::Review => self.review_options(&ctx),
        };
        if sources.is_empty()
            || sources
                .iter()
                .any(|s| !options.iter().any(|o| o.source == *s))
        {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "consent_source_not_offered",
                "所选数据来源不能用于本申请的这一用途，请从授权页面列出的来源中选择",
            ));
        }
        self.subjects
            .grant_consent(actor, purpose, &ctx.application, sources)
            .await
    }

    /// Withdraws one of this draft's consents; fields it prefilled are no
    /// longer prefilled and materials it exempted must be uploaded.
    pub async fn revoke(
        &self,
        actor: &Actor,
        draft: &str,
        consent: &ConsentId,
    ) -> Result<Consent, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        ctx.editable()?;
        if !ctx.consents.iter().any(|c| c.id == *consent) {
            return Err(ServiceError::refused(
                Refusal::NotFound,
                "consent_not_found",
                "未找到该授权",
            ));
        }
        self.subjects.revoke_consent(actor, consent).await
    }

    fn active_for(ctx: &Context, source: &SourceRef, purpose: Purpose) -> Option<ConsentId> {
        ctx.active_consents()
            .into_iter()
            .find(|c| c.purpose == purpose && c.sources.contains(source))
            .map(|c| c.id.clone())
    }

    /// Registered sources holding at least one element of the form.
    fn prefill_options(&self, ctx: &Context) -> Vec<SourceOption> {
        self.subjects
            .sources()
            .into_iter()
            .filter_map(|info| {
                let fields: Vec<ElementRef> = ctx
                    .merged
                    .fields
                    .iter()
                    .filter(|f| info.elements.contains(&f.element.code))
                    .map(|f| ElementRef {
                        element: f.element.code.clone(),
                        name: f.element.name.clone(),
                    })
                    .collect();
                (!fields.is_empty()).then(|| SourceOption {
                    consent: Self::active_for(ctx, &info.source, Purpose::Prefill),
                    source: info.source,
                    name: info.name,
                    purpose: Purpose::Prefill,
                    fields,
                    materials: Vec::new(),
                })
            })
            .collect()
    }

    /// Registered sources holding an element a selected item's 秒批 review
    /// points read (审查核验): with consent, the rules decide on their data.
    fn review_options(&self, ctx: &Context) -> Vec<SourceOption> {
        let catalog = &ctx.selected.catalog;
        let mut elements: Vec<ElementRef> = Vec::new();
        for item in ctx.selected.items() {
            let points = item.auto_decision.iter().flat_map(|a| &a.review_points);
            for code in points.flat_map(|p| &p.elements) {
                if elements.iter().any(|e| e.element == *code) {
                    continue;
                }
                let name = catalog
                    .data_elements
                    .iter()
                    .find(|d| d.code == *code)
                    .map_or_else(|| code.to_string(), |d| d.name.clone());
                elements.push(ElementRef {
                    element: code.clone(),
                    name,
                });
            }
        }
        self.subjects
            .sources()
            .into_iter()
            .filter_map(|info| {
                let fields: Vec<ElementRef> = elements
                    .iter()
                    .filter(|e| info.elements.contains(&e.element))
                    .cloned()
                    .collect();
                (!fields.is_empty()).then(|| SourceOption {
                    consent: Self::active_for(ctx, &info.source, Purpose::Review),
                    source: info.source,
                    name: info.name,
                    purpose: Purpose::Review,
                    fields,
                    materials: Vec::new(),
                })
            })
            .collect()
    }

    /// Sources named by the selected members' material exemptions, except
    /// the form itself and licences another selected member issues (those
    /// need no consent).
    fn exemption_options(&self, ctx: &Context) -> Vec<SourceOption> {
        let registered = self.subjects.sources();
        let catalog = &ctx.selected.catalog;
        let items = ctx.selected.items();
        let mut options: Vec<SourceOption> = Vec::new();
        for item in &items {
            let chosen = ctx.selected.selection.situations_of(&item.code);
            for m in item.materials.iter().filter(|m| m.applies(chosen)) {
                let source = match &m.exemption {
                    Some(Exemption::DataSource { source }) if source.as_str() != FORM_SOURCE => {
                        SourceRef::DataSource {
                            source: source.clone(),
                        }
                    }
                    Some(Exemption::Licence { licence_type })
                        if !items
                            .iter()
                            .any(|i| i.code != item.code && issues(&i.result, licence_type)) =>
                    {
                        SourceRef::Licence {
                            licence_type: licence_type.clone(),
                        }
                    }
                    _ => continue,
                };
                let material = NamedCode {
                    code: m.material.clone(),
                    name: catalog
                        .materials
                        .iter()
                        .find(|d| d.code == m.material)
                        .map_or_else(|| m.material.to_string(), |d| d.name.clone()),
                };
                if let Some(o) = options.iter_mut().find(|o| o.source == source) {
                    if !o.materials.contains(&material) {
                        o.materials.push(material);
                    }
                    continue;
                }
                let name = label(&registered, catalog, &source);
                options.push(SourceOption {
                    consent: Self::active_for(ctx, &source, Purpose::MaterialExemption),
                    source,
                    name,
                    purpose: Purpose::MaterialExemption,
                    fields: Vec::new(),
                    materials: vec![material],
                });
            }
        }
        options
    }
}

/// The refusal of a step that needs 实名核验 first.
pub(crate) fn identity_required() -> ServiceError {
    ServiceError::refused(Refusal::Invalid, "identity_required", "请先完成实名核验")
}

fn issues(result: &ItemResult, licence_type: &tongban_domain::ident::Code) -> bool {
    match result {
        ItemResult::Licence {
            licence_type: t, ..
        }
        | ItemResult::Proof { proof_type: t, .. } => t == licence_type,
        ItemResult::Document { .. } => false,
    }
}

/// A source's Chinese name: the registered source's, else from the catalog.
pub(crate) fn label(
    registered: &[crate::subjects::SourceInfo],
    catalog: &tongban_domain::catalog::Catalog,
    source: &SourceRef,
) -> String {
    registered
        .iter()
        .find(|s| s.source == *source)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| source_name(catalog, source))
}

/// A source's name from the catalog when no registered source names it:
/// the licence's name as an item issues it.
fn source_name(catalog: &tongban_domain::catalog::Catalog, source: &SourceRef) -> String {
    match source {
        SourceRef::Licence { licence_type } => catalog
            .items
            .iter()
            .find(|i| issues(&i.result, licence_type))
            .map_or_else(
                || format!("电子证照（{licence_type}）"),
                |i| format!("电子证照：{}", i.result.name()),
            ),
        SourceRef::DataSource { source } => format!("共享数据（{source}）"),
    }
}
