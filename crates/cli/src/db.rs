//! Opening the database a command names, migrated, as a catalog service.

use std::path::Path;
use std::sync::Arc;

use tongban_service::CatalogService;
use tongban_store::Db;

use crate::args::DbArgs;
use crate::failure::Failure;

/// The data directory used when a command names no database.
pub const DEFAULT_DATA_DIR: &str = "./tongban-data";

/// The SQLite URL of a data directory, creating the directory.
pub fn sqlite_url(dir: &Path) -> Result<String, Failure> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::new(
            format!("无法创建数据目录“{}”：{e}", dir.display()),
            "cannot create the data directory",
        )
    })?;
    Ok(format!("sqlite:{}", dir.join("tongban.db").display()))
}

/// The URL `--database-url` or `--data` (default ./tongban-data) names.
pub fn url_of(args: &DbArgs) -> Result<String, Failure> {
    match (&args.database_url, &args.data) {
        (Some(url), _) => Ok(url.clone()),
        (None, Some(dir)) => sqlite_url(dir),
        (None, None) => sqlite_url(Path::new(DEFAULT_DATA_DIR)),
    }
}

/// Connects and applies pending migrations.
pub async fn open(url: &str) -> Result<Db, Failure> {
    let db = Db::connect(url)
        .await
        .map_err(|e| Failure::store(url, &e))?;
    db.migrate().await.map_err(|e| Failure::store(url, &e))?;
    Ok(db)
}

/// A catalog service without a search index (for import and export).
pub async fn service(args: &DbArgs) -> Result<CatalogService, Failure> {
    let url = url_of(args)?;
    let db = open(&url).await?;
    Ok(CatalogService::new(Arc::new(db)))
}
