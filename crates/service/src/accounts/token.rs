//! API tokens of department systems: issued by a catalog administrator
//! within their region, limited to scopes, shown once, stored hashed.

use tongban_domain::auth::{Action, Actor, ActorKind, ObjectScope, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::ApiTokenRow;

use super::staff::check_name;
use super::types::IssuedToken;
use super::{AccountService, TOKEN_PREFIX, secret};
use crate::error::ServiceError;

/// Random bytes in a token id.
const TOKEN_ID_BYTES: usize = 9;
/// Prefix of every token secret, so a leaked one is recognisable.
const SECRET_PREFIX: &str = "tb_";

impl AccountService {
    /// Issues an API token for `department`, allowed only `scopes`. Only a
    /// catalog administrator whose region contains the department may
    /// (the gate is `manage_catalog` on the department); scopes must be
    /// actions the system role can take. The secret is returned this once.
    pub async fn issue_token(
        &self,
        actor: &Actor,
        name: &str,
        department: &Code,
        scopes: &[Action],
    ) -> Result<IssuedToken, ServiceError> {
        let region = self
            .store
            .department_region(department.as_str())
            .await
            .map_err(ServiceError::store)?;
        let scope = ObjectScope {
            region: region.clone(),
            department: Some(department.clone()),
            owner: None,
        };
        self.authorize(actor, Action::ManageCatalog, &scope)?;
        let Some(region) = region else {
            return Err(ServiceError::InvalidAccount {
                field: "department".into(),
                reason: format!("目录中没有部门“{department}”"),
            });
        };
        let name = check_name("name", name)?;
        check_scopes(scopes)?;
        let id = secret::random_text(TOKEN_ID_BYTES);
        let issued = self
            .store_token(&id, &name, department, &region, scopes, &actor.id)
            .await?;
        tracing::info!(actor = %actor.id, token = %id, "接口令牌已签发");
        Ok(issued)
    }

    /// The actor of an API token secret: the system role, the token's
    /// department and region, and its scopes. `None` when the secret is
    /// unknown or the token revoked.
    pub async fn token_actor(&self, secret: &str) -> Result<Option<Actor>, ServiceError> {
        let hash = secret::sha256_hex(secret);
        let row = self
            .store
            .api_token_by_hash(&hash)
            .await
            .map_err(ServiceError::store)?;
        Ok(row.map(|t| Actor {
            id: format!("{TOKEN_PREFIX}{}", t.id),
            kind: ActorKind::Token,
            roles: vec![Role::System],
            region: Some(t.region),
            department: Some(t.department),
            token_scopes: Some(t.scopes),
        }))
    }

    /// Stores a token under `id` with a fresh secret.
    pub(super) async fn store_token(
        &self,
        id: &str,
        name: &str,
        department: &Code,
        region: &RegionCode,
        scopes: &[Action],
        created_by: &str,
    ) -> Result<IssuedToken, ServiceError> {
        let secret = format!("{SECRET_PREFIX}{}", secret::token());
        let mut scopes = scopes.to_vec();
        scopes.sort();
        scopes.dedup();
        let row = ApiTokenRow {
            id: id.to_string(),
            name: name.to_string(),
            token_hash: secret::sha256_hex(&secret),
            department: department.clone(),
            region: region.clone(),
            scopes,
            created_by: created_by.to_string(),
            created_at: self.clock.now(),
            revoked_at: None,
        };
        self.store
            .insert_api_token(&row)
            .await
            .map_err(ServiceError::store)?;
        Ok(IssuedToken {
            id: id.to_string(),
            secret,
        })
    }
}

/// At least one scope, each an action the system role may take.
fn check_scopes(scopes: &[Action]) -> Result<(), ServiceError> {
    if scopes.is_empty() || scopes.iter().any(|a| Role::System.reach(*a).is_none()) {
        let allowed: Vec<&str> = Action::ALL
            .into_iter()
            .filter(|a| Role::System.reach(*a).is_some())
            .map(Action::label)
            .collect();
        return Err(ServiceError::InvalidAccount {
            field: "scopes".into(),
            reason: format!("至少选择一项，且只能是：{}", allowed.join("、")),
        });
    }
    Ok(())
}
