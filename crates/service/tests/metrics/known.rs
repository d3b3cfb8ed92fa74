//! Must-show 1: on a generated dataset every figure of every table and of
//! the dashboard equals what the generator expected, on SQLite and on
//! PostgreSQL; counting again or rebuilding changes nothing.

use chrono::NaiveDate;
use tongban_service::metrics::{Format, Slice, TableKind, export, generate};

use crate::backend::Backend;
use crate::compare::{assert_every_figure, assert_non_trivial};
use crate::harness::env;
use crate::support::{metrics, now, period, supervisor};

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
}

/// Generates 300 cases in Fujian, counts them, and checks every figure;
/// then counts again and rebuilds, and checks every figure again.
async fn every_figure_equals_the_expected_value(backend: Backend) {
    let catalog = backend.items_within("350000").await;
    let generated = generate(&backend.db, &catalog, 7, 300, start())
        .await
        .unwrap();
    let e = &generated.expected;
    assert_non_trivial(&e.summary());
    let service = &backend.metrics;
    assert!(service.refresh(now()).await.unwrap() >= 300);
    let sup = supervisor("350000");
    let slice = period(generated.from, generated.to);
    assert_every_figure(service, &sup, &slice, e).await;
    assert_eq!(service.refresh(now()).await.unwrap(), 0);
    service.rebuild(now()).await.unwrap();
    assert_every_figure(service, &sup, &slice, e).await;
    assert_eq!(service.refresh(now()).await.unwrap(), 0);
    assert_every_figure(service, &sup, &slice, e).await;
}

#[tokio::test]
async fn every_metric_of_a_generated_dataset_equals_the_expected_value_on_sqlite() {
    every_figure_equals_the_expected_value(Backend::sqlite().await).await;
}

#[tokio::test]
async fn every_metric_of_a_generated_dataset_equals_the_expected_value_on_postgresql() {
    every_figure_equals_the_expected_value(Backend::postgres().await).await;
}

#[tokio::test]
async fn the_same_seed_generates_the_same_expected_figures() {
    let a = Backend::sqlite().await;
    let b = Backend::sqlite().await;
    let catalog = a.items_within("350000").await;
    let first = generate(&a.db, &catalog, 42, 60, start()).await.unwrap();
    let second = generate(&b.db, &catalog, 42, 60, start()).await.unwrap();
    for kind in TableKind::ALL {
        assert_eq!(first.expected.table(kind), second.expected.table(kind));
    }
    let other = generate(&b.db, &catalog, 43, 60, start()).await.unwrap();
    assert_ne!(first.expected.summary(), other.expected.summary());
}

#[tokio::test]
async fn a_county_supervisor_sees_only_their_county_and_is_refused_elsewhere() {
    let env = env().await;
    let backend_catalog = {
        use tongban_store::CatalogStore;
        let mut c = env.db.load_catalog().await.unwrap();
        let county = tongban_domain::ident::RegionCode::parse("350825").unwrap();
        c.items.retain(|i| i.region.is_within(&county));
        c
    };
    let generated = generate(&env.db, &backend_catalog, 3, 60, start())
        .await
        .unwrap();
    let service = metrics(&env);
    service.refresh(now()).await.unwrap();
    let slice = period(generated.from, generated.to);
    let county = supervisor("350825");
    let own = service.dashboard(&county, &slice).await.unwrap();
    assert_eq!(own.region, "350825");
    assert_eq!(own.figures, generated.expected.summary());
    let elsewhere = Slice {
        region: Some(tongban_domain::ident::RegionCode::parse("350100").unwrap()),
        ..slice.clone()
    };
    let refused = service.dashboard(&county, &elsewhere).await.unwrap_err();
    assert_eq!(refused.code(), "forbidden_region");
    let clerk = crate::harness::clerk();
    assert!(service.dashboard(&clerk, &slice).await.is_err());
}

#[tokio::test]
async fn the_xlsx_export_holds_the_same_numbers_as_the_table() {
    use calamine::{Data, Reader, Xlsx};
    let backend = Backend::sqlite().await;
    let catalog = backend.items_within("350000").await;
    let generated = generate(&backend.db, &catalog, 5, 120, start())
        .await
        .unwrap();
    let service = &backend.metrics;
    service.refresh(now()).await.unwrap();
    let slice = period(generated.from, generated.to);
    let table = service
        .table(&supervisor("350000"), TableKind::Items, &slice)
        .await
        .unwrap();
    let bytes = export(&table, Format::Xlsx).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("按事项").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][0], Data::String("编码".into()));
    assert_eq!(rows[0][2], Data::String("申报件数".into()));
    assert_eq!(rows.len(), table.rows.len() + 1);
    let expected = generated.expected.table(TableKind::Items);
    for (row, shown) in rows[1..].iter().zip(&table.rows) {
        // The bundle cases' own row has no item: an empty cell.
        let key = match &row[0] {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            other => panic!("an item code, not {other:?}"),
        };
        assert_eq!(key, shown.key);
        let want = &expected[&shown.key];
        assert_eq!(row[3], Data::Float(want.items_submitted as f64));
        assert_eq!(row[4], Data::Float(want.items_decided as f64));
    }
    let csv = String::from_utf8(export(&table, Format::Csv).unwrap()).unwrap();
    assert!(csv.starts_with("\u{feff}编码,事项,申报件数"));
}
