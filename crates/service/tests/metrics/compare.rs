//! Comparing what the metrics service shows with the generator's
//! expected figures: every row of every table, every field.

use std::collections::BTreeMap;

use tongban_domain::auth::Actor;
use tongban_domain::metrics::Figures;
use tongban_service::metrics::{Expected, MetricsService, Slice, TableKind};

/// Every table's rows (keys and every figure) and the dashboard equal
/// what the generator expected.
pub async fn assert_every_figure(
    service: &MetricsService,
    actor: &Actor,
    slice: &Slice,
    expected: &Expected,
) {
    for kind in TableKind::ALL {
        let table = service.table(actor, kind, slice).await.unwrap();
        let shown: BTreeMap<String, Figures> =
            table.rows.into_iter().map(|r| (r.key, r.figures)).collect();
        assert_rows(kind, &shown, &expected.table(kind));
    }
    let dashboard = service.dashboard(actor, slice).await.unwrap();
    assert_eq!(dashboard.figures, expected.summary(), "dashboard figures");
    let channels: BTreeMap<String, Figures> = dashboard
        .channels
        .into_iter()
        .map(|r| (r.key, r.figures))
        .collect();
    assert_rows(
        TableKind::Channels,
        &channels,
        &expected.table(TableKind::Channels),
    );
}

/// The same keys, and equal figures under each.
pub fn assert_rows(
    kind: TableKind,
    shown: &BTreeMap<String, Figures>,
    expected: &BTreeMap<String, Figures>,
) {
    assert_eq!(
        shown.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the rows of table {}",
        kind.code()
    );
    for (key, want) in expected {
        assert_eq!(&shown[key], want, "table {} row {key:?}", kind.code());
    }
}

/// The dataset is not trivial: every metric has a value strictly between
/// nothing and everything, so a metric stuck at zero (or at 100 %) fails.
pub fn assert_non_trivial(f: &Figures) {
    let between = |name: &str, n: i64, of: i64| {
        assert!(0 < n && n < of, "{name}: {n} of {of} is not between");
    };
    between("cases done", f.cases_done, f.cases_submitted);
    between("items decided", f.items_decided, f.items_submitted);
    between("items granted", f.items_granted, f.items_decided);
    between(
        "on time (promised)",
        f.on_time_promised.numerator,
        f.items_decided,
    );
    between(
        "on time (statutory)",
        f.on_time_statutory.numerator,
        f.items_decided,
    );
    assert!(f.on_time_promised.numerator < f.on_time_statutory.numerator);
    between("suspended items", f.suspended_items, f.items_decided);
    assert!(f.suspended_days > f.suspended_items, "suspended days");
    between("red warnings", f.warnings_red, f.warnings_raised);
    between("resolved warnings", f.warnings_resolved, f.warnings_raised);
    between(
        "zero trips",
        f.zero_trip.numerator,
        f.at_most_one_trip.numerator,
    );
    between("one trip", f.at_most_one_trip.numerator, f.cases_done);
    between(
        "immediate items",
        f.immediate_share.numerator,
        f.items_submitted,
    );
    assert!(f.prefilled_fields > 0, "prefilled fields");
    assert!(f.exempted_materials > f.licence_uses, "exempted materials");
    assert!(f.licence_uses > 0, "licence uses");
    between("bundle cases done", f.bundle_cases_done, f.cases_done);
    assert!(f.saved_materials > 0 && f.saved_steps > 0 && f.saved_trips > 0);
    assert!(f.saved_days > 0.0 && f.saved_fields > 0);
    assert!(f.average_days.is_some_and(|d| d > 0.0));
    assert!(f.p90_days.and_then(|p| p.days).is_some_and(|d| d > 0));
    assert!(f.time_cut_vs_statutory.is_some());
    between(
        "good ratings",
        f.satisfaction.numerator,
        f.satisfaction.denominator,
    );
    between(
        "appeals on time",
        f.appeals_on_time.numerator,
        f.appeals_on_time.denominator,
    );
    between(
        "appeals reopened",
        f.appeals_reopened.numerator,
        f.appeals_reopened.denominator,
    );
    let online = f
        .online_available
        .expect("online availability of the region");
    between("online items", online.numerator, online.denominator);
}
