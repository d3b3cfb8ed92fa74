//! Consents (用数/用证授权): granted, withdrawn and listed per subject.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use tongban_domain::subject::{ApplicationRef, Consent, ConsentId, SubjectId};

use super::codec;
use crate::{Db, StoreError};

const INSERT: &str = "INSERT INTO consents \
     (id, subject_id, purpose, application, sources, granted_at, revoked_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";

const BY_ID: &str = "SELECT id, subject_id, purpose, application, sources, granted_at, revoked_at \
     FROM consents WHERE id = $1";

const REVOKE: &str = "UPDATE consents SET revoked_at = $3 \
     WHERE id = $1 AND subject_id = $2 AND (revoked_at IS NULL OR revoked_at > $3)";

const OF_SUBJECT: &str = "SELECT id, subject_id, purpose, application, sources, granted_at, revoked_at \
     FROM consents WHERE subject_id = $1 ORDER BY granted_at DESC, id DESC";

const OF_APPLICATION: &str = "SELECT id, subject_id, purpose, application, sources, granted_at, revoked_at \
     FROM consents WHERE subject_id = $1 AND application = $2 \
     ORDER BY granted_at DESC, id DESC";

/// Inserts a consent; a taken id is refused.
pub(super) async fn insert(db: &Db, consent: &Consent) -> Result<(), StoreError> {
    let sources = codec::to_json(&consent.sources)?;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(INSERT)
        .bind(consent.id.0.clone())
        .bind(consent.subject.0.clone())
        .bind(codec::purpose_code(consent.purpose))
        .bind(consent.application.0.clone())
        .bind(sources)
        .bind(codec::secs(consent.granted_at))
        .bind(consent.revoked_at.map(codec::secs))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::AlreadyExists {
            what: "授权编号",
            key: consent.id.0.clone(),
        });
    }
    Ok(())
}

/// One consent by id.
pub(super) async fn by_id(db: &Db, id: &ConsentId) -> Result<Option<Consent>, StoreError> {
    let row = sqlx::query(BY_ID)
        .bind(id.0.clone())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode).transpose()
}

/// Withdraws the subject's consent; `None` when it is not theirs.
pub(super) async fn revoke(
    db: &Db,
    subject: &SubjectId,
    id: &ConsentId,
    at: DateTime<Utc>,
) -> Result<Option<Consent>, StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(REVOKE)
        .bind(id.0.clone())
        .bind(subject.0.clone())
        .bind(codec::secs(at))
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query(BY_ID)
        .bind(id.0.clone())
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(row
        .as_ref()
        .map(decode)
        .transpose()?
        .filter(|c| c.subject == *subject))
}

/// A subject's consents, newest first.
pub(super) async fn of_subject(
    db: &Db,
    subject: &SubjectId,
    application: Option<&ApplicationRef>,
) -> Result<Vec<Consent>, StoreError> {
    let rows = match application {
        Some(app) => {
            sqlx::query(OF_APPLICATION)
                .bind(subject.0.clone())
                .bind(app.0.clone())
                .fetch_all(db.reader())
                .await?
        }
        None => {
            sqlx::query(OF_SUBJECT)
                .bind(subject.0.clone())
                .fetch_all(db.reader())
                .await?
        }
    };
    rows.iter().map(decode).collect()
}

/// A consent row decoded (the grant columns, if selected, are ignored).
pub(super) fn decode(row: &AnyRow) -> Result<Consent, StoreError> {
    Ok(Consent {
        id: ConsentId(row.try_get("id")?),
        subject: SubjectId(row.try_get("subject_id")?),
        purpose: codec::purpose(&row.try_get::<String, _>("purpose")?)?,
        application: ApplicationRef(row.try_get("application")?),
        sources: codec::from_json("consents.sources", &row.try_get::<String, _>("sources")?)?,
        granted_at: codec::time("granted_at", row.try_get("granted_at")?)?,
        revoked_at: codec::opt_time("revoked_at", row.try_get("revoked_at")?)?,
    })
}
