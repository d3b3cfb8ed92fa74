//! Several write statements sent to the database in one round trip.
//!
//! Creating a case writes its row, its audit records, its outbox events
//! and its idempotency key's answer: statements that need nothing read in
//! between. Each statement sent on its own is a round trip, and on SQLite
//! a round trip is two thread hand-offs between tokio and sqlx's
//! connection worker, paid while the one writer connection is held, so
//! they bound how many transactions commit per second. A [`Batch`] sends
//! them together:
//!
//! - on SQLite as one multi-statement query (sqlx binds `$N` by number
//!   across the statements of one query);
//! - on PostgreSQL as one statement whose leading parts are data-modifying
//!   `WITH` clauses, as the extended protocol takes one statement per
//!   query. The parts see the same snapshot, so no part may depend on
//!   another's rows, except through foreign keys: those are checked at the
//!   end of the whole statement.
//!
//! Each part numbers its placeholders from `$1`; the batch renumbers them.
//! Rows for the same table ([`Batch::push_rows`]) join one multi-row
//! INSERT, so a group of new cases is a handful of statements, not a few
//! per case. A batch over [`MAX_PARAMS`] parameters is sent as several
//! queries, each of whole parts.

use sqlx::AnyConnection;

use crate::{Backend, StoreError};

/// Parameters of one query, well under SQLite's 32,766 and PostgreSQL's
/// 65,535.
const MAX_PARAMS: usize = 30_000;

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub(crate) enum Param {
    /// TEXT.
    Text(String),
    /// TEXT or NULL.
    MaybeText(Option<String>),
    /// INTEGER / BIGINT.
    Int(i64),
}

impl From<String> for Param {
    fn from(v: String) -> Self {
        Param::Text(v)
    }
}

impl From<&str> for Param {
    fn from(v: &str) -> Self {
        Param::Text(v.to_string())
    }
}

impl From<Option<String>> for Param {
    fn from(v: Option<String>) -> Self {
        Param::MaybeText(v)
    }
}

impl From<i64> for Param {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}

/// Parameters of one multi-row INSERT before the next rows start another.
const ROWS_PART_PARAMS: usize = 3_000;

/// One statement of a batch, its placeholders numbered from `$1`.
struct Part {
    shape: Shape,
    params: Vec<Param>,
}

/// What a part's statement text is.
enum Shape {
    /// Written out.
    Text(String),
    /// `head VALUES (…), (…)`, one row per `columns` parameters.
    Rows { head: String, columns: usize },
}

/// Write statements to send in as few round trips as the backend allows.
#[derive(Default)]
pub(crate) struct Batch {
    parts: Vec<Part>,
}

impl Batch {
    /// An empty batch.
    pub(crate) fn new() -> Batch {
        Batch::default()
    }

    /// Adds a statement whose placeholders `$1..$n` take `params` in order.
    /// A count that does not match the highest placeholder is refused.
    pub(crate) fn push(&mut self, sql: &str, params: Vec<Param>) -> Result<(), StoreError> {
        let highest = placeholders(sql).max().unwrap_or(0);
        if highest != params.len() {
            return Err(StoreError::Corrupt(format!(
                "批量语句参数个数不符：需要 {highest} 个，给了 {} 个",
                params.len()
            )));
        }
        self.parts.push(Part {
            shape: Shape::Text(sql.to_string()),
            params,
        });
        Ok(())
    }

    /// Adds rows (`columns` parameters each) to insert with `head`
    /// (`INSERT INTO t (a, b, …)`); no rows add nothing. They join the rows
    /// of an earlier call with the same head when only other rows were
    /// added since (never across a written-out statement).
    pub(crate) fn push_rows(
        &mut self,
        head: &str,
        columns: usize,
        params: Vec<Param>,
    ) -> Result<(), StoreError> {
        if params.is_empty() {
            return Ok(());
        }
        if columns == 0 || !params.len().is_multiple_of(columns) {
            return Err(StoreError::Corrupt(format!(
                "批量插入参数个数不符：{} 个参数，每行 {columns} 列",
                params.len()
            )));
        }
        let joinable = self
            .parts
            .iter_mut()
            .rev()
            .take_while(|p| matches!(p.shape, Shape::Rows { .. }))
            .find(|p| {
                matches!(&p.shape, Shape::Rows { head: h, columns: c } if h == head && *c == columns)
                    && p.params.len() + params.len() <= ROWS_PART_PARAMS
            });
        match joinable {
            Some(part) => part.params.extend(params),
            None => self.parts.push(Part {
                shape: Shape::Rows {
                    head: head.to_string(),
                    columns,
                },
                params,
            }),
        }
        Ok(())
    }

