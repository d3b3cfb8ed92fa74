//! Turning appeal events into history entries (who did what, the audit of
//! staff actions) and outbox events.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_domain::appeal::{Appeal, AppealEvent, EventKind};
use tongban_store::{NewAppealEvent, NewHistory};

/// One history entry per event, naming the actor.
pub(super) fn history(events: &[AppealEvent], actor: &str, at: DateTime<Utc>) -> Vec<NewHistory> {
    events
        .iter()
        .map(|e| NewHistory {
            at,
            actor: actor.to_string(),
            action: e.kind.code().to_string(),
            from_state: Some(e.from.code().to_string()),
            to_state: Some(e.to.code().to_string()),
            detail: json!({ "event": e.kind }),
        })
        .collect()
}

/// One outbox event per event (topic `appeal` in the shared outbox), with
/// what the dispatcher and a department system need: the owner, the
/// departments involved (`department` the lead one, whose webhook
/// subscriptions receive it), the region, a linked case (`case_no`,
/// payload only) and the event itself. Where the filer should be told
/// (an answer, a resolution, an escalation, a reopening) it also names
/// the `recipient` and a ready `message {title, body}`. No personal
/// numbers and no free text the applicant wrote.
pub fn outbox(appeal: &Appeal, events: &[AppealEvent]) -> Vec<NewAppealEvent> {
    let departments: Vec<&str> = appeal.departments().iter().map(|d| d.as_str()).collect();
    events
        .iter()
        .map(|e| {
            let mut payload = json!({
                "owner": appeal.owner,
                "region": appeal.region,
                "source": appeal.source,
                "department": appeal.lead(),
                "departments": departments,
                "case_no": appeal.case_no,
                "from": e.from,
                "to": e.to,
                "at": e.at,
                "event": e.kind,
            });
            if let (Some(owner), Some((title, body))) = (&appeal.owner, message(appeal, &e.kind))
                && let Some(map) = payload.as_object_mut()
            {
                map.insert("recipient".into(), json!(owner));
                map.insert("message".into(), json!({ "title": title, "body": body }));
            }
            NewAppealEvent {
                event: e.kind.code().to_string(),
                payload,
            }
        })
        .collect()
}

/// What the filer is told about an event, if anything: title and body.
fn message(appeal: &Appeal, kind: &EventKind) -> Option<(String, String)> {
    let no = appeal.no.as_str();
    let (title, what) = match kind {
        EventKind::Answered => ("诉求已答复", "已有部门答复，请查看并评价".to_string()),
        EventKind::Resolved => ("诉求已办结", "已办结，请查看结果并评价".to_string()),
        EventKind::Escalated { level } => (
            "诉求已督办",
            format!("超过办理时限，已启动第 {level} 级督办"),
        ),
        EventKind::Reopened { .. } => ("诉求已重新办理", "已退回承办部门重新办理".to_string()),
        _ => return None,
    };
    Some((title.to_string(), format!("您的诉求 {no}{what}。")))
}
