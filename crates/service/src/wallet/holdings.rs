//! The holder's licences: the list and one licence's page.

use tongban_domain::auth::Actor;

use super::WalletService;
use super::views::{GrantView, WalletLicence, WalletLicenceDetail, fields_of};
use crate::error::ServiceError;

impl WalletService {
    /// Every licence the caller's subject holds, in any status, newest
    /// first. Before 实名核验: `subject_not_linked`.
    pub async fn licences(&self, actor: &Actor) -> Result<Vec<WalletLicence>, ServiceError> {
        let holder = self.holder(actor).await?;
        let today = self.today();
        let rows = self
            .store
            .licences_held_by(holder.id.as_str())
            .await
            .map_err(ServiceError::store)?;
        Ok(rows
            .iter()
            .filter(|row| row.licence.holder.subject == holder.id)
            .map(|row| WalletLicence::of(&row.licence, today))
            .collect())
    }

    /// One of the caller's licences with its fields, history, grants and
    /// the uses made of it; another holder's answers `licence_not_found`.
    pub async fn licence(
        &self,
        actor: &Actor,
        number: &str,
    ) -> Result<WalletLicenceDetail, ServiceError> {
        let holder = self.holder(actor).await?;
        let row = self.own_row(&holder, number).await?;
        let licence_type = self.licence_type(row.licence.type_code.as_str()).await?;
        let compact = row.licence.number.as_str().to_string();
        let now = self.clock.now();
        let grants = self
            .store
            .grants_of_licence(&compact)
            .await
            .map_err(ServiceError::store)?
            .iter()
            .filter(|g| g.consent.subject == holder.id)
            .map(|g| GrantView::of(g, now))
            .collect();
        let uses = self
            .subjects
            .data_use_log(actor)
            .await?
            .into_iter()
            .filter(|u| u.licence.as_deref() == Some(compact.as_str()))
            .collect();
        Ok(WalletLicenceDetail {
            licence: WalletLicence::of(&row.licence, self.today()),
            fields: fields_of(&row.licence, licence_type.as_ref()),
            history: row.licence.history.clone(),
            grants,
            uses,
        })
    }
}
