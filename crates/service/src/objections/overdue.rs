//! The overdue job: objections still pending after their due date are
//! reported once each, with a `licence.objection_overdue` outbox event.

use chrono::{DateTime, Utc};

use super::{ObjectionService, ObjectionView, event, local_date};
use crate::error::ServiceError;

/// How many objections one pass of the job marks at most.
const BATCH: i64 = 200;

impl ObjectionService {
    /// Reports the objections that are overdue at `now` (pending, due
    /// before the Beijing date of `now`) and were not reported before;
    /// returns those this call reported. Idempotent and safe on several
    /// nodes at once: each objection is reported by exactly one call, once,
    /// in the same transaction as its outbox event. Run it with the other
    /// jobs (every few minutes is plenty; dates change once a day).
    pub async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<ObjectionView>, ServiceError> {
        let today = local_date(now);
        let at = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
        let make =
            |row: &tongban_store::ObjectionRow| event("licence.objection_overdue", &row.objection);
        let mut reported = Vec::new();
        loop {
            let marked = self
                .store
                .mark_overdue(today, at, BATCH, make)
                .await
                .map_err(ServiceError::store)?;
            let full = marked.len() as i64 >= BATCH;
            reported.extend(
                marked
                    .iter()
                    .map(|r| ObjectionView::of(&r.objection, today, true)),
            );
            if !full {
                break;
            }
        }
        if !reported.is_empty() {
            tracing::warn!(count = reported.len(), "证照异议核实已超期");
        }
        Ok(reported)
    }
}
