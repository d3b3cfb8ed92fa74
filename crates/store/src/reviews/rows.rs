//! Row encoding shared by the review store: ratings and tasks to and from
//! rows, and the outbox and audit inserts every write transaction uses.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use tongban_domain::review::{Channel, Level, Rating, RectificationTask, Target};

use super::records::{ReviewAudit, StoredTask};
use crate::NewOutboxEvent;
use crate::StoreError;
use crate::accounts::rows::{self, day_text};
use crate::cases::case_no_of;

/// The columns of a rating, in the order [`decode_rating`] reads them.
pub(super) const RATING_COLUMNS: &str = "id, target_kind, target, case_no, level, tags, comment, \
     channel, rater, department, region, item, staff, window_code, rated_at, supersedes, \
     superseded_by";

/// The columns of a task.
pub(super) const TASK_COLUMNS: &str = "id, version, body";

const OUTBOX: &str =
    "INSERT INTO outbox (case_no, event, payload, created_at) VALUES ($1, $2, $3, $4)";

const AUDIT: &str = "INSERT INTO review_audit (id, subject, at, actor, action, detail) \
     VALUES ($1, $2, $3, $4, $5, $6)";

/// A rating row back as the domain's rating.
pub(super) fn decode_rating(row: &AnyRow) -> Result<Rating, StoreError> {
    let kind: String = row.try_get("target_kind")?;
    let target: String = row.try_get("target")?;
    let target = match kind.as_str() {
        "case" => Target::Case {
            case_no: case_no_of(&target)?,
        },
        "window_visit" => Target::WindowVisit {
            window: rows::code("reviews.target", &target)?,
        },
        "online_service" => Target::OnlineService {
            service: rows::code("reviews.target", &target)?,
        },
        other => {
            return Err(StoreError::Corrupt(format!(
                "reviews.target_kind 列的取值“{other}”无效"
            )));
        }
    };
    let level: String = row.try_get("level")?;
    let channel: String = row.try_get("channel")?;
    let opt_code = |column: &str| -> Result<_, StoreError> {
        let text: Option<String> = row.try_get(column)?;
        text.map(|t| rows::code(column, &t)).transpose()
    };
    Ok(Rating {
        id: row.try_get("id")?,
        target,
        level: Level::parse(&level)
            .map_err(|_| StoreError::Corrupt(format!("reviews.level 列的取值“{level}”无效")))?,
        tags: rows::from_json("reviews.tags", &row.try_get::<String, _>("tags")?)?,
        comment: row.try_get("comment")?,
        channel: Channel::parse(&channel).ok_or_else(|| {
            StoreError::Corrupt(format!("reviews.channel 列的取值“{channel}”无效"))
        })?,
        rater: row.try_get("rater")?,
        department: rows::code(
            "reviews.department",
            &row.try_get::<String, _>("department")?,
        )?,
        region: rows::region("reviews.region", &row.try_get::<String, _>("region")?)?,
        item: opt_code("item")?,
        staff: row.try_get("staff")?,
        window: opt_code("window_code")?,
        rated_at: rows::time("reviews.rated_at", row.try_get("rated_at")?)?,
        supersedes: row.try_get("supersedes")?,
        superseded_by: row.try_get("superseded_by")?,
    })
}

/// A task row back as the stored task.
pub(super) fn decode_task(row: &AnyRow) -> Result<StoredTask, StoreError> {
    let id: String = row.try_get("id")?;
    let task: RectificationTask = rows::from_json(
        "review_rectifications.body",
        &row.try_get::<String, _>("body")?,
    )?;
    if task.id != id {
        return Err(StoreError::Corrupt(format!(
            "review_rectifications 行“{id}”的内容属于另一个任务"
        )));
    }
    Ok(StoredTask {
        task,
        version: row.try_get("version")?,
    })
}

/// The current step's code (or `closed`) and due date of a task.
pub(super) fn task_state(task: &RectificationTask) -> (&'static str, Option<String>) {
    match task.current() {
        Some(step) => (step.step.code(), Some(day_text(step.due))),
        None => ("closed", None),
    }
}

/// Writes outbox events of a case inside `tx`.
pub(super) async fn outbox(
    tx: &mut Transaction<'static, Any>,
    case_no: &str,
    events: &[NewOutboxEvent],
    at: i64,
) -> Result<(), StoreError> {
    for e in events {
        sqlx::query(OUTBOX)
            .bind(case_no.to_string())
            .bind(e.event.clone())
            .bind(e.payload.to_string())
            .bind(at)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Writes one audit entry inside `tx`.
pub(super) async fn audit(
    tx: &mut Transaction<'static, Any>,
    entry: &ReviewAudit,
) -> Result<(), StoreError> {
    sqlx::query(AUDIT)
        .bind(entry.id.clone())
        .bind(entry.subject.clone())
        .bind(rows::secs(entry.at))
        .bind(entry.actor.clone())
        .bind(entry.action.clone())
        .bind(entry.detail.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
