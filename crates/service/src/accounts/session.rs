//! Sessions: begun at login, resumed on every request from the database
//! (so any node can serve it), ended at logout or password change.

use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::mask;
use tongban_store::{ApplicantRow, SessionAccount, SessionRow, StaffRow};

use super::policy::SESSION_LIFETIME;
use super::secret;
use super::{APPLICANT_PREFIX, AccountService, STAFF_PREFIX, SignedIn, types::NewSession};
use crate::error::ServiceError;

impl AccountService {
    /// The signed-in actor of a session token, with the account's current
    /// roles and scope; `None` when the token is unknown, expired or
    /// ended, or its account is gone.
    pub async fn resume(&self, session_token: &str) -> Result<Option<SignedIn>, ServiceError> {
        let now = self.clock.now();
        let hash = secret::sha256_hex(session_token);
        let Some((session, account)) = self
            .store
            .session_with_account(&hash, now)
            .await
            .map_err(ServiceError::store)?
        else {
            return Ok(None);
        };
        // One query reads the session and its account: a signed-in request
        // costs one round trip before its own work.
        let found = match account {
            Some(SessionAccount::Staff(row)) => Some((staff_actor(&row), row.display_name)),
            Some(SessionAccount::Applicant(row)) => {
                Some((applicant_actor(&row), applicant_name(&row)))
            }
            None => None,
        };
        Ok(found.map(|(actor, display_name)| SignedIn {
            actor,
            display_name,
            csrf_token: session.csrf_token,
        }))
    }

    /// Ends the session of this token (nothing happens for an unknown one).
    pub async fn logout(&self, session_token: &str) -> Result<(), ServiceError> {
        let hash = secret::sha256_hex(session_token);
        if self
            .store
            .delete_session(&hash)
            .await
            .map_err(ServiceError::store)?
        {
            tracing::info!("会话已注销");
        }
        Ok(())
    }

    /// Begins a session for an account and stores the hash of its token.
    pub(super) async fn begin_session(
        &self,
        account_id: &str,
        actor: Actor,
        display_name: String,
    ) -> Result<NewSession, ServiceError> {
        let now = self.clock.now();
        // Expired rows go now and then; a failure here only delays that.
        if let Err(err) = self.store.purge_expired(now).await {
            tracing::warn!(code = err.code(), "expired sessions could not be purged");
        }
        let token = secret::token();
        let csrf_token = secret::token();
        let expires_at = now + SESSION_LIFETIME;
        let row = SessionRow {
            token_hash: secret::sha256_hex(&token),
            account_id: account_id.to_string(),
            actor_kind: actor.kind,
            csrf_token: csrf_token.clone(),
            created_at: now,
            expires_at,
        };
        self.store
            .insert_session(&row)
            .await
            .map_err(ServiceError::store)?;
        tracing::info!(actor = %actor.id, "登录成功");
        Ok(NewSession {
            token,
            csrf_token,
            actor,
            display_name,
            expires_at,
        })
    }
}

/// The actor of a staff account.
pub(super) fn staff_actor(row: &StaffRow) -> Actor {
    Actor {
        id: format!("{STAFF_PREFIX}{}", row.username),
        kind: ActorKind::Staff,
        roles: row.roles.clone(),
        region: Some(row.region.clone()),
        department: Some(row.department.clone()),
        token_scopes: None,
    }
}

/// The actor of an applicant account: owns its own things, nothing else.
pub(super) fn applicant_actor(row: &ApplicantRow) -> Actor {
    Actor {
        id: format!("{APPLICANT_PREFIX}{}", row.id),
        kind: ActorKind::Applicant,
        roles: vec![Role::Applicant],
        region: None,
        department: None,
        token_scopes: None,
    }
}

/// The applicant's name, or the masked phone until a name is known.
pub(super) fn applicant_name(row: &ApplicantRow) -> String {
    if row.name.trim().is_empty() {
        mask::phone(&row.phone)
    } else {
        row.name.clone()
    }
}
