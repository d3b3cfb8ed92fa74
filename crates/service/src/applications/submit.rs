//! Review (everything on one screen, ID and phone masked) and submission:
//! the form and the required uploads are checked, the record is frozen
//! into the draft and the case engine takes the application over.

use serde::Serialize;
use serde_json::json;
use tongban_domain::auth::Actor;
use tongban_domain::auto_decision::Verdict;
use tongban_domain::case::{CaseNo, IntakeChannel};
use tongban_domain::catalog::ElementKind;
use tongban_domain::form::{FormAnswers, FormRules};
use tongban_domain::mask;
use tongban_domain::subject::{Consent, Purpose};

use super::ApplicationService;
use super::context::Context;
use super::form::{FormView, view};
use super::materials::{MaterialsView, missing};
use super::views::NamedCode;
use crate::cases::SubmitRequest;
use crate::drafts::DraftStatus;
use crate::error::{Refusal, ServiceError};

/// Everything about a draft on one screen.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// The draft's id.
    pub draft: String,
    /// The bundle's or the item's name.
    pub title: String,
    /// Editing, or submitted as which case.
    pub status: DraftStatus,
    /// The verified applicant: name and masked document number.
    pub applicant: Option<String>,
    /// The contact phone for the case, masked.
    pub phone_masked: Option<String>,
    /// The form, with every problem a submission would report.
    pub form: FormView,
    /// The materials.
    pub materials: MaterialsView,
    /// This draft's active consents.
    pub consents: Vec<Consent>,
    /// Gap-allowed materials (容缺) not uploaded yet: the application may
    /// be submitted and they are supplied later.
    pub gaps: Vec<NamedCode>,
    /// What stops submission, in Chinese; empty when ready.
    pub problems: Vec<String>,
}

impl Review {
    /// True when nothing stops submission.
    pub fn ready(&self) -> bool {
        self.problems.is_empty() && self.status == DraftStatus::Editing
    }
}

/// A submitted application.
#[derive(Debug, Clone, Serialize)]
pub struct Submitted {
    /// The draft's id.
    pub draft: String,
    /// The case the submission created.
    pub case_no: CaseNo,
    /// The bundle's or the item's name.
    pub title: String,
    /// Gap-allowed materials still to supply.
    pub gaps: Vec<NamedCode>,
    /// For a 秒批 item: how its review points came out (granted at once,
    /// or passed to a person).
    pub auto_decision: Option<Verdict>,
}

