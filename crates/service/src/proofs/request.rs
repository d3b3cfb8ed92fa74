//! The citizen's side: the proof catalog, requesting a proof and
//! following one's own requests.

use serde_json::json;
use tongban_domain::auth::{Action, Actor, ObjectScope};
use tongban_domain::licence::HolderKind;
use tongban_domain::proof::NewProofRequest;
use tongban_domain::subject::SubjectKey;
use tongban_store::NewProofEvent;

use super::{
    PROOF_REQUESTED, ProofRequestView, ProofService, ProofTypeView, local_date, new_id,
    proof_refusal,
};
use crate::error::{Refusal, ServiceError};

impl ProofService {
    /// The proof catalog (public): every proof type, replaced ones
    /// included with what replaced them, by code.
    pub async fn proof_types(&self) -> Result<Vec<ProofTypeView>, ServiceError> {
        let catalog = self.catalog().await?;
        let mut views: Vec<ProofTypeView> = catalog
            .proofs
            .iter()
            .map(|p| ProofTypeView::of(p, &catalog))
            .collect();
        views.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(views)
    }

    /// One proof type of the catalog (public).
    pub async fn proof_type_view(&self, code: &str) -> Result<ProofTypeView, ServiceError> {
        let catalog = self.catalog().await?;
        let proof = Self::proof_type(&catalog, code)?;
        Ok(ProofTypeView::of(proof, &catalog))
    }

    /// A signed-in applicant linked to a subject (实名核验 done) requests a
    /// proof of `proof_type` for `purpose`. Due the request day plus the
    /// type's deadline in working days. A replaced type is refused
    /// (`proof_replaced`, naming the replacement). The issuing department
    /// is told by the `proof.requested` event, written with the request.
    pub async fn request(
        &self,
        actor: &Actor,
        proof_type: &str,
        purpose: &str,
    ) -> Result<ProofRequestView, ServiceError> {
        self.accounts.authorize(
            actor,
            Action::ReadOwnData,
            &ObjectScope::default().owned_by(actor.id.clone()),
        )?;
        let subject = self
            .subjects
            .linked_subject(&actor.id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| {
                ServiceError::refused(
                    Refusal::Invalid,
                    "identity_required",
                    "请先完成实名核验，再申请开具证明",
                )
            })?;
        let catalog = self.catalog().await?;
        let proof = Self::proof_type(&catalog, proof_type)?;
        let holder_kind = if subject
            .keys()
            .iter()
            .any(|k| matches!(k, SubjectKey::Uscc(_)))
        {
            HolderKind::Enterprise
        } else {
            HolderKind::Person
        };
        let now = self.now();
        let request = proof
            .request(
                NewProofRequest {
                    id: new_id("pr"),
                    subject: subject.id.clone(),
                    holder_kind,
                    requester: actor.id.clone(),
                    purpose: purpose.to_string(),
                    requested_at: now,
                    requested_on: local_date(now),
                },
                self.calendar()?,
            )
            .map_err(proof_refusal)?;
        let event = NewProofEvent {
            event: PROOF_REQUESTED.to_string(),
            payload: json!({
                "request": request.id,
                "proof_type": request.proof_type,
                "proof_name": proof.name,
                "issuer": request.issuer,
                "due": request.due,
            }),
        };
        self.store
            .insert_proof_request(&request, &[event], now)
            .await
            .map_err(ServiceError::store)?;
        tracing::info!(
            request = %request.id,
            proof_type = %request.proof_type,
            actor = %actor.id,
            "证明申请已提交"
        );
        Ok(ProofRequestView::of(&request, &catalog, local_date(now)))
    }

    /// The applicant's own requests, newest first.
    pub async fn my_requests(&self, actor: &Actor) -> Result<Vec<ProofRequestView>, ServiceError> {
        self.accounts.authorize(
            actor,
            Action::ReadOwnData,
            &ObjectScope::default().owned_by(actor.id.clone()),
        )?;
        let rows = self
            .store
            .proof_requests_of(&actor.id)
            .await
            .map_err(ServiceError::store)?;
        let catalog = self.catalog().await?;
        let today = local_date(self.now());
        Ok(rows
            .iter()
            .map(|r| ProofRequestView::of(&r.request, &catalog, today))
            .collect())
    }

    /// One request: its requester sees it, and so does staff of the
    /// issuing department; to anyone else it is missing.
    pub async fn request_view(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<ProofRequestView, ServiceError> {
        let action = if actor.department.is_some() {
            Action::ReadDepartmentWork
        } else {
            Action::ReadOwnData
        };
        let (row, _) = self.visible(actor, id, action).await?;
        let catalog = self.catalog().await?;
        Ok(ProofRequestView::of(
            &row.request,
            &catalog,
            local_date(self.now()),
        ))
    }
}
