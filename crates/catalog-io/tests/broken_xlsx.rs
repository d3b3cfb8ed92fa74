//! Broken workbooks, built here with rust_xlsxwriter as a catalog office
//! would type them, are refused with file, sheet, Excel row and column.

use rust_xlsxwriter::Workbook;
use tongban_catalog_io::{ImportError, Location, read_files, read_xlsx};
use tongban_domain::validate::validate;

/// A cell typed by a person: text, or a number where Excel made one.
#[derive(Clone, Copy)]
enum Cell<'a> {
    T(&'a str),
    N(f64),
}
use Cell::{N, T};

fn workbook(sheets: &[(&str, Vec<Vec<Cell>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in (0u32..).zip(rows) {
            for (c, cell) in (0u16..).zip(row) {
                match cell {
                    T("") => {}
                    T(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn texts<'a>(cells: &[&'a str]) -> Vec<Cell<'a>> {
    cells.iter().map(|s| T(s)).collect()
}

const ITEM_HEADERS: [&str; 13] = [
    "事项编码",
    "事项名称",
    "事项类型",
    "实施部门",
    "行政区划",
    "层级",
    "办件类型",
    "法定办结时限",
    "承诺办结时限",
    "到现场次数",
    "网办深度",
    "办理结果类型",
    "办理结果名称",
];

fn item_row<'a>(code: &'a str, department: &'a str, promised: &'a str) -> Vec<Cell<'a>> {
    texts(&[
        code,
        "食品经营许可",
        "行政许可",
        department,
        "350825",
        "县级",
        "承诺件",
        "20个工作日",
        promised,
        "1",
        "三级",
        "其他文书",
        "准予许可决定书",
    ])
}

fn base_sheets<'a>() -> Vec<(&'a str, Vec<Vec<Cell<'a>>>)> {
    vec![
        (
            "区划",
            vec![
                texts(&["区划代码", "区划名称"]),
                vec![N(350825.0), T("连城县")],
            ],
        ),
        (
            "部门",
            vec![
                texts(&["部门编码", "部门名称", "统一社会信用代码", "所属区划"]),
                texts(&[
                    "lc-scjg",
                    "连城县市场监督管理局",
                    "11350825MB0000001D",
                    "350825",
                ]),
            ],
        ),
        (
            "材料",
            vec![
                texts(&["材料编码", "材料名称", "材料来源"]),
                texts(&["id_card", "居民身份证", "政府部门核发"]),
            ],
        ),
    ]
}

fn one_error(errors: &[ImportError]) -> &ImportError {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    &errors[0]
}

fn at(sheet: &str, row: usize) -> Location {
    Location::Row {
        sheet: sheet.into(),
        row,
    }
}

#[test]
fn a_hand_typed_workbook_reads_and_numbers_typed_as_codes_are_accepted() {
    let mut sheets = base_sheets();
    sheets.push((
        "事项",
        vec![
            texts(&ITEM_HEADERS),
            item_row("lc-spjy", "lc-scjg", "3个工作日"),
        ],
    ));
    let parsed = read_xlsx("ok.xlsx", &workbook(&sheets)).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(parsed.catalog.regions[0].code.as_str(), "350825");
    assert!(validate(&parsed.catalog).is_empty());
}

#[test]
fn a_bad_time_limit_cell_names_sheet_row_and_column() {
    let mut sheets = base_sheets();
    let rows = vec![
        texts(&ITEM_HEADERS),
        item_row("lc-a", "lc-scjg", "3个工作日"),
        item_row("lc-b", "lc-scjg", "五天"),
    ];
    sheets.push(("事项", rows));
    let errors = read_xlsx("broken.xlsx", &workbook(&sheets)).unwrap_err();
    let e = one_error(&errors);
    assert_eq!(e.location, at("事项", 3));
    assert_eq!(e.field, "承诺办结时限");
    assert_eq!(e.code, "invalid_time_limit");
    assert!(
        e.to_string()
            .starts_with("broken.xlsx 事项 第3行 承诺办结时限: 时限“五天”无效"),
        "{e}"
    );
}

#[test]
fn a_missing_required_column_is_reported_in_the_header_row() {
    let sheets = vec![(
        "部门",
        vec![
            texts(&["部门编码", "部门名称", "所属区划"]),
            texts(&["lc-scjg", "连城县市场监督管理局", "350825"]),
        ],
    )];
    let errors = read_xlsx("broken.xlsx", &workbook(&sheets)).unwrap_err();
    let e = one_error(&errors);
    assert_eq!(
        (e.location.clone(), e.field.as_str(), e.code.as_str()),
        (at("部门", 1), "统一社会信用代码", "missing_column")
    );
}

#[test]
fn unknown_sheets_and_columns_are_reported_with_what_is_allowed() {
    let mut sheets = base_sheets();
    sheets[0].1[0].push(T("备注"));
    sheets.push(("事项清单", vec![texts(&["事项编码"])]));
    let errors = read_xlsx("broken.xlsx", &workbook(&sheets)).unwrap_err();
    let found: Vec<(Location, &str, &str)> = errors
        .iter()
        .map(|e| (e.location.clone(), e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (at("区划", 1), "备注", "unknown_column"),
            (at("事项清单", 1), "", "unknown_sheet")
        ]
    );
    assert!(
        errors[1].reason.contains("事项环节"),
        "lists the known sheets"
    );
}

#[test]
fn a_child_row_for_an_item_no_row_defines_is_reported_at_that_row() {
    let mut sheets = base_sheets();
    sheets.push((
        "事项",
        vec![texts(&ITEM_HEADERS), item_row("lc-a", "lc-scjg", "即办")],
    ));
    let steps = vec![
        texts(&["事项编码", "环节名称", "环节时限"]),
        texts(&["lc-a", "受理", "2个工作小时"]),
        texts(&["lc-zz", "审查", "1个工作日"]),
    ];
    sheets.push(("事项环节", steps));
    let errors = read_xlsx("broken.xlsx", &workbook(&sheets)).unwrap_err();
    let e = one_error(&errors);
    assert_eq!(
        (e.location.clone(), e.field.as_str(), e.code.as_str()),
        (at("事项环节", 3), "事项编码", "unknown_parent_row")
    );
    assert!(e.reason.contains("lc-zz"));
}

#[test]
fn validation_problems_point_at_the_row_and_column_they_came_from() {
    let mut sheets = base_sheets();
    let items = vec![
        texts(&ITEM_HEADERS),
        item_row("lc-a", "lc-scjg", "即办"),
        item_row("lc-b", "lc-nowhere", "即办"),
    ];
    sheets.push(("事项", items));
    let materials = vec![
        texts(&["事项编码", "材料编码", "材料形式"]),
        texts(&["lc-a", "id_card", "原件"]),
        texts(&["lc-a", "no_such_material", "复印件"]),
    ];
    sheets.push(("事项材料", materials));
    let bytes = workbook(&sheets);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let parsed = read_files(std::slice::from_ref(&path)).unwrap_or_else(|e| panic!("{e:#?}"));
    let located: Vec<(Location, String, String)> = validate(&parsed.catalog)
        .iter()
        .map(|p| parsed.sources.locate(p))
        .map(|e| (e.location, e.field, e.code))
        .collect();
    assert_eq!(
        located,
        [
            (
                at("事项材料", 3),
                "材料编码".into(),
                "unknown_material".into()
            ),
            (
                at("事项", 3),
                "实施部门".into(),
                "unknown_department".into()
            ),
        ]
    );
    let shown = parsed
        .sources
        .locate(&validate(&parsed.catalog)[1])
        .to_string();
    assert!(
        shown.starts_with(&format!("{} 事项 第3行 实施部门: ", path.display())),
        "{shown}"
    );
}

#[test]
fn a_bad_guidance_condition_is_located_at_its_rule_row() {
    let mut sheets = base_sheets();
    sheets.push((
        "事项",
        vec![texts(&ITEM_HEADERS), item_row("lc-a", "lc-scjg", "即办")],
    ));
    let bundle_headers = [
        "一件事编码",
        "一件事名称",
        "主题类型",
        "行政区划",
        "牵头部门",
        "承诺办结时限",
        "到现场次数",
    ];
    sheets.push((
        "一件事",
        vec![
            texts(&bundle_headers),
            texts(&[
                "b1",
                "开店一件事",
                "企业事项",
                "350825",
                "lc-scjg",
                "1个工作日",
                "1",
            ]),
        ],
    ));
    sheets.push((
        "一件事成员",
        vec![texts(&["一件事编码", "事项编码"]), texts(&["b1", "lc-a"])],
    ));
    sheets.push((
        "一件事环节",
        vec![
            texts(&["一件事编码", "环节名称", "环节时限"]),
            texts(&["b1", "受理", "即办"]),
        ],
    ));
    sheets.push((
        "引导问题",
        vec![
            texts(&["一件事编码", "问题编码", "问题", "问题类型"]),
            texts(&["b1", "q1", "有场所吗？", "是否"]),
        ],
    ));
    let rules = vec![
        texts(&["一件事编码", "条件", "纳入事项"]),
        texts(&["b1", "q1 == true", "lc-a"]),
        texts(&["b1", "q1 ==", ""]),
    ];
    sheets.push(("引导规则", rules));
    let parsed = read_xlsx("g.xlsx", &workbook(&sheets)).unwrap_or_else(|e| panic!("{e:#?}"));
    let errors: Vec<ImportError> = validate(&parsed.catalog)
        .iter()
        .map(|p| parsed.sources.locate(p))
        .collect();
    let e = one_error(&errors);
    assert_eq!(
        (e.location.clone(), e.field.as_str(), e.code.as_str()),
        (at("引导规则", 3), "条件", "guidance_bad_expression")
    );
}

#[test]
fn bytes_that_are_not_a_workbook_are_refused_as_a_whole() {
    let errors = read_xlsx("notes.xlsx", b"just some text").unwrap_err();
    let e = one_error(&errors);
    assert_eq!(e.code, "not_a_workbook");
    assert!(e.to_string().starts_with("notes.xlsx: "), "{e}");
}
