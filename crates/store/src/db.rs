//! Opening either backend from a URL, its connection pools and migrations.
//!
//! One implementation serves both databases through sqlx's `Any` driver.
//! SQLite allows one writer at a time, so a SQLite [`Db`] keeps a writer
//! pool of exactly one connection (writes queue in the pool instead of
//! failing with `SQLITE_BUSY`) beside a reader pool; in WAL mode readers
//! never block the writer. On PostgreSQL both are the same pool.

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, Executor, Transaction};

use crate::StoreError;
use crate::cases::{Creations, SequenceBlocks};

/// Migrations of the SQLite schema, embedded at build time.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
/// Migrations of the PostgreSQL schema, embedded at build time.
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Reader connections to a SQLite file.
const SQLITE_READERS: u32 = 4;
/// Connections to a PostgreSQL server.
const POSTGRES_CONNECTIONS: u32 = 10;
/// How long a caller waits for a free connection (imports queue here).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(60);
// Pools hand out idle connections without pinging them first
// (`test_before_acquire(false)`): the ping was a round trip per statement
// batch (5 % of a submission's CPU on SQLite). A connection the server
// dropped fails its next query, which answers 503 once, and sqlx discards it.

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file (`sqlite:PATH`).
    Sqlite,
    /// A PostgreSQL server (`postgres://...` or `postgresql://...`).
    Postgres,
}

impl Backend {
    /// The backend a URL names, by its scheme.
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }
}

/// A connection pool to either backend; implements every store trait.
/// Cheap to clone.
#[derive(Clone)]
pub struct Db {
    backend: Backend,
    /// Serves reads outside write transactions.
    reader: AnyPool,
    /// Serves write transactions; one connection on SQLite.
    writer: AnyPool,
    /// Case-number blocks of this node (PostgreSQL only; SQLite numbers
    /// inside the case transaction).
    case_numbers: Option<Arc<SequenceBlocks>>,
    /// The queue that writes new cases in groups.
    creations: Option<Arc<Creations>>,
}

impl Db {
    /// Opens `sqlite:PATH` (created if missing, WAL mode) or
    /// `postgres://...`. Does not migrate.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        match Backend::of_url(url)? {
            Backend::Sqlite => connect_sqlite(url).await,
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(POSTGRES_CONNECTIONS)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .test_before_acquire(false)
                    .connect(url)
                    .await?;
                let numbers = AnyPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .test_before_acquire(false)
                    .connect_lazy(url)?;
                Ok(Db {
                    backend: Backend::Postgres,
                    reader: pool.clone(),
                    writer: pool,
                    case_numbers: Some(Arc::new(SequenceBlocks::new(numbers))),
                    creations: Some(Creations::new()),
                })
            }
        }
    }

    /// The per-connection settings of every SQLite connection: foreign
    /// keys enforced, waits on locks (10 s) instead of failing, and
    /// `synchronous = NORMAL` (durable enough under WAL: a power cut may
    /// lose the last commits, never corrupt the file). The journal mode
    /// (WAL) is a property of the file, set once when the writer opens.
    pub const SQLITE_PRAGMAS: &'static [&'static str] = &[
        "PRAGMA foreign_keys = ON",
        "PRAGMA busy_timeout = 10000",
        "PRAGMA synchronous = NORMAL",
    ];

    /// Applies the backend's pending versioned migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.writer).await?;
        Ok(())
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection; pending work finishes first.
    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
        if let Some(numbers) = &self.case_numbers {
            numbers.close().await;
        }
    }

    /// This node's case-number blocks, on PostgreSQL.
    pub(crate) fn case_numbers(&self) -> Option<&SequenceBlocks> {
        self.case_numbers.as_deref()
    }

    /// The queue that writes this node's new cases.
    pub(crate) fn creations(&self) -> Option<&Creations> {
        self.creations.as_deref()
    }

    /// The pool for plain reads.
    pub(crate) fn reader(&self) -> &AnyPool {
        &self.reader
    }

    /// The pool of write transactions (one connection on SQLite), for a
    /// writer that begins and ends its transaction itself.
    pub(crate) fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// Begins a write transaction. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`), so a transaction that reads before it
    /// writes cannot fail half-way when another process wrote meanwhile.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writer.begin().await?,
        })
    }

    /// Begins a read-only transaction that sees one consistent snapshot.
    pub(crate) async fn begin_read(&self) -> Result<Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.reader.begin().await?,
            Backend::Postgres => {
                self.reader
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        })
    }
}

