//! 数据元 and 表单字段: canonical fields shared by every form, so each is
//! collected once, and each item's form fields mapped onto them.

use serde::{Deserialize, Serialize};

use crate::ident::Code;

/// 数据元: a canonical field shared by all forms, so it is collected once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataElement {
    pub code: Code,
    pub name: String,
    #[serde(default)]
    pub kind: ElementKind,
    /// Optional regular expression a value must match (checked by the form
    /// engine, stored here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Allowed values for `kind: choice`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dictionary: Vec<String>,
}

/// The value type of a data element.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    #[default]
    Text,
    Number,
    Date,
    Choice,
    ResidentId,
    Uscc,
    Phone,
    Address,
}

impl ElementKind {
    /// Chinese label, as shown on pages and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            ElementKind::Text => "文本",
            ElementKind::Number => "数字",
            ElementKind::Date => "日期",
            ElementKind::Choice => "选择",
            ElementKind::ResidentId => "身份证号码",
            ElementKind::Uscc => "统一社会信用代码",
            ElementKind::Phone => "电话号码",
            ElementKind::Address => "地址",
        }
    }
}

/// 表单字段: a field of an item's own form, mapped to a data element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// The label on this item's form (may differ from the element's name).
    pub label: String,
    /// Code of the [`DataElement`].
    pub element: Code,
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}
