//! The catalog store: [`CatalogStore`] for [`Db`], on either backend.
//!
//! An import is one transaction that first bumps the revision. On
//! PostgreSQL that `UPDATE` takes the row lock of `catalog_meta`, so
//! concurrent imports queue there and each one merges into what the
//! previous one committed; on SQLite the single writer connection and
//! `BEGIN IMMEDIATE` give the same order.

mod rows;

use async_trait::async_trait;
use sqlx::AnyConnection;
use tongban_domain::Bundle;
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_domain::validate::{Problem, validate};

use crate::{CatalogStore, Db, ImportSummary, StoreError};
use rows::Entry;

/// Bumps the revision and returns it; locks the row until commit.
const BUMP_REVISION: &str =
    "UPDATE catalog_meta SET revision = revision + 1 WHERE id = 1 RETURNING revision";
/// The current revision.
const SELECT_REVISION: &str = "SELECT revision FROM catalog_meta WHERE id = 1";

#[async_trait]
impl CatalogStore for Db {
    async fn import_catalog(&self, incoming: Catalog) -> Result<ImportSummary, StoreError> {
        // Merging would silently keep the last of two same-code entries of
        // one file, so those are refused before anything else.
        let duplicates = duplicate_codes(&incoming);
        if !duplicates.is_empty() {
            return Err(StoreError::Invalid(duplicates));
        }
        let mut tx = self.begin_write().await?;
        let revision: i64 = sqlx::query_scalar(BUMP_REVISION)
            .fetch_one(&mut *tx)
            .await?;
        let mut merged = load_all(&mut tx).await?;
        merged.merge(incoming.clone());
        let problems = validate(&merged);
        if !problems.is_empty() {
            tx.rollback().await?;
            return Err(StoreError::Invalid(problems));
        }
        let summary = ImportSummary {
            regions: upsert_all(&mut tx, &incoming.regions).await?,
            departments: upsert_all(&mut tx, &incoming.departments).await?,
            data_elements: upsert_all(&mut tx, &incoming.data_elements).await?,
            materials: upsert_all(&mut tx, &incoming.materials).await?,
            items: upsert_all(&mut tx, &incoming.items).await?,
            bundles: upsert_all(&mut tx, &incoming.bundles).await?,
            licence_types: upsert_all(&mut tx, &incoming.licence_types).await?,
            proofs: upsert_all(&mut tx, &incoming.proofs).await?,
            revision,
        };
        tx.commit().await?;
        tracing::info!(?summary, "目录导入完成");
        Ok(summary)
    }

    async fn load_catalog(&self) -> Result<Catalog, StoreError> {
        let mut tx = self.begin_read().await?;
        let catalog = load_all(&mut tx).await?;
        tx.commit().await?;
        Ok(catalog)
    }

    async fn item(&self, code: &str) -> Result<Option<ServiceItem>, StoreError> {
        load_one(self, code).await
    }

    async fn bundle(&self, code: &str) -> Result<Option<Bundle>, StoreError> {
        load_one(self, code).await
    }

    async fn catalog_revision(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(SELECT_REVISION)
            .fetch_one(self.reader())
            .await?)
    }
}

/// Top-level codes that occur twice in one incoming catalog.
fn duplicate_codes(incoming: &Catalog) -> Vec<Problem> {
    validate(incoming)
        .into_iter()
        .filter(|p| p.code == "duplicate_code" && p.field == "code")
        .collect()
}

/// The whole stored catalog, sorted by code.
async fn load_all(conn: &mut AnyConnection) -> Result<Catalog, StoreError> {
    Ok(Catalog {
        regions: rows_of(conn).await?,
        departments: rows_of(conn).await?,
        data_elements: rows_of(conn).await?,
        materials: rows_of(conn).await?,
        items: rows_of(conn).await?,
        bundles: rows_of(conn).await?,
        licence_types: rows_of(conn).await?,
        proofs: rows_of(conn).await?,
    }
    // Sorted here rather than by SQL: a server collation may order codes
    // differently from Rust's byte order.
    .normalized())
}

/// Every stored entry of one kind.
async fn rows_of<E: Entry>(conn: &mut AnyConnection) -> Result<Vec<E>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(E::SELECT_ALL).fetch_all(conn).await?;
    rows.iter()
        .map(|(code, body)| rows::decode(code, body))
        .collect()
}

/// One stored entry by code.
async fn load_one<E: Entry>(db: &Db, code: &str) -> Result<Option<E>, StoreError> {
    let row: Option<(String, String)> = sqlx::query_as(E::SELECT_ONE)
        .bind(code)
        .fetch_optional(db.reader())
        .await?;
    row.map(|(code, body)| rows::decode(&code, &body))
        .transpose()
}

/// Inserts or replaces entries; returns how many were written.
async fn upsert_all<E: Entry>(
    conn: &mut AnyConnection,
    entries: &[E],
) -> Result<usize, StoreError> {
    for entry in entries {
        let mut query = sqlx::query(E::UPSERT).bind(entry.code().to_string());
        for value in entry.filters()? {
            query = query.bind(value);
        }
        query.bind(rows::body(entry)?).execute(&mut *conn).await?;
    }
    Ok(entries.len())
}
