//! Bulk loading for the data generator (`tongban gen`): subjects, cases
//! with their whole audit chain and outbox rows, and ratings, written as
//! multi-row inserts, one transaction per batch.
//!
//! Rows are exactly what the aggregate stores write and read back: a case
//! written here loads through `CaseStore::load_case`, its chain passes
//! `CaseStore::verify_audit_chain`, a rating counts in the review scores.
//! The case-number sequences are raised to the highest number written, so
//! the next application submitted normally gets the next number.
//!
//! Generated history is written as already processed: its outbox rows
//! carry `dispatched_at` and `rolled_up_at` (the event's own time), so a
//! node's dispatcher sends no notifications about it and its rollup job
//! has nothing to catch up on; the generator fills the metrics cube with
//! `MetricsService::rebuild` instead.

mod chain;
mod insert;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;
use tongban_domain::subject::{Profile, Subject};

pub use chain::{BulkCase, CaseBatch};
use insert::{Val, insert_many, max_params, text};

use crate::accounts::rows;
use crate::{Db, StoreError};

const SUBJECTS: &str = "INSERT INTO subjects (id, kind, name, body, created_at)";

const SUBJECT_KEYS: &str = "INSERT INTO subject_keys (key_kind, key_value, subject_id)";

const CASES: &str = "INSERT INTO cases (case_no, region, lead_department, owner, phone, \
     channel, state, version, body, created_at, updated_at)";

const AUDIT: &str = "INSERT INTO case_audit (case_no, seq, at, actor, action, from_state, \
     to_state, detail, prev_hash, hash)";

const OUTBOX: &str = "INSERT INTO outbox (case_no, topic, event, payload, created_at, \
     dispatched_at, rolled_up_at)";

const REVIEWS: &str = "INSERT INTO reviews (id, target_kind, target, case_no, level, tags, \
     comment, channel, rater, department, region, item, staff, window_code, rated_at)";

/// Raises a day's sequence to the highest number written, never lowers it.
const SEQUENCES: &str = "INSERT INTO case_sequences (region, day, last_value)";
const SEQUENCES_TAIL: &str = "ON CONFLICT (region, day) DO UPDATE \
     SET last_value = excluded.last_value \
     WHERE case_sequences.last_value < excluded.last_value";

/// Marks the events of generated appeals as processed at their own time:
/// dispatched (they are history, not news) and rolled up (the generator
/// rebuilds the metrics). Followed by the list of appeal numbers.
const APPEAL_EVENTS_DONE: &str = "UPDATE outbox SET dispatched_at = created_at, \
     rolled_up_at = created_at WHERE topic = 'appeal' AND aggregate_id IN";

/// What one batch wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchWritten {
    /// Case rows.
    pub cases: u64,
    /// Audit records.
    pub audit: u64,
    /// Outbox rows.
    pub outbox: u64,
    /// Ratings.
    pub reviews: u64,
}

/// Rows in the tables the generator fills.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowCounts {
    /// Subjects (persons and enterprises).
    pub subjects: i64,
    /// Subject identifier keys.
    pub subject_keys: i64,
    /// Cases.
    pub cases: i64,
    /// Case audit records.
    pub case_audit: i64,
    /// Outbox rows about cases.
    pub case_outbox: i64,
    /// Ratings.
    pub reviews: i64,
    /// Appeals.
    pub appeals: i64,
}

