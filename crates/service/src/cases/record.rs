//! Turning domain events into audit entries and outbox events, request
//! fingerprints for idempotency keys, and the local (Beijing) time the
//! domain works in.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tongban_domain::auth::{Actor, Role};
use tongban_domain::case::{CaseEvent, CaseNo, CommandKind};
use tongban_store::{IdempotencyKey, NewAudit, NewOutboxEvent};

use crate::error::ServiceError;

/// China Standard Time (UTC+8, no daylight saving): the clock of every
/// office, of case numbers and of working days.
const CST_SECONDS: i32 = 8 * 3600;

/// `at` in Beijing local time, as the domain reads dates and times.
pub(super) fn local(at: DateTime<Utc>) -> NaiveDateTime {
    match FixedOffset::east_opt(CST_SECONDS) {
        Some(cst) => at.with_timezone(&cst).naive_local(),
        None => at.naive_utc(),
    }
}

/// One audit entry per event, naming the actor, the role and the command.
pub(super) fn audit(
    events: &[CaseEvent],
    actor: &Actor,
    role: Role,
    command: CommandKind,
    at: DateTime<Utc>,
) -> Vec<NewAudit> {
    events
        .iter()
        .map(|e| NewAudit {
            at,
            actor: actor.id.clone(),
            action: e.kind.code().to_string(),
            from_state: Some(e.from),
            to_state: Some(e.to),
            detail: serde_json::json!({
                "command": command.code(),
                "role": role.code(),
                "item": e.item,
                "event": e.kind,
            }),
        })
        .collect()
}

/// One outbox event per domain event; milestones are marked for the
/// applicant's notifications.
pub(super) fn outbox(case_no: &CaseNo, events: &[CaseEvent]) -> Vec<NewOutboxEvent> {
    events
        .iter()
        .map(|e| NewOutboxEvent {
            event: e.kind.code().to_string(),
            payload: serde_json::json!({
                "case_no": case_no,
                "item": e.item,
                "from": e.from,
                "to": e.to,
                "at": e.at,
                "milestone": e.kind.is_milestone(),
                "event": e.kind,
            }),
        })
        .collect()
}

/// The longest idempotency key accepted.
const MAX_KEY_LEN: usize = 200;

/// The store's key for `key` sent by `actor` with `request` (whose
/// SHA-256 is the fingerprint).
pub(super) fn key<R: Serialize>(
    actor: &Actor,
    key: Option<&str>,
    request: &R,
) -> Result<Option<IdempotencyKey>, ServiceError> {
    let Some(key) = key else {
        return Ok(None);
    };
    let key = key.trim();
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(ServiceError::InvalidParameter {
            name: "Idempotency-Key".into(),
            reason: format!("应为 1 至 {MAX_KEY_LEN} 个字符"),
        });
    }
    let text = serde_json::to_string(request).map_err(|e| {
        tracing::error!(error = %e, "request cannot be fingerprinted");
        ServiceError::InvalidParameter {
            name: "request".into(),
            reason: "请求内容无法编码".into(),
        }
    })?;
    let digest = Sha256::digest(text.as_bytes());
    let fingerprint = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(Some(IdempotencyKey {
        scope: actor.id.clone(),
        key: key.to_string(),
        fingerprint,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tongban_domain::auth::ActorKind;

    fn actor(id: &str) -> Actor {
        Actor {
            id: id.into(),
            kind: ActorKind::Staff,
            roles: vec![Role::WindowClerk],
            region: None,
            department: None,
            token_scopes: None,
        }
    }

    #[test]
    fn the_same_request_has_the_same_fingerprint_and_another_does_not() {
        let a = key(&actor("staff:a"), Some("k1"), &("accept", 1))
            .unwrap()
            .unwrap();
        let again = key(&actor("staff:a"), Some(" k1 "), &("accept", 1))
            .unwrap()
            .unwrap();
        let other = key(&actor("staff:a"), Some("k1"), &("accept", 2))
            .unwrap()
            .unwrap();
        assert_eq!(a, again);
        assert_ne!(a.fingerprint, other.fingerprint);
        assert_eq!(a.fingerprint.len(), 64);
        assert!(key(&actor("staff:a"), None, &1).unwrap().is_none());
        assert_eq!(
            key(&actor("staff:a"), Some("  "), &1).unwrap_err().code(),
            "invalid_parameter"
        );
    }

    #[test]
    fn local_time_is_beijing_time() {
        let at = DateTime::parse_from_rfc3339("2025-01-23T17:30:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(local(at).to_string(), "2025-01-24 01:30:00");
    }
}
