//! The demo data sources' tables: source records and held e-licences.

use sqlx::Row;
use tongban_domain::ident::Code;
use tongban_domain::subject::SubjectId;

use crate::accounts::rows;
use crate::{Db, StoreError};

const DELETE: &str = "DELETE FROM source_records WHERE source = $1 AND subject_id = $2";

const INSERT: &str = "INSERT INTO source_records (source, subject_id, element, value) \
     VALUES ($1, $2, $3, $4)";

const OF: &str = "SELECT element, value FROM source_records \
     WHERE source = $1 AND subject_id = $2 ORDER BY element";

const PUT_LICENCE: &str = "INSERT INTO held_licences (subject_id, licence_type) \
     VALUES ($1, $2) ON CONFLICT DO NOTHING";

const LICENCES: &str = "SELECT licence_type FROM held_licences \
     WHERE subject_id = $1 ORDER BY licence_type";

/// Replaces the source's records about the subject in one transaction.
pub(super) async fn put(
    db: &Db,
    source: &Code,
    subject: &SubjectId,
    values: &[(Code, String)],
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(DELETE)
        .bind(source.as_str().to_string())
        .bind(subject.0.clone())
        .execute(&mut *tx)
        .await?;
    for (element, value) in values {
        sqlx::query(INSERT)
            .bind(source.as_str().to_string())
            .bind(subject.0.clone())
            .bind(element.as_str().to_string())
            .bind(value.clone())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The source's records about the subject.
pub(super) async fn of(
    db: &Db,
    source: &Code,
    subject: &SubjectId,
) -> Result<Vec<(Code, String)>, StoreError> {
    let rows = sqlx::query(OF)
        .bind(source.as_str().to_string())
        .bind(subject.0.clone())
        .fetch_all(db.reader())
        .await?;
    rows.iter()
        .map(|r| {
            let element = rows::code(
                "source_records.element",
                &r.try_get::<String, _>("element")?,
            )?;
            Ok((element, r.try_get("value")?))
        })
        .collect()
}

/// Records a held licence (idempotent).
pub(super) async fn put_licence(
    db: &Db,
    subject: &SubjectId,
    licence_type: &Code,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(PUT_LICENCE)
        .bind(subject.0.clone())
        .bind(licence_type.as_str().to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The licence types the subject holds.
pub(super) async fn licences(db: &Db, subject: &SubjectId) -> Result<Vec<Code>, StoreError> {
    let rows = sqlx::query(LICENCES)
        .bind(subject.0.clone())
        .fetch_all(db.reader())
        .await?;
    rows.iter()
        .map(|r| {
            rows::code(
                "held_licences.licence_type",
                &r.try_get::<String, _>("licence_type")?,
            )
        })
        .collect()
}
