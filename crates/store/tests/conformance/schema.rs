//! Checks of the schema: migrations, and rows that cannot be decoded.

use tongban_store::{CatalogStore, StoreError};

use crate::common::{Fixture, sample_catalog};

/// The message of a `Corrupt` error.
fn corrupt_message<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(e @ StoreError::Corrupt(_)) => {
            assert_eq!(e.code(), "stored_data_corrupt");
            e.to_string()
        }
        other => panic!("expected StoreError::Corrupt, got {other:?}"),
    }
}

pub async fn migrating_again_changes_nothing(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    f.db.migrate().await.unwrap();
    f.db.migrate().await.unwrap();
    assert_eq!(
        f.db.load_catalog().await.unwrap(),
        sample_catalog().normalized()
    );
    assert_eq!(f.db.catalog_revision().await.unwrap(), 1);
    // A second handle on the same database sees an up-to-date schema too.
    let other = tongban_store::Db::connect(&f.url).await.unwrap();
    other.migrate().await.unwrap();
    assert_eq!(other.catalog_revision().await.unwrap(), 1);
}

pub async fn a_corrupt_body_is_reported_not_a_panic(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    let changed = f
        .execute_raw(
            "UPDATE items SET body = $1 WHERE code = $2",
            &[
                "{\"code\": \"health-permit\", \"name\": 42",
                "health-permit",
            ],
        )
        .await;
    assert_eq!(changed, 1);

    let message = corrupt_message(f.db.item("health-permit").await);
    assert!(
        message.contains("items") && message.contains("health-permit"),
        "{message}"
    );
    let message = corrupt_message(f.db.load_catalog().await);
    assert!(message.contains("health-permit"), "{message}");
    // An import must not build on what it cannot read, and changes nothing.
    let revision = f.db.catalog_revision().await.unwrap();
    corrupt_message(f.db.import_catalog(sample_catalog()).await);
    assert_eq!(f.db.catalog_revision().await.unwrap(), revision);
    // Other rows stay readable.
    assert!(f.db.item("food-licence").await.unwrap().is_some());
}

pub async fn a_body_under_the_wrong_code_is_reported_as_corrupt(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    f.execute_raw(
        "UPDATE items SET body = (SELECT body FROM items WHERE code = $1) WHERE code = $2",
        &["food-licence", "health-permit"],
    )
    .await;
    let message = corrupt_message(f.db.item("health-permit").await);
    assert!(
        message.contains("health-permit") && message.contains("food-licence"),
        "{message}"
    );
}
