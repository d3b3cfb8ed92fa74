//! 督办: the background round that escalates late appeals, one level at a
//! time, each level once per round however many nodes run it.

use chrono::{DateTime, Utc};
use tongban_domain::appeal::{self, AppealCommand, AppealState, EscalationPolicy};
use tongban_store::{AppealFilter, AppealUpdate, StoreError};

use super::{AppealService, ESCALATION_ACTOR, calendar, local, record, refused, store_error};
use crate::error::ServiceError;

/// The most running appeals one round reads.
const ROUND_LIMIT: i64 = 5_000;

impl AppealService {
    /// Raises every escalation level due at `now` on running appeals and
    /// returns how many this call raised. Idempotent and safe on several
    /// nodes at once: a level is raised once per appeal and round (the
    /// store's unique key), so a second run the same day raises nothing.
    /// Run it every few minutes (`tongban work`).
    pub async fn escalate_overdue(&self, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let filter = AppealFilter {
            states: [
                AppealState::Filed,
                AppealState::Dispatched,
                AppealState::Answered,
            ]
            .iter()
            .map(|s| s.code().to_string())
            .collect(),
            limit: ROUND_LIMIT,
            ..AppealFilter::default()
        };
        let running = self
            .store
            .list_appeals(&filter)
            .await
            .map_err(store_error)?;
        let mut raised = 0;
        for stored in running {
            match self.escalate_one(stored.appeal.no.as_str(), now).await {
                Ok(n) => raised += n,
                Err(e) => {
                    tracing::warn!(appeal = %stored.appeal.no, code = e.code(), "诉求督办失败，下一轮重试");
                }
            }
        }
        Ok(raised)
    }

    /// Raises the levels due on one appeal; how many this call raised.
    async fn escalate_one(&self, no: &str, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let policy = EscalationPolicy::default();
        let at = local(now);
        let calendar = calendar()?;
        let mut raised = 0;
        // Each pass raises one level or learns another node did; bounded
        // so that a store that keeps refusing cannot hold the round.
        for _ in 0..(policy.max_level + 3) {
            let stored = self.load(no).await?;
            let a = &stored.appeal;
            let Some(overdue) = policy.overdue(a, at.date(), calendar).map_err(refused)? else {
                break;
            };
            if a.escalation_level >= overdue.level {
                break;
            }
            let level = a.escalation_level + 1;
            let (next, events) = appeal::apply(
                a,
                AppealCommand::Escalate { level },
                ESCALATION_ACTOR,
                at,
                None,
                calendar,
            )
            .map_err(refused)?;
            let mut outbox = record::outbox(&next, &events);
            for e in &mut outbox {
                if let Some(map) = e.payload.as_object_mut() {
                    map.insert("due".into(), serde_json::json!(overdue.due));
                    map.insert(
                        "answer_missing".into(),
                        serde_json::json!(overdue.answer_missing),
                    );
                    map.insert(
                        "label".into(),
                        serde_json::json!(EscalationPolicy::level_label(level)),
                    );
                }
            }
            let update = AppealUpdate {
                history: record::history(&events, ESCALATION_ACTOR, now),
                events: outbox,
                appeal: next,
                expected_version: stored.version,
                at: now,
            };
            match self
                .store
                .record_escalation(&update, a.reopened, level, overdue.due)
                .await
            {
                Ok(true) => raised += 1,
                // Raised by another node, or the appeal moved: read again.
                Ok(false) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(store_error(e)),
            }
        }
        Ok(raised)
    }
}
