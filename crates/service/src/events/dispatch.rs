//! The outbox dispatcher: claims pending events, and for each one writes
//! the in-app message and queues a webhook delivery for every matching
//! subscription, in the one transaction that marks the event dispatched;
//! then sends the text message of a case's key milestone. Case events are
//! read against their case; events about other aggregates (appeals, proof
//! requests, …) carry what the dispatcher needs in their payload
//! (`recipient`, `message`, `department`; see `docs/events.md`).

use serde_json::{Value, json};
use tongban_domain::case::{Case, CaseNo, EventKind};
use tongban_domain::ident::Code;
use tongban_store::{ClaimedEvent, NewDelivery, NewNotification, StoredCase, Subscription, Topic};

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
        let plan = match (event.topic, &event.case_no) {
            (Topic::Case, Some(case_no)) => self.case_plan(case_no, claim, subscriptions).await?,
            _ => aggregate_plan(claim, subscriptions),
        };
        let now = self.clock.now();
        let done = self
            .store
            .settle_event(claim, &plan.notifications, &plan.deliveries, now)
            .await
            .map_err(ServiceError::store)?;
        if !done {
            tracing::warn!(outbox_id = event.id, "事件的领取已过期，由其他节点处理");
            return Ok(false);
        }
        if let Some((phone, m)) = &plan.sms
            && let Err(e) = self.notifier.send_sms(phone, &messages::sms_text(m))
        {
            tracing::warn!(outbox_id = event.id, code = e.code(), "短信通知发送失败");
        }
        Ok(true)
    }

    /// What a case event comes to: the applicant's message (and text
    /// message for a key milestone), deliveries to the subscriptions of
    /// the departments that handle the case.
    async fn case_plan(
        &self,
        case_no: &CaseNo,
        claim: &ClaimedEvent,
        subscriptions: &[Subscription],
    ) -> Result<Plan, ServiceError> {
        let event = &claim.event;
        let stored = self
            .cases
            .load_case(case_no)
            .await
            .map_err(ServiceError::store)?;
        let Some(stored) = stored else {
            return Ok(Plan::default());
        };
        let message = message_for(&stored, claim);
        let notifications = match (&stored.owner, &message) {
            (Some(owner), Some(m)) => vec![NewNotification {
                recipient: owner.clone(),
                event: event.event.clone(),
                title: m.title.clone(),
                body: m.body.clone(),
            }],
            _ => Vec::new(),
        };
        let deliveries = subscriptions
            .iter()
            .filter(|sub| sub.wants(&event.event) && involves(&stored.case, &sub.department))
            .map(|sub| delivery(sub, claim))
            .collect();
        let sms = match (message, stored.phone) {
            (Some(m), Some(phone)) if m.sms => Some((phone, m)),
            _ => None,
        };
        Ok(Plan {
            notifications,
            deliveries,
            sms,
        })
    }
}

/// What settling one event writes, and the text message sent after.
#[derive(Default)]
struct Plan {
    notifications: Vec<NewNotification>,
    deliveries: Vec<NewDelivery>,
    sms: Option<(String, Message)>,
}

/// What an event about another aggregate (an appeal, a proof request, a
/// licence …) comes to, read from its payload alone: an in-app message to
/// the account in `recipient` when it carries a ready `message {title,
/// body}`, and deliveries to the subscriptions of the department named
/// by `department` (or any of `departments`). No text messages.
fn aggregate_plan(claim: &ClaimedEvent, subscriptions: &[Subscription]) -> Plan {
    let event = &claim.event;
    let payload = &event.payload;
    let notifications = match (
        payload.get("recipient").and_then(|r| r.as_str()),
        own_message(payload),
    ) {
        (Some(recipient), Some(m)) if !recipient.is_empty() => vec![NewNotification {
            recipient: recipient.to_string(),
            event: event.event.clone(),
            title: m.title,
            body: m.body,
        }],
        _ => Vec::new(),
    };
    let deliveries = subscriptions
        .iter()
        .filter(|sub| sub.wants(&event.event) && names(payload, &sub.department))
        .map(|sub| delivery(sub, claim))
        .collect();
    Plan {
        notifications,
        deliveries,
        sms: None,
    }
}

/// True when the payload's `department`, or one of its `departments`, is
/// `department`.
fn names(payload: &Value, department: &Code) -> bool {
    let code = department.as_str();
    payload.get("department").and_then(|d| d.as_str()) == Some(code)
        || payload
            .get("departments")
            .and_then(|d| d.as_array())
            .is_some_and(|all| all.iter().any(|d| d.as_str() == Some(code)))
}

/// A ready `message {title, body}` carried by the payload (in-app only).
fn own_message(payload: &Value) -> Option<Message> {
    let own = payload.get("message")?;
    Some(Message {
        title: own.get("title")?.as_str()?.to_string(),
        body: own.get("body")?.as_str()?.to_string(),
        sms: false,
    })
}

/// What the applicant is told about a claimed event, if anything.
/// Events from other use cases (a 好差评 reminder, …) carry their own
/// ready `message {title, body}` for the case's applicant, in-app only.
fn message_for(stored: &StoredCase, claim: &ClaimedEvent) -> Option<Message> {
    let payload = &claim.event.payload;
    if payload.get("message").is_some() {
        return own_message(payload);
    }
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
        "topic": event.topic.code(),
        "aggregate_id": event.aggregate(),
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
