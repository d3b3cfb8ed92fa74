//! Licence grants (证照授权 / 证照委托): consent rows with the grant's terms
//! (licence, grantee, period) in the columns migration 0009 added.

use sqlx::Row;
use sqlx::any::AnyRow;
use tongban_domain::subject::{ConsentId, GrantPeriod, LicenceGrant, SubjectId};

use super::{codec, consents};
use crate::{Db, StoreError};

const INSERT: &str = "INSERT INTO consents \
     (id, subject_id, purpose, application, sources, granted_at, revoked_at, \
      licence_number, grantee, valid_from, valid_until) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING";

const BY_ID: &str = "SELECT id, subject_id, purpose, application, sources, granted_at, \
     revoked_at, licence_number, grantee, valid_from, valid_until FROM consents \
     WHERE id = $1 AND licence_number IS NOT NULL";

const OF_SUBJECT: &str = "SELECT id, subject_id, purpose, application, sources, granted_at, \
     revoked_at, licence_number, grantee, valid_from, valid_until FROM consents \
     WHERE subject_id = $1 AND licence_number IS NOT NULL ORDER BY granted_at DESC, id DESC";

const OF_LICENCE: &str = "SELECT id, subject_id, purpose, application, sources, granted_at, \
     revoked_at, licence_number, grantee, valid_from, valid_until FROM consents \
     WHERE licence_number = $1 ORDER BY granted_at DESC, id DESC";

/// Inserts a grant (its consent row with the terms); a taken id is refused.
pub(super) async fn insert(db: &Db, grant: &LicenceGrant) -> Result<(), StoreError> {
    let c = &grant.consent;
    let sources = codec::to_json(&c.sources)?;
    let grantee = codec::to_json(&grant.grantee)?;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(INSERT)
        .bind(c.id.0.clone())
        .bind(c.subject.0.clone())
        .bind(codec::purpose_code(c.purpose))
        .bind(c.application.0.clone())
        .bind(sources)
        .bind(codec::secs(c.granted_at))
        .bind(c.revoked_at.map(codec::secs))
        .bind(grant.licence.clone())
        .bind(grantee)
        .bind(grant.period.map(|p| codec::secs(p.from)))
        .bind(grant.period.map(|p| codec::secs(p.until)))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::AlreadyExists {
            what: "授权编号",
            key: c.id.0.clone(),
        });
    }
    Ok(())
}

/// One grant by its consent id (`None` for an ordinary consent).
pub(super) async fn by_id(db: &Db, id: &ConsentId) -> Result<Option<LicenceGrant>, StoreError> {
    let row = sqlx::query(BY_ID)
        .bind(id.0.clone())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode).transpose()
}

/// A subject's grants, newest first.
pub(super) async fn of_subject(
    db: &Db,
    subject: &SubjectId,
) -> Result<Vec<LicenceGrant>, StoreError> {
    let rows = sqlx::query(OF_SUBJECT)
        .bind(subject.0.clone())
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(decode).collect()
}

/// The grants that open one licence, newest first.
pub(super) async fn of_licence(db: &Db, number: &str) -> Result<Vec<LicenceGrant>, StoreError> {
    let rows = sqlx::query(OF_LICENCE)
        .bind(number.to_string())
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(decode).collect()
}

fn decode(row: &AnyRow) -> Result<LicenceGrant, StoreError> {
    let consent = consents::decode(row)?;
    let licence: String = row.try_get("licence_number")?;
    let grantee = codec::from_json("consents.grantee", &row.try_get::<String, _>("grantee")?)?;
    let from = codec::opt_time("valid_from", row.try_get("valid_from")?)?;
    let until = codec::opt_time("valid_until", row.try_get("valid_until")?)?;
    let period = match (from, until) {
        (Some(from), Some(until)) => Some(GrantPeriod { from, until }),
        (None, None) => None,
        _ => {
            return Err(StoreError::Corrupt(format!(
                "授权“{}”的有效期只有起点或终点",
                consent.id.0
            )));
        }
    };
    Ok(LicenceGrant {
        consent,
        licence,
        grantee,
        period,
    })
}