    /// Sends every part on `conn` (inside its transaction), in order.
    pub(crate) async fn execute(self, conn: &mut AnyConnection) -> Result<(), StoreError> {
        let backend = if conn.backend_name() == <sqlx::Sqlite as sqlx::Database>::NAME {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        for group in groups(self.parts) {
            let (sql, params) = render(backend, group);
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for param in params {
                query = match param {
                    Param::Text(v) => query.bind(v),
                    Param::MaybeText(v) => query.bind(v),
                    Param::Int(v) => query.bind(v),
                };
            }
            query.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// Splits parts into runs of at most [`MAX_PARAMS`] parameters (a part
/// over the limit on its own is a run by itself).
fn groups(parts: Vec<Part>) -> Vec<Vec<Part>> {
    let mut out: Vec<Vec<Part>> = Vec::new();
    let mut count = 0;
    for part in parts {
        let n = part.params.len();
        match out.last_mut() {
            Some(group) if count + n <= MAX_PARAMS => group.push(part),
            _ => {
                out.push(vec![part]);
                count = 0;
            }
        }
        count += n;
    }
    out
}

/// One query of the backend's shape for `parts`, with its parameters.
fn render(backend: Backend, parts: Vec<Part>) -> (String, Vec<Param>) {
    let last = parts.len().saturating_sub(1);
    let mut sql = String::new();
    let mut params = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        let text = match &part.shape {
            Shape::Text(text) => text.clone(),
            Shape::Rows { head, columns } => {
                multi_row_insert(head, *columns, part.params.len() / columns)
            }
        };
        let body = renumber(&text, params.len());
        match backend {
            Backend::Sqlite => {
                if i > 0 {
                    sql.push_str(";\n");
                }
                sql.push_str(&body);
            }
            Backend::Postgres if i == last => {
                if i > 0 {
                    sql.push(' ');
                }
                sql.push_str(&body);
            }
            Backend::Postgres => {
                sql.push_str(if i == 0 { "WITH " } else { ", " });
                sql.push_str(&format!("b{i} AS ({body})"));
            }
        }
        params.extend(part.params);
    }
    (sql, params)
}

/// `head VALUES ($1, …, $columns), ($columns+1, …)` for `rows` rows.
fn multi_row_insert(head: &str, columns: usize, rows: usize) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(head.len() + rows * columns * 5);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            let _ = write!(sql, "${}", r * columns + c + 1);
        }
        sql.push(')');
    }
    sql
}

/// The numbers of the `$N` placeholders in `sql`, in order.
fn placeholders(sql: &str) -> impl Iterator<Item = usize> + '_ {
    tokens(sql).filter_map(|t| match t {
        Token::Placeholder(n) => Some(n),
        Token::Text(_) => None,
    })
}

/// `sql` with every `$N` turned into `$(N + offset)`.
fn renumber(sql: &str, offset: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    for token in tokens(sql) {
        match token {
            Token::Text(t) => out.push_str(t),
            Token::Placeholder(n) => {
                out.push('$');
                out.push_str(&(n + offset).to_string());
            }
        }
    }
    out
}

/// A piece of statement text.
enum Token<'a> {
    /// Anything but a placeholder.
    Text(&'a str),
    /// `$N`.
    Placeholder(usize),
}

