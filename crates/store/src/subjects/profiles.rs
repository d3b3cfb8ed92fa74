//! Subjects, their identifier keys and the applicant → subject link.

use chrono::{DateTime, Utc};
use sqlx::Row;
use tongban_domain::subject::{Subject, SubjectId, SubjectKey};

use super::codec;
use crate::{Db, StoreError};

const INSERT: &str = "INSERT INTO subjects (id, kind, name, body, created_at) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";

const INSERT_KEY: &str = "INSERT INTO subject_keys (key_kind, key_value, subject_id) \
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

const BY_ID: &str = "SELECT id, body FROM subjects WHERE id = $1";

const BY_KEY: &str = "SELECT s.id, s.body FROM subject_keys k \
     JOIN subjects s ON s.id = k.subject_id \
     WHERE k.key_kind = $1 AND k.key_value = $2";

const LINK: &str = "INSERT INTO applicant_subjects (applicant_id, subject_id, linked_at) \
     VALUES ($1, $2, $3) \
     ON CONFLICT (applicant_id) DO UPDATE \
     SET subject_id = excluded.subject_id, linked_at = excluded.linked_at";

const LINKED: &str = "SELECT s.id, s.body FROM applicant_subjects a \
     JOIN subjects s ON s.id = a.subject_id WHERE a.applicant_id = $1";

/// Inserts the subject and its keys in one transaction; the first taken
/// id or key rolls everything back.
pub(super) async fn insert(
    db: &Db,
    subject: &Subject,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let body = codec::to_json(&subject.profile)?;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(INSERT)
        .bind(subject.id.0.clone())
        .bind(codec::kind_of(subject))
        .bind(subject.name().to_string())
        .bind(body)
        .bind(codec::secs(at))
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(StoreError::AlreadyExists {
            what: "主体档案编号",
            key: subject.id.0.clone(),
        });
    }
    for key in subject.keys() {
        let done = sqlx::query(INSERT_KEY)
            .bind(key.kind())
            .bind(key.lookup_value().to_string())
            .bind(subject.id.0.clone())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            // Masked: the key ends up in messages and logs.
            return Err(StoreError::AlreadyExists {
                what: "主体证件（已关联到另一个档案）",
                key: key.masked(),
            });
        }
    }
    tx.commit().await?;
    Ok(())
}

/// One subject by id.
pub(super) async fn by_id(db: &Db, id: &SubjectId) -> Result<Option<Subject>, StoreError> {
    let row = sqlx::query(BY_ID)
        .bind(id.0.clone())
        .fetch_optional(db.reader())
        .await?;
    row.map(|r| codec::subject(r.try_get("id")?, &r.try_get::<String, _>("body")?))
        .transpose()
}

/// The subject holding an identifier of the same holder as `key`.
pub(super) async fn by_key(db: &Db, key: &SubjectKey) -> Result<Option<Subject>, StoreError> {
    let row = sqlx::query(BY_KEY)
        .bind(key.kind())
        .bind(key.lookup_value().to_string())
        .fetch_optional(db.reader())
        .await?;
    row.map(|r| codec::subject(r.try_get("id")?, &r.try_get::<String, _>("body")?))
        .transpose()
}

/// Links (or re-links) an applicant to a subject.
pub(super) async fn link(
    db: &Db,
    applicant: &str,
    subject: &SubjectId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(LINK)
        .bind(applicant.to_string())
        .bind(subject.0.clone())
        .bind(codec::secs(at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The subject an applicant is linked to.
pub(super) async fn linked(db: &Db, applicant: &str) -> Result<Option<Subject>, StoreError> {
    let row = sqlx::query(LINKED)
        .bind(applicant.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.map(|r| codec::subject(r.try_get("id")?, &r.try_get::<String, _>("body")?))
        .transpose()
}