/// Opens the SQLite writer and reader pools and switches the file to WAL.
async fn connect_sqlite(url: &str) -> Result<Db, StoreError> {
    let url = with_create_mode(url);
    if is_in_memory(&url) {
        // Every `Any` connection to `:memory:` would open its own empty
        // database, so one connection that never closes serves everything.
        let pool = sqlite_options(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect(&url)
            .await?;
        return Ok(Db {
            backend: Backend::Sqlite,
            reader: pool.clone(),
            writer: pool,
            case_numbers: None,
            creations: Some(Creations::new()),
        });
    }
    let writer = sqlite_options(1).connect(&url).await?;
    // WAL is a property of the file: set once, kept by every connection.
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode = WAL")
        .fetch_one(&writer)
        .await?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(journal_mode = %mode, "SQLite 未能切换到 WAL 模式，读写将互相等待");
    }
    let reader = sqlite_options(SQLITE_READERS).connect(&url).await?;
    Ok(Db {
        backend: Backend::Sqlite,
        reader,
        writer,
        case_numbers: None,
        creations: Some(Creations::new()),
    })
}

/// Pool options for SQLite, with the per-connection PRAGMAs.
fn sqlite_options(max_connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .test_before_acquire(false)
        .after_connect(|conn, _meta| Box::pin(sqlite_pragmas(conn)))
}

/// Applies [`Db::SQLITE_PRAGMAS`] to a new connection.
async fn sqlite_pragmas(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    for pragma in Db::SQLITE_PRAGMAS {
        conn.execute(*pragma).await?;
    }
    Ok(())
}

/// Adds `mode=rwc` (create the file if missing) unless the URL sets a mode.
fn with_create_mode(url: &str) -> String {
    match url.split_once('?') {
        Some((_, query)) if query.split('&').any(|p| p.starts_with("mode=")) => url.to_string(),
        Some(_) => format!("{url}&mode=rwc"),
        None => format!("{url}?mode=rwc"),
    }
}

/// True for `sqlite::memory:` and `mode=memory` URLs.
fn is_in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// The URL without a password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_their_backend_and_others_are_refused() {
        let cases = [
            ("sqlite:tongban.db", Some(Backend::Sqlite)),
            ("sqlite::memory:", Some(Backend::Sqlite)),
            ("postgres://u@localhost/db", Some(Backend::Postgres)),
            ("postgresql://u@localhost/db", Some(Backend::Postgres)),
            ("mysql://u@localhost/db", None),
            ("tongban.db", None),
        ];
        for (url, expected) in cases {
            assert_eq!(Backend::of_url(url).ok(), expected, "{url}");
        }
    }

    #[test]
    fn a_refused_url_does_not_echo_its_password() {
        let err = Backend::of_url("mysql://admin:s3cret@db/x").unwrap_err();
        assert_eq!(err.code(), "unsupported_database_url");
        let text = err.to_string();
        assert!(!text.contains("s3cret"), "{text}");
        assert!(text.contains("mysql://admin:***@db/x"), "{text}");
    }

    #[test]
    fn sqlite_urls_create_the_file_unless_a_mode_is_given() {
        assert_eq!(with_create_mode("sqlite:a.db"), "sqlite:a.db?mode=rwc");
        assert_eq!(
            with_create_mode("sqlite:a.db?cache=shared"),
            "sqlite:a.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            with_create_mode("sqlite:a.db?mode=ro"),
            "sqlite:a.db?mode=ro"
        );
    }
}
