//! Must-show 1: every metric equals what the generator expected.

use chrono::NaiveDate;
use tongban_service::metrics::{Format, Slice, TableKind, export, generate};
use tongban_store::CatalogStore;

use crate::harness::env;
use crate::support::{metrics, now, period, supervisor};

/// The demo catalog's items in Fujian (the supervisors' province here).
async fn fujian(env: &crate::harness::Env) -> tongban_domain::catalog::Catalog {
    let mut catalog = env.db.load_catalog().await.unwrap();
    let province = tongban_domain::ident::RegionCode::parse("350000").unwrap();
    catalog.items.retain(|i| i.region.is_within(&province));
    catalog
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
}

#[tokio::test]
async fn every_metric_of_a_generated_dataset_equals_the_generator_s_expected_value() {
    let env = env().await;
    let catalog = fujian(&env).await;
    let generated = generate(&env.db, &catalog, 7, 300, start()).await.unwrap();
    let service = metrics(&env);
    assert_eq!(service.refresh(now()).await.unwrap(), 300);
    let slice = period(start(), start() + chrono::Days::new(120));
    let d = service
        .dashboard(&supervisor("350000"), &slice)
        .await
        .unwrap();
    let e = &generated.expected;
    let f = &d.figures;
    assert_eq!(f.cases_submitted, e.cases_submitted);
    assert_eq!(f.items_submitted, e.items_submitted);
    assert_eq!(f.items_decided, e.items_decided);
    assert_eq!(f.items_granted, e.items_granted);
    assert_eq!(f.cases_done, e.cases_done);
    assert_eq!(f.on_time_promised.numerator, e.on_time_promised);
    assert_eq!(f.on_time_statutory.numerator, e.on_time_statutory);
    assert_eq!(f.average_days, e.average());
    assert_eq!(f.p90_days.and_then(|p| p.days), e.p90());
    assert_eq!(f.zero_trip.numerator, e.zero_trip);
    assert_eq!(f.at_most_one_trip.numerator, e.at_most_one_trip);
    assert_eq!(f.immediate_share.numerator, e.items_immediate);
    assert!(d.pending.iter().any(|p| p.code == "satisfaction_rate"));
    let by_channel: std::collections::BTreeMap<String, i64> = d
        .channels
        .iter()
        .map(|r| (r.key.clone(), r.figures.cases_submitted))
        .collect();
    assert_eq!(by_channel, e.by_channel);
}

#[tokio::test]
async fn counting_again_or_rebuilding_changes_no_figure() {
    let env = env().await;
    let catalog = fujian(&env).await;
    generate(&env.db, &catalog, 11, 80, start()).await.unwrap();
    let service = metrics(&env);
    let slice = period(start(), start() + chrono::Days::new(120));
    let sup = supervisor("350000");
    service.refresh(now()).await.unwrap();
    let first = service.dashboard(&sup, &slice).await.unwrap().figures;
    assert_eq!(service.refresh(now()).await.unwrap(), 0);
    assert_eq!(service.rebuild(now()).await.unwrap(), 80);
    let again = service.dashboard(&sup, &slice).await.unwrap().figures;
    assert_eq!(first, again);
    assert_eq!(first.cases_submitted, 80);
}

#[tokio::test]
async fn a_county_supervisor_sees_only_their_county_and_is_refused_elsewhere() {
    let env = env().await;
    let catalog = fujian(&env).await;
    generate(&env.db, &catalog, 3, 60, start()).await.unwrap();
    let service = metrics(&env);
    service.refresh(now()).await.unwrap();
    let slice = period(start(), start() + chrono::Days::new(120));
    let county = supervisor("350825");
    let own = service.dashboard(&county, &slice).await.unwrap();
    assert_eq!(own.region, "350825");
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
    let env = env().await;
    let catalog = fujian(&env).await;
    generate(&env.db, &catalog, 5, 120, start()).await.unwrap();
    let service = metrics(&env);
    service.refresh(now()).await.unwrap();
    let slice = period(start(), start() + chrono::Days::new(120));
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
    for (row, expected) in rows[1..].iter().zip(&table.rows) {
        assert_eq!(row[0], Data::String(expected.key.clone()));
        assert_eq!(row[3], Data::Float(expected.figures.items_submitted as f64));
        assert_eq!(row[4], Data::Float(expected.figures.items_decided as f64));
    }
    let csv = String::from_utf8(export(&table, Format::Csv).unwrap()).unwrap();
    assert!(csv.starts_with("\u{feff}编码,事项,申报件数"));
}
