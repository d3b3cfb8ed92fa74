//! The demo data sources' table: source records. (Which e-licences a
//! subject holds is the licence store's, not a demo table's.)

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
