//! Writing a catalog as a workbook: a 填写说明 sheet, then one sheet per
//! list in [`layout::ALL`] order, rows sorted by code.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use tongban_domain::bundle::Bundle;
use tongban_domain::catalog::{Catalog, Exemption, ItemResult, ServiceItem, Step};

use super::cells::{join, time_limit_text, yes_no_text};
use super::labels::{ExemptionKind, Label, ResultKind};
use super::layout::{self, PARENT, QUESTION, Sheet};
use super::licences;
use crate::error::ImportError;

/// One cell to write.
enum Cell {
    Text(String),
    Number(f64),
    /// An amount in 分, shown in 元 with two decimals.
    Yuan(u64),
}

/// A row as (field, cell) pairs; columns are placed by the layout.
type Line = Vec<(&'static str, Cell)>;

fn text(value: impl ToString) -> Cell {
    Cell::Text(value.to_string())
}

fn opt_text(value: Option<impl ToString>) -> Cell {
    Cell::Text(value.map(|v| v.to_string()).unwrap_or_default())
}

/// A structure written as compact JSON (blank when absent); serialising
/// catalog types cannot fail, and if it did the cell would stay blank and
/// the round-trip check of the export would say so.
fn opt_json(value: Option<&impl serde::Serialize>) -> Cell {
    Cell::Text(
        value
            .and_then(|v| serde_json::to_string(v).ok())
            .unwrap_or_default(),
    )
}

/// Writes a catalog as an .xlsx workbook.
#[allow(
    clippy::result_large_err,
    reason = "the declared API returns ImportError; this runs once per export"
)]
pub(crate) fn write(catalog: &Catalog) -> Result<Vec<u8>, ImportError> {
    build(&catalog.clone().normalized()).map_err(|e| ImportError {
        file: "导出工作簿".to_string(),
        location: crate::Location::Stored,
        field: String::new(),
        code: "xlsx_write_failed".to_string(),
        reason: format!("生成Excel工作簿失败：{e}"),
    })
}

fn build(c: &Catalog) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    readme(workbook.add_worksheet())?;
    let regions = c.regions.iter().map(|r| {
        vec![
            ("code", text(&r.code)),
            ("name", text(&r.name)),
            ("parent", opt_text(r.parent.as_ref())),
        ]
    });
    sheet(&mut workbook, &layout::REGIONS, regions)?;
    let departments = c.departments.iter().map(|d| {
        vec![
            ("code", text(&d.code)),
            ("name", text(&d.name)),
            ("uscc", text(&d.uscc)),
            ("region", text(&d.region)),
        ]
    });
    sheet(&mut workbook, &layout::DEPARTMENTS, departments)?;
    let elements = c.data_elements.iter().map(|e| {
        vec![
            ("code", text(&e.code)),
            ("name", text(&e.name)),
            ("kind", text(e.kind.label())),
            ("pattern", opt_text(e.pattern.as_ref())),
            ("dictionary", text(join(&e.dictionary))),
        ]
    });
    sheet(&mut workbook, &layout::DATA_ELEMENTS, elements)?;
    let materials = c.materials.iter().map(|m| {
        vec![
            ("code", text(&m.code)),
            ("name", text(&m.name)),
            ("source", text(m.source.label())),
        ]
    });
    sheet(&mut workbook, &layout::MATERIALS, materials)?;
    items(&mut workbook, &c.items)?;
    bundles(&mut workbook, &c.bundles)?;
    let as_line = |cells: Vec<(&'static str, String)>| -> Line {
        cells.into_iter().map(|(f, v)| (f, Cell::Text(v))).collect()
    };
    let types = c.licence_types.iter().map(|t| as_line(licences::cells(t)));
    sheet(&mut workbook, &layout::LICENCE_TYPES, types)?;
    let proofs = c.proofs.iter().map(|p| as_line(licences::cells(p)));
    sheet(&mut workbook, &layout::PROOFS, proofs)?;
    workbook.save_to_buffer()
}

