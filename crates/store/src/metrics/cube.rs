//! Writing the rollup cube: adding counters to cube rows (the job, in its
//! transaction, in row order) and bulk-adding many rows at once (the
//! dashboard benchmark).

use sqlx::{Any, Transaction};
use tongban_domain::metrics::{Cell, Contribution, Counter, Counters, Cube};

use crate::accounts::rows::day_text;
use crate::{Backend, Db, StoreError};

/// Key columns before the counters.
const KEYS: usize = 8;

/// Adds `delta` to every cube row it reaches (day and month, item and
/// region level), in row order so concurrent rounds lock alike.
pub(super) async fn add_delta(
    backend: Backend,
    tx: &mut Transaction<'static, Any>,
    delta: &Contribution,
) -> Result<(), StoreError> {
    let mut cube = Cube::default();
    cube.add(delta);
    let rows: Vec<(&Cell, &Counters)> = cube.rows.iter().filter(|(_, c)| !c.is_zero()).collect();
    for chunk in rows.chunks(chunk_len(backend)) {
        upsert(&mut **tx, chunk).await?;
    }
    if !rows.is_empty() {
        // Last, after the cube rows: concurrent rounds lock in one order.
        bump_version(&mut **tx).await?;
    }
    Ok(())
}

/// Adds `rows` to the cube in multi-row statements, in one transaction.
pub(super) async fn bulk_add(db: &Db, rows: &[(Cell, Counters)]) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let refs: Vec<(&Cell, &Counters)> = rows.iter().map(|(c, v)| (c, v)).collect();
    for chunk in refs.chunks(chunk_len(db.backend())) {
        upsert(&mut *tx, chunk).await?;
    }
    if !refs.is_empty() {
        bump_version(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Refreshes the cube's planner statistics; on PostgreSQL also vacuums
/// it, so index-only scans (top items) see all-visible pages.
pub(super) async fn settle(db: &Db) -> Result<(), StoreError> {
    let sql = match db.backend() {
        Backend::Postgres => "VACUUM ANALYZE metrics_cube",
        Backend::Sqlite => "ANALYZE metrics_cube",
    };
    sqlx::query(sql).execute(db.reader()).await?;
    Ok(())
}

/// Rows per statement. PostgreSQL takes about 8,000 bound values well
/// (its limit is 65,535). SQLite is held to about 1,000: binding by
/// `$n` name costs time that grows with the statement's parameter count
/// for every value bound, so a rebuild ran at 283 cases/s with 8,000 and
/// at about 1,000 cases/s with 1,000.
fn chunk_len(backend: Backend) -> usize {
    let values = match backend {
        Backend::Postgres => 8_000,
        Backend::Sqlite => 1_000,
    };
    values / (KEYS + Counter::ALL.len())
}

/// Raises the cube's version (migration 0021) in the transaction that
/// changed the cube, so that tables summed before it are summed again.
pub(super) async fn bump_version<'c, E>(executor: E) -> Result<(), StoreError>
where
    E: sqlx::Executor<'c, Database = Any>,
{
    sqlx::query("UPDATE metrics_version SET version = version + 1 WHERE id = 1")
        .execute(executor)
        .await?;
    Ok(())
}

/// The cube's version: it changes whenever the cube does.
pub(super) async fn version(db: &Db) -> Result<i64, StoreError> {
    let version = sqlx::query_scalar("SELECT version FROM metrics_version WHERE id = 1")
        .fetch_one(db.reader())
        .await?;
    Ok(version)
}

async fn upsert<'c, E>(executor: E, rows: &[(&Cell, &Counters)]) -> Result<(), StoreError>
where
    E: sqlx::Executor<'c, Database = Any>,
{
    if rows.is_empty() {
        return Ok(());
    }
    let sql = sqlx::AssertSqlSafe(upsert_sql(rows.len()));
    let mut query = sqlx::query(sql);
    for (cell, counters) in rows {
        let k = &cell.key;
        query = query
            .bind(cell.detail.code())
            .bind(cell.grain.code())
            .bind(day_text(k.day))
            .bind(k.region.clone())
            .bind(k.department.clone())
            .bind(k.item.clone())
            .bind(k.bundle.clone())
            .bind(k.channel.clone());
        for c in Counter::ALL {
            query = query.bind(counters.get(*c));
        }
    }
    query.execute(executor).await?;
    Ok(())
}

/// `INSERT … VALUES (…), (…) ON CONFLICT DO UPDATE SET c = c + excluded.c`
/// over every counter column.
fn upsert_sql(rows: usize) -> String {
    let columns: Vec<&str> = Counter::ALL.iter().map(|c| c.column()).collect();
    let width = KEYS + columns.len();
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let params: Vec<String> = (1..=width).map(|i| format!("${}", r * width + i)).collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let sets: Vec<String> = columns
        .iter()
        .map(|c| format!("{c} = metrics_cube.{c} + excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO metrics_cube (level, grain, day, region, department, item, bundle, \
         channel, {}) VALUES {} \
         ON CONFLICT (level, grain, day, region, department, item, bundle, channel) \
         DO UPDATE SET {}",
        columns.join(", "),
        values.join(", "),
        sets.join(", ")
    )
}
