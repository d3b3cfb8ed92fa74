//! Appeals (诉求) written through the appeal store: filed as 办不成事,
//! dispatched, and moved by `appeal::apply` — closed on time or late,
//! closed after a reopening, reopened after closing, or still open. A
//! closed appeal counts on its closing day.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde_json::json;
use tongban_domain::appeal::{
    self, Appeal, AppealCommand, AppealEvent, AppealNo, AppealSource, AppealState, AppealSubject,
    Complexity, ReportKind, SubjectKind, deadlines_for, filed_event,
};
use tongban_domain::clock::WorkCalendar;
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::{
    AppealInsert, AppealStore, AppealUpdate, Db, NewAppeal, NewAppealEvent, NewHistory,
};

use super::expected::{Expected, Key};
use super::{Rng, at, unavailable, utc};
use crate::error::ServiceError;

/// What becomes of a generated appeal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Course {
    /// Still with the departments.
    Open,
    /// Resolved, waiting for the rating.
    Resolved,
    /// Resolved and rated 满意.
    Closed,
    /// Rated 不满意 once, reopened, resolved again and closed.
    ClosedAfterReopening,
    /// Closed, then reopened by a supervisor and open again.
    Reopened,
}

/// Files a 办不成事 appeal in `region` for `department` on a working
/// day in the 60 days from `start`, and plays its course through
/// `appeal::apply`. Closed appeals count on their closing day.
pub(super) async fn appeal(
    db: &Db,
    rng: &mut Rng,
    calendar: &WorkCalendar,
    region: &RegionCode,
    department: &Code,
    start: NaiveDate,
    expected: &mut Expected,
) -> Result<(), ServiceError> {
    let mut day = start
        .checked_add_days(Days::new(rng.next(60)))
        .unwrap_or(start);
    while !calendar
        .is_working_day(day)
        .map_err(|e| unavailable("诉求", e))?
    {
        day = day.succ_opt().unwrap_or(day);
    }
    let complexity = if rng.next(2) == 0 {
        Complexity::Ordinary
    } else {
        Complexity::Complex
    };
    let course = match rng.next(8) {
        0 => Course::Open,
        1 => Course::Resolved,
        2 | 3 => Course::ClosedAfterReopening,
        4 => Course::Reopened,
        _ => Course::Closed,
    };
    let filed_at = at(day, 10);
    let deadlines = deadlines_for(AppealSource::CantGetItDone, complexity, None, day, calendar)
        .map_err(|e| unavailable("诉求", e))?;
    let filed = Appeal {
        no: AppealNo::new(day, 1).ok_or_else(|| unavailable("诉求", "日期超出范围"))?,
        source: AppealSource::CantGetItDone,
        category: "办事受阻".into(),
        complexity,
        subject: AppealSubject {
            kind: SubjectKind::Person,
            name: "生成数据".into(),
            key: None,
            id: None,
        },
        title: "窗口未能办成（生成数据）".into(),
        description: "生成的诉求，用于核对统计".into(),
        case_no: None,
        attachments: vec![],
        region: region.clone(),
        filed_at,
        filed_by: "staff:gen".into(),
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
    let dispatch = AppealCommand::Dispatch {
        lead: department.clone(),
        co: vec![],
    };
    let (dispatched, more) = appeal::apply(
        &filed,
        dispatch,
        "system:dispatch-rules",
        filed_at,
        None,
        calendar,
    )
    .map_err(|e| unavailable("诉求", e))?;
    let mut events = vec![filed_event(&filed)];
    events.extend(more);
    let stored = db
        .create_appeals(vec![NewAppeal {
            history: history(&events),
            events: outbox(&dispatched, &events),
            appeal: dispatched,
            phone: None,
            at: utc(filed_at),
        }])
        .await
        .map_err(ServiceError::store)?;
    let Some(AppealInsert::Inserted(no)) = stored.into_iter().next() else {
        return Err(unavailable("诉求", "未能登记"));
    };
    expected.appeals += 1;
    let limit = match complexity {
        Complexity::Ordinary => 2,
        Complexity::Complex => 5,
    };
    if course == Course::Open {
        return Ok(());
    }
    let no = no.as_str();
    let (mut resolved, mut on_time) =
        resolve(db, rng, calendar, no, department, day, limit).await?;
    if course == Course::Resolved {
        return Ok(());
    }
    let mut rated = resolved.checked_add_days(Days::new(1)).unwrap_or(resolved);
    if course == Course::ClosedAfterReopening {
        let unsatisfied = AppealCommand::Rate {
            satisfied: false,
            comment: "问题未解决".into(),
        };
        act(db, calendar, no, unsatisfied, at(rated, 18)).await?;
        (resolved, on_time) = resolve(db, rng, calendar, no, department, rated, limit).await?;
        rated = resolved.checked_add_days(Days::new(1)).unwrap_or(resolved);
    }
    let satisfied = AppealCommand::Rate {
        satisfied: true,
        comment: String::new(),
    };
    act(db, calendar, no, satisfied, at(rated, 18)).await?;
    if course == Course::Reopened {
        let later = rated.checked_add_days(Days::new(2)).unwrap_or(rated);
        let reopen = AppealCommand::Reopen {
            reason: "回访发现问题反弹".into(),
        };
        act(db, calendar, no, reopen, at(later, 9)).await?;
        return Ok(());
    }
    let key = Key {
        day: rated,
        region: region.to_string(),
        department: department.to_string(),
        item: String::new(),
        bundle: String::new(),
        channel: String::new(),
    };
    let reopened = course == Course::ClosedAfterReopening;
    expected.add(&key, |c| {
        c.appeals_closed += 1;
        c.appeals_on_time += i64::from(on_time);
        c.appeals_reopened += i64::from(reopened);
    });
    Ok(())
}

/// The lead department resolves a round started on `from` after a few
/// working days (sometimes more than the `limit`); returns the day and
/// whether it was within the limit.
async fn resolve(
    db: &Db,
    rng: &mut Rng,
    calendar: &WorkCalendar,
    no: &str,
    department: &Code,
    from: NaiveDate,
    limit: u32,
) -> Result<(NaiveDate, bool), ServiceError> {
    let took = rng.next(u64::from(limit) + 3) as u32;
    let on = calendar
        .add_working_days(from, took, &[])
        .map_err(|e| unavailable("诉求", e))?;
    let report = AppealCommand::Report {
        department: department.clone(),
        kind: ReportKind::Resolution,
        text: "已协调解决（生成数据）".into(),
    };
    act(db, calendar, no, report, at(on, 15)).await?;
    Ok((on, took <= limit))
}

/// Applies `command` at `local` and writes it with its history and events.
async fn act(
    db: &Db,
    calendar: &WorkCalendar,
    no: &str,
    command: AppealCommand,
    local: NaiveDateTime,
) -> Result<(), ServiceError> {
    let stored = db
        .load_appeal(no)
        .await
        .map_err(ServiceError::store)?
        .ok_or_else(|| unavailable("诉求", "诉求不存在"))?;
    let (next, events) = appeal::apply(&stored.appeal, command, "staff:gen", local, None, calendar)
        .map_err(|e| unavailable("诉求", e))?;
    let update = AppealUpdate {
        history: history(&events),
        events: outbox(&next, &events),
        appeal: next,
        expected_version: stored.version,
        at: utc(local),
    };
    db.update_appeal(&update).await.map_err(ServiceError::store)
}

fn history(events: &[AppealEvent]) -> Vec<NewHistory> {
    events
        .iter()
        .map(|e| NewHistory {
            at: utc(e.at),
            actor: "staff:gen".into(),
            action: e.kind.code().to_string(),
            from_state: Some(e.from.code().to_string()),
            to_state: Some(e.to.code().to_string()),
            detail: json!({ "event": e.kind }),
        })
        .collect()
}

fn outbox(appeal: &Appeal, events: &[AppealEvent]) -> Vec<NewAppealEvent> {
    events
        .iter()
        .map(|e| NewAppealEvent {
            event: e.kind.code().to_string(),
            payload: json!({
                "owner": appeal.owner,
                "region": appeal.region,
                "source": appeal.source,
                "department": appeal.lead(),
                "departments": appeal.departments(),
                "case_no": appeal.case_no,
                "from": e.from,
                "to": e.to,
                "at": e.at,
                "event": e.kind,
            }),
        })
        .collect()
}
