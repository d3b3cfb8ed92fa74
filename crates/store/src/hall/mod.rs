//! The hall queue store: [`HallStore`] for [`Db`] — halls and their
//! windows, numbers taken, called and served, the day's figures of each
//! hall, and the audit trail every change writes (`hall_audit`).

mod admin;
mod catalog;
mod queue;
mod read;
mod records;

use async_trait::async_trait;
use chrono::NaiveDate;
use tongban_domain::ident::RegionCode;

pub use records::{
    CallOutcome, CatalogEntry, Finish, HallAuditRow, HallFigures, HallRow, HallWrite, NewTicket,
    Stamp, TicketRow, WindowChange, WindowRow, WindowWrite,
};

use crate::{Db, StoreError};

/// Persistence of hall queues.
#[async_trait]
pub trait HallStore: Send + Sync {
    /// Creates or updates a hall (with its audit record); true when it was
    /// created.
    async fn save_hall(&self, hall: &HallWrite, stamp: &Stamp) -> Result<bool, StoreError>;
    /// One hall by code.
    async fn hall(&self, code: &str) -> Result<Option<HallRow>, StoreError>;
    /// The halls in `region`'s subtree, by region and code.
    async fn halls_within(&self, region: &RegionCode) -> Result<Vec<HallRow>, StoreError>;
    /// Creates (paused) or updates a window of an existing hall and
    /// replaces what it serves; true when it was created.
    async fn save_window(&self, window: &WindowWrite, stamp: &Stamp) -> Result<bool, StoreError>;
    /// A hall's windows by code.
    async fn windows(&self, hall: &str) -> Result<Vec<WindowRow>, StoreError>;
    /// The window a clerk holds open, if any.
    async fn window_of_clerk(&self, clerk: &str) -> Result<Option<WindowRow>, StoreError>;
    /// Opens a window for `stamp.actor` (pausing any other window they
    /// held), or pauses it; a window another clerk holds is left alone.
    async fn set_window(
        &self,
        hall: &str,
        window: &str,
        open: bool,
        stamp: &Stamp,
    ) -> Result<WindowChange, StoreError>;
    /// Takes the next number of the hall's business day of `stamp.at`.
    async fn take_ticket(&self, new: &NewTicket, stamp: &Stamp) -> Result<TicketRow, StoreError>;
    /// One number by id.
    async fn ticket(&self, id: &str) -> Result<Option<TicketRow>, StoreError>;
    /// How many of the day's numbers taken before `ticket` still wait.
    async fn waiting_ahead(&self, ticket: &TicketRow) -> Result<u64, StoreError>;
    /// Calls the oldest waiting number of the day that the window serves,
    /// for the clerk (`stamp.actor`) who holds it open. Two concurrent
    /// calls never get the same number.
    async fn call_next(
        &self,
        hall: &str,
        window: &str,
        stamp: &Stamp,
    ) -> Result<CallOutcome, StoreError>;
    /// Serves a called number or marks it absent, if `stamp.actor` called
    /// it; `None` (nothing written) when it is not called or not theirs.
    async fn finish_ticket(
        &self,
        id: &str,
        how: &Finish,
        stamp: &Stamp,
    ) -> Result<Option<TicketRow>, StoreError>;
    /// The number at a window now.
    async fn current_ticket(
        &self,
        hall: &str,
        window: &str,
    ) -> Result<Option<TicketRow>, StoreError>;
    /// The day's numbers at windows now, latest call first.
    async fn called_tickets(
        &self,
        hall: &str,
        day: NaiveDate,
        limit: i64,
    ) -> Result<Vec<TicketRow>, StoreError>;
    /// How many numbers a hall gave out on `day`.
    async fn tickets_on(&self, hall: &str, day: NaiveDate) -> Result<u64, StoreError>;
    /// The figures of `day` of every hall in `region`'s subtree.
    async fn hall_figures(
        &self,
        region: &RegionCode,
        day: NaiveDate,
    ) -> Result<Vec<HallFigures>, StoreError>;
    /// A hall's audit trail, newest first.
    async fn hall_audit(&self, hall: &str, limit: i64) -> Result<Vec<HallAuditRow>, StoreError>;
    /// The catalog item, bundle or department named `code`.
    async fn catalog_entry(&self, code: &str) -> Result<Option<CatalogEntry>, StoreError>;
    /// Every region of the stored catalog, with its name.
    async fn catalog_regions(&self) -> Result<Vec<(RegionCode, String)>, StoreError>;
}

