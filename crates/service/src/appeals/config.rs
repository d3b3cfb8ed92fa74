//! What supervisors configure: dispatch rules and limits per category,
//! and saved import mappings.

use tongban_domain::appeal::{CategoryRule, ImportMapping};
use tongban_domain::auth::Actor;

use super::{AppealService, gate, not_found, refused, store_error};
use crate::error::{Refusal, ServiceError};

impl AppealService {
    /// Saves a category's dispatch rule (lead, co-departments, answer and
    /// resolution limits), replacing an earlier one. Supervisors only.
    pub async fn set_rule(&self, actor: &Actor, rule: CategoryRule) -> Result<(), ServiceError> {
        let region = actor.region.clone().ok_or_else(not_found)?;
        gate::supervise(&self.accounts, actor, &region)?;
        rule.check().map_err(refused)?;
        let rule = CategoryRule {
            category: rule.category.trim().to_string(),
            ..rule
        };
        self.store
            .put_appeal_rule(&rule, &actor.id, self.clock.now())
            .await
            .map_err(store_error)
    }

    /// Every dispatch rule, for staff who file or dispatch.
    pub async fn rules(&self, actor: &Actor) -> Result<Vec<CategoryRule>, ServiceError> {
        let region = actor.region.clone().ok_or_else(not_found)?;
        gate::staff_of_region(&self.accounts, actor, &region)?;
        self.store.appeal_rules().await.map_err(store_error)
    }

    /// Saves an import mapping under its name, replacing an earlier one.
    /// Supervisors and window clerks of a region.
    pub async fn save_mapping(
        &self,
        actor: &Actor,
        mapping: ImportMapping,
    ) -> Result<(), ServiceError> {
        let region = actor.region.clone().ok_or_else(not_found)?;
        gate::staff_of_region(&self.accounts, actor, &region)?;
        mapping
            .check()
            .map_err(|p| ServiceError::refused(Refusal::Invalid, "appeal_bad_mapping", p.reason))?;
        let mapping = ImportMapping {
            name: mapping.name.trim().to_string(),
            ..mapping
        };
        self.store
            .put_import_mapping(&mapping, &actor.id, self.clock.now())
            .await
            .map_err(store_error)
    }

    /// Every saved import mapping.
    pub async fn mappings(&self, actor: &Actor) -> Result<Vec<ImportMapping>, ServiceError> {
        let region = actor.region.clone().ok_or_else(not_found)?;
        gate::staff_of_region(&self.accounts, actor, &region)?;
        self.store.import_mappings().await.map_err(store_error)
    }
}
