//! Recounting one case or one appeal inside the rollup transaction: lock
//! its facts row, read it as committed now, compute its contribution and
//! add only the difference from the stored one.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use sqlx::{Any, Row, Transaction};
use tongban_domain::appeal::Appeal;
use tongban_domain::case::Case;
use tongban_domain::metrics::{Contribution, Counters, RatingFact, RollupKey, appeal_contribution};

use super::records::{Contributor, RollupCase, RollupWarning};
use crate::accounts::rows;
use crate::{Backend, Db, StoreError};

const CASE: &str = "SELECT body FROM cases WHERE case_no = $1";
const WARNINGS: &str = "SELECT member, level, raised_at FROM warnings WHERE case_no = $1";
const DRAFT: &str = "SELECT body FROM drafts WHERE case_no = $1";
const RATING: &str = "SELECT level, rated_at, region, department, item FROM reviews \
     WHERE case_no = $1 AND superseded_by IS NULL ORDER BY rated_at DESC, id DESC";
const APPEAL: &str = "SELECT body FROM appeals WHERE appeal_no = $1";

/// Which facts table a recount keeps its last contribution in.
#[derive(Clone, Copy)]
pub(super) enum Facts {
    Case,
    Appeal,
}

impl Facts {
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Facts::Case => ("metrics_case_facts", "case_no"),
            Facts::Appeal => ("metrics_appeal_facts", "appeal_no"),
        }
    }
}

/// Recounts one case: adds the difference to `delta`. The inner `Err` is
/// a contribution that could not be computed (the case then counts
/// nowhere, and the round reports it).
pub(super) async fn case(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    case_no: &str,
    now: DateTime<Utc>,
    contributor: &Contributor,
    delta: &mut Contribution,
) -> Result<Result<(), String>, StoreError> {
    let old = lock(db, tx, Facts::Case, case_no, now).await?;
    let (new, outcome) = match read_case(tx, case_no).await? {
        None => (Contribution::default(), Ok(())),
        Some(input) => match contributor(&input) {
            Ok(c) => (c, Ok(())),
            Err(reason) => (Contribution::default(), Err(reason)),
        },
    };
    store(tx, Facts::Case, case_no, &old, &new, now, delta).await?;
    Ok(outcome)
}

/// Recounts one appeal (its closing), adding the difference to `delta`.
pub(super) async fn appeal(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    appeal_no: &str,
    now: DateTime<Utc>,
    delta: &mut Contribution,
) -> Result<(), StoreError> {
    let old = lock(db, tx, Facts::Appeal, appeal_no, now).await?;
    let body: Option<String> = sqlx::query_scalar(APPEAL)
        .bind(appeal_no.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    let new = match body {
        Some(text) => appeal_contribution(&rows::from_json::<Appeal>("appeals.body", &text)?),
        None => Contribution::default(),
    };
    store(tx, Facts::Appeal, appeal_no, &old, &new, now, delta).await
}

/// Creates (if needed) and locks the facts row; returns what it stored.
async fn lock(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    facts: Facts,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Contribution, StoreError> {
    let (table, column) = facts.table();
    let ensure = sqlx::AssertSqlSafe(format!(
        "INSERT INTO {table} ({column}, body, updated_at) VALUES ($1, '[]', $2) \
         ON CONFLICT ({column}) DO NOTHING"
    ));
    sqlx::query(ensure)
        .bind(id.to_string())
        .bind(rows::secs(now))
        .execute(&mut **tx)
        .await?;
    let lock = match db.backend() {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let select = sqlx::AssertSqlSafe(format!(
        "SELECT body FROM {table} WHERE {column} = $1{lock}"
    ));
    let stored: String = sqlx::query_scalar(select)
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    decode(table, &stored)
}

/// Stores `new` and adds `new − old` to `delta`.
async fn store(
    tx: &mut Transaction<'static, Any>,
    facts: Facts,
    id: &str,
    old: &Contribution,
    new: &Contribution,
    now: DateTime<Utc>,
    delta: &mut Contribution,
) -> Result<(), StoreError> {
    for (key, change) in new.minus(old).rows {
        *delta.rows.entry(key).or_default() += &change;
    }
    let (table, column) = facts.table();
    let save = sqlx::AssertSqlSafe(format!(
        "UPDATE {table} SET body = $2, updated_at = $3 WHERE {column} = $1"
    ));
    sqlx::query(save)
        .bind(id.to_string())
        .bind(encode(new)?)
        .bind(rows::secs(now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The case, its warnings, submission record and valid rating, as
/// committed now.
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
    let rating = match sqlx::query(RATING)
        .bind(case_no.to_string())
        .fetch_optional(&mut **tx)
        .await?
    {
        Some(row) => {
            let level: String = row.try_get("level")?;
            let at = rows::time("reviews.rated_at", row.try_get("rated_at")?)?;
            Some(RatingFact {
                rated_on: beijing_day(at),
                good: !matches!(level.as_str(), "dissatisfied" | "very_dissatisfied"),
                region: row.try_get("region")?,
                department: row.try_get("department")?,
                item: row.try_get("item")?,
            })
        }
        None => None,
    };
    Ok(Some(RollupCase {
        case,
        warnings,
        submission,
        rating,
    }))
}

/// The Beijing (UTC+8) date of `at`.
fn beijing_day(at: DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(8 * 3600) {
        Some(cst) => at.with_timezone(&cst).date_naive(),
        None => at.date_naive(),
    }
}

/// A stored contribution: a JSON list of `[key, counters]`.
fn decode(table: &str, text: &str) -> Result<Contribution, StoreError> {
    let pairs: Vec<(RollupKey, Vec<i64>)> = rows::from_json(&format!("{table}.body"), text)?;
    Ok(Contribution {
        rows: pairs
            .into_iter()
            .map(|(k, v)| (k, Counters::from_values(&v)))
            .collect(),
    })
}

fn encode(c: &Contribution) -> Result<String, StoreError> {
    let pairs: Vec<(&RollupKey, &[i64])> = c.rows.iter().map(|(k, v)| (k, v.values())).collect();
    rows::to_json(&pairs)
}
