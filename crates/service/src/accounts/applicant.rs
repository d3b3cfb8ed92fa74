//! Applicants: log in with a phone number and a one-time code; the account
//! is created (as a person) at the first login.

use tongban_store::{ApplicantKind, ApplicantRow, LoginCodeRow, StoreError};

use super::policy::{CODE_LIFETIME, MAX_CODE_ATTEMPTS};
use super::session::{applicant_actor, applicant_name};
use super::types::NewSession;
use super::{AccountService, secret};
use crate::error::ServiceError;

/// Random bytes in an applicant account id.
const APPLICANT_ID_BYTES: usize = 12;

impl AccountService {
    /// Sends a fresh six-digit code, valid for five minutes, to `phone`
    /// through the SMS gateway. It replaces any earlier code of the phone.
    pub async fn request_code(&self, phone: &str) -> Result<(), ServiceError> {
        check_phone(phone)?;
        let code = secret::six_digits();
        let row = LoginCodeRow {
            phone: phone.to_string(),
            code_hash: code_hash(phone, &code),
            expires_at: self.clock.now() + CODE_LIFETIME,
        };
        self.store
            .put_login_code(&row)
            .await
            .map_err(ServiceError::store)?;
        self.sms.send_code(phone, &code)
    }

    /// Logs an applicant in with the code sent to `phone`. A wrong,
    /// expired, reused or burnt code gets [`ServiceError::InvalidCode`].
    /// The first login creates the account (a person, name unknown).
    pub async fn login_applicant(
        &self,
        phone: &str,
        code: &str,
    ) -> Result<NewSession, ServiceError> {
        check_phone(phone)?;
        let now = self.clock.now();
        let well_formed = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
        let accepted = well_formed
            && self
                .store
                .consume_login_code(phone, &code_hash(phone, code), now, MAX_CODE_ATTEMPTS)
                .await
                .map_err(ServiceError::store)?;
        if !accepted {
            tracing::info!(code = "invalid_code", "申请人登录失败：验证码无效");
            return Err(ServiceError::InvalidCode);
        }
        let row = self.applicant_for(phone).await?;
        let actor = applicant_actor(&row);
        self.begin_session(&row.id, actor, applicant_name(&row))
            .await
    }

    /// The applicant of `phone`, created when there is none. Two first
    /// logins at once both end with the one account.
    async fn applicant_for(&self, phone: &str) -> Result<ApplicantRow, ServiceError> {
        if let Some(row) = self
            .store
            .applicant_by_phone(phone)
            .await
            .map_err(ServiceError::store)?
        {
            return Ok(row);
        }
        let row = ApplicantRow {
            id: secret::random_text(APPLICANT_ID_BYTES),
            kind: ApplicantKind::Person,
            name: String::new(),
            phone: phone.to_string(),
            id_number: None,
            uscc: None,
            created_at: self.clock.now(),
        };
        match self.store.insert_applicant(&row).await {
            Ok(()) => {
                tracing::info!(applicant = %row.id, "申请人账号已创建");
                Ok(row)
            }
            Err(StoreError::AlreadyExists { .. }) => self
                .store
                .applicant_by_phone(phone)
                .await
                .map_err(ServiceError::store)?
                .ok_or(ServiceError::AccountsUnavailable),
            Err(other) => Err(ServiceError::store(other)),
        }
    }
}

/// What the store keeps of a code: bound to its phone.
fn code_hash(phone: &str, code: &str) -> String {
    secret::sha256_hex(&format!("{phone}:{code}"))
}

/// A mainland mobile number: 11 digits beginning with 1.
pub(super) fn check_phone(phone: &str) -> Result<(), ServiceError> {
    if phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ServiceError::InvalidAccount {
            field: "phone".into(),
            reason: "应为以 1 开头的 11 位手机号码".into(),
        })
    }
}
