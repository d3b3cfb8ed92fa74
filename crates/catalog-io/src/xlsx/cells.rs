//! Cell values as text: time limits, yes/no, counts, money in 元, lists
//! (one value per line) and codes, each parsed with a located reason.

use tongban_domain::catalog::{AssistTerms, AutoDecision, TimeLimit};
use tongban_domain::guidance::SituationRef;
use tongban_domain::ident::{Code, IdentError, RegionCode, Uscc};

use super::labels::Label;

/// Why a cell was refused: a stable code and a Chinese reason.
pub(crate) type Bad = (&'static str, String);

fn ident(e: IdentError) -> Bad {
    (e.code, e.message)
}

/// A catalog code.
pub(crate) fn code(text: &str) -> Result<Code, Bad> {
    Code::parse(text.trim()).map_err(ident)
}

/// A GB/T 2260 region code.
pub(crate) fn region(text: &str) -> Result<RegionCode, Bad> {
    RegionCode::parse(text.trim()).map_err(ident)
}

/// A 统一社会信用代码.
pub(crate) fn uscc(text: &str) -> Result<Uscc, Bad> {
    Uscc::parse(text.trim()).map_err(ident)
}

/// An enum by its Chinese label or YAML name.
pub(crate) fn label<T: Label>(text: &str) -> Result<T, Bad> {
    T::parse(text).ok_or_else(|| {
        let reason = format!("取值“{}”无效，可选：{}", text.trim(), T::choices());
        ("unknown_variant", reason)
    })
}

/// `是`/`否` (also true/false, y/n, 1/0).
pub(crate) fn yes_no(text: &str) -> Result<bool, Bad> {
    match text.trim().to_ascii_lowercase().as_str() {
        "是" | "true" | "y" | "yes" | "1" => Ok(true),
        "否" | "false" | "n" | "no" | "0" => Ok(false),
        other => Err(("invalid_bool", format!("“{other}”应填“是”或“否”"))),
    }
}

/// The cell text of a yes/no value.
pub(crate) fn yes_no_text(value: bool) -> &'static str {
    if value { "是" } else { "否" }
}

/// A non-negative whole number (visits).
pub(crate) fn count(text: &str) -> Result<u32, Bad> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| ("invalid_number", format!("“{}”应为非负整数", text.trim())))
}

/// A time limit written as `5个工作日`, `4个工作小时`, `30个自然日` or `即办`
/// (0 working days); a bare number means working days. The YAML names
/// (`5 working_days`, `4 hours`, `30 natural_days`) are accepted too.
pub(crate) fn time_limit(text: &str) -> Result<TimeLimit, Bad> {
    let t: String = text.split_whitespace().collect();
    if t == "即办" {
        return Ok(TimeLimit::WorkingDays(0));
    }
    let units: [(&str, Unit); 9] = [
        ("个工作日", TimeLimit::WorkingDays),
        ("工作日", TimeLimit::WorkingDays),
        ("working_days", TimeLimit::WorkingDays),
        ("个工作小时", TimeLimit::Hours),
        ("工作小时", TimeLimit::Hours),
        ("hours", TimeLimit::Hours),
        ("个自然日", TimeLimit::NaturalDays),
        ("自然日", TimeLimit::NaturalDays),
        ("natural_days", TimeLimit::NaturalDays),
    ];
    let (number, unit): (&str, Unit) = units
        .iter()
        .find_map(|(suffix, unit)| t.strip_suffix(suffix).map(|n| (n, *unit)))
        .unwrap_or((t.as_str(), TimeLimit::WorkingDays));
    number.parse::<u32>().map(unit).map_err(|_| {
        let reason = format!(
            "时限“{}”无效：应写成“5个工作日”“4个工作小时”“30个自然日”或“即办”",
            text.trim()
        );
        ("invalid_time_limit", reason)
    })
}

/// Builds a time limit from its number.
type Unit = fn(u32) -> TimeLimit;

/// A 秒批 cell: the review points as JSON, the same structure as in YAML.
pub(crate) fn auto_decision(text: &str) -> Result<AutoDecision, Bad> {
    json(text)
}

