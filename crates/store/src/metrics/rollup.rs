//! The rollup job's rounds: counting the cases and appeals of claimed
//! outbox events, recounting every case and appeal (rebuild), resetting.
//!
//! A round picks outbox rows not yet rolled up (on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so concurrent nodes take disjoint rows; on
//! SQLite the one writer serialises rounds), recounts each of their cases
//! (topic `case`) and appeals (topic `appeal`) and marks the rows, all in
//! one transaction. A recount adds only the difference from what the
//! case or appeal added before ([`super::recount`]), so counting twice
//! adds nothing. Locks are taken in one order — cases by number, then
//! appeals by number, then cube rows by key — so rounds cannot deadlock.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sqlx::Row;
use tongban_domain::case::CaseNo;
use tongban_domain::metrics::Contribution;

use super::records::{Contributor, RollupRound};
use super::{cube, recount};
use crate::accounts::rows;
use crate::{Backend, Db, StoreError};

const PICK: &str = "SELECT id, topic, case_no, aggregate_id FROM outbox \
     WHERE rolled_up_at IS NULL ORDER BY id LIMIT $1";
const MARK: &str = "UPDATE outbox SET rolled_up_at = $2 WHERE id = $1";
const CASES: &str = "SELECT case_no FROM cases WHERE case_no > $1 ORDER BY case_no LIMIT $2";
const APPEALS: &str =
    "SELECT appeal_no FROM appeals WHERE appeal_no > $1 ORDER BY appeal_no LIMIT $2";

/// One round: counts the cases and appeals of up to `limit` events not
/// yet rolled up.
pub(super) async fn round(
    db: &Db,
    now: DateTime<Utc>,
    limit: i64,
    contributor: &Contributor,
) -> Result<RollupRound, StoreError> {
    let mut tx = db.begin_write().await?;
    let pick = match db.backend() {
        Backend::Postgres => sqlx::AssertSqlSafe(format!("{PICK} FOR UPDATE SKIP LOCKED")),
        Backend::Sqlite => sqlx::AssertSqlSafe(PICK.to_string()),
    };
    let picked = sqlx::query(pick)
        .bind(limit.max(0))
        .fetch_all(&mut *tx)
        .await?;
    let mut ids = Vec::with_capacity(picked.len());
    let mut cases = BTreeSet::new();
    let mut appeals = BTreeSet::new();
    for row in &picked {
        ids.push(row.try_get::<i64, _>("id")?);
        let topic: String = row.try_get("topic")?;
        // Events about proof requests, licences … count nothing; they are
        // marked rolled up with the rest.
        if let Some(case_no) = row.try_get::<Option<String>, _>("case_no")? {
            cases.insert(case_no);
        } else if topic == "appeal"
            && let Some(no) = row.try_get::<Option<String>, _>("aggregate_id")?
        {
            appeals.insert(no);
        }
    }
    let mut round = RollupRound {
        events: ids.len(),
        cases: cases.len(),
        appeals: appeals.len(),
        failed: Vec::new(),
    };
    let mut delta = Contribution::default();
    for case_no in &cases {
        if let Err(reason) =
            recount::case(db, &mut tx, case_no, now, contributor, &mut delta).await?
        {
            round.failed.push((case_no.clone(), reason));
        }
    }
    for no in &appeals {
        recount::appeal(db, &mut tx, no, now, &mut delta).await?;
    }
    cube::add_delta(db.backend(), &mut tx, &delta).await?;
    for id in ids {
        sqlx::query(MARK)
            .bind(id)
            .bind(rows::secs(now))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(round)
}

/// Recounts up to `limit` cases after `after` (by number) in one
/// transaction; returns how many and the last one.
pub(super) async fn recount_page(
    db: &Db,
    after: Option<&CaseNo>,
    limit: i64,
    now: DateTime<Utc>,
    contributor: &Contributor,
) -> Result<(RollupRound, Option<CaseNo>), StoreError> {
    let mut tx = db.begin_write().await?;
    let found: Vec<String> = sqlx::query_scalar(CASES)
        .bind(after.map(ToString::to_string).unwrap_or_default())
        .bind(limit.max(0))
        .fetch_all(&mut *tx)
        .await?;
    let mut round = RollupRound {
        cases: found.len(),
        ..RollupRound::default()
    };
    let mut delta = Contribution::default();
    for case_no in &found {
        if let Err(reason) =
            recount::case(db, &mut tx, case_no, now, contributor, &mut delta).await?
        {
            round.failed.push((case_no.clone(), reason));
        }
    }
    cube::add_delta(db.backend(), &mut tx, &delta).await?;
    tx.commit().await?;
    let last = found
        .last()
        .map(|c| crate::cases::case_no_of(c))
        .transpose()?;
    Ok((round, last))
}

/// Recounts up to `limit` appeals after `after` (by number) in one
/// transaction; returns how many and the last one.
pub(super) async fn recount_appeals(
    db: &Db,
    after: Option<&str>,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<(usize, Option<String>), StoreError> {
    let mut tx = db.begin_write().await?;
    let found: Vec<String> = sqlx::query_scalar(APPEALS)
        .bind(after.unwrap_or_default().to_string())
        .bind(limit.max(0))
        .fetch_all(&mut *tx)
        .await?;
    let mut delta = Contribution::default();
    for no in &found {
        recount::appeal(db, &mut tx, no, now, &mut delta).await?;
    }
    cube::add_delta(db.backend(), &mut tx, &delta).await?;
    tx.commit().await?;
    Ok((found.len(), found.last().cloned()))
}

/// Forgets every count: the cube and every stored contribution. A
/// rebuild then recounts every case and appeal.
pub(super) async fn reset(db: &Db) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    for table in ["metrics_cube", "metrics_case_facts", "metrics_appeal_facts"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&mut *tx)
            .await?;
    }
    cube::bump_version(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
