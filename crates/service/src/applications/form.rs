//! 一表申请 for a draft: the merged form prefilled from consented sources
//! (each prefilled field says where its value came from), only the missing
//! fields asked, answers checked per data element.

use serde::Serialize;
use tongban_domain::auth::Actor;
use tongban_domain::catalog::ElementKind;
use tongban_domain::form::{FieldError, FilledForm, FormAnswers, FormReport, FormRules};
use tongban_domain::ident::Code;
use tongban_domain::mask;
use tongban_domain::subject::{ConsentId, SourceRef};

use super::ApplicationService;
use super::context::Context;
use crate::error::{Refusal, ServiceError};

/// A draft's merged form as the applicant sees it.
#[derive(Debug, Clone, Serialize)]
pub struct FormView {
    /// The draft's id.
    pub draft: String,
    /// The version to name when saving.
    pub version: i64,
    /// The bundle's or the item's name.
    pub title: String,
    /// False before 实名核验 (nothing can be prefilled then).
    pub identity_verified: bool,
    /// Every field of the one form, in order.
    pub fields: Vec<FormField>,
    /// Fields asked by the one form against the separate forms, and how
    /// many were prefilled.
    pub report: FormReport,
    /// “本次申请需填写 N 项，分别办理需填写 M 项”.
    pub report_text: String,
    /// Problems with the answers (a refused save lists them here).
    pub errors: Vec<FieldError>,
}

/// One field of the one form.
#[derive(Debug, Clone, Serialize)]
pub struct FormField {
    /// The data element's code (the answer's key).
    pub element: Code,
    /// The canonical name shown as the label.
    pub name: String,
    /// The value's kind.
    pub kind: ElementKind,
    /// Required by at least one member.
    pub required: bool,
    /// Choices for a `choice` element.
    pub dictionary: Vec<String>,
    /// The labels the members' own forms use (“个体工商户设立登记：经营者姓名”).
    pub asked_by: Vec<String>,
    /// The value taken from a consented source, if any.
    pub prefilled: Option<PrefillView>,
    /// The applicant's own answer, for display (ID and phone numbers masked).
    pub answer: Option<String>,
    /// True when the value is an ID or phone number (shown masked).
    pub sensitive: bool,
}

/// A prefilled value with where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct PrefillView {
    /// The value, for display (ID and phone numbers masked).
    pub value: String,
    /// The source read.
    pub source: SourceRef,
    /// The source's Chinese name.
    pub source_name: String,
    /// The consent the read was made under.
    pub consent: ConsentId,
    /// “已由公安户籍信息预填”.
    pub note: String,
}

/// A value as pages and the API show it: ID and phone numbers masked.
pub fn display_value(kind: ElementKind, value: &str) -> String {
    match kind {
        ElementKind::ResidentId => mask::id_number(value),
        ElementKind::Phone => mask::phone(value),
        _ => value.to_string(),
    }
}

/// The report sentence shown on the form page and in the API.
pub fn report_text(report: &FormReport) -> String {
    format!(
        "本次申请需填写 {} 项，分别办理需填写 {} 项",
        report.asked_merged, report.asked_separately
    )
}

impl ApplicationService {
    /// The draft's merged form, prefilled from the sources this draft's
    /// consents open (each read is logged).
    pub async fn form(&self, actor: &Actor, draft: &str) -> Result<FormView, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        let filled = self.filled(actor, &ctx).await?;
        Ok(view(&ctx, &filled, &ctx.draft.answers, Vec::new()))
    }

    /// Replaces the applicant's typed answers (an empty value clears one).
    /// Every value is checked against its data element; on any problem
    /// nothing is saved and the refusal (`form_invalid`, 422) names each
    /// field. Missing required fields are reported at submission.
    pub async fn save_form(
        &self,
        actor: &Actor,
        draft: &str,
        version: i64,
        answers: FormAnswers,
    ) -> Result<FormView, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        ctx.editable()?;
        let answers: FormAnswers = answers
            .into_iter()
            .map(|(k, v)| (k, v.trim().to_string()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let errors = check_values(&ctx, &answers);
        if !errors.is_empty() {
            return Err(invalid(&errors));
        }
        self.save_answers(actor, &ctx, version, answers).await?;
        self.form(actor, draft).await
    }

    /// The form with the problems a save would report, without saving:
    /// for pages that show errors beside the fields.
    pub async fn check_form(
        &self,
        actor: &Actor,
        draft: &str,
        answers: &FormAnswers,
    ) -> Result<FormView, ServiceError> {
        let ctx = self.context(actor, draft).await?;
        let filled = self.filled(actor, &ctx).await?;
        let errors = check_values(&ctx, answers);
        Ok(view(&ctx, &filled, answers, errors))
    }
}

/// The refusal of a form with problems, naming every field.
pub(crate) fn invalid(errors: &[FieldError]) -> ServiceError {
    let listed: Vec<String> = errors
        .iter()
        .map(|e| format!("{}（{}）", e.message, e.element))
        .collect();
    ServiceError::refused(
        Refusal::Invalid,
        "form_invalid",
        format!("申请表填写有误：{}", listed.join("；")),
    )
}

/// Each non-empty value checked against its element; unknown keys refused.
fn check_values(ctx: &Context, answers: &FormAnswers) -> Vec<FieldError> {
    let rules = FormRules::compile(&ctx.merged);
    let mut errors = Vec::new();
    for (key, value) in answers {
        match ctx.merged.field(key) {
            Some(field) => {
                if let Err(e) = rules.check_value(&field.element, value) {
                    errors.push(e);
                }
            }
            None => errors.push(FieldError {
                element: key.clone(),
                code: "form_unknown_field",
                message: format!("本申请表中没有字段“{key}”，请刷新页面后重新填写"),
            }),
        }
    }
    errors
}

/// The view of a form with these typed answers and errors.
pub(crate) fn view(
    ctx: &Context,
    filled: &FilledForm,
    typed: &FormAnswers,
    errors: Vec<FieldError>,
) -> FormView {
    let item_name = |code: &Code| {
        ctx.selected
            .catalog
            .item(code.as_str())
            .map_or_else(|| code.to_string(), |i| i.name.clone())
    };
    let fields = filled
        .fields
        .iter()
        .map(|f| {
            let e = &f.field.element;
            FormField {
                element: e.code.clone(),
                name: e.name.clone(),
                kind: e.kind,
                required: f.field.required,
                dictionary: e.dictionary.clone(),
                asked_by: f
                    .field
                    .uses
                    .iter()
                    .map(|u| format!("{}：{}", item_name(&u.item), u.label))
                    .collect(),
                prefilled: f.prefill.as_ref().map(|p| PrefillView {
                    value: display_value(e.kind, &p.value),
                    source: p.source.source.clone(),
                    source_name: p.source.name.clone(),
                    consent: p.source.consent.clone(),
                    note: format!("已由{}预填", p.source.name),
                }),
                answer: typed.get(e.code.as_str()).map(|v| display_value(e.kind, v)),
                sensitive: matches!(e.kind, ElementKind::ResidentId | ElementKind::Phone),
            }
        })
        .collect();
    FormView {
        draft: ctx.draft_id.clone(),
        version: ctx.draft.version,
        title: ctx.selected.title.clone(),
        identity_verified: ctx.subject.is_some(),
        fields,
        report: filled.report,
        report_text: report_text(&filled.report),
        errors,
    }
}