#[async_trait]
impl HallStore for Db {
    async fn save_hall(&self, hall: &HallWrite, stamp: &Stamp) -> Result<bool, StoreError> {
        admin::save_hall(self, hall, stamp).await
    }

    async fn hall(&self, code: &str) -> Result<Option<HallRow>, StoreError> {
        admin::hall(self.reader(), code).await
    }

    async fn halls_within(&self, region: &RegionCode) -> Result<Vec<HallRow>, StoreError> {
        admin::halls_within(self.reader(), region).await
    }

    async fn save_window(&self, window: &WindowWrite, stamp: &Stamp) -> Result<bool, StoreError> {
        admin::save_window(self, window, stamp).await
    }

    async fn windows(&self, hall: &str) -> Result<Vec<WindowRow>, StoreError> {
        admin::windows(self.reader(), hall).await
    }

    async fn window_of_clerk(&self, clerk: &str) -> Result<Option<WindowRow>, StoreError> {
        admin::window_of_clerk(self.reader(), clerk).await
    }

    async fn set_window(
        &self,
        hall: &str,
        window: &str,
        open: bool,
        stamp: &Stamp,
    ) -> Result<WindowChange, StoreError> {
        admin::set_window(self, hall, window, open, stamp).await
    }

    async fn take_ticket(&self, new: &NewTicket, stamp: &Stamp) -> Result<TicketRow, StoreError> {
        queue::take(self, new, stamp).await
    }

    async fn ticket(&self, id: &str) -> Result<Option<TicketRow>, StoreError> {
        read::ticket(self.reader(), id).await
    }

    async fn waiting_ahead(&self, ticket: &TicketRow) -> Result<u64, StoreError> {
        read::waiting_ahead(self.reader(), ticket).await
    }

    async fn call_next(
        &self,
        hall: &str,
        window: &str,
        stamp: &Stamp,
    ) -> Result<CallOutcome, StoreError> {
        queue::call_next(self, hall, window, stamp).await
    }

    async fn finish_ticket(
        &self,
        id: &str,
        how: &Finish,
        stamp: &Stamp,
    ) -> Result<Option<TicketRow>, StoreError> {
        queue::finish(self, id, how, stamp).await
    }

    async fn current_ticket(
        &self,
        hall: &str,
        window: &str,
    ) -> Result<Option<TicketRow>, StoreError> {
        read::current_ticket(self.reader(), hall, window).await
    }

    async fn called_tickets(
        &self,
        hall: &str,
        day: NaiveDate,
        limit: i64,
    ) -> Result<Vec<TicketRow>, StoreError> {
        read::called_tickets(self.reader(), hall, day, limit).await
    }

    async fn tickets_on(&self, hall: &str, day: NaiveDate) -> Result<u64, StoreError> {
        read::tickets_on(self.reader(), hall, day).await
    }

    async fn hall_figures(
        &self,
        region: &RegionCode,
        day: NaiveDate,
    ) -> Result<Vec<HallFigures>, StoreError> {
        read::figures(self.reader(), region, day).await
    }

    async fn hall_audit(&self, hall: &str, limit: i64) -> Result<Vec<HallAuditRow>, StoreError> {
        read::audit_trail(self.reader(), hall, limit).await
    }

    async fn catalog_entry(&self, code: &str) -> Result<Option<CatalogEntry>, StoreError> {
        catalog::catalog_entry(self.reader(), code).await
    }

    async fn catalog_regions(&self) -> Result<Vec<(RegionCode, String)>, StoreError> {
        catalog::catalog_regions(self.reader()).await
    }
}
