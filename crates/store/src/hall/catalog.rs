//! The catalog look-ups the queue needs: the item, bundle or department a
//! window serves or a number asks for, the catalog's regions, and the
//! `LIKE` prefix of a region subtree.

use sqlx::AnyPool;
use tongban_domain::ident::RegionCode;

use super::records::CatalogEntry;
use crate::StoreError;
use crate::accounts::rows;

/// The catalog item, bundle or department named `code`.
pub(super) async fn catalog_entry(
    pool: &AnyPool,
    code: &str,
) -> Result<Option<CatalogEntry>, StoreError> {
    let lookups: [(&'static str, &str); 3] = [
        ("item", "SELECT name, department FROM items WHERE code = $1"),
        (
            "bundle",
            "SELECT name, lead_department FROM bundles WHERE code = $1",
        ),
        (
            "department",
            "SELECT name, code FROM departments WHERE code = $1",
        ),
    ];
    for (kind, sql) in lookups {
        let found: Option<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(code.to_string())
            .fetch_optional(pool)
            .await?;
        if let Some((name, department)) = found {
            return Ok(Some(CatalogEntry {
                kind,
                name,
                department,
            }));
        }
    }
    Ok(None)
}

/// Every region of the catalog, by code, with its name.
pub(super) async fn catalog_regions(
    pool: &AnyPool,
) -> Result<Vec<(RegionCode, String)>, StoreError> {
    let found: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name FROM regions ORDER BY code")
            .fetch_all(pool)
            .await?;
    found
        .into_iter()
        .map(|(code, name)| Ok((rows::region("regions.code", &code)?, name)))
        .collect()
}

/// The `LIKE` prefix of a region's subtree: 2 digits of a province, 4 of
/// a city, the whole code below.
pub(super) fn subtree_prefix(region: &RegionCode) -> &str {
    let code = region.as_str();
    if code.len() == 6 {
        if code.ends_with("0000") {
            return &code[..2];
        }
        if code.ends_with("00") {
            return &code[..4];
        }
    }
    code
}
