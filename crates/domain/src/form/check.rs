//! Validation per data element: kind, dictionary, pattern, required. Every
//! error has a stable code and a Chinese message that names the field but
//! never repeats the value (it may be an ID or phone number).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use regex::{Regex, RegexBuilder};
use serde::Serialize;

use super::MergedForm;
use crate::catalog::{DataElement, ElementKind};
use crate::ident::{IdentError, ResidentId, Uscc};
use crate::mask;
use crate::subject::Phone;

/// Answers to a merged form: value by data-element code.
pub type FormAnswers = BTreeMap<String, String>;

/// Longest value any field accepts, in characters.
const MAX_VALUE_CHARS: usize = 500;

/// Compiled-program size limit for a catalog pattern, so a pathological
/// pattern is refused instead of eating memory.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The data-element code (or the unknown key that was sent).
    pub element: String,
    /// Stable machine-readable code, e.g. `form_field_required`.
    pub code: &'static str,
    /// Chinese message naming the field and the fix.
    pub message: String,
}

impl FieldError {
    fn new(element: &DataElement, code: &'static str, message: String) -> FieldError {
        FieldError {
            element: element.code.to_string(),
            code,
            message,
        }
    }
}

/// Compiles a catalog pattern the way the form engine uses it: it must
/// match the whole value. For checks at catalog import.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    compile(pattern).map(|_| ())
}

fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// A merged form's validation rules with every pattern compiled once.
/// Build it once per form and check any number of answer sets.
#[derive(Debug, Clone)]
pub struct FormRules {
    fields: Vec<(DataElement, bool)>,
    patterns: BTreeMap<String, Result<Regex, String>>,
}

impl FormRules {
    /// Compiles the patterns of `merged`'s elements. A pattern that does not
    /// compile is kept as an error and reported by [`FormRules::pattern_problems`]
    /// and on every value of that field; it never panics.
    pub fn compile(merged: &MergedForm) -> FormRules {
        let mut patterns = BTreeMap::new();
        for f in &merged.fields {
            if let Some(p) = &f.element.pattern {
                patterns.insert(f.element.code.to_string(), compile(p));
            }
        }
        FormRules {
            fields: merged
                .fields
                .iter()
                .map(|f| (f.element.clone(), f.required))
                .collect(),
            patterns,
        }
    }

    /// The elements whose catalog pattern does not compile.
    pub fn pattern_problems(&self) -> Vec<FieldError> {
        self.fields
            .iter()
            .filter(|(e, _)| matches!(self.patterns.get(e.code.as_str()), Some(Err(_))))
            .map(|(e, _)| bad_pattern(e))
            .collect()
    }

    /// Checks a whole answer set: required fields present, every value
    /// valid for its element, no answer for a field the form does not ask.
    /// Errors come in form order, unknown keys last.
    pub fn validate(&self, answers: &FormAnswers) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (element, required) in &self.fields {
            match answers.get(element.code.as_str()).map(|v| v.trim()) {
                Some(v) if !v.is_empty() => {
                    if let Err(e) = self.check_value(element, v) {
                        errors.push(e);
                    }
                }
                _ if *required => errors.push(FieldError::new(
                    element,
                    "form_field_required",
                    format!("请填写“{}”", element.name),
                )),
                _ => {}
            }
        }
        for key in answers.keys() {
            if !self.fields.iter().any(|(e, _)| e.code == **key) {
                errors.push(FieldError {
                    element: key.clone(),
                    code: "form_unknown_field",
                    message: "提交了本申请表中没有的字段，请刷新页面后重新填写".to_string(),
                });
            }
        }
        errors
    }

    /// Checks one non-empty value against its element: length, kind, then
    /// the pattern (applied to the value as the kind normalises it).
    pub fn check_value(&self, element: &DataElement, value: &str) -> Result<(), FieldError> {
        let value = value.trim();
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(FieldError::new(
                element,
                "form_value_too_long",
                format!("“{}”不能超过{MAX_VALUE_CHARS}个字", element.name),
            ));
        }
        let normalised = check_kind(element, value)?;
        match self.patterns.get(element.code.as_str()) {
            Some(Ok(re)) if !re.is_match(&normalised) => Err(FieldError::new(
                element,
                "form_pattern_mismatch",
                format!("“{}”的格式不符合要求，请核对后重新填写", element.name),
            )),
            Some(Err(_)) => Err(bad_pattern(element)),
            _ => Ok(()),
        }
    }
}

fn bad_pattern(element: &DataElement) -> FieldError {
    FieldError::new(
        element,
        "form_element_pattern_invalid",
        format!(
            "“{}”的校验规则配置有误，暂时无法校验，请联系事项管理部门",
            element.name
        ),
    )
}

/// Checks a merged form's answers (compiles the rules once for this call;
/// keep a [`FormRules`] to check many answer sets).
pub fn validate_answers(merged: &MergedForm, answers: &FormAnswers) -> Vec<FieldError> {
    FormRules::compile(merged).validate(answers)
}

/// Checks the value's kind and returns it normalised for the pattern.
fn check_kind(element: &DataElement, value: &str) -> Result<String, FieldError> {
    let name = &element.name;
    let fail = |code: &'static str, message: String| Err(FieldError::new(element, code, message));
    match element.kind {
        ElementKind::Text => Ok(value.to_string()),
        ElementKind::Number if is_decimal(value) => Ok(value.to_string()),
        ElementKind::Number => fail(
            "form_not_a_number",
            format!("“{name}”应填写数字，如 3 或 12.5"),
        ),
        ElementKind::Date if is_date(value) => Ok(value.to_string()),
        ElementKind::Date => fail(
            "form_invalid_date",
            format!("“{name}”应为存在的日期，格式为 年-月-日，如 2024-03-07"),
        ),
        ElementKind::Choice if element.dictionary.iter().any(|d| d == value) => {
            Ok(value.to_string())
        }
        ElementKind::Choice => fail(
            "form_not_in_dictionary",
            format!(
                "“{name}”只能选择以下之一：{}",
                element.dictionary.join("、")
            ),
        ),
        ElementKind::ResidentId => ResidentId::parse(value)
            .map(|id| id.to_string())
            .map_err(|e| ident_error(element, value, e)),
        ElementKind::Uscc => Uscc::parse(value)
            .map(|c| c.to_string())
            .map_err(|e| ident_error(element, value, e)),
        ElementKind::Phone => Phone::parse(value)
            .map(|p| p.to_string())
            .map_err(|e| ident_error(element, value, e)),
        ElementKind::Address
            if value.chars().count() >= 2 && value.chars().any(char::is_alphabetic) =>
        {
            Ok(value.to_string())
        }
        ElementKind::Address => fail(
            "form_invalid_address",
            format!("“{name}”应填写完整地址，如“福建省龙岩市连城县莲峰镇北大路1号”"),
        ),
    }
}

/// An identifier error as a field error: the identifier's own stable code,
/// the field's name in front, and any echo of the raw input masked (the
/// credit-code parser repeats its input, and someone may have typed an ID
/// number into that field).
fn ident_error(element: &DataElement, value: &str, e: IdentError) -> FieldError {
    let message = e.message.replace(
        &format!("“{value}”"),
        &format!("“{}”", mask::id_number(value)),
    );
    FieldError::new(element, e.code, format!("“{}”：{message}", element.name))
}

/// `12`, `-3`, `12.50`: digits with an optional sign and decimal part (no
/// exponent, no `NaN`, no thousands separators).
fn is_decimal(v: &str) -> bool {
    let unsigned = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// `YYYY-MM-DD`, zero-padded, and a real date.
fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok()
}
