//! The catalog use cases over an in-memory store with the real contract.

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use support::{MemoryStore, SMALL_CATALOG};
use tongban_catalog_io::{Location, read_yaml};
use tongban_service::{Answer, Answers, CatalogService, SearchRequest, ServiceError};

async fn seeded() -> (Arc<MemoryStore>, CatalogService) {
    let store = Arc::new(MemoryStore::default());
    let service = CatalogService::open(store.clone()).await.unwrap();
    service
        .import(read_yaml("small.yaml", SMALL_CATALOG).unwrap())
        .await
        .unwrap();
    (store, service)
}

fn search(text: &str) -> SearchRequest {
    SearchRequest {
        text: text.into(),
        ..SearchRequest::default()
    }
}

#[tokio::test]
async fn metrics_match_the_figures_worked_out_by_hand() {
    let (_, service) = seeded().await;
    let m = service
        .bundle_metrics("chef", &Answers::new())
        .await
        .unwrap();
    assert_eq!(
        m.members.len(),
        3,
        "the optional member is not selected by default"
    );
    assert_eq!(
        (m.steps.before, m.steps.after, m.steps.percent),
        (6, 2, 66.7)
    );
    assert_eq!(
        (m.materials.before, m.materials.after, m.materials.percent),
        (5, 2, 60.0)
    );
    assert_eq!(
        (m.fields.before, m.fields.after, m.fields.percent),
        (5, 3, 40.0)
    );
    assert_eq!(
        (m.days.before, m.days.after, m.days.percent),
        (10.0, 7.0, 30.0)
    );
    assert_eq!(
        (m.trips.before, m.trips.after, m.trips.percent),
        (4, 1, 75.0)
    );
}

#[tokio::test]
async fn answering_yes_adds_the_optional_member_to_the_metrics() {
    let (_, service) = seeded().await;
    let answers = Answers::from([("need_d".to_string(), Answer::YesNo(true))]);
    let m = service.bundle_metrics("chef", &answers).await.unwrap();
    assert_eq!(m.members.len(), 4);
    assert_eq!(m.trips.before, 5);
    assert_eq!(m.materials.before, 6);
    assert_eq!(
        m.materials.after, 2,
        "the sign-board photo is the one A already asks for"
    );
}

#[tokio::test]
async fn the_one_time_material_list_and_merged_form_agree_with_the_metrics() {
    let (_, service) = seeded().await;
    let guide = service.bundle_guide("chef", &Answers::new()).await.unwrap();
    let names: Vec<&str> = guide.materials.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["居民身份证", "免冠照片"]);
    assert_eq!(guide.materials.len() as u32, guide.metrics.materials.after);
    assert_eq!(guide.exempted.len(), 1);
    assert_eq!(guide.exempted[0].name, "营业执照");
    assert_eq!(guide.form.len() as u32, guide.metrics.fields.after);
    assert_eq!(guide.lead_department_name, "连城县市场监督管理局");
    let c = guide
        .members
        .iter()
        .find(|m| m.item.code.as_str() == "item-c")
        .unwrap();
    assert_eq!(c.after, ["个体工商户设立登记"]);
    let d = guide
        .members
        .iter()
        .find(|m| m.item.code.as_str() == "item-d")
        .unwrap();
    assert!(d.optional && !d.selected);
}

#[tokio::test]
async fn answers_that_do_not_fit_the_questionnaire_are_invalid_answers() {
    let (_, service) = seeded().await;
    for (code, answer) in [
        ("need_d", Answer::Choice("yes".into())),
        ("no_such_question", Answer::YesNo(true)),
    ] {
        let answers = Answers::from([(code.to_string(), answer)]);
        let err = service.bundle_metrics("chef", &answers).await.unwrap_err();
        assert_eq!(err.code(), "invalid_answers", "{code}");
    }
}

#[tokio::test]
async fn unknown_codes_are_not_found_with_the_code_in_the_message() {
    let (_, service) = seeded().await;
    let err = service.item("nope").await.unwrap_err();
    assert_eq!(err.code(), "item_not_found");
    assert!(err.to_string().contains("nope"));
    let err = service
        .bundle_metrics("nope", &Answers::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "bundle_not_found");
}

