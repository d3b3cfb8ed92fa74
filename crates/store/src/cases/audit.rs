//! The per-case audit chain: appending hash-chained records, reading them
//! back and checking the chain.
//!
//! Each record's hash is SHA-256 over the previous record's hash followed
//! by the canonical record: the JSON array `[case_no, seq, at, actor,
//! action, from_state, to_state, detail]`, where `at` is unix seconds and
//! `detail` is the stored JSON text exactly as written. Changing any
//! column of any record, deleting one or reordering them breaks the chain
//! at that record.

use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use tongban_domain::case::CaseNo;

use super::records::{AuditRecord, ChainCheck, NewAudit};
use crate::accounts::rows;
use crate::batch::{Batch, Param};
use crate::{Db, StoreError};

/// The `prev_hash` of a case's first record.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const LAST: &str = "SELECT seq, hash FROM case_audit WHERE case_no = $1 ORDER BY seq DESC LIMIT 1";

const INSERT_HEAD: &str = "INSERT INTO case_audit (case_no, seq, at, actor, action, from_state, \
     to_state, detail, prev_hash, hash)";

const TRAIL: &str = "SELECT case_no, seq, at, actor, action, from_state, to_state, detail, \
     prev_hash, hash FROM case_audit WHERE case_no = $1 ORDER BY seq";

/// Chains `entries` after the case's last record (read inside `tx`), as
/// statements of `batch`.
pub(super) async fn append(
    tx: &mut Transaction<'static, Any>,
    batch: &mut Batch,
    case_no: &CaseNo,
    entries: &[NewAudit],
) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let last = sqlx::query(LAST)
        .bind(case_no.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    let (seq, prev_hash) = match last {
        Some(row) => (row.try_get::<i64, _>(0)?, row.try_get::<String, _>(1)?),
        None => (0, GENESIS.to_string()),
    };
    push_chained(batch, case_no, entries, seq, prev_hash)
}

/// Starts the chain of a case being created (it has no record yet, so the
/// last one need not be read).
pub(super) fn append_first(
    batch: &mut Batch,
    case_no: &CaseNo,
    entries: &[NewAudit],
) -> Result<(), StoreError> {
    push_chained(batch, case_no, entries, 0, GENESIS.to_string())
}

/// Chains `entries` after record `seq` (whose hash is `prev_hash`), as rows
/// of `batch`.
fn push_chained(
    batch: &mut Batch,
    case_no: &CaseNo,
    entries: &[NewAudit],
    mut seq: i64,
    mut prev_hash: String,
) -> Result<(), StoreError> {
    let mut params: Vec<Param> = Vec::with_capacity(entries.len() * 10);
    for entry in entries {
        seq += 1;
        let detail = serde_json::to_string(&entry.detail)
            .map_err(|e| StoreError::Corrupt(format!("审计详情无法编码：{e}")))?;
        let from = entry.from_state.map(|s| s.code().to_string());
        let to = entry.to_state.map(|s| s.code().to_string());
        let at = rows::secs(entry.at);
        let hash = record_hash(
            &prev_hash,
            &Canonical {
                case_no: case_no.as_str(),
                seq,
                at,
                actor: &entry.actor,
                action: &entry.action,
                from_state: from.as_deref(),
                to_state: to.as_deref(),
                detail: &detail,
            },
        );
        let prev = std::mem::replace(&mut prev_hash, hash.clone());
        params.extend([
            Param::from(case_no.to_string()),
            seq.into(),
            at.into(),
            entry.actor.as_str().into(),
            entry.action.as_str().into(),
            from.into(),
            to.into(),
            detail.into(),
            prev.into(),
            hash.into(),
        ]);
    }
    batch.push_rows(INSERT_HEAD, 10, params)
}

/// The case's audit records, oldest first.
pub(super) async fn trail(db: &Db, case_no: &CaseNo) -> Result<Vec<AuditRecord>, StoreError> {
    let found = sqlx::query(TRAIL)
        .bind(case_no.to_string())
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode).collect()
}

/// Checks every record of the case against its hash and its predecessor.
pub(super) async fn verify(db: &Db, case_no: &CaseNo) -> Result<ChainCheck, StoreError> {
    let records = trail(db, case_no).await?;
    let mut prev_hash = GENESIS.to_string();
    for (index, r) in records.iter().enumerate() {
        let expected_seq = i64::try_from(index).unwrap_or(i64::MAX).saturating_add(1);
        let hash = record_hash(
            &prev_hash,
            &Canonical {
                case_no: r.case_no.as_str(),
                seq: r.seq,
                at: rows::secs(r.at),
                actor: &r.actor,
                action: &r.action,
                from_state: r.from_state.as_deref(),
                to_state: r.to_state.as_deref(),
                detail: &r.detail,
            },
        );
        if r.seq != expected_seq || r.prev_hash != prev_hash || r.hash != hash {
            return Ok(ChainCheck {
                ok: false,
                records: records.len(),
                broken_at: Some(r.seq),
            });
        }
        prev_hash = hash;
    }
    Ok(ChainCheck {
        ok: true,
        records: records.len(),
        broken_at: None,
    })
}

/// The fields of a record that its hash covers.
struct Canonical<'a> {
    case_no: &'a str,
    seq: i64,
    at: i64,
    actor: &'a str,
    action: &'a str,
    from_state: Option<&'a str>,
    to_state: Option<&'a str>,
    detail: &'a str,
}

/// SHA-256 (lowercase hex) of `prev_hash` followed by the canonical record.
fn record_hash(prev_hash: &str, r: &Canonical<'_>) -> String {
    let canonical = serde_json::json!([
        r.case_no,
        r.seq,
        r.at,
        r.actor,
        r.action,
        r.from_state,
        r.to_state,
        r.detail
    ])
    .to_string();
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(canonical.as_bytes());
    hex(&hasher.finalize())
}

/// Lowercase hex of bytes.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Decodes a row selected with [`TRAIL`].
fn decode(row: &AnyRow) -> Result<AuditRecord, StoreError> {
    let case_no: String = row.try_get("case_no")?;
    Ok(AuditRecord {
        case_no: CaseNo::parse(&case_no)
            .map_err(|e| StoreError::Corrupt(format!("case_audit.case_no 列：{}", e.message)))?,
        seq: row.try_get("seq")?,
        at: rows::time("case_audit.at", row.try_get("at")?)?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        from_state: row.try_get("from_state")?,
        to_state: row.try_get("to_state")?,
        detail: row.try_get("detail")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_sha256_of_the_previous_hash_and_the_canonical_record() {
        let r = Canonical {
            case_no: "350825250124000426",
            seq: 1,
            at: 0,
            actor: "staff:alice",
            action: "case.submitted",
            from_state: Some("draft"),
            to_state: Some("submitted"),
            detail: "{}",
        };
        let hash = record_hash(GENESIS, &r);
        assert_eq!(hash.len(), 64);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        // Any change to the record or the link changes the hash.
        assert_ne!(hash, record_hash(&"1".repeat(64), &r));
        let changed = Canonical {
            detail: "{\"x\":1}",
            ..r
        };
        assert_ne!(hash, record_hash(GENESIS, &changed));
        // SHA-256 of the empty string, as a check of the hex encoding.
        assert_eq!(
            hex(&Sha256::digest(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