impl ApplicationService {
    /// The review of a draft: every field, material and consent, and what
    /// still stops submission.
    pub async fn review(&self, actor: &Actor, draft: &str) -> Result<Review, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        Ok(self.review_of(actor, &ctx).await?.0)
    }

    async fn review_of(
        &self,
        actor: &Actor,
        ctx: &Context,
    ) -> Result<(Review, FormAnswers), ServiceError> {
        let filled = self.filled(actor, ctx).await?;
        let all = filled.answers(&ctx.draft.answers);
        let errors = FormRules::compile(&ctx.merged).validate(&all);
        let mut problems: Vec<String> = Vec::new();
        if ctx.subject.is_none() {
            problems.push("请先完成实名核验".to_string());
        }
        problems.extend(errors.iter().map(|e| e.message.clone()));
        let form = view(ctx, &filled, &ctx.draft.answers, errors);
        let materials = self.materials_of(actor, ctx).await?;
        let (required, gap_lines) = missing(&materials);
        problems.extend(
            required
                .iter()
                .map(|l| format!("请上传材料“{}”", l.need.name)),
        );
        problems.extend(
            materials
                .lines
                .iter()
                .filter(|l| l.needs_commitment && !l.committed)
                .map(|l| format!("请签署“{}”的告知承诺", l.need.name)),
        );
        let gaps = gap_lines
            .iter()
            .map(|l| NamedCode {
                code: l.need.material.clone(),
                name: l.need.name.clone(),
            })
            .collect();
        let applicant = ctx.subject.as_ref().map(|s| {
            let doc = s.keys().first().map(|k| k.masked()).unwrap_or_default();
            format!("{} {doc}", s.name())
        });
        let phone = contact_phone(ctx, &all);
        let review = Review {
            draft: ctx.draft_id.clone(),
            title: ctx.selected.title.clone(),
            status: ctx.draft.status.clone(),
            applicant,
            phone_masked: phone.as_deref().map(mask::phone),
            form,
            materials,
            consents: ctx.active_consents().into_iter().cloned().collect(),
            gaps,
            problems,
        };
        Ok((review, all))
    }

    /// Submits the draft: refuses (`application_incomplete`, 422) while the
    /// review lists problems; otherwise hands the application to the case
    /// engine (idempotently, keyed by the draft) and freezes the record —
    /// answers, prefill sources, materials with evidence and uploads,
    /// commitments, consents and the report — into the draft. Submitting a
    /// submitted draft again answers its case.
    pub async fn submit(&self, actor: &Actor, draft: &str) -> Result<Submitted, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        if let DraftStatus::Submitted { case_no, .. } = &ctx.draft.status {
            return Ok(Submitted {
                draft: ctx.draft_id.clone(),
                case_no: case_no.clone(),
                title: ctx.selected.title.clone(),
                gaps: Vec::new(),
                auto_decision: None,
            });
        }
        let (review, answers) = self.review_of(actor, &ctx).await?;
        if !review.problems.is_empty() {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "application_incomplete",
                format!("申请尚不能提交：{}", review.problems.join("；")),
            ));
        }
        let phone = contact_phone(&ctx, &answers);
        let request = SubmitRequest {
            application: ctx.draft.application.clone(),
            channel: IntakeChannel::Online,
            owner: None,
            phone,
            authorisation: None,
        };
        let key = format!("draft-submit:{}", ctx.draft_id);
        let case = self.cases.submit(actor, request, Some(&key)).await?;
        let case_no = case.case.case_no.clone();
        let record = json!({
            "application": &ctx.draft.application,
            "selection": &ctx.selected.selection,
            "form": {
                "answers": &answers,
                "prefilled": review.form.fields.iter().filter_map(|f| f.prefilled.as_ref().map(|p| json!({
                    "element": &f.element,
                    "source": &p.source,
                    "source_name": &p.source_name,
                    "consent": &p.consent,
                }))).collect::<Vec<_>>(),
                "report": &review.form.report,
            },
            "materials": review.materials.lines.iter().map(|l| json!({
                "need": &l.need,
                "licences": &l.licences,
                "uploads": &l.uploads,
                "committed": l.committed,
            })).collect::<Vec<_>>(),
            "commitments": &ctx.draft.commitments,
            "consents": &review.consents,
            "gaps": &review.gaps,
            "submitted_at": self.clock.now(),
        });
        self.drafts
            .mark_submitted(actor, &ctx.draft.id, case_no.clone(), record)
            .await?;
        tracing::info!(case_no = %case_no, actor = %actor.id, "网上申请已提交");
        let auto_decision = self.auto_decide(actor, &ctx, &case_no).await?;
        Ok(Submitted {
            draft: ctx.draft_id.clone(),
            case_no,
            title: ctx.selected.title.clone(),
            gaps: review.gaps,
            auto_decision,
        })
    }
}

impl ApplicationService {
    /// 秒批: when the one selected item declares review points, reads the
    /// applicant's data under their 审查核验 consent and lets the case
    /// engine decide on it. Without that consent nothing is read and a
    /// person reviews.
    async fn auto_decide(
        &self,
        actor: &Actor,
        ctx: &Context,
        case_no: &CaseNo,
    ) -> Result<Option<Verdict>, ServiceError> {
        let items = ctx.selected.items();
        let [item] = items.as_slice() else {
            return Ok(None);
        };
        if item.auto_decision.is_none() {
            return Ok(None);
        }
        let facts = self
            .subjects
            .read_facts(actor, &ctx.application, Purpose::Review)
            .await?;
        self.cases.auto_decide(case_no, &facts).await
    }
}

/// The case's contact phone: the form's phone field, else the draft's.
fn contact_phone(ctx: &Context, answers: &FormAnswers) -> Option<String> {
    ctx.merged
        .fields
        .iter()
        .filter(|f| f.element.kind == ElementKind::Phone)
        .find_map(|f| answers.get(f.element.code.as_str()).cloned())
        .or_else(|| ctx.draft.phone.clone())
}
