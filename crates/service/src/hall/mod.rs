//! The service hall (政务服务大厅): queue numbers (取号/叫号) and the
//! "hall now" snapshot for supervisors.
//!
//! Who may do what, through the one gate (`AccountService::authorize`):
//! anybody takes a number at a hall's kiosk and reads its public board;
//! signed-in applicants book online; window clerks (受理 in the hall's
//! region, `Action::IntakeCase`) open, pause and call from a window;
//! supervisors (`Action::Supervise`) see the halls of their region subtree;
//! catalog administrators (`Action::ManageCatalog`) create and change halls
//! and windows. Every change is recorded with who and when in `hall_audit`.

mod admin;
mod demo;
mod queue;
mod views;

use std::sync::Arc;

use tongban_domain::auth::{self, Action, Actor, ObjectScope};
use tongban_domain::hall::{self as rules, HallSnapshot, business_day};
use tongban_store::{HallRow, HallStore, Stamp};

pub use views::{
    BoardView, Calling, DemoHalls, DeskView, GENERAL, HallInput, HallView, ServiceChoice,
    TakeInput, TicketView, WindowInput, WindowView,
};

use crate::accounts::{AccountService, Clock};
use crate::error::{Refusal, ServiceError};

/// Hall queues and their snapshots.
pub struct HallService {
    store: Arc<dyn HallStore>,
    accounts: Arc<AccountService>,
    clock: Arc<dyn Clock>,
}

impl HallService {
    /// A hall service over `store`.
    pub fn new(
        store: Arc<dyn HallStore>,
        accounts: Arc<AccountService>,
        clock: Arc<dyn Clock>,
    ) -> HallService {
        HallService {
            store,
            accounts,
            clock,
        }
    }

    /// The halls within the supervisor's region, as they are now.
    pub async fn now(&self, actor: &Actor) -> Result<Vec<HallSnapshot>, ServiceError> {
        let own = ObjectScope {
            region: actor.region.clone(),
            ..ObjectScope::default()
        };
        self.accounts.authorize(actor, Action::Supervise, &own)?;
        let Some(region) = &actor.region else {
            return Ok(Vec::new());
        };
        let now = self.clock.now();
        let figures = self
            .store
            .hall_figures(region, business_day(now))
            .await
            .map_err(ServiceError::store)?;
        Ok(figures
            .iter()
            .filter(|h| in_scope(actor, Action::Supervise, &h.hall))
            .map(|h| rules::snapshot(&h.hall.code, &h.hall.name, &h.figures, now))
            .collect())
    }

    /// The hall `code`, refused as missing when there is none.
    async fn hall_row(&self, code: &str) -> Result<HallRow, ServiceError> {
        self.store
            .hall(code)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| hall_not_found(code))
    }

    /// The hall `code` if `actor` may take `action` on it.
    async fn hall_for(
        &self,
        actor: &Actor,
        action: Action,
        code: &str,
    ) -> Result<HallRow, ServiceError> {
        let hall = self.hall_row(code).await?;
        self.accounts
            .authorize(actor, action, &ObjectScope::region(hall.region.clone()))?;
        Ok(hall)
    }

    /// Who acts now.
    fn stamp(&self, actor: &str) -> Stamp {
        Stamp {
            actor: actor.to_string(),
            at: self.clock.now(),
        }
    }
}

/// Whether `actor` may take `action` on `hall` (no log line: used to
/// filter lists).
fn in_scope(actor: &Actor, action: Action, hall: &HallRow) -> bool {
    auth::authorize(actor, action, &ObjectScope::region(hall.region.clone())).is_ok()
}

fn hall_not_found(code: &str) -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "hall_not_found",
        format!("未找到政务服务大厅“{code}”"),
    )
}