#[tokio::test]
async fn an_invalid_import_names_file_line_and_field_and_changes_nothing() {
    let (store, service) = seeded().await;
    let before = service.health().await.unwrap();
    let broken = SMALL_CATALOG.replace("department: wjj", "department: no-such-dept");
    let line = broken
        .lines()
        .position(|l| l.contains("no-such-dept"))
        .unwrap()
        + 1;
    let err = service
        .import(read_yaml("broken.yaml", &broken).unwrap())
        .await
        .unwrap_err();
    let ServiceError::InvalidCatalog(errors) = err else {
        panic!("expected invalid_catalog");
    };
    let e = errors
        .iter()
        .find(|e| e.code == "unknown_department")
        .unwrap();
    assert_eq!(e.file, "broken.yaml");
    assert!(e.field.contains("department"), "{}", e.field);
    assert!(
        matches!(e.location, Location::Line(l) if l.abs_diff(line) <= 1),
        "{e}"
    );
    assert_eq!(service.health().await.unwrap(), before);
    assert_eq!(store.load_catalog_for_test().await.items.len(), 4);
}

#[tokio::test]
async fn another_nodes_import_is_found_after_a_refresh() {
    let store = Arc::new(MemoryStore::default());
    let writer = CatalogService::open(store.clone()).await.unwrap();
    let reader = CatalogService::open(store.clone()).await.unwrap();
    assert_eq!(
        reader
            .search_items(&search("健康证明"))
            .await
            .unwrap()
            .total,
        0
    );
    writer
        .import(read_yaml("small.yaml", SMALL_CATALOG).unwrap())
        .await
        .unwrap();
    assert_eq!(
        reader
            .search_items(&search("健康证明"))
            .await
            .unwrap()
            .total,
        0
    );
    assert!(reader.refresh_index_if_stale().await.unwrap());
    assert!(
        !reader.refresh_index_if_stale().await.unwrap(),
        "nothing new the second time"
    );
    let page = reader.search_items(&search("健康证明")).await.unwrap();
    assert_eq!(page.hits[0].code, "item-b");
    assert_eq!(page.hits[0].department_name, "连城县卫生健康局");
}

#[tokio::test]
async fn the_recent_revision_sees_its_own_import_at_once_and_another_nodes_within_the_bound() {
    let store = Arc::new(MemoryStore::default());
    let fresh = std::time::Duration::from_millis(200);
    let writer = CatalogService::open(store.clone())
        .await
        .unwrap()
        .with_revision_freshness(fresh);
    let reader = CatalogService::open(store.clone())
        .await
        .unwrap()
        .with_revision_freshness(fresh);
    let before = reader.recent_revision().await.unwrap();
    assert_eq!(writer.recent_revision().await.unwrap(), before);
    writer
        .import(read_yaml("small.yaml", SMALL_CATALOG).unwrap())
        .await
        .unwrap();
    let after = writer.recent_revision().await.unwrap();
    assert!(after > before, "the importing node sees its import at once");
    // The other node may answer the revision it read, but never for longer
    // than the bound.
    tokio::time::sleep(fresh + std::time::Duration::from_millis(50)).await;
    assert_eq!(reader.recent_revision().await.unwrap(), after);
}

#[tokio::test]
async fn a_failing_store_is_reported_without_its_internals() {
    let (store, service) = seeded().await;
    store.broken.store(true, Ordering::SeqCst);
    let err = service.item("item-a").await.unwrap_err();
    assert_eq!(err.code(), "store_corrupt");
    assert!(!err.to_string().contains("SELECT"));
    assert!(service.health().await.is_err());
}

#[tokio::test]
async fn regions_and_departments_are_listed_by_code() {
    let (_, service) = seeded().await;
    let departments: Vec<String> = service
        .departments()
        .await
        .unwrap()
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    assert_eq!(departments, ["scjg", "wjj"]);
    assert_eq!(service.regions().await.unwrap()[0].name, "连城县");
}
