//! The window's evaluator device (评价器): a clerk issues a one-time link
//! for a finished case; the applicant at the window scans its QR and rates
//! on the device. Only the token's SHA-256 is stored; it works once, for
//! [`DEVICE_LINK_TTL_HOURS`] hours, for that case only.

use chrono::Duration;
use serde_json::json;
use sha2::{Digest, Sha256};
use tongban_domain::auth::{Action, Actor, ObjectScope};
use tongban_domain::case::{CaseNo, IntakeChannel};
use tongban_domain::ident::Code;
use tongban_domain::review::{Channel, Rating, RatingInput};
use tongban_store::{DeviceToken, StoredCase};

use super::rate::Rater;
use super::{DeviceCase, DeviceLink, ReviewService};
use crate::error::{Refusal, ServiceError};

/// How long a device link works.
pub const DEVICE_LINK_TTL_HOURS: i64 = 2;

/// What an unknown, used, expired or foreign token answers.
pub(super) fn token_invalid() -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "review_device_token_invalid",
        "评价链接无效或已使用，请向窗口工作人员重新获取",
    )
}

/// SHA-256 of a token, hex.
fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl ReviewService {
    /// A window clerk (intake or hand-over scope of the case) issues the
    /// evaluator-device link of a finished case, at `window`.
    pub async fn issue_device_link(
        &self,
        actor: &Actor,
        case_no: &str,
        window: Option<Code>,
    ) -> Result<DeviceLink, ServiceError> {
        let no = CaseNo::parse(case_no).map_err(|_| ServiceError::CaseNotFound)?;
        let stored = self.load(&no).await?;
        let case = &stored.case;
        let region = match &case.channel {
            IntakeChannel::Remote { received_in } => received_in.clone(),
            _ => case.region.clone(),
        };
        let scope = ObjectScope::department(case.lead_department.clone(), region);
        match self.accounts.authorize(actor, Action::DeliverCase, &scope) {
            Err(ServiceError::Forbidden(d)) if d.hides_existence() => {
                return Err(ServiceError::CaseNotFound);
            }
            other => other?,
        }
        if !case.state().is_done() {
            return Err(ServiceError::refused(
                Refusal::Conflict,
                "review_case_not_finished",
                "办件尚未办结，办结后方可请申请人评价",
            ));
        }
        let bytes: [u8; 32] = rand::random();
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let now = self.clock.now();
        let expires_at = now + Duration::hours(DEVICE_LINK_TTL_HOURS);
        let row = DeviceToken {
            token_hash: hash(&token),
            case_no: no.clone(),
            window: window.clone(),
            staff: actor.id.clone(),
            issued_at: now,
            expires_at,
            used_at: None,
        };
        let audit = Self::audit(
            &actor.id,
            no.as_str(),
            "review.device_link_issued",
            now,
            json!({ "window": window, "expires_at": expires_at }),
        );
        self.store
            .insert_device_token(&row, &audit)
            .await
            .map_err(ServiceError::store)?;
        Ok(DeviceLink {
            path: format!("/reviews/device/{no}?t={token}"),
            case_no: no,
            expires_at,
        })
    }

    /// What the device shows for a live token of `case_no`.
    pub async fn device_case(
        &self,
        case_no: &str,
        token: &str,
    ) -> Result<DeviceCase, ServiceError> {
        let (stored, row) = self.live_token(case_no, token).await?;
        Ok(DeviceCase {
            name: stored.case.name.clone(),
            state: stored.case.state(),
            case_no: stored.case.case_no,
            window: row.window,
        })
    }

    /// The applicant rates on the device; the token is spent in the same
    /// transaction, so it rates once. The rater is the case's applicant.
    pub async fn rate_on_device(
        &self,
        case_no: &str,
        token: &str,
        input: RatingInput,
    ) -> Result<Rating, ServiceError> {
        let (stored, row) = self.live_token(case_no, token).await?;
        let owner = stored.owner.clone().ok_or_else(token_invalid)?;
        let rater = Rater {
            rater: owner,
            channel: Channel::Device,
            window: row.window,
            staff: Some(row.staff),
            device_token: Some(row.token_hash),
        };
        self.rate_case(&stored, input, rater).await
    }

    /// The case and token row when `token` is live for `case_no`.
    async fn live_token(
        &self,
        case_no: &str,
        token: &str,
    ) -> Result<(StoredCase, DeviceToken), ServiceError> {
        let no = CaseNo::parse(case_no).map_err(|_| token_invalid())?;
        if token.len() != 64 {
            return Err(token_invalid());
        }
        let row = self
            .store
            .device_token(&hash(token))
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(token_invalid)?;
        if row.case_no != no || row.used_at.is_some() || row.expires_at <= self.clock.now() {
            return Err(token_invalid());
        }
        let stored = self.load(&no).await.map_err(|_| token_invalid())?;
        Ok((stored, row))
    }

    /// A case by number, or `case_not_found`.
    async fn load(&self, no: &CaseNo) -> Result<StoredCase, ServiceError> {
        self.cases
            .load_case(no)
            .await
            .map_err(ServiceError::store)?
            .ok_or(ServiceError::CaseNotFound)
    }
}
