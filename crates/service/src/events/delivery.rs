//! The webhook worker: claims due deliveries, POSTs each one signed, and
//! records the answer: delivered on 2xx; otherwise another attempt after
//! a wait that doubles each time, until the last attempt sends the
//! delivery to the dead-letter list.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tongban_store::{Attempt, ClaimedDelivery};

use super::http::Answer;
use super::{EventService, later, random_id};
use crate::error::ServiceError;

impl EventService {
    /// Makes one attempt of every delivery due at `now` (up to a batch);
    /// returns how many attempts were made. Several workers may run at
    /// once: each delivery is claimed by one of them.
    pub async fn deliver_webhooks_once(&self, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let token = random_id();
        let claimed = self
            .store
            .claim_deliveries(
                &token,
                now,
                later(now, self.settings.lease),
                self.settings.batch,
            )
            .await
            .map_err(ServiceError::store)?;
        let mut attempts = 0;
        for claim in &claimed {
            let attempt = self.attempt(claim, now).await;
            let recorded = self
                .store
                .record_attempt(&claim.delivery.id, &claim.token, &attempt, now)
                .await
                .map_err(ServiceError::store)?;
            if recorded {
                attempts += 1;
            }
        }
        Ok(attempts)
    }

    /// POSTs one delivery and decides what its answer means.
    async fn attempt(&self, claim: &ClaimedDelivery, now: DateTime<Utc>) -> Attempt {
        let d = &claim.delivery;
        let answer = self
            .http
            .post(&claim.url, &claim.secret, &d.event, &d.id, &d.body)
            .await;
        let (status, error) = match answer {
            Answer::Status(s) if (200..300).contains(&s) => {
                tracing::info!(delivery = %d.id, event = %d.event, status = s, "事件推送成功");
                return Attempt::Delivered {
                    status: i64::from(s),
                };
            }
            Answer::Status(s) => (Some(i64::from(s)), format!("接收方应答 HTTP {s}")),
            Answer::Failed(reason) => (None, reason),
        };
        let made = u32::try_from(d.attempts)
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        if made >= self.settings.max_attempts {
            tracing::warn!(delivery = %d.id, event = %d.event, attempts = made, %error, "事件推送多次失败，已转入死信列表");
            return Attempt::GiveUp { status, error };
        }
        let wait = backoff(
            self.settings.backoff_base,
            self.settings.backoff_max,
            made - 1,
        );
        tracing::info!(delivery = %d.id, attempts = made, wait_secs = wait.as_secs(), %error, "事件推送失败，稍后重试");
        Attempt::Retry {
            status,
            error,
            next_attempt_at: later(now, wait),
        }
    }
}

/// The wait after the `failed_before + 1`-th failed attempt: `base`,
/// then twice as long each time, never more than `max`.
pub(super) fn backoff(base: Duration, max: Duration, failed_before: u32) -> Duration {
    let factor = 2u32.checked_pow(failed_before).unwrap_or(u32::MAX);
    base.checked_mul(factor).unwrap_or(max).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_each_failure_up_to_the_cap() {
        let base = Duration::from_secs(30);
        let max = Duration::from_secs(3600);
        let waits: Vec<u64> = (0..9).map(|n| backoff(base, max, n).as_secs()).collect();
        assert_eq!(waits, vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(base, max, 40), max);
    }
}