/// Splits `sql` into text and `$N` placeholders. The statements batched
/// are the store's own constants, with no `$` inside string literals.
fn tokens(sql: &str) -> impl Iterator<Item = Token<'_>> + '_ {
    let mut rest = sql;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if let Some(after) = rest.strip_prefix('$') {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if let Ok(n) = after[..digits].parse::<usize>() {
                rest = &after[digits..];
                return Some(Token::Placeholder(n));
            }
            let (text, tail) = rest.split_at(1);
            rest = tail;
            return Some(Token::Text(text));
        }
        let end = rest.find('$').unwrap_or(rest.len());
        let (text, tail) = rest.split_at(end);
        rest = tail;
        Some(Token::Text(text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(sql: &str, n: usize) -> Part {
        Part {
            shape: Shape::Text(sql.into()),
            params: ints(n),
        }
    }

    fn ints(n: usize) -> Vec<Param> {
        (0..n).map(|i| Param::Int(i as i64)).collect()
    }

    #[test]
    fn a_multi_row_insert_numbers_its_placeholders_row_after_row() {
        assert_eq!(
            multi_row_insert("INSERT INTO t (a, b)", 2, 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }

    #[test]
    fn rows_for_one_table_join_one_insert_until_another_statement_comes_between() {
        let mut batch = Batch::new();
        batch.push("BEGIN", Vec::new()).unwrap();
        batch.push_rows("INSERT INTO a (x)", 1, ints(1)).unwrap();
        batch.push_rows("INSERT INTO b (x, y)", 2, ints(2)).unwrap();
        batch.push_rows("INSERT INTO a (x)", 1, ints(2)).unwrap();
        batch.push("UPDATE c SET x = $1", ints(1)).unwrap();
        batch.push_rows("INSERT INTO a (x)", 1, ints(1)).unwrap();
        let (sql, params) = render(Backend::Sqlite, batch.parts);
        assert_eq!(
            sql,
            "BEGIN;\nINSERT INTO a (x) VALUES ($1), ($2), ($3);\n\
             INSERT INTO b (x, y) VALUES ($4, $5);\nUPDATE c SET x = $6;\n\
             INSERT INTO a (x) VALUES ($7)"
        );
        assert_eq!(params.len(), 7);
        let mut bad = Batch::new();
        assert!(bad.push_rows("INSERT INTO a (x, y)", 2, ints(3)).is_err());
    }

    #[test]
    fn sqlite_batches_are_statements_joined_with_their_placeholders_renumbered() {
        let (sql, params) = render(
            Backend::Sqlite,
            vec![
                part("INSERT INTO a VALUES ($1, $2)", 2),
                part("UPDATE b SET x = $2 WHERE y = $1", 2),
            ],
        );
        assert_eq!(
            sql,
            "INSERT INTO a VALUES ($1, $2);\nUPDATE b SET x = $4 WHERE y = $3"
        );
        assert_eq!(params.len(), 4);
    }

    #[test]
    fn postgres_batches_lead_with_data_modifying_with_clauses() {
        let (sql, _) = render(
            Backend::Postgres,
            vec![
                part("INSERT INTO a VALUES ($1)", 1),
                part("INSERT INTO c VALUES ($1, $2)", 2),
                part("UPDATE b SET x = $1", 1),
            ],
        );
        assert_eq!(
            sql,
            "WITH b0 AS (INSERT INTO a VALUES ($1)), b1 AS (INSERT INTO c VALUES ($2, $3)) \
             UPDATE b SET x = $4"
        );
    }

    #[test]
    fn a_single_part_is_sent_as_written() {
        let (sql, _) = render(
            Backend::Postgres,
            vec![part("DELETE FROM a WHERE b = $1", 1)],
        );
        assert_eq!(sql, "DELETE FROM a WHERE b = $1");
    }

    #[test]
    fn a_wrong_parameter_count_is_refused_before_anything_is_sent() {
        let mut batch = Batch::new();
        let refused = batch.push("INSERT INTO a VALUES ($1, $2)", vec![Param::Int(1)]);
        assert!(matches!(refused, Err(StoreError::Corrupt(_))));
        assert!(batch.parts.is_empty());
    }

    #[test]
    fn large_batches_split_between_whole_parts() {
        let parts = vec![part("x", 20_000), part("y", 20_000), part("z", 5)];
        let sizes: Vec<usize> = groups(parts).iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![1, 2]);
    }

    #[test]
    fn renumbering_leaves_dollar_signs_that_are_not_placeholders() {
        assert_eq!(renumber("a $ b $12 c$", 3), "a $ b $15 c$");
    }
}
