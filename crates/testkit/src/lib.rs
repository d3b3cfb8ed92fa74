//! Test support: a throw-away PostgreSQL cluster (initdb/pg_ctl), temporary SQLite files and a headless Chromium.
//!
//! [`fresh_postgres`] gives each test its own new database, so tests stay
//! isolated and may run in parallel. The server is the one named by
//! `TONGBAN_TEST_PG_URL` when that is set, otherwise one cluster started for
//! the whole test process (and removed after it). Without either, the call
//! fails with instructions; it never skips silently.
//! [`temp_sqlite`] gives a `sqlite:` URL of a file in a fresh temporary
//! directory. [`demo_catalog_files`] lists the demo catalog in merge order.
//! [`browser::Browser`] is a real headless Chromium (chromedriver + fantoccini)
//! that saves screenshots under `target/screenshots/`.

pub mod browser;
mod cluster;
mod demo;
pub mod proxy;

pub use browser::{Browser, Viewport};
pub use demo::demo_catalog_files;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// The environment variable naming an existing server to test against,
/// e.g. `postgres://postgres@127.0.0.1:5432/postgres`. Its user must be
/// allowed to create databases.
pub const PG_URL_VAR: &str = "TONGBAN_TEST_PG_URL";

/// The PostgreSQL server the tests of this process use.
#[derive(Debug)]
pub struct PgServer {
    /// URL of the maintenance database, used to create test databases.
    admin_url: String,
    /// True for a server named by [`PG_URL_VAR`]: its test databases are
    /// dropped after use, since the server outlives the tests.
    external: bool,
}

/// The process-wide server, started on first use.
static SERVER: OnceLock<Result<PgServer, String>> = OnceLock::new();

impl PgServer {
    /// The server for this test process: [`PG_URL_VAR`] if set, otherwise a
    /// cluster started now (once) and removed when the process exits.
    pub fn shared() -> Result<&'static PgServer> {
        SERVER
            .get_or_init(|| PgServer::open().map_err(|e| format!("{e:#}")))
            .as_ref()
            .map_err(|e| anyhow!("{e}"))
    }

    fn open() -> Result<PgServer> {
        match std::env::var(PG_URL_VAR) {
            Ok(url) if !url.trim().is_empty() => Ok(PgServer {
                admin_url: url.trim().to_string(),
                external: true,
            }),
            _ => {
                let cluster = cluster::start()?;
                Ok(PgServer {
                    admin_url: format!("{}/postgres", cluster.base_url),
                    external: false,
                })
            }
        }
    }

    /// Creates a new, empty database with a unique name.
    pub async fn fresh_database(&self) -> Result<PgDatabase> {
        let name = unique_name();
        let mut admin = PgConnection::connect(&self.admin_url)
            .await
            .with_context(|| {
                let source = if self.external {
                    PG_URL_VAR
                } else {
                    "临时集群"
                };
                format!("无法连接测试用 PostgreSQL（{source}）")
            })?;
        sqlx::query(AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
            .execute(&mut admin)
            .await
            .with_context(|| format!("无法创建测试数据库 {name}"))?;
        admin.close().await.ok();
        Ok(PgDatabase {
            url: with_database(&self.admin_url, &name),
            drop_with: self.external.then(|| (self.admin_url.clone(), name)),
        })
    }
}

/// A database made for one test. On a server named by [`PG_URL_VAR`] it is
/// dropped when this value is dropped; a throw-away cluster goes as a whole.
#[derive(Debug)]
pub struct PgDatabase {
    url: String,
    /// Admin URL and database name, when the database must be dropped.
    drop_with: Option<(String, String)>,
}

impl PgDatabase {
    /// The `postgres://` URL of this database.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.drop_with.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on;
        // a thread with its own small runtime does the work.
        let dropper = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url).await.ok()?;
                let sql = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
                sqlx::query(AssertSqlSafe(sql))
                    .execute(&mut admin)
                    .await
                    .ok()?;
                admin.close().await.ok()
            })
        });
        // Best effort: a database left behind only costs disk space.
        let _ = dropper.join();
    }
}

/// A fresh database on the shared server.
pub async fn fresh_postgres() -> Result<PgDatabase> {
    PgServer::shared()?.fresh_database().await
}

/// A database name no other test of any process uses.
fn unique_name() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("tongban_test_{}_{n}_{nanos}", std::process::id())
}

/// `url` with its database (the path) replaced by `name`; query kept.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// A SQLite file in a temporary directory that is removed on drop.
#[derive(Debug)]
pub struct TempSqlite {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl TempSqlite {
    /// The `sqlite:` URL of the file (which does not exist yet).
    pub fn url(&self) -> String {
        format!("sqlite:{}", self.path.display())
    }

    /// The path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary directory holding the file (and its WAL files).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// A fresh temporary directory and the path of a not-yet-created SQLite
/// file in it.
pub fn temp_sqlite() -> Result<TempSqlite> {
    let dir = tempfile::Builder::new()
        .prefix("tongban-sqlite-")
        .tempdir()
        .context("无法创建 SQLite 临时目录")?;
    let path = dir.path().join("tongban.db");
    Ok(TempSqlite { dir, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_part_of_a_url_is_replaced_and_the_rest_kept() {
        let cases = [
            ("postgres://u:p@h:5432/postgres", "postgres://u:p@h:5432/t1"),
            (
                "postgres://u@h/postgres?sslmode=disable",
                "postgres://u@h/t1?sslmode=disable",
            ),
            ("postgres://u@h:5432", "postgres://u@h:5432/t1"),
            (
                "postgresql://h/db?application_name=x",
                "postgresql://h/t1?application_name=x",
            ),
        ];
        for (url, expected) in cases {
            assert_eq!(with_database(url, "t1"), expected, "{url}");
        }
    }

    #[tokio::test]
    async fn fresh_databases_are_separate_and_accept_connections() {
        let a = fresh_postgres().await.unwrap();
        let b = fresh_postgres().await.unwrap();
        assert_ne!(a.url(), b.url());
        let mut conn = PgConnection::connect(a.url()).await.unwrap();
        sqlx::query("CREATE TABLE only_in_a (x BIGINT)")
            .execute(&mut conn)
            .await
            .unwrap();
        let mut other = PgConnection::connect(b.url()).await.unwrap();
        let found: Option<String> = sqlx::query_scalar("SELECT to_regclass('only_in_a')::text")
            .fetch_one(&mut other)
            .await
            .unwrap();
        assert_eq!(found, None);
    }

    #[test]
    fn a_temp_sqlite_url_points_into_its_own_directory() {
        let db = temp_sqlite().unwrap();
        assert!(db.url().starts_with("sqlite:"));
        assert!(db.path().starts_with(db.dir()));
        assert!(!db.path().exists());
    }
}