fn items(workbook: &mut Workbook, items: &[ServiceItem]) -> Result<(), XlsxError> {
    sheet(workbook, &layout::ITEMS, items.iter().map(item))?;
    let steps = items.iter().flat_map(|i| steps(&i.code, &i.steps));
    sheet(workbook, &layout::ITEM_STEPS, steps)?;
    let situations = items.iter().flat_map(|i| {
        i.situations.iter().map(|s| {
            vec![
                (PARENT, text(&i.code)),
                ("code", text(&s.code)),
                ("name", text(&s.name)),
                ("default", text(yes_no_text(s.default))),
            ]
        })
    });
    sheet(workbook, &layout::ITEM_SITUATIONS, situations)?;
    let materials = items.iter().flat_map(|i| {
        i.materials.iter().map(|m| {
            let (kind, basis) = match &m.exemption {
                None => ("", None),
                Some(Exemption::Licence { licence_type }) => {
                    (ExemptionKind::Licence.label(), Some(licence_type))
                }
                Some(Exemption::DataSource { source }) => {
                    (ExemptionKind::DataSource.label(), Some(source))
                }
                Some(Exemption::Commitment) => (ExemptionKind::Commitment.label(), None),
                Some(Exemption::Abolished) => (ExemptionKind::Abolished.label(), None),
            };
            vec![
                (PARENT, text(&i.code)),
                ("material", text(&m.material)),
                ("form", text(m.form.label())),
                ("requirement", text(m.requirement.label())),
                ("situations", text(join(&m.situations))),
                ("exemption", text(kind)),
                ("exemption.code", opt_text(basis)),
            ]
        })
    });
    sheet(workbook, &layout::ITEM_MATERIALS, materials)?;
    let fields = items.iter().flat_map(|i| {
        i.fields.iter().map(|f| {
            vec![
                (PARENT, text(&i.code)),
                ("label", text(&f.label)),
                ("element", text(&f.element)),
                ("required", text(yes_no_text(f.required))),
            ]
        })
    });
    sheet(workbook, &layout::ITEM_FIELDS, fields)?;
    let fees = items.iter().flat_map(|i| {
        i.fees.iter().map(|f| {
            vec![
                (PARENT, text(&i.code)),
                ("name", text(&f.name)),
                ("amount_fen", Cell::Yuan(f.amount_fen)),
                ("basis", opt_text(f.basis.as_ref())),
            ]
        })
    });
    sheet(workbook, &layout::ITEM_FEES, fees)
}

fn item(i: &ServiceItem) -> Line {
    let (kind, type_code) = match &i.result {
        ItemResult::Licence { licence_type, .. } => (ResultKind::Licence, Some(licence_type)),
        ItemResult::Proof { proof_type, .. } => (ResultKind::Proof, Some(proof_type)),
        ItemResult::Document { .. } => (ResultKind::Document, None),
    };
    let channels: Vec<&str> = i.channels.iter().map(|c| c.label()).collect();
    vec![
        ("code", text(&i.code)),
        (
            "implementation_code",
            opt_text(i.implementation_code.as_ref()),
        ),
        ("name", text(&i.name)),
        ("kind", text(Label::label(i.kind))),
        ("department", text(&i.department)),
        ("region", text(&i.region)),
        ("level", text(Label::label(i.level))),
        ("parent", opt_text(i.parent.as_ref())),
        ("legal_basis", text(join(&i.legal_basis))),
        ("conditions", text(join(&i.conditions))),
        ("handling", text(i.handling.label())),
        ("statutory_limit", text(time_limit_text(i.statutory_limit))),
        ("promised_limit", text(time_limit_text(i.promised_limit))),
        ("visits", Cell::Number(f64::from(i.visits))),
        ("online_depth", text(i.online_depth.label())),
        ("channels", text(join(&channels))),
        ("tongban_scope", text(Label::label(i.tongban_scope))),
        ("tongban_partners", text(join(&i.tongban_partners))),
        ("reform_mode", text(i.reform_mode.label())),
        (
            "commitment_allowed",
            text(yes_no_text(i.commitment_allowed)),
        ),
        ("gaps_allowed", text(yes_no_text(i.gaps_allowed))),
        ("result", text(kind.label())),
        ("result.type_code", opt_text(type_code)),
        ("result.name", text(i.result.name())),
        ("location", opt_text(i.location.as_ref())),
        ("auto_decision", opt_json(i.auto_decision.as_ref())),
        (
            "assists",
            opt_json((!i.assists.is_empty()).then_some(&i.assists)),
        ),
        ("illustrative", text(yes_no_text(i.illustrative))),
    ]
}

fn steps<'a>(parent: &'a impl ToString, steps: &'a [Step]) -> impl Iterator<Item = Line> + 'a {
    steps.iter().map(move |s| {
        vec![
            (PARENT, text(parent.to_string())),
            ("name", text(&s.name)),
            ("limit", text(time_limit_text(s.limit))),
        ]
    })
}

