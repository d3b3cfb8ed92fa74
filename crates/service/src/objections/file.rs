//! The holder's side: their licence with its fields, filing an objection
//! to one field, and their objections with the outcome.

use serde::Deserialize;
use tongban_domain::auth::{Action, Actor, ObjectScope};
use tongban_domain::ident::Code;
use tongban_domain::licence::objection::{Filing, Objection};
use tongban_domain::licence::{Licence, LicenceNumber};
use tongban_domain::subject::SubjectId;
use tongban_store::{ObjectionInsert, ObjectionRow};

use super::{
    Correctable, LIST_LIMIT, ObjectionService, ObjectionView, event, local_date, new_id, refusal,
};
use crate::error::{Refusal, ServiceError};

/// What a holder asks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ObjectionRequest {
    /// The data-element code of the wrong field.
    pub field: String,
    /// The value the holder believes correct.
    pub proposed: String,
    /// Why.
    pub reason: String,
    /// An optional note on the evidence (a document, a registry entry).
    #[serde(default)]
    pub evidence: Option<String>,
}

/// One of the holder's licences, as the objection form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldLicence {
    /// The licence number.
    pub number: LicenceNumber,
    /// The licence type's name.
    pub name: String,
    /// The issuing department's name.
    pub issuer_name: String,
    /// The signed content's version.
    pub version: u32,
    /// Every declared field with its current value, in printing order.
    pub fields: Vec<HeldField>,
    /// The objections to this licence, newest first.
    pub objections: Vec<ObjectionView>,
}

/// A field of a held licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldField {
    /// The data-element code.
    pub element: Code,
    /// The printed label.
    pub label: String,
    /// The current value (empty when absent).
    pub value: String,
    /// A pending objection to it already exists.
    pub pending: bool,
}

impl ObjectionService {
    /// The caller's licence `number` with its fields and the objections to
    /// it. Someone else's licence answers `licence_not_found`.
    pub async fn held_licence(
        &self,
        actor: &Actor,
        number: &str,
    ) -> Result<HeldLicence, ServiceError> {
        let (subject, held) = self.own_licence(actor, number).await?;
        let today = local_date(self.now());
        let objections: Vec<ObjectionView> = self
            .of_holder(&subject)
            .await?
            .iter()
            .filter(|r| r.objection.licence == held.licence.number)
            .map(|r| ObjectionView::of(&r.objection, today, false))
            .collect();
        let licence: &Licence = &held.licence;
        let fields = held
            .licence_type
            .fields
            .iter()
            .map(|f| HeldField {
                element: f.element.clone(),
                label: f.label.clone(),
                value: licence.fields.get(&f.element).cloned().unwrap_or_default(),
                pending: objections
                    .iter()
                    .any(|o| o.field == f.element && o.state.is_pending()),
            })
            .collect();
        Ok(HeldLicence {
            number: licence.number.clone(),
            name: licence.type_name.clone(),
            issuer_name: licence.issuer.name.clone(),
            version: licence.version,
            fields,
            objections,
        })
    }

    /// Files the caller's objection to one field of their licence `number`.
    /// Due [`ObjectionService::deadline_days`] working days after today.
    /// A field with a pending objection is refused
    /// (`objection_already_pending`).
    pub async fn file(
        &self,
        actor: &Actor,
        number: &str,
        request: ObjectionRequest,
    ) -> Result<ObjectionView, ServiceError> {
        let (_, held) = self.own_licence(actor, number).await?;
        let field = Code::parse(request.field.trim()).map_err(|_| {
            ServiceError::refused(
                Refusal::Invalid,
                "objection_field_unknown",
                "请选择证照上的一个字段提出异议",
            )
        })?;
        let now = self.now();
        let today = local_date(now);
        let objection = Objection::file(
            &held.licence,
            &held.licence_type,
            Filing {
                id: new_id(),
                field,
                proposed: request.proposed,
                reason: request.reason,
                evidence: request.evidence,
                filed_by: actor.id.clone(),
                filed_at: now,
                filed_on: today,
            },
            self.calendar()?,
            self.deadline_days,
        )
        .map_err(refusal)?;
        let row = ObjectionRow {
            objection,
            case_no: held.case_no.clone(),
            row_version: 1,
            overdue_at: None,
            created_at: now,
            updated_at: now,
        };
        let filed = event("licence.objection_filed", &row.objection);
        match self.store.insert_objection(&row, &filed).await {
            Ok(ObjectionInsert::Inserted) => {
                tracing::info!(
                    objection = %row.objection.id,
                    licence = %row.objection.licence,
                    field = %row.objection.field,
                    due_on = %row.objection.due_on,
                    "证照异议已提交"
                );
                Ok(ObjectionView::of(&row.objection, today, false))
            }
            Ok(ObjectionInsert::Pending(existing)) => Err(ServiceError::refused(
                Refusal::Conflict,
                "objection_already_pending",
                format!(
                    "您对“{}”的异议（{}）尚在核实中，请等待处理结果后再提出",
                    existing.objection.field_label,
                    existing.objection.state.label()
                ),
            )),
            Err(e) => Err(ServiceError::store(e)),
        }
    }

    /// The caller's objections (to licences their subject holds), newest
    /// first; empty before 实名核验.
    pub async fn mine(&self, actor: &Actor) -> Result<Vec<ObjectionView>, ServiceError> {
        let Some(subject) = self.subjects.subject_of(actor).await? else {
            return Ok(Vec::new());
        };
        self.own_scope(actor)?;
        let today = local_date(self.now());
        Ok(self
            .of_holder(&subject.id)
            .await?
            .iter()
            .map(|r| ObjectionView::of(&r.objection, today, false))
            .collect())
    }

    async fn of_holder(&self, subject: &SubjectId) -> Result<Vec<ObjectionRow>, ServiceError> {
        self.store
            .objections_of_holder(subject.as_str(), LIST_LIMIT)
            .await
            .map_err(ServiceError::store)
    }

    /// The caller's subject and their licence `number`; a licence that is
    /// missing, malformed or held by another subject is `licence_not_found`.
    async fn own_licence(
        &self,
        actor: &Actor,
        number: &str,
    ) -> Result<(SubjectId, Correctable), ServiceError> {
        let subject = self.subjects.subject_of(actor).await?;
        let held = match self.licences.correctable(number).await {
            Ok(held) => Some(held),
            Err(e) if e.code() == "licence_not_found" => None,
            Err(e) => return Err(e),
        };
        match (subject, held) {
            (Some(subject), Some(held)) if held.licence.holder.subject == subject.id => {
                self.own_scope(actor)?;
                Ok((subject.id, held))
            }
            _ => Err(licence_not_found(number)),
        }
    }

    /// The gate: the caller acts on their own data.
    fn own_scope(&self, actor: &Actor) -> Result<(), ServiceError> {
        let own = ObjectScope::default().owned_by(actor.id.clone());
        self.accounts.authorize(actor, Action::ReadOwnData, &own)
    }
}

/// The answer for a licence that is missing or not the caller's (the
/// same, so nobody can probe other holders' licences).
fn licence_not_found(number: &str) -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "licence_not_found",
        format!(
            "未找到您持有的证照“{}”",
            number.chars().take(40).collect::<String>()
        ),
    )
}
