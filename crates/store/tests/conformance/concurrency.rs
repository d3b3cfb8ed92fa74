//! Checks that concurrent imports are serialised, none is lost, and that
//! readers keep working meanwhile (on SQLite: never "database is locked").

use std::collections::BTreeSet;

use tongban_domain::validate::validate;
use tongban_store::CatalogStore;

use crate::common::{Fixture, item, items_only, sample_catalog};

/// Imports that run at the same time.
const IMPORTS: i64 = 20;

/// Starts one import per code, each bringing one new item.
fn spawn_imports(
    f: &Fixture,
) -> Vec<tokio::task::JoinHandle<Result<tongban_store::ImportSummary, tongban_store::StoreError>>> {
    (0..IMPORTS)
        .map(|i| {
            let db = f.db.clone();
            let code = format!("concurrent-{i:02}");
            tokio::spawn(async move {
                let new = item(&code, &format!("并发导入事项{i}"), "350825-wsjk");
                db.import_catalog(items_only(vec![new])).await
            })
        })
        .collect()
}

pub async fn concurrent_imports_all_land_and_none_is_lost(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    let initial = f.db.catalog_revision().await.unwrap();

    let mut revisions = BTreeSet::new();
    for handle in spawn_imports(&f) {
        let summary = handle
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("import failed: {e}"));
        revisions.insert(summary.revision);
    }

    let expected: BTreeSet<i64> = (initial + 1..=initial + IMPORTS).collect();
    assert_eq!(revisions, expected, "every import gets its own revision");
    assert_eq!(f.db.catalog_revision().await.unwrap(), initial + IMPORTS);
    let stored = f.db.load_catalog().await.unwrap();
    for i in 0..IMPORTS {
        let code = format!("concurrent-{i:02}");
        assert!(stored.item(&code).is_some(), "{code} was lost");
    }
    assert_eq!(
        stored.items.len(),
        sample_catalog().items.len() + IMPORTS as usize
    );
}

pub async fn reads_during_concurrent_imports_never_fail(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    let imports = spawn_imports(&f);
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let db = f.db.clone();
            tokio::spawn(async move {
                let mut last_revision = 0;
                for _ in 0..10 {
                    let revision = db.catalog_revision().await.unwrap();
                    assert!(revision >= last_revision, "revision went backwards");
                    last_revision = revision;
                    let seen = db.load_catalog().await.unwrap();
                    assert_eq!(
                        validate(&seen),
                        vec![],
                        "a reader saw a half-written catalog"
                    );
                    db.item("food-licence").await.unwrap();
                }
            })
        })
        .collect();
    for handle in imports {
        handle
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("import failed: {e}"));
    }
    for reader in readers {
        reader.await.unwrap();
    }
    assert_eq!(f.db.catalog_revision().await.unwrap(), 1 + IMPORTS);
}
