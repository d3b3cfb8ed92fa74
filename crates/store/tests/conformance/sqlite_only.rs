//! Checks that only make sense for SQLite: the file, its journal mode, and
//! several handles (as several processes would have) on one file.

use tongban_store::{Backend, CatalogStore, Db, StoreError};

use crate::common::{item, items_only, sample_catalog};

#[tokio::test]
async fn connecting_creates_the_file_in_wal_mode() {
    let file = tongban_testkit::temp_sqlite().unwrap();
    assert!(!file.path().exists());
    let db = Db::connect(&file.url()).await.unwrap();
    assert_eq!(db.backend(), Backend::Sqlite);
    db.migrate().await.unwrap();
    assert!(file.path().exists());

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&file.url()).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn an_unknown_url_scheme_is_refused_with_a_code() {
    let err = Db::connect("mysql://root@localhost/tongban")
        .await
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::UnsupportedUrl(_)), "{err:?}");
    assert_eq!(err.code(), "unsupported_database_url");
}

#[tokio::test]
async fn an_in_memory_database_keeps_its_data_across_calls() {
    let db = Db::connect("sqlite::memory:").await.unwrap();
    db.migrate().await.unwrap();
    db.import_catalog(sample_catalog()).await.unwrap();
    assert_eq!(
        db.load_catalog().await.unwrap(),
        sample_catalog().normalized()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_handles_on_one_file_import_concurrently_without_locking_errors() {
    let file = tongban_testkit::temp_sqlite().unwrap();
    let first = Db::connect(&file.url()).await.unwrap();
    first.migrate().await.unwrap();
    first.import_catalog(sample_catalog()).await.unwrap();
    let second = Db::connect(&file.url()).await.unwrap();

    let handles: Vec<_> = (0..10)
        .map(|i| {
            let db = if i % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            tokio::spawn(async move {
                let new = item(&format!("two-handles-{i}"), "双连接导入", "350825-scjg");
                db.import_catalog(items_only(vec![new])).await
            })
        })
        .collect();
    for handle in handles {
        handle
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("import failed: {e}"));
    }
    assert_eq!(first.catalog_revision().await.unwrap(), 11);
    assert_eq!(second.load_catalog().await.unwrap().items.len(), 13);
}
