//! Reform metrics against hand counts and as properties.

mod fixtures;

use fixtures::*;
use proptest::prelude::*;
use tongban_domain::catalog::{Exemption, TimeLimit};
use tongban_domain::guidance::{Answers, Selection, evaluate};
use tongban_domain::stats::reform_metrics;

fn all_members(b: &tongban_domain::Bundle) -> Selection {
    evaluate(b, &Answers::new(), |_| vec![]).unwrap()
}

#[test]
fn three_parallel_items_sharing_materials_and_fields_save_what_a_hand_count_says() {
    // a: 3 steps, 10 days, 2 visits, materials id+photo, fields name+id
    // b: 4 steps, 20 days, 1 visit,  materials id+lease, fields name+id+addr
    // c: 2 steps,  5 days, 1 visit,  materials id+health(exempt by data), fields name
    let mut a = item("a", 10, 3, 2);
    a.materials = vec![uses("id"), uses("photo")];
    a.fields = vec![field("name"), field("idno")];
    let mut b = item("b", 20, 4, 1);
    b.materials = vec![uses("id"), uses("lease")];
    b.fields = vec![field("name"), field("idno"), field("addr")];
    let mut c = item("c", 5, 2, 1);
    let mut health = uses("health");
    health.exemption = Some(Exemption::DataSource {
        source: code("wsjk"),
    });
    c.materials = vec![uses("id"), health];
    c.fields = vec![field("name")];
    let bun = bundle(vec![member("a", &[]), member("b", &[]), member("c", &[])]);
    let m = reform_metrics(&bun, &all_members(&bun), &[a, b, c]).unwrap();

    // steps 3+4+2 = 9 → 1 bundle step: 88.9 %
    assert_eq!(
        (m.steps.before, m.steps.after, m.steps.percent),
        (9, 1, 88.9)
    );
    // materials 2+2+2 = 6 → {id, photo, lease} = 3 (health exempted): 50 %
    assert_eq!(
        (m.materials.before, m.materials.after, m.materials.percent),
        (6, 3, 50.0)
    );
    // fields 2+3+1 = 6 → {name, idno, addr} = 3: 50 %
    assert_eq!(
        (m.fields.before, m.fields.after, m.fields.percent),
        (6, 3, 50.0)
    );
    // days 10+20+5 = 35 serial → 20 in parallel: 42.9 %
    assert_eq!(
        (m.days.before, m.days.after, m.days.percent),
        (35.0, 20.0, 42.9)
    );
    // trips 2+1+1 = 4 → 1: 75 %
    assert_eq!(
        (m.trips.before, m.trips.after, m.trips.percent),
        (4, 1, 75.0)
    );
}

#[test]
fn a_serial_chain_counts_on_the_critical_path_not_the_longest_item() {
    // a(10) → c(5) and b(12) in parallel: the critical path is a→c = 15.
    let bun = bundle(vec![
        member("a", &[]),
        member("b", &[]),
        member("c", &["a"]),
    ]);
    let items = vec![item("a", 10, 1, 1), item("b", 12, 1, 1), item("c", 5, 1, 1)];
    let m = reform_metrics(&bun, &all_members(&bun), &items).unwrap();
    assert_eq!(m.days.before, 27.0);
    assert_eq!(m.days.after, 15.0);
}

#[test]
fn half_a_working_day_counts_as_four_hours() {
    let mut a = item("a", 0, 1, 1);
    a.promised_limit = TimeLimit::Hours(4);
    let bun = bundle(vec![member("a", &[])]);
    let m = reform_metrics(&bun, &all_members(&bun), &[a]).unwrap();
    assert_eq!(m.days.before, 0.5);
}

#[test]
fn a_member_missing_from_the_catalog_is_an_error_not_a_zero() {
    let bun = bundle(vec![member("a", &[]), member("ghost", &[])]);
    let err = reform_metrics(&bun, &all_members(&bun), &[item("a", 1, 1, 1)]).unwrap_err();
    assert!(err.to_string().contains("ghost"));
}

proptest! {
    /// Whatever the members share, a bundle never needs more distinct
    /// materials or fields than the items one by one, and parallel handling
    /// is never slower than serial.
    #[test]
    fn bundling_never_costs_more_materials_fields_or_days(
        specs in proptest::collection::vec(
            (1u32..40, proptest::collection::vec(0usize..6, 0..6), proptest::collection::vec(0usize..6, 0..6)),
            1..6,
        )
    ) {
        let mut items = vec![];
        let mut members = vec![];
        for (i, (days, mats, fields)) in specs.iter().enumerate() {
            let mut it = item(&format!("i{i}"), *days, 1, 1);
            it.materials = mats.iter().map(|m| uses(&format!("m{m}"))).collect();
            it.fields = fields.iter().map(|f| field(&format!("f{f}"))).collect();
            items.push(it);
            // Each item after the previous one with odd index: a mixed DAG.
            let after: Vec<String> = if i % 2 == 1 { vec![format!("i{}", i - 1)] } else { vec![] };
            let after_refs: Vec<&str> = after.iter().map(String::as_str).collect();
            members.push(member(&format!("i{i}"), &after_refs));
        }
        let bun = bundle(members);
        let m = reform_metrics(&bun, &all_members(&bun), &items).unwrap();
        prop_assert!(m.materials.after <= m.materials.before);
        prop_assert!(m.fields.after <= m.fields.before);
        prop_assert!(m.days.after <= m.days.before);
        let longest = specs.iter().map(|s| f64::from(s.0)).fold(0.0, f64::max);
        prop_assert!(m.days.after >= longest);
        prop_assert!((0.0..=100.0).contains(&m.materials.percent));
    }
}
