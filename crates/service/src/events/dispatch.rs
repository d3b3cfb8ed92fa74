//! The outbox dispatcher: claims pending events, and for each one writes
//! the applicant's in-app message and queues a webhook delivery for every
//! matching subscription, in the one transaction that marks the event
//! dispatched; then sends the text message of a key milestone.

use serde_json::json;
use tongban_domain::case::{Case, EventKind};
use tongban_domain::ident::Code;
use tongban_store::{ClaimedEvent, NewDelivery, NewNotification, StoredCase, Subscription};

use super::messages::{self, Message};
use super::{EventService, later, random_id};
use crate::error::ServiceError;

impl EventService {
    /// Dispatches up to `limit` pending outbox events; returns how many
    /// this call settled. Several dispatchers may run at once: each event
    /// is claimed by one of them and settled once.
    pub async fn dispatch_once(&self, limit: i64) -> Result<usize, ServiceError> {
        let now = self.clock.now();
        let token = random_id();
        let claimed = self
            .store
            .claim_outbox(&token, now, later(now, self.settings.lease), limit)
            .await
            .map_err(ServiceError::store)?;
        if claimed.is_empty() {
            return Ok(0);
        }
        let subscriptions = self
            .store
            .subscriptions()
            .await
            .map_err(ServiceError::store)?;
        let mut settled = 0;
        for claim in &claimed {
            // One event that cannot be handled must not hold up the
            // others: it stays claimed until its lease ends, then is
            // tried again.
            match self.dispatch(claim, &subscriptions).await {
                Ok(true) => settled += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(
                        outbox_id = claim.event.id,
                        code = e.code(),
                        "事件分发失败，租约到期后重试"
                    );
                }
            }
        }
        Ok(settled)
    }

    /// Handles one claimed event; false when the claim was lost.
    async fn dispatch(
        &self,
        claim: &ClaimedEvent,
        subscriptions: &[Subscription],
    ) -> Result<bool, ServiceError> {
        let event = &claim.event;
        let stored = self
            .cases
            .load_case(&event.case_no)
            .await
            .map_err(ServiceError::store)?;
        let message = stored.as_ref().and_then(|s| message_for(s, claim));
        let notifications: Vec<NewNotification> = match (&stored, &message) {
            (
                Some(StoredCase {
                    owner: Some(owner), ..
                }),
                Some(m),
            ) => vec![NewNotification {
                recipient: owner.clone(),
                case_no: event.case_no.clone(),
                event: event.event.clone(),
                title: m.title.clone(),
                body: m.body.clone(),
            }],
            _ => Vec::new(),
        };
        let deliveries: Vec<NewDelivery> = match &stored {
            Some(s) => subscriptions
                .iter()
                .filter(|sub| sub.wants(&event.event) && involves(&s.case, &sub.department))
                .map(|sub| delivery(sub, claim))
                .collect(),
            None => Vec::new(),
        };
        let now = self.clock.now();
        let done = self
            .store
            .settle_event(claim, &notifications, &deliveries, now)
            .await
            .map_err(ServiceError::store)?;
        if !done {
            tracing::warn!(outbox_id = event.id, "事件的领取已过期，由其他节点处理");
            return Ok(false);
        }
        if let (Some(m), Some(phone)) = (&message, stored.as_ref().and_then(|s| s.phone.as_deref()))
            && m.sms
            && let Err(e) = self.notifier.send_sms(phone, &messages::sms_text(m))
        {
            tracing::warn!(outbox_id = event.id, code = e.code(), "短信通知发送失败");
        }
        Ok(true)
    }
}

/// What the applicant is told about a claimed event, if anything.
fn message_for(stored: &StoredCase, claim: &ClaimedEvent) -> Option<Message> {
    let payload = &claim.event.payload;
    let kind: EventKind = serde_json::from_value(payload.get("event")?.clone()).ok()?;
    let item: Option<Code> = payload
        .get("item")
        .and_then(|i| serde_json::from_value(i.clone()).ok())
        .flatten();
    messages::for_event(&stored.case, item.as_ref(), &kind)
}

/// True when `department` handles the case or one of its members.
fn involves(case: &Case, department: &Code) -> bool {
    case.lead_department == *department
        || case
            .members
            .iter()
            .any(|m| m.terms.department == *department)
}

/// The delivery of a claimed event to one subscription, with its body.
fn delivery(sub: &Subscription, claim: &ClaimedEvent) -> NewDelivery {
    let id = random_id();
    let event = &claim.event;
    let body = json!({
        "delivery": id,
        "event": event.event,
        "event_id": event.id,
        "case_no": event.case_no,
        "occurred_at": event.created_at,
        "data": event.payload,
    });
    NewDelivery {
        id,
        subscription_id: sub.id.clone(),
        event: event.event.clone(),
        body: body.to_string(),
    }
}
