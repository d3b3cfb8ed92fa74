//! The rollup job's writes: counting the cases of claimed outbox events,
//! recounting every case (rebuild), and resetting.
//!
//! A round picks outbox rows not yet rolled up (on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so concurrent nodes take disjoint rows; on
//! SQLite the one writer serialises rounds), recounts each of their cases
//! and marks the rows, all in one transaction. Recounting a case locks
//! its facts row, reads the case as committed now, computes its
//! contribution and adds only the difference from the stored one, so a
//! case counted twice (two events, two nodes, a rebuild racing a round)
//! adds nothing the second time. Cases are locked in case-number order,
//! so two rounds cannot deadlock.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sqlx::{Any, Row, Transaction};
use tongban_domain::case::{Case, CaseNo};
use tongban_domain::metrics::{Contribution, Counter, Counters, RollupKey};

use super::records::{Contributor, RollupCase, RollupRound, RollupWarning};
use crate::accounts::rows;
use crate::{Backend, Db, StoreError};

const PICK: &str = "SELECT id, case_no FROM outbox WHERE rolled_up_at IS NULL ORDER BY id LIMIT $1";
const MARK: &str = "UPDATE outbox SET rolled_up_at = $2 WHERE id = $1";
const ENSURE: &str = "INSERT INTO metrics_case_facts (case_no, body, updated_at) \
     VALUES ($1, '[]', $2) ON CONFLICT (case_no) DO NOTHING";
const FACTS: &str = "SELECT body FROM metrics_case_facts WHERE case_no = $1";
const SAVE: &str = "UPDATE metrics_case_facts SET body = $2, updated_at = $3 WHERE case_no = $1";
const CASE: &str = "SELECT body FROM cases WHERE case_no = $1";
const WARNINGS: &str = "SELECT member, level, raised_at FROM warnings WHERE case_no = $1";
const DRAFT: &str = "SELECT body FROM drafts WHERE case_no = $1";
const PAGE: &str = "SELECT case_no FROM cases WHERE case_no > $1 ORDER BY case_no LIMIT $2";

/// One round: counts the cases of up to `limit` events not yet rolled up.
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
    for row in &picked {
        ids.push(row.try_get::<i64, _>("id")?);
        // Events about appeals, proof requests … have no case: they are
        // marked rolled up with the rest, and count nothing.
        if let Some(case_no) = row.try_get::<Option<String>, _>("case_no")? {
            cases.insert(case_no);
        }
    }
    let mut round = RollupRound {
        events: ids.len(),
        cases: cases.len(),
        failed: Vec::new(),
    };
    let mut delta = Contribution::default();
    for case_no in &cases {
        if let Err(reason) = recount(db, &mut tx, case_no, now, contributor, &mut delta).await? {
            round.failed.push((case_no.clone(), reason));
        }
    }
    add_rows(&mut tx, &delta).await?;
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
    let found: Vec<String> = sqlx::query_scalar(PAGE)
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
        if let Err(reason) = recount(db, &mut tx, case_no, now, contributor, &mut delta).await? {
            round.failed.push((case_no.clone(), reason));
        }
    }
    add_rows(&mut tx, &delta).await?;
    tx.commit().await?;
    let last = found
        .last()
        .map(|c| crate::cases::case_no_of(c))
        .transpose()?;
    Ok((round, last))
}

