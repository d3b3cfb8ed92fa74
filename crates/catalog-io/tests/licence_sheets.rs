//! Licence types (证照类型) and proof types (证明事项) in both formats: the
//! YAML sections and the two workbook sheets, whose definitions are JSON
//! cells; nothing is dropped on the way, and a bad cell is located.

mod common;

use rust_xlsxwriter::Workbook;
use tongban_catalog_io::{Location, read_xlsx, read_yaml, write_xlsx, write_yaml};
use tongban_domain::validate::EntityKind;

#[test]
fn licence_and_proof_types_survive_yaml_and_xlsx_round_trips() {
    let catalog = common::rich_catalog().normalized();
    assert!(catalog.licence_types.len() >= 3 && catalog.proofs.len() >= 3);
    let yaml = write_yaml(&catalog);
    assert!(yaml.contains("licence_types:") && yaml.contains("proofs:"));
    let from_yaml = read_yaml("export.yaml", &yaml).unwrap().catalog;
    assert_eq!(from_yaml.licence_types, catalog.licence_types);
    assert_eq!(from_yaml.proofs, catalog.proofs);

    let parsed = read_xlsx("export.xlsx", &write_xlsx(&catalog).unwrap()).unwrap();
    assert_eq!(parsed.catalog.licence_types, catalog.licence_types);
    assert_eq!(parsed.catalog.proofs, catalog.proofs);
    let (_, location) = parsed
        .sources
        .entry(EntityKind::LicenceType, "lic.0")
        .unwrap();
    assert_eq!(
        location,
        &Location::Row {
            sheet: "证照类型".into(),
            row: 2
        }
    );
    assert!(parsed.sources.entry(EntityKind::Proof, "proof.1").is_some());
}

#[test]
fn a_licence_type_sheet_row_with_broken_json_is_refused_at_its_cell() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("证照类型").unwrap();
    let rows = [
        ["证照类型编码", "证照名称", "发证部门", "定义（JSON）"],
        [
            "food",
            "食品经营许可证",
            "scjg",
            "{\"holder_kind\": \"enterprise\"",
        ],
        [
            "food2",
            "食品经营许可证",
            "scjg",
            "{\"holder_kind\": \"alien\", \"number_tag\": \"SP\", \"validity\": \"permanent\"}",
        ],
    ];
    for (r, row) in (0u32..).zip(rows) {
        for (c, text) in (0u16..).zip(row) {
            ws.write_string(r, c, text).unwrap();
        }
    }
    let errors = read_xlsx("types.xlsx", &wb.save_to_buffer().unwrap()).unwrap_err();
    let found: Vec<(Location, &str, &str)> = errors
        .iter()
        .map(|e| (e.location.clone(), e.field.as_str(), e.code.as_str()))
        .collect();
    let at = |row| Location::Row {
        sheet: "证照类型".into(),
        row,
    };
    assert_eq!(
        found,
        vec![
            (at(2), "定义（JSON）", "invalid_json"),
            (at(3), "定义（JSON）", "invalid_value"),
        ]
    );
}
