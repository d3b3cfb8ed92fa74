//! The issuer's side: issuing the e-proof of a request as a signed
//! licence of the proof type's document type.

use std::collections::BTreeMap;

use serde_json::json;
use tongban_domain::auth::{Action, Actor};
use tongban_domain::catalog::Department;
use tongban_domain::ident::Code;
use tongban_domain::licence::{LicenceHolder, LicenceNumber};
use tongban_domain::proof::{ProofRequestState, ProofType};
use tongban_domain::subject::Subject;
use tongban_store::{IssuedFor, LicenceInsert, NewProofEvent, StoreError};

use super::{PROOF_ISSUED, ProofRequestView, ProofService, local_date, proof_refusal};
use crate::error::{Refusal, ServiceError};
use crate::licences::prepare::NewLicence;

/// The data element filled with the request's purpose (证明用途).
const PURPOSE_ELEMENT: &str = "proof-purpose";
/// The data element filled with the holder's name.
const NAME_ELEMENT: &str = "person-name";

impl ProofService {
    /// Issues the e-proof of request `id` (staff of the issuing department
    /// in scope): a licence of the proof type's document type, numbered,
    /// signed with the department's seal and stored in the licence store,
    /// so `/verify/{number}` verifies it. `fields` are the values the
    /// officer checked (e.g. 居住地址); the holder's name and the purpose
    /// are filled in from the request. Issuing twice (or concurrently)
    /// gives one e-proof.
    pub async fn issue(
        &self,
        actor: &Actor,
        id: &str,
        fields: BTreeMap<Code, String>,
    ) -> Result<ProofRequestView, ServiceError> {
        let (row, department) = self.visible(actor, id, Action::ExamineCase).await?;
        let catalog = self.catalog().await?;
        let now = self.now();
        let today = local_date(now);
        if let ProofRequestState::Issued { .. } = row.request.state {
            return Ok(ProofRequestView::of(&row.request, &catalog, today));
        }
        // Refused requests stay refused: check before any licence is made.
        row.request.check_open().map_err(proof_refusal)?;
        let mut request = row.request.clone();
        let proof = Self::proof_type(&catalog, request.proof_type.as_str())?.clone();
        let subject = self
            .subjects
            .subject(&request.subject)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| {
                ServiceError::refused(
                    Refusal::NotFound,
                    "subject_not_found",
                    "未找到申请人的档案，无法开具证明",
                )
            })?;
        let values = proof_fields(&proof, &subject, &request.purpose, fields);
        let licence = self
            .issue_licence(&proof, &department, &subject, values, id, now)
            .await?;
        request
            .issue(licence.clone(), &actor.id, now)
            .map_err(proof_refusal)?;
        let event = NewProofEvent {
            event: PROOF_ISSUED.to_string(),
            payload: json!({
                "request": request.id,
                "proof_type": request.proof_type,
                "issuer": request.issuer,
                "licence": licence.as_str(),
                // The requester is told in-app (the dispatcher's contract).
                "recipient": request.requester,
                "message": {
                    "title": "证明已出具",
                    "body": format!(
                        "您申请的“{}”已出具，电子证明编号 {}，可在卡包中查看和出示。",
                        proof.name,
                        licence.grouped()
                    ),
                },
            }),
        };
        match self
            .store
            .update_proof_request(&request, row.row_version, &[event], now)
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => return self.settled(id, today).await,
            Err(e) => return Err(ServiceError::store(e)),
        }
        tracing::info!(request = %request.id, licence = %licence, actor = %actor.id, "电子证明已开具");
        Ok(ProofRequestView::of(&request, &catalog, today))
    }

    /// After a lost race: the request as the winner left it, or a conflict
    /// when it was refused meanwhile.
    async fn settled(
        &self,
        id: &str,
        today: chrono::NaiveDate,
    ) -> Result<ProofRequestView, ServiceError> {
        let catalog = self.catalog().await?;
        let row = self
            .store
            .proof_request(id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| super::not_found(id))?;
        match row.request.state {
            ProofRequestState::Issued { .. } => {
                Ok(ProofRequestView::of(&row.request, &catalog, today))
            }
            _ => Err(ServiceError::refused(
                Refusal::Conflict,
                "proof_request_changed",
                "该证明申请已被他人处理，请刷新后查看",
            )),
        }
    }

    /// Numbers, issues, signs (through `LicenceService::prepare_licence`,
    /// the one place a licence is made) and stores the licence of an
    /// e-proof, once per request (the request id is its issuing reference).
    async fn issue_licence(
        &self,
        proof: &ProofType,
        department: &Department,
        subject: &Subject,
        fields: BTreeMap<Code, String>,
        request_id: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<LicenceNumber, ServiceError> {
        let issued_for = IssuedFor {
            case_no: format!("proof:{request_id}"),
            item: proof.code.to_string(),
        };
        if let Some(found) = self
            .licence_store
            .licence_issued_for(&issued_for.case_no, &issued_for.item)
            .await
            .map_err(ServiceError::store)?
        {
            return Ok(found.licence.number);
        }
        let identifier = subject.keys().into_iter().next().ok_or_else(|| {
            ServiceError::refused(
                Refusal::Invalid,
                "subject_without_identifier",
                "申请人档案缺少证件号码，无法开具证明",
            )
        })?;
        let row = self
            .licences
            .prepare_licence(
                &proof.licence_type(),
                &department.code,
                NewLicence {
                    holder: LicenceHolder {
                        subject: subject.id.clone(),
                        name: subject.name().to_string(),
                        identifier,
                    },
                    fields,
                    issued_on: local_date(now),
                    by: proof.code.clone(),
                    replaces: Vec::new(),
                    issued_for: Some(issued_for.clone()),
                },
            )
            .await?;
        match self.licence_store.insert_licence(&row).await {
            Ok(LicenceInsert::Inserted) => Ok(row.licence.number),
            Ok(LicenceInsert::Existing(existing)) => Ok(existing.licence.number),
            Err(e) => match self
                .licence_store
                .licence_issued_for(&issued_for.case_no, &issued_for.item)
                .await
            {
                Ok(Some(found)) => Ok(found.licence.number),
                _ => Err(ServiceError::store(e)),
            },
        }
    }
}

/// True for the data elements filled in from the request.
pub(super) fn is_auto_filled(element: &str) -> bool {
    matches!(element, PURPOSE_ELEMENT | NAME_ELEMENT)
}

/// The e-proof's field values: the officer's (blank ones dropped), with
/// the holder's name and the purpose filled in when the type carries them
/// and the officer gave none. Fields the type does not carry are refused
/// later by the licence type.
fn proof_fields(
    proof: &ProofType,
    subject: &Subject,
    purpose: &str,
    given: BTreeMap<Code, String>,
) -> BTreeMap<Code, String> {
    let mut values: BTreeMap<Code, String> = given
        .into_iter()
        .map(|(k, v)| (k, v.trim().to_string()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    for field in &proof.fields {
        let auto = match field.element.as_str() {
            PURPOSE_ELEMENT => Some(purpose.to_string()),
            NAME_ELEMENT => Some(subject.name().to_string()),
            _ => None,
        };
        if let Some(value) = auto {
            values.entry(field.element.clone()).or_insert(value);
        }
    }
    values
}
