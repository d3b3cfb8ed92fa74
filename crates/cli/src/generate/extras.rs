//! Ratings (好差评) on delivered cases and appeals (诉求) about cases, both
//! built from the domain types the review and appeal services use.

use chrono::{Duration, NaiveDateTime};
use serde_json::json;
use tongban_domain::appeal::{
    self, Appeal, AppealCommand, AppealEvent, AppealNo, AppealSource, AppealState, AppealSubject,
    Complexity, filed_event,
};
use tongban_domain::case::Case;
use tongban_domain::clock::WorkCalendar;
use tongban_domain::review::{Channel, Level, Rating, TAGS, Target};
use tongban_domain::subject::{Subject, SubjectKey};
use tongban_store::{NewAppeal, NewHistory};

use super::rng::Rng;
use super::walk::utc;
use crate::failure::Failure;

/// Who dispatches generated appeals (the dispatch rules' actor).
const DISPATCHER: &str = "system:dispatch-rules";

/// Appeal categories with a title and what the applicant says.
const TOPICS: [(&str, &str, &str); 5] = [
    (
        "办不成事",
        "事项办理遇阻",
        "按指南准备了全部材料，窗口仍要求补充其他证明，无法办理。",
    ),
    (
        "材料繁琐",
        "材料要求过多",
        "同一份证明被多个部门重复要求提交。",
    ),
    (
        "办理超时",
        "超过承诺时限未办结",
        "已超过承诺时限，仍未收到办理结果。",
    ),
    (
        "服务态度",
        "窗口服务态度问题",
        "窗口工作人员解释不清，让我多跑了两次。",
    ),
    (
        "涉企政策",
        "惠企政策兑现咨询",
        "企业符合扶持政策条件，申请后迟迟没有答复。",
    ),
];

/// A good rating of a delivered case by its applicant, one hour to two
/// days after the hand-over.
pub fn rating(n: u64, case: &Case, delivered: NaiveDateTime, rng: &mut Rng) -> Rating {
    let level = match rng.below(10) {
        0..=5 => Level::VerySatisfied,
        6..=8 => Level::Satisfied,
        _ => Level::BasicallySatisfied,
    };
    let good: Vec<&str> = TAGS.iter().filter(|(_, g)| *g).map(|(t, _)| *t).collect();
    let mut tags: Vec<String> = Vec::new();
    for _ in 0..rng.below(3) {
        let tag = rng.pick(&good).copied().unwrap_or("办事高效").to_string();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let item = case
        .bundle
        .clone()
        .or_else(|| case.members.first().map(|m| m.item().clone()));
    Rating {
        id: format!("gen-r{n:010}"),
        target: Target::Case {
            case_no: case.case_no.clone(),
        },
        level,
        tags,
        comment: String::new(),
        channel: if rng.chance(30) {
            Channel::Device
        } else {
            Channel::Page
        },
        rater: None,
        department: case.lead_department.clone(),
        region: case.region.clone(),
        item,
        staff: None,
        window: None,
        rated_at: utc(delivered + Duration::minutes(60 + rng.below(48 * 60) as i64)),
        supersedes: None,
        superseded_by: None,
    }
}

/// An appeal about `case` by `subject`, filed two days after `at` and
/// dispatched to the case's lead department by the dispatch rules.
pub fn appeal(
    case: &Case,
    subject: Option<&Subject>,
    phone: Option<String>,
    at: NaiveDateTime,
    rng: &mut Rng,
    calendar: &WorkCalendar,
) -> Result<NewAppeal, Failure> {
    let filed_at = at + Duration::days(2);
    let (category, title, description) = *rng.pick(&TOPICS).unwrap_or(&TOPICS[0]);
    let source = match rng.below(4) {
        0 => AppealSource::CantGetItDone,
        1 => AppealSource::Whistle,
        2 => AppealSource::Hotline12345,
        _ => AppealSource::OnlineForm,
    };
    let complexity = if rng.chance(20) {
        Complexity::Complex
    } else {
        Complexity::Ordinary
    };
    let deadlines = appeal::deadlines_for(source, complexity, None, filed_at.date(), calendar)
        .map_err(|e| Failure::new(e.to_string(), "appeal deadlines"))?;
    let key: Option<SubjectKey> = subject.and_then(|s| s.keys().into_iter().next());
    let filed = Appeal {
        no: AppealNo::new(filed_at.date(), 1)
            .ok_or_else(|| Failure::new("诉求日期超出范围", "appeal date"))?,
        source,
        category: category.to_string(),
        complexity,
        subject: AppealSubject {
            kind: key
                .as_ref()
                .map(AppealSubject::kind_of)
                .unwrap_or(appeal::SubjectKind::Person),
            name: subject
                .map(|s| s.name().to_string())
                .unwrap_or_else(|| "匿名".into()),
            key,
            id: subject.map(|s| s.id.clone()),
        },
        title: title.to_string(),
        description: description.to_string(),
        case_no: Some(case.case_no.clone()),
        attachments: vec![],
        region: case.region.clone(),
        filed_at,
        filed_by: "system:gen".into(),
        owner: None,
        external: None,
        state: AppealState::Filed,
        dispatch: None,
        deadlines,
        answered_on: None,
        resolved_on: None,
        reports: vec![],
        instructions: vec![],
        escalation_level: 0,
        ratings: vec![],
        reopened: 0,
    };
    let first = filed_event(&filed);
    let command = AppealCommand::Dispatch {
        lead: case.lead_department.clone(),
        co: vec![],
    };
    let dispatched_at = filed_at + Duration::minutes(5);
    let (dispatched, more) =
        appeal::apply(&filed, command, DISPATCHER, dispatched_at, None, calendar)
            .map_err(|e| Failure::new(e.to_string(), "appeal dispatch"))?;
    let mut history = history(std::slice::from_ref(&first), "system:gen");
    history.extend(self::history(&more, DISPATCHER));
    let mut events = vec![first];
    events.extend(more);
    Ok(NewAppeal {
        events: tongban_service::appeals::outbox_events(&dispatched, &events),
        appeal: dispatched,
        phone,
        history,
        at: utc(dispatched_at),
    })
}

/// One history entry per event, as the appeal service writes them.
fn history(events: &[AppealEvent], actor: &str) -> Vec<NewHistory> {
    events
        .iter()
        .map(|e| NewHistory {
            at: utc(e.at),
            actor: actor.to_string(),
            action: e.kind.code().to_string(),
            from_state: Some(e.from.code().to_string()),
            to_state: Some(e.to.code().to_string()),
            detail: json!({ "event": e.kind, "generated": true }),
        })
        .collect()
}
