//! OpenAPI schemas of the appeal enumerations, listing exactly the codes
//! the domain types serialise to (read from serde, so they cannot drift).

use serde::Serialize;
use tongban_domain::appeal::{AppealSource, AppealState, Complexity, ReportKind, SubjectKind};
use tongban_service::appeals::ImportFormat;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

/// A string schema allowing the serialised forms of `values`.
fn codes<T: Serialize>(description: &str, values: &[T]) -> Object {
    let codes: Vec<String> = values
        .iter()
        .filter_map(|v| match serde_json::to_value(v) {
            Ok(serde_json::Value::String(code)) => Some(code),
            _ => None,
        })
        .collect();
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some(description))
        .enum_values(Some(codes))
        .build()
}

/// How an appeal arrives.
pub fn sources() -> Object {
    codes(
        "来源：cant_get_it_done 办不成事、whistle 企业吹哨、hotline_12345、online_form 网上诉求、field_visit 走访",
        &AppealSource::ALL,
    )
}

/// Where an appeal stands.
pub fn states() -> Object {
    codes("状态", &AppealState::ALL)
}

/// 一般 / 复杂.
pub fn complexities() -> Object {
    codes("复杂程度", &[Complexity::Ordinary, Complexity::Complex])
}

/// Person or enterprise.
pub fn subject_kinds() -> Object {
    codes("主体类型", &[SubjectKind::Person, SubjectKind::Enterprise])
}

/// What a department reports.
pub fn report_kinds() -> Object {
    codes(
        "报送类型：progress 进展、answer 答复、resolution 办结",
        &[
            ReportKind::Progress,
            ReportKind::Answer,
            ReportKind::Resolution,
        ],
    )
}

/// A 12345 export's format.
pub fn import_formats() -> Object {
    codes("文件格式", &[ImportFormat::Csv, ImportFormat::Xlsx])
}
