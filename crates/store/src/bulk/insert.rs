//! Multi-row `INSERT … VALUES (…), (…)` statements, the fastest write
//! both backends take through sqlx `Any`.

use sqlx::{Any, Transaction};

use crate::{Backend, StoreError};

/// A value bound into a multi-row insert.
pub(super) enum Val {
    /// A text column (NULL when `None`).
    Text(Option<String>),
    /// An integer column.
    Int(i64),
}

/// A text value.
pub(super) fn text(s: impl Into<String>) -> Val {
    Val::Text(Some(s.into()))
}

/// An optional text value.
pub(super) fn opt(s: Option<impl Into<String>>) -> Val {
    Val::Text(s.map(Into::into))
}

/// Bound values per statement on PostgreSQL (it takes 65,535).
const PG_PARAMS: usize = 30_000;

/// Bound values per statement on SQLite: binding looks each parameter's
/// name up among all of them, so the cost of a statement grows with the
/// square of its parameters; a thousand keeps that below the work itself.
const SQLITE_PARAMS: usize = 1_000;

/// Most rows per statement (long statements stop paying off).
pub(super) const MAX_ROWS: usize = 250;

/// How many bound values one statement may carry on `backend`.
pub(super) fn max_params(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => SQLITE_PARAMS,
        Backend::Postgres => PG_PARAMS,
    }
}

/// Inserts `rows` into `head` (`INSERT INTO t (cols)`), each followed by
/// `tail` (e.g. `ON CONFLICT …`), in statements of up to 250 rows and
/// `max_params` bound values. Returns the rows affected.
pub(super) async fn insert_many(
    tx: &mut Transaction<'static, Any>,
    max_params: usize,
    head: &str,
    rows: Vec<Vec<Val>>,
    tail: &str,
) -> Result<u64, StoreError> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(0);
    };
    let per_statement = (max_params / width.max(1)).clamp(1, MAX_ROWS);
    let mut affected = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(per_statement).collect();
        let mut sql = String::with_capacity(head.len() + chunk.len() * width * 6 + tail.len());
        sql.push_str(head);
        sql.push_str(" VALUES ");
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..row.len() {
                n += 1;
                if j > 0 {
                    sql.push_str(", ");
                }
                sql.push('$');
                sql.push_str(&n.to_string());
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(tail);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in chunk.into_iter().flatten() {
            query = match value {
                Val::Text(t) => query.bind(t),
                Val::Int(i) => query.bind(i),
            };
        }
        affected += query.execute(&mut **tx).await?.rows_affected();
    }
    Ok(affected)
}
