//! Ratings (好差评) of generated cases, written through the review store
//! as `ReviewService` writes them: a 差评 opens a rectification task; a
//! re-rating supersedes the earlier one once the task is closed. Only a
//! case's valid rating counts, on its day.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde_json::json;
use tongban_domain::case::Case;
use tongban_domain::clock::WorkCalendar;
use tongban_domain::review::{
    Channel, Level, Rating, RectificationLimits, RectificationTask, Step, Target,
};
use tongban_store::{Db, NewOutboxEvent, NewRating, RatingWrite, ReviewAudit, ReviewStore};

use super::expected::{Expected, Key};
use super::{Rng, at, unavailable, utc};
use crate::error::ServiceError;

/// The level of the `n`-th rating: mostly 好评, some 差评.
fn level(rng: &mut Rng) -> Level {
    match rng.next(10) {
        0..=3 => Level::VerySatisfied,
        4 | 5 => Level::Satisfied,
        6 => Level::BasicallySatisfied,
        7 | 8 => Level::Dissatisfied,
        _ => Level::VeryDissatisfied,
    }
}

/// Rates a done case (`owner` rates it a day or two after `done`); one
/// 差评 in three is rectified and then re-rated 满意, superseding it.
/// Only the valid rating counts, on its day, in the case's own row (the
/// rating names the bundle, or the item, the service names).
pub(super) async fn rate(
    db: &Db,
    rng: &mut Rng,
    calendar: &WorkCalendar,
    case: &Case,
    owner: &str,
    done: NaiveDate,
    expected: &mut Expected,
) -> Result<(), ServiceError> {
    let day = done
        .checked_add_days(Days::new(rng.next(3)))
        .unwrap_or(done);
    let chosen = level(rng);
    let first = rating(rng, case, owner, chosen, at(day, 18), None);
    let mut valid = first.clone();
    store_rating(db, calendar, &first, day).await?;
    expected.ratings += 1;
    if first.level.is_bad() && rng.next(3) == 0 {
        let closed = rectify(db, calendar, &first, day).await?;
        let again = closed.checked_add_days(Days::new(1)).unwrap_or(closed);
        let second = rating(
            rng,
            case,
            owner,
            Level::Satisfied,
            at(again, 19),
            Some(first.id.clone()),
        );
        store_rating(db, calendar, &second, again).await?;
        expected.ratings += 1;
        valid = second;
    }
    let key = Key {
        day: super::local_date(valid.rated_at),
        region: valid.region.to_string(),
        department: valid.department.to_string(),
        item: valid
            .item
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        bundle: case
            .bundle
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        channel: case.channel.code().to_string(),
    };
    expected.add(&key, |c| {
        c.ratings += 1;
        c.ratings_good += i64::from(valid.level.is_good());
    });
    Ok(())
}

fn rating(
    rng: &mut Rng,
    case: &Case,
    owner: &str,
    level: Level,
    local: NaiveDateTime,
    supersedes: Option<String>,
) -> Rating {
    let item = match (&case.bundle, case.members.as_slice()) {
        (Some(bundle), _) => Some(bundle.clone()),
        (None, [only]) => Some(only.item().clone()),
        _ => None,
    };
    let (tags, comment) = if level.is_bad() {
        (
            vec!["办理超时".to_string()],
            "等待时间较长（生成数据）".to_string(),
        )
    } else {
        (vec!["办事高效".to_string()], String::new())
    };
    Rating {
        id: format!("rv_gen{:016x}", rng.next(u64::MAX)),
        target: Target::Case {
            case_no: case.case_no.clone(),
        },
        level,
        tags,
        comment,
        channel: Channel::Page,
        rater: Some(owner.to_string()),
        department: case.lead_department.clone(),
        region: case.region.clone(),
        item,
        staff: None,
        window: None,
        rated_at: utc(local),
        supersedes,
        superseded_by: None,
    }
}

/// Stores a rating with its task (差评) and events, as `ReviewService` does.
async fn store_rating(
    db: &Db,
    calendar: &WorkCalendar,
    rating: &Rating,
    day: NaiveDate,
) -> Result<(), ServiceError> {
    let task = if rating.level.is_bad() {
        Some(
            RectificationTask::open(
                format!("rt_{}", rating.id),
                rating,
                &RectificationLimits::default(),
                calendar,
                day,
                rating.rated_at,
            )
            .map_err(|e| unavailable("整改任务", e))?,
        )
    } else {
        None
    };
    let outbox = vec![NewOutboxEvent {
        event: "review.rated".into(),
        payload: json!({
            "case_no": rating.target.case_no(),
            "review_id": rating.id,
            "level": rating.level,
            "department": rating.department,
            "region": rating.region,
            "milestone": false,
        }),
    }];
    let new = NewRating {
        rating: rating.clone(),
        task,
        device_token: None,
        outbox,
    };
    match db
        .insert_rating(&new, None)
        .await
        .map_err(ServiceError::store)?
    {
        RatingWrite::Stored => Ok(()),
        other => Err(unavailable("评价", format!("{other:?}"))),
    }
}

/// Runs the bad rating's task through verify → rectify → revisit, one
/// working day each; returns the day it closed.
async fn rectify(
    db: &Db,
    calendar: &WorkCalendar,
    rating: &Rating,
    day: NaiveDate,
) -> Result<NaiveDate, ServiceError> {
    let limits = RectificationLimits::default();
    let mut on = day;
    for step in Step::ALL {
        let stored = db
            .task_of_review(&rating.id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| unavailable("整改任务", "任务不存在"))?;
        on = calendar
            .add_working_days(on, 1, &[])
            .map_err(|e| unavailable("整改任务", e))?;
        let when = utc(at(on, 10));
        let next = stored
            .task
            .complete(
                step,
                "已处理（生成数据）",
                "staff:gen",
                when,
                on,
                &limits,
                calendar,
            )
            .map_err(|e| unavailable("整改任务", e))?;
        let audit = ReviewAudit {
            id: format!("ra_{}_{}", next.id, step.code()),
            subject: next.id.clone(),
            at: when,
            actor: "staff:gen".into(),
            action: format!("rectification.{}", step.code()),
            detail: json!({ "step": step, "case_no": next.case_no }),
        };
        let outbox = if next.is_closed() {
            vec![NewOutboxEvent {
                event: "review.rectification_closed".into(),
                payload: json!({
                    "case_no": next.case_no,
                    "task_id": next.id,
                    "review_id": next.review_id,
                    "department": next.department,
                    "milestone": false,
                }),
            }]
        } else {
            Vec::new()
        };
        let written = db
            .update_task(&next, stored.version, &audit, &outbox)
            .await
            .map_err(ServiceError::store)?;
        if !written {
            return Err(unavailable("整改任务", "版本冲突"));
        }
    }
    Ok(on)
}
