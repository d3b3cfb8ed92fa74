//! Storing ratings (with their task, events and device token, in one
//! transaction) and reading them.

use tongban_domain::case::CaseNo;
use tongban_domain::review::Rating;

use super::records::{NewRating, RatingWrite, ReviewAudit};
use super::rows::{self as review_rows, RATING_COLUMNS, decode_rating, task_state};
use crate::accounts::rows;
use crate::{Db, StoreError};

const SUPERSEDE: &str = "UPDATE reviews SET superseded_by = $2 \
     WHERE id = $1 AND superseded_by IS NULL";

const SPEND_TOKEN: &str = "UPDATE review_device_tokens SET used_at = $3 \
     WHERE token_hash = $1 AND case_no = $2 AND used_at IS NULL AND expires_at > $3";

const INSERT: &str = "INSERT INTO reviews (id, target_kind, target, case_no, level, tags, \
     comment, channel, rater, department, region, item, staff, window_code, rated_at, \
     supersedes, superseded_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, NULL) \
     ON CONFLICT DO NOTHING";

const INSERT_TASK: &str = "INSERT INTO review_rectifications (id, review_id, case_no, \
     department, region, step, due, version, body, opened_at, closed_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, NULL)";

/// Stores a new rating and what comes with it.
pub(super) async fn insert(
    db: &Db,
    new: &NewRating,
    audit: Option<&ReviewAudit>,
) -> Result<RatingWrite, StoreError> {
    let r = &new.rating;
    let at = rows::secs(r.rated_at);
    let case_no = r.target.case_no().map(ToString::to_string);
    let mut tx = db.begin_write().await?;
    if let Some(hash) = &new.device_token {
        let spent = sqlx::query(SPEND_TOKEN)
            .bind(hash.clone())
            .bind(case_no.clone().unwrap_or_default())
            .bind(at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if spent == 0 {
            tx.rollback().await?;
            return Ok(RatingWrite::TokenSpent);
        }
    }
    if let Some(old) = &r.supersedes {
        let done = sqlx::query(SUPERSEDE)
            .bind(old.clone())
            .bind(r.id.clone())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done == 0 {
            tx.rollback().await?;
            return Ok(RatingWrite::SupersededMeanwhile);
        }
    }
    let inserted = sqlx::query(INSERT)
        .bind(r.id.clone())
        .bind(r.target.kind_code())
        .bind(r.target.key().to_string())
        .bind(case_no.clone())
        .bind(r.level.code())
        .bind(rows::to_json(&r.tags)?)
        .bind(r.comment.clone())
        .bind(r.channel.code())
        .bind(r.rater.clone())
        .bind(r.department.to_string())
        .bind(r.region.to_string())
        .bind(r.item.as_ref().map(ToString::to_string))
        .bind(r.staff.clone())
        .bind(r.window.as_ref().map(ToString::to_string))
        .bind(at)
        .bind(r.supersedes.clone())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if inserted == 0 {
        tx.rollback().await?;
        return Ok(RatingWrite::AlreadyRated);
    }
    if let Some(task) = &new.task {
        let (step, due) = task_state(task);
        sqlx::query(INSERT_TASK)
            .bind(task.id.clone())
            .bind(task.review_id.clone())
            .bind(task.case_no.as_ref().map(ToString::to_string))
            .bind(task.department.to_string())
            .bind(task.region.to_string())
            .bind(step)
            .bind(due)
            .bind(rows::to_json(task)?)
            .bind(rows::secs(task.opened_at))
            .execute(&mut *tx)
            .await?;
    }
    if let Some(no) = &case_no {
        review_rows::outbox(&mut tx, no, &new.outbox, at).await?;
    }
    if let Some(entry) = audit {
        review_rows::audit(&mut tx, entry).await?;
    }
    tx.commit().await?;
    Ok(RatingWrite::Stored)
}

/// One rating by id.
pub(super) async fn one(db: &Db, id: &str) -> Result<Option<Rating>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {RATING_COLUMNS} FROM reviews WHERE id = $1"
    ));
    let row = sqlx::query(sql)
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode_rating).transpose()
}

/// Every rating of a case, oldest first.
pub(super) async fn of_case(db: &Db, case_no: &CaseNo) -> Result<Vec<Rating>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {RATING_COLUMNS} FROM reviews WHERE case_no = $1 ORDER BY rated_at, id"
    ));
    let found = sqlx::query(sql)
        .bind(case_no.to_string())
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode_rating).collect()
}

/// The ratings of one rater, newest first.
pub(super) async fn by_rater(db: &Db, rater: &str, limit: i64) -> Result<Vec<Rating>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {RATING_COLUMNS} FROM reviews WHERE rater = $1 \
         ORDER BY rated_at DESC, id DESC LIMIT $2"
    ));
    let found = sqlx::query(sql)
        .bind(rater.to_string())
        .bind(limit.max(0))
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode_rating).collect()
}