/// Bulk writes for generated data sets. Each call is one transaction.
#[async_trait]
pub trait BulkStore: Send + Sync {
    /// Inserts subjects and their identifier keys, created at `at`; the
    /// subject rows written. A taken id or key fails the whole batch.
    async fn write_subjects(
        &self,
        subjects: &[Subject],
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
    /// Writes a prepared batch: cases, audit chains, outbox rows,
    /// ratings, and the raised case-number sequences.
    async fn write_batch(&self, batch: CaseBatch) -> Result<BatchWritten, StoreError>;
    /// Marks the outbox events of `appeals` (appeal numbers) as
    /// dispatched and rolled up at their own creation time, in one
    /// transaction; returns the events marked.
    async fn settle_appeal_events(&self, appeals: &[String]) -> Result<u64, StoreError>;
    /// Cases the metrics hold a contribution of (`metrics_case_facts`
    /// rows): the progress of a rebuild.
    async fn counted_cases(&self) -> Result<i64, StoreError>;
    /// Counts the rows of the tables a generator fills.
    async fn row_counts(&self) -> Result<RowCounts, StoreError>;
}

#[async_trait]
impl BulkStore for Db {
    async fn write_subjects(
        &self,
        subjects: &[Subject],
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut rows_s = Vec::with_capacity(subjects.len());
        let mut rows_k = Vec::with_capacity(subjects.len());
        for s in subjects {
            let kind = match s.profile {
                Profile::Person(_) => "person",
                Profile::Enterprise(_) => "enterprise",
            };
            rows_s.push(vec![
                text(s.id.as_str()),
                text(kind),
                text(s.name()),
                text(rows::to_json(&s.profile)?),
                Val::Int(rows::secs(at)),
            ]);
            for key in s.keys() {
                rows_k.push(vec![
                    text(key.kind()),
                    text(key.lookup_value().to_string()),
                    text(s.id.as_str()),
                ]);
            }
        }
        let max = max_params(self.backend());
        let mut tx = self.begin_write().await?;
        let written = insert_many(&mut tx, max, SUBJECTS, rows_s, "").await?;
        insert_many(&mut tx, max, SUBJECT_KEYS, rows_k, "").await?;
        tx.commit().await?;
        Ok(written)
    }

    async fn write_batch(&self, batch: CaseBatch) -> Result<BatchWritten, StoreError> {
        let CaseBatch {
            cases,
            audit,
            outbox,
            reviews,
            sequences,
        } = batch;
        let sequences = sequences
            .into_iter()
            .map(|((region, day), last)| vec![text(region), text(day), Val::Int(last)])
            .collect();
        let max = max_params(self.backend());
        let mut tx = self.begin_write().await?;
        let written = BatchWritten {
            cases: insert_many(&mut tx, max, CASES, cases, "").await?,
            audit: insert_many(&mut tx, max, AUDIT, audit, "").await?,
            outbox: insert_many(&mut tx, max, OUTBOX, outbox, "").await?,
            reviews: insert_many(&mut tx, max, REVIEWS, reviews, "").await?,
        };
        insert_many(&mut tx, max, SEQUENCES, sequences, SEQUENCES_TAIL).await?;
        tx.commit().await?;
        Ok(written)
    }

    async fn settle_appeal_events(&self, appeals: &[String]) -> Result<u64, StoreError> {
        if appeals.is_empty() {
            return Ok(0);
        }
        let per_statement = max_params(self.backend()).min(insert::MAX_ROWS);
        let mut tx = self.begin_write().await?;
        let mut done = 0;
        for chunk in appeals.chunks(per_statement) {
            let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("{APPEAL_EVENTS_DONE} ({})", list.join(", "));
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for no in chunk {
                query = query.bind(no.clone());
            }
            done += query.execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(done)
    }

    async fn counted_cases(&self) -> Result<i64, StoreError> {
        let n = sqlx::query_scalar("SELECT COUNT(*) FROM metrics_case_facts")
            .fetch_one(self.reader())
            .await?;
        Ok(n)
    }

    async fn row_counts(&self) -> Result<RowCounts, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM subjects) AS subjects, \
             (SELECT COUNT(*) FROM subject_keys) AS subject_keys, \
             (SELECT COUNT(*) FROM cases) AS cases, \
             (SELECT COUNT(*) FROM case_audit) AS case_audit, \
             (SELECT COUNT(*) FROM outbox WHERE topic = 'case') AS case_outbox, \
             (SELECT COUNT(*) FROM reviews) AS reviews, \
             (SELECT COUNT(*) FROM appeals) AS appeals",
        )
        .fetch_one(self.reader())
        .await?;
        Ok(RowCounts {
            subjects: row.try_get("subjects")?,
            subject_keys: row.try_get("subject_keys")?,
            cases: row.try_get("cases")?,
            case_audit: row.try_get("case_audit")?,
            case_outbox: row.try_get("case_outbox")?,
            reviews: row.try_get("reviews")?,
            appeals: row.try_get("appeals")?,
        })
    }
}
