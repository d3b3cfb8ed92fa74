//! The account store: [`AccountStore`] for [`Db`], on either backend.
//!
//! Staff and applicant accounts, one-time login codes, sessions and API
//! tokens. Secrets never reach the database: sessions, codes and tokens
//! are stored as SHA-256 hashes (the caller hashes), passwords as argon2
//! PHC strings. Every write runs in a transaction on the writer pool;
//! counters (wrong passwords, wrong codes) change in single `UPDATE`
//! statements so that concurrent requests are all counted.

mod applicants;
pub(crate) mod rows;
mod sessions;
mod staff;
mod tokens;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tongban_domain::auth::ActorKind;
use tongban_domain::ident::RegionCode;

use crate::{AccountStore, Db, StoreError};
use rows::{
    ApiTokenRow, ApplicantRow, FailedLogin, LockoutRule, LoginCodeRow, SessionAccount, SessionRow,
    StaffRow,
};

const DEPARTMENT_REGION: &str = "SELECT region FROM departments WHERE code = $1";
const REGION_EXISTS: &str = "SELECT code FROM regions WHERE code = $1";

#[async_trait]
impl AccountStore for Db {
    async fn insert_staff(&self, staff: &StaffRow) -> Result<(), StoreError> {
        staff::insert(self, staff).await
    }

    async fn staff(&self, username: &str) -> Result<Option<StaffRow>, StoreError> {
        staff::by_username(self, username).await
    }

    async fn staff_of_department(&self, department: &str) -> Result<Vec<StaffRow>, StoreError> {
        staff::of_department(self, department).await
    }

    async fn record_failed_login(
        &self,
        username: &str,
        now: DateTime<Utc>,
        rule: &LockoutRule,
    ) -> Result<Option<FailedLogin>, StoreError> {
        staff::record_failure(self, username, now, rule).await
    }

    async fn clear_failed_logins(
        &self,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        staff::clear_failures(self, username, now).await
    }

    async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        now: DateTime<Utc>,
        keep_session: Option<&str>,
    ) -> Result<bool, StoreError> {
        staff::set_password(self, username, password_hash, now, keep_session).await
    }

    async fn insert_applicant(&self, applicant: &ApplicantRow) -> Result<(), StoreError> {
        applicants::insert(self, applicant).await
    }

    async fn applicant(&self, id: &str) -> Result<Option<ApplicantRow>, StoreError> {
        applicants::by_id(self, id).await
    }

    async fn applicant_by_phone(&self, phone: &str) -> Result<Option<ApplicantRow>, StoreError> {
        applicants::by_phone(self, phone).await
    }

    async fn put_login_code(&self, code: &LoginCodeRow) -> Result<(), StoreError> {
        sessions::put_code(self, code).await
    }

    async fn consume_login_code(
        &self,
        phone: &str,
        code_hash: &str,
        now: DateTime<Utc>,
        max_attempts: i64,
    ) -> Result<bool, StoreError> {
        sessions::consume_code(self, phone, code_hash, now, max_attempts).await
    }

    async fn insert_session(&self, session: &SessionRow) -> Result<(), StoreError> {
        sessions::insert(self, session).await
    }

    async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionRow>, StoreError> {
        sessions::live(self, token_hash, now).await
    }

    async fn session_with_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(SessionRow, Option<SessionAccount>)>, StoreError> {
        sessions::live_with_account(self, token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<bool, StoreError> {
        sessions::delete(self, token_hash).await
    }

    async fn delete_sessions_of(
        &self,
        kind: ActorKind,
        account_id: &str,
        keep: Option<&str>,
    ) -> Result<u64, StoreError> {
        sessions::delete_of(self, kind, account_id, keep).await
    }

    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        sessions::purge_expired(self, now).await
    }

    async fn insert_api_token(&self, token: &ApiTokenRow) -> Result<(), StoreError> {
        tokens::insert(self, token).await
    }

    async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiTokenRow>, StoreError> {
        tokens::live_by_hash(self, token_hash).await
    }

    async fn api_token(&self, id: &str) -> Result<Option<ApiTokenRow>, StoreError> {
        tokens::by_id(self, id).await
    }

    async fn revoke_api_token(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        tokens::revoke(self, id, now).await
    }

    async fn department_region(&self, department: &str) -> Result<Option<RegionCode>, StoreError> {
        let region: Option<String> = sqlx::query_scalar(DEPARTMENT_REGION)
            .bind(department.to_string())
            .fetch_optional(self.reader())
            .await?;
        region
            .map(|r| rows::region("departments.region", &r))
            .transpose()
    }

    async fn region_exists(&self, region: &str) -> Result<bool, StoreError> {
        let found: Option<String> = sqlx::query_scalar(REGION_EXISTS)
            .bind(region.to_string())
            .fetch_optional(self.reader())
            .await?;
        Ok(found.is_some())
    }
}