/// A 部门协查 cell: the assist terms as a JSON list, as in YAML.
pub(crate) fn assists(text: &str) -> Result<Vec<AssistTerms>, Bad> {
    json(text)
}

/// A cell holding JSON.
fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Bad> {
    serde_json::from_str(text).map_err(|e| ("invalid_json", format!("JSON 格式有误：{e}")))
}

/// The cell text of a time limit (`TimeLimit::label`).
pub(crate) fn time_limit_text(limit: TimeLimit) -> String {
    limit.label()
}

/// An amount in 元 with at most two decimals (`12`, `12.5`, `12.50元`),
/// as 分.
pub(crate) fn yuan(text: &str) -> Result<u64, Bad> {
    let t = text.trim().trim_start_matches('¥').trim_end_matches('元');
    let bad = || {
        let reason = format!("金额“{}”无效：应为不小于0、最多两位小数的元数", text.trim());
        ("invalid_amount", reason)
    };
    let (whole, cents) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(cents) || cents.len() > 2 {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    let cents: u64 = format!("{cents:0<2}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|f| f.checked_add(cents))
        .ok_or_else(bad)
}

/// Non-empty lines of a cell (free text: legal basis, conditions, choices).
pub(crate) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Codes separated by lines (also `,` `，` `、` `;` or spaces, which a code
/// cannot contain).
pub(crate) fn code_texts(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || ",，、;；".contains(c))
        .filter(|s| !s.is_empty())
}

/// A list of catalog codes.
pub(crate) fn codes(text: &str) -> Result<Vec<Code>, Bad> {
    code_texts(text).map(code).collect()
}

/// A list of region codes.
pub(crate) fn regions(text: &str) -> Result<Vec<RegionCode>, Bad> {
    code_texts(text).map(region).collect()
}

/// A list of enum values by label or name.
pub(crate) fn labels<T: Label>(text: &str) -> Result<Vec<T>, Bad> {
    code_texts(text).map(label).collect()
}

/// Situation references written `事项编码/情形编码`, one per line.
pub(crate) fn situation_refs(text: &str) -> Result<Vec<SituationRef>, Bad> {
    code_texts(text)
        .map(|pair| {
            let (item, situation) = pair.split_once('/').ok_or_else(|| {
                let reason = format!("“{pair}”应写成“事项编码/情形编码”");
                ("invalid_situation_ref", reason)
            })?;
            Ok(SituationRef {
                item: code(item)?,
                situation: code(situation)?,
            })
        })
        .collect()
}

/// Joins values into one cell, one per line.
pub(crate) fn join<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits_read_in_every_documented_spelling() {
        let cases = [
            ("5个工作日", TimeLimit::WorkingDays(5)),
            ("5 工作日", TimeLimit::WorkingDays(5)),
            ("5", TimeLimit::WorkingDays(5)),
            ("即办", TimeLimit::WorkingDays(0)),
            ("4个工作小时", TimeLimit::Hours(4)),
            ("4 hours", TimeLimit::Hours(4)),
            ("30个自然日", TimeLimit::NaturalDays(30)),
            ("30 natural_days", TimeLimit::NaturalDays(30)),
        ];
        for (text, want) in cases {
            assert_eq!(time_limit(text), Ok(want), "{text}");
            assert_eq!(time_limit(&time_limit_text(want)), Ok(want));
        }
        for bad in ["五天", "5天", "-1个工作日", "", "3周"] {
            assert_eq!(time_limit(bad).map_err(|e| e.0), Err("invalid_time_limit"));
        }
    }

    #[test]
    fn yuan_amounts_become_exact_fen() {
        assert_eq!(yuan("12"), Ok(1200));
        assert_eq!(yuan("12.5"), Ok(1250));
        assert_eq!(yuan("0.29"), Ok(29));
        assert_eq!(yuan("¥3.07元"), Ok(307));
        for bad in ["1.234", "-1", "abc", ".5", "1e3"] {
            assert!(yuan(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn code_lists_accept_lines_and_common_separators() {
        let got = codes("a\nb、c, d").unwrap();
        let got: Vec<&str> = got.iter().map(Code::as_str).collect();
        assert_eq!(got, ["a", "b", "c", "d"]);
        assert!(situation_refs("item-1/new\nitem-2").is_err());
    }
}
