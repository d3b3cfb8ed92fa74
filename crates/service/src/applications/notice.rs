//! 一次性告知单: everything an applicant needs to know before applying —
//! what will be handled, the one set of materials (and which could be
//! exempt, and how), the one form's size against the separate forms',
//! time limits, fees, visits and where to go. Needs no login.

use serde::Serialize;
use tongban_domain::catalog::Fee;
use tongban_domain::form::{FormReport, MaterialNeed, one_time_materials};
use tongban_domain::subject::{AccessContext, SubjectId};

use super::ApplicationService;
use super::selected::form_error;
use super::views::{ElementRef, NamedCode};
use crate::cases::Application;
use crate::error::ServiceError;

/// The one-time notice of an application.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// What it was computed for.
    pub application: Application,
    /// The bundle's or the item's name.
    pub title: String,
    /// The bundle's description, when it has one.
    pub description: Option<String>,
    /// The bundle's promised limit (the whole application), e.g. 5个工作日.
    pub promised_limit: Option<String>,
    /// On-site visits for the whole application.
    pub visits: u32,
    /// The members that will be handled, in order.
    pub members: Vec<NoticeMember>,
    /// Bundle members the answers left out.
    pub not_selected: Vec<NamedCode>,
    /// The deduplicated materials, with no consent given yet: exempt ones
    /// (commitments, the form itself, issued in this application) and the
    /// rest to upload, each with the exemptions a consent could unlock.
    pub materials: Vec<MaterialNeed>,
    /// Fields of the one form against the separate forms.
    pub report: FormReport,
    /// The one form's fields, in order.
    pub fields: Vec<ElementRef>,
    /// Sum of every member's fees, in fen.
    pub total_fee_fen: u64,
}

/// One member item as the notice shows it.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeMember {
    /// The item.
    pub item: NamedCode,
    /// The implementing department's name.
    pub department: String,
    /// The chosen situations.
    pub situations: Vec<NamedCode>,
    /// 承诺办结时限, e.g. 1个工作日.
    pub promised_limit: String,
    /// 法定办结时限.
    pub statutory_limit: String,
    /// Fees (empty: free of charge).
    pub fees: Vec<Fee>,
    /// On-site visits when handled alone.
    pub visits: u32,
    /// Where to go.
    pub location: Option<String>,
    /// What the applicant receives.
    pub result: String,
    /// 告知承诺 allowed.
    pub commitment_allowed: bool,
    /// 容缺受理 allowed.
    pub gaps_allowed: bool,
}

impl ApplicationService {
    /// The one-time notice for an item or a bundle with answers.
    pub async fn notice(&self, application: &Application) -> Result<Notice, ServiceError> {
        let s = self.select(application).await?;
        let merged = s.merged()?;
        let nobody = SubjectId::new("anonymous");
        let application_ref = super::draft_ref("notice");
        let access = AccessContext {
            subject: &nobody,
            application: &application_ref,
            at: self.clock.now(),
            consents: &[],
        };
        let materials =
            one_time_materials(&s.catalog, &s.selection, &access, &[]).map_err(form_error)?;
        let items = s.items();
        let members: Vec<NoticeMember> = items
            .iter()
            .map(|item| NoticeMember {
                item: NamedCode {
                    code: item.code.clone(),
                    name: item.name.clone(),
                },
                department: s.department_name(&item.department),
                situations: s
                    .selection
                    .situations_of(&item.code)
                    .iter()
                    .map(|c| NamedCode {
                        code: c.clone(),
                        name: item
                            .situations
                            .iter()
                            .find(|x| x.code == *c)
                            .map_or_else(|| c.to_string(), |x| x.name.clone()),
                    })
                    .collect(),
                promised_limit: item.promised_limit.label(),
                statutory_limit: item.statutory_limit.label(),
                fees: item.fees.clone(),
                visits: item.visits,
                location: item.location.clone(),
                result: item.result.name().to_string(),
                commitment_allowed: item.commitment_allowed,
                gaps_allowed: item.gaps_allowed,
            })
            .collect();
        let not_selected = s
            .bundle
            .as_ref()
            .map(|b| {
                b.members
                    .iter()
                    .filter(|m| !s.selection.members.contains(&m.item))
                    .map(|m| NamedCode {
                        code: m.item.clone(),
                        name: s
                            .catalog
                            .item(m.item.as_str())
                            .map_or_else(|| m.item.to_string(), |i| i.name.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let total_fee_fen = members
            .iter()
            .flat_map(|m| &m.fees)
            .map(|f| f.amount_fen)
            .sum();
        let visits = match &s.bundle {
            Some(b) => b.visits,
            None => members.iter().map(|m| m.visits).sum(),
        };
        Ok(Notice {
            application: application.clone(),
            title: s.title.clone(),
            description: s.bundle.as_ref().and_then(|b| b.description.clone()),
            promised_limit: s.bundle.as_ref().map(|b| b.promised_limit.label()),
            visits,
            members,
            not_selected,
            materials,
            report: FormReport::of(&merged),
            fields: merged
                .fields
                .iter()
                .map(|f| ElementRef {
                    element: f.element.code.clone(),
                    name: f.element.name.clone(),
                })
                .collect(),
            total_fee_fen,
        })
    }
}