fn bundles(workbook: &mut Workbook, bundles: &[Bundle]) -> Result<(), XlsxError> {
    let main = bundles.iter().map(|b| {
        let licence = b.composite_licence.as_ref();
        vec![
            ("code", text(&b.code)),
            ("name", text(&b.name)),
            ("theme", text(Label::label(b.theme))),
            ("theme_name", opt_text(b.theme_name.as_ref())),
            ("description", opt_text(b.description.as_ref())),
            ("region", text(&b.region)),
            ("lead_department", text(&b.lead_department)),
            ("promised_limit", text(time_limit_text(b.promised_limit))),
            ("visits", Cell::Number(f64::from(b.visits))),
            (
                "composite_licence.licence_type",
                opt_text(licence.map(|l| &l.licence_type)),
            ),
            ("composite_licence.name", opt_text(licence.map(|l| &l.name))),
            ("illustrative", text(yes_no_text(b.illustrative))),
        ]
    });
    sheet(workbook, &layout::BUNDLES, main)?;
    let members = bundles.iter().flat_map(|b| {
        b.members.iter().map(|m| {
            vec![
                (PARENT, text(&b.code)),
                ("item", text(&m.item)),
                ("after", text(join(&m.after))),
                ("optional", text(yes_no_text(m.optional))),
            ]
        })
    });
    sheet(workbook, &layout::BUNDLE_MEMBERS, members)?;
    let steps_rows = bundles.iter().flat_map(|b| steps(&b.code, &b.steps));
    sheet(workbook, &layout::BUNDLE_STEPS, steps_rows)?;
    let questions = bundles.iter().flat_map(|b| {
        b.guidance.questions.iter().map(|q| {
            vec![
                (PARENT, text(&b.code)),
                ("code", text(&q.code)),
                ("text", text(&q.text)),
                ("kind", text(q.kind.label())),
                ("ask_if", opt_text(q.ask_if.as_ref())),
            ]
        })
    });
    sheet(workbook, &layout::QUESTIONS, questions)?;
    let options = bundles.iter().flat_map(|b| {
        b.guidance.questions.iter().flat_map(move |q| {
            q.options.iter().map(move |o| {
                vec![
                    (PARENT, text(&b.code)),
                    (QUESTION, text(&q.code)),
                    ("value", text(&o.value)),
                    ("label", text(&o.label)),
                ]
            })
        })
    });
    sheet(workbook, &layout::OPTIONS, options)?;
    let rules = bundles.iter().flat_map(|b| {
        b.guidance.rules.iter().map(|r| {
            let situations: Vec<String> = r
                .situations
                .iter()
                .map(|s| format!("{}/{}", s.item, s.situation))
                .collect();
            vec![
                (PARENT, text(&b.code)),
                ("when", text(&r.when)),
                ("include", text(join(&r.include))),
                ("exclude", text(join(&r.exclude))),
                ("situations", text(join(&situations))),
            ]
        })
    });
    sheet(workbook, &layout::RULES, rules)
}

/// Writes one sheet: a bold frozen header row, then the rows.
fn sheet(
    workbook: &mut Workbook,
    spec: &Sheet,
    rows: impl Iterator<Item = Line>,
) -> Result<(), XlsxError> {
    let header = Format::new().set_bold().set_background_color(0xDDEBF7);
    let wrap = Format::new().set_text_wrap();
    let yuan = Format::new().set_num_format("0.00");
    let ws = workbook.add_worksheet();
    ws.set_name(spec.name)?;
    for (col, c) in (0u16..).zip(spec.columns) {
        ws.write_string_with_format(0, col, c.header, &header)?;
        let width = (c.header.chars().count() * 2 + 4).max(12) as f64;
        ws.set_column_width(col, width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (row, line) in (1u32..).zip(rows) {
        for (col, c) in (0u16..).zip(spec.columns) {
            let Some((_, cell)) = line.iter().find(|(f, _)| *f == c.field) else {
                continue;
            };
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) if s.contains('\n') => {
                    ws.write_string_with_format(row, col, s, &wrap)?;
                }
                Cell::Text(s) => {
                    ws.write_string(row, col, s)?;
                }
                Cell::Number(n) => {
                    ws.write_number(row, col, *n)?;
                }
                // Amounts beyond 2^53 分 would lose precision as a number.
                Cell::Yuan(fen) if *fen < (1 << 53) => {
                    ws.write_number_with_format(row, col, *fen as f64 / 100.0, &yuan)?;
                }
                Cell::Yuan(fen) => {
                    ws.write_string(row, col, format!("{}.{:02}", fen / 100, fen % 100))?;
                }
            }
        }
    }
    Ok(())
}

/// The 填写说明 sheet: what each sheet holds and how cells are written.
fn readme(ws: &mut Worksheet) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    ws.set_name(layout::README)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 90)?;
    ws.write_string_with_format(0, 0, "工作表", &bold)?;
    ws.write_string_with_format(0, 1, "内容", &bold)?;
    let mut row = 1u32;
    for spec in layout::ALL {
        ws.write_string(row, 0, spec.name)?;
        ws.write_string(row, 1, spec.about)?;
        row += 1;
    }
    let notes = [
        "时限写法：5个工作日、4个工作小时、30个自然日，或“即办”（0个工作日）；只写数字按工作日计",
        "是/否列：填“是”或“否”，不填按说明文档中的默认值",
        "一格多值（设定依据、办理渠道、适用情形、前置事项等）：每行一个值（单元格内换行 Alt+Enter）",
        "收费金额：以元为单位，最多两位小数",
        "选定情形：每行一个“事项编码/情形编码”",
        "证照类型、证明事项：编码、名称、发证部门各占一列，其余内容写成一个JSON对象（结构同 YAML）",
        "枚举列可填中文名称或英文名（如“行政许可”或 licensing），完整格式见 docs/catalog-format.md",
        "本工作表导入时忽略",
    ];
    row += 1;
    for note in notes {
        ws.write_string(row, 0, "说明")?;
        ws.write_string(row, 1, note)?;
        row += 1;
    }
    Ok(())
}