/// Forgets every count: the rollups and every case's stored
/// contribution. A rebuild then recounts every case.
pub(super) async fn reset(db: &Db) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM metrics_rollups")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM metrics_case_facts")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Recounts one case inside `tx`: stores its new contribution and adds
/// the difference from the old one to `delta`. The inner `Err` is a
/// contribution that could not be computed (the case then counts nowhere).
///
/// Rollup rows are not written here: a round first locks every case's
/// facts row (in case-number order), then writes the summed deltas in key
/// order ([`add_rows`]), so concurrent rounds on several nodes always take
/// their locks in the same order and cannot deadlock.
async fn recount(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    case_no: &str,
    now: DateTime<Utc>,
    contributor: &Contributor,
    delta: &mut Contribution,
) -> Result<Result<(), String>, StoreError> {
    sqlx::query(ENSURE)
        .bind(case_no.to_string())
        .bind(rows::secs(now))
        .execute(&mut **tx)
        .await?;
    let facts = match db.backend() {
        Backend::Postgres => sqlx::AssertSqlSafe(format!("{FACTS} FOR UPDATE")),
        Backend::Sqlite => sqlx::AssertSqlSafe(FACTS.to_string()),
    };
    let stored: String = sqlx::query_scalar(facts)
        .bind(case_no.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let old = decode_facts(&stored)?;
    let (new, outcome) = match read_case(tx, case_no).await? {
        None => (Contribution::default(), Ok(())),
        Some(input) => match contributor(&input) {
            Ok(c) => (c, Ok(())),
            Err(reason) => (Contribution::default(), Err(reason)),
        },
    };
    for (key, change) in new.minus(&old).rows {
        *delta.rows.entry(key).or_default() += &change;
    }
    sqlx::query(SAVE)
        .bind(case_no.to_string())
        .bind(encode_facts(&new)?)
        .bind(rows::secs(now))
        .execute(&mut **tx)
        .await?;
    Ok(outcome)
}

/// The case, its warnings and its submission record, as committed now.
async fn read_case(
    tx: &mut Transaction<'static, Any>,
    case_no: &str,
) -> Result<Option<RollupCase>, StoreError> {
    let Some(body): Option<String> = sqlx::query_scalar(CASE)
        .bind(case_no.to_string())
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(None);
    };
    let case: Case = rows::from_json("cases.body", &body)?;
    let found = sqlx::query(WARNINGS)
        .bind(case_no.to_string())
        .fetch_all(&mut **tx)
        .await?;
    let mut warnings = Vec::with_capacity(found.len());
    for row in &found {
        let member: String = row.try_get("member")?;
        let level: String = row.try_get("level")?;
        warnings.push(RollupWarning {
            member: (!member.is_empty()).then_some(member),
            red: level == "red",
            raised_at: rows::time("warnings.raised_at", row.try_get("raised_at")?)?,
        });
    }
    let draft: Option<String> = sqlx::query_scalar(DRAFT)
        .bind(case_no.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    let submission = match draft {
        Some(text) => {
            let body: serde_json::Value = rows::from_json("drafts.body", &text)?;
            body.get("submission").filter(|s| !s.is_null()).cloned()
        }
        None => None,
    };
    Ok(Some(RollupCase {
        case,
        warnings,
        submission,
    }))
}

/// Adds `delta` to the rollup row `key`, creating it if needed.
/// Adds every non-zero row of `delta` to the rollups, in key order.
async fn add_rows(
    tx: &mut Transaction<'static, Any>,
    delta: &Contribution,
) -> Result<(), StoreError> {
    for (key, change) in &delta.rows {
        if !change.is_zero() {
            add_row(tx, key, change).await?;
        }
    }
    Ok(())
}

async fn add_row(
    tx: &mut Transaction<'static, Any>,
    key: &RollupKey,
    delta: &Counters,
) -> Result<(), StoreError> {
    let sql = sqlx::AssertSqlSafe(upsert_sql());
    let mut query = sqlx::query(sql)
        .bind(key.day.format("%Y-%m-%d").to_string())
        .bind(key.region.clone())
        .bind(key.department.clone())
        .bind(key.item.clone())
        .bind(key.bundle.clone())
        .bind(key.channel.clone());
    for c in Counter::ALL {
        query = query.bind(delta.get(*c));
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// `INSERT … ON CONFLICT DO UPDATE SET c = c + excluded.c` over every
/// counter column.
fn upsert_sql() -> String {
    let columns: Vec<&str> = Counter::ALL.iter().map(|c| c.column()).collect();
    let params: Vec<String> = (7..7 + columns.len()).map(|i| format!("${i}")).collect();
    let sets: Vec<String> = columns
        .iter()
        .map(|c| format!("{c} = metrics_rollups.{c} + excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO metrics_rollups (day, region, department, item, bundle, channel, {}) \
         VALUES ($1, $2, $3, $4, $5, $6, {}) \
         ON CONFLICT (day, region, department, item, bundle, channel) DO UPDATE SET {}",
        columns.join(", "),
        params.join(", "),
        sets.join(", ")
    )
}

/// A stored contribution: a JSON list of `[key, counters]`.
fn decode_facts(text: &str) -> Result<Contribution, StoreError> {
    let pairs: Vec<(RollupKey, Vec<i64>)> = rows::from_json("metrics_case_facts.body", text)?;
    Ok(Contribution {
        rows: pairs
            .into_iter()
            .map(|(k, v)| (k, Counters::from_values(&v)))
            .collect(),
    })
}

fn encode_facts(c: &Contribution) -> Result<String, StoreError> {
    let pairs: Vec<(&RollupKey, &[i64])> = c.rows.iter().map(|(k, v)| (k, v.values())).collect();
    rows::to_json(&pairs)
}
