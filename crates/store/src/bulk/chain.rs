//! Turning generated cases into rows: the JSON body, the hash-chained
//! audit records and the outbox rows, computed without the database so a
//! generator can prepare the next batch while the last one is written.
//!
//! The chain is the one `CaseStore::verify_audit_chain` checks (see the
//! case store's `audit` module): each record's hash is SHA-256 over the
//! previous record's hash followed by the JSON array `[case_no, seq, at,
//! actor, action, from_state, to_state, detail]`, the first record's
//! previous hash being 64 zeros. The conformance test
//! `bulk_written_chains_verify` holds the two in step.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use tongban_domain::case::Case;
use tongban_domain::review::Rating;

use super::insert::{Val, opt, text};
use crate::StoreError;
use crate::accounts::rows::{self, day_text};
use crate::cases::records::{NewAudit, NewOutboxEvent};

/// The `prev_hash` of a case's first record.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One generated case with its whole history, as the generator made it.
#[derive(Clone)]
pub struct BulkCase {
    /// The case, already under its final number.
    pub case: Case,
    /// The intake day its number counts on (local date).
    pub day: NaiveDate,
    /// Its daily sequence in the number.
    pub sequence: u32,
    /// The applicant account that owns it (an actor id), if any.
    pub owner: Option<String>,
    /// The applicant's contact phone, if known.
    pub phone: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Its audit entries, oldest first; the store numbers and chains them.
    pub audit: Vec<NewAudit>,
    /// Its outbox events, written as already processed: dispatched
    /// (history sends no notifications) and rolled up (the generator
    /// rebuilds the metrics from the cases themselves), both at the
    /// event's own time.
    pub outbox: Vec<NewOutboxEvent>,
}

impl std::fmt::Debug for BulkCase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkCase")
            .field("case_no", &self.case.case_no)
            .field("audit", &self.audit.len())
            .finish_non_exhaustive()
    }
}

/// A batch of cases and ratings turned into rows, ready for
/// [`crate::BulkStore::write_batch`].
#[derive(Default)]
pub struct CaseBatch {
    pub(super) cases: Vec<Vec<Val>>,
    pub(super) audit: Vec<Vec<Val>>,
    pub(super) outbox: Vec<Vec<Val>>,
    pub(super) reviews: Vec<Vec<Val>>,
    /// The highest sequence used per (region, day).
    pub(super) sequences: BTreeMap<(String, String), i64>,
}

impl CaseBatch {
    /// Encodes `cases` (bodies, chained audit records, outbox rows) and
    /// `ratings` (on cases of this batch or earlier ones).
    pub fn prepare(cases: Vec<BulkCase>, ratings: &[Rating]) -> Result<CaseBatch, StoreError> {
        let mut batch = CaseBatch::default();
        for c in cases {
            batch.add_case(c)?;
        }
        for r in ratings {
            batch.reviews.push(rating_row(r)?);
        }
        Ok(batch)
    }

    /// Cases in the batch.
    pub fn cases(&self) -> usize {
        self.cases.len()
    }

    /// Audit records in the batch.
    pub fn audit_records(&self) -> usize {
        self.audit.len()
    }

    /// Ratings in the batch.
    pub fn ratings(&self) -> usize {
        self.reviews.len()
    }

    fn add_case(&mut self, c: BulkCase) -> Result<(), StoreError> {
        let no = c.case.case_no.to_string();
        let body = serde_json::to_string(&c.case)
            .map_err(|e| StoreError::Corrupt(format!("办件无法编码：{e}")))?;
        self.cases.push(vec![
            text(no.clone()),
            text(c.case.region.to_string()),
            text(c.case.lead_department.to_string()),
            opt(c.owner),
            opt(c.phone),
            text(c.case.channel.code()),
            text(c.case.state().code()),
            Val::Int(1),
            text(body),
            Val::Int(rows::secs(c.created_at)),
            Val::Int(rows::secs(c.updated_at)),
        ]);
        let mut prev = GENESIS.to_string();
        for (i, entry) in c.audit.iter().enumerate() {
            let seq = i64::try_from(i).unwrap_or(i64::MAX).saturating_add(1);
            let detail = serde_json::to_string(&entry.detail)
                .map_err(|e| StoreError::Corrupt(format!("审计详情无法编码：{e}")))?;
            let from = entry.from_state.map(|s| s.code());
            let to = entry.to_state.map(|s| s.code());
            let at = rows::secs(entry.at);
            let canonical =
                serde_json::json!([no, seq, at, entry.actor, entry.action, from, to, detail])
                    .to_string();
            let hash = hash(&prev, &canonical);
            self.audit.push(vec![
                text(no.clone()),
                Val::Int(seq),
                Val::Int(at),
                text(entry.actor.clone()),
                text(entry.action.clone()),
                opt(from),
                opt(to),
                text(detail),
                text(prev),
                text(hash.clone()),
            ]);
            prev = hash;
        }
        // Created, dispatched and rolled up at the case's last step.
        let created = rows::secs(c.updated_at);
        for event in c.outbox {
            self.outbox.push(vec![
                text(no.clone()),
                text("case"),
                text(event.event),
                text(event.payload.to_string()),
                Val::Int(created),
                Val::Int(created),
                Val::Int(created),
            ]);
        }
        let region = c.case.region.as_str();
        let key = (
            region.get(..6).unwrap_or(region).to_string(),
            day_text(c.day),
        );
        let seq = i64::from(c.sequence);
        let last = self.sequences.entry(key).or_insert(seq);
        *last = (*last).max(seq);
        Ok(())
    }
}

/// The stored row of a rating (as the review store writes it).
fn rating_row(r: &Rating) -> Result<Vec<Val>, StoreError> {
    Ok(vec![
        text(r.id.clone()),
        text(r.target.kind_code()),
        text(r.target.key().to_string()),
        opt(r.target.case_no().map(ToString::to_string)),
        text(r.level.code()),
        text(rows::to_json(&r.tags)?),
        text(r.comment.clone()),
        text(r.channel.code()),
        opt(r.rater.clone()),
        text(r.department.to_string()),
        text(r.region.to_string()),
        opt(r.item.as_ref().map(ToString::to_string)),
        opt(r.staff.clone()),
        opt(r.window.as_ref().map(ToString::to_string)),
        Val::Int(rows::secs(r.rated_at)),
    ])
}

/// SHA-256 (lowercase hex) of `prev` followed by `canonical`.
fn hash(prev: &str, canonical: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev.as_bytes());
    hasher.update(canonical.as_bytes());
    let digest = hasher.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    out
}
