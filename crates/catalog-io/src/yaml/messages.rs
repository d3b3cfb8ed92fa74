//! Turns serde's English error messages into a stable code and a Chinese
//! reason. Identifier errors from the domain are already Chinese and keep
//! their wording; their code is recovered from it.

/// A stable code and a Chinese reason for a serde error message.
pub(crate) fn translate(message: &str) -> (&'static str, String) {
    let ticks = backticked(message);
    let first = ticks.first().copied().unwrap_or_default();
    let listed = || ticks[1..].join("、");
    if message.starts_with("unknown field") {
        let allowed = if ticks.len() > 1 {
            listed()
        } else {
            "无".into()
        };
        return (
            "unknown_field",
            format!("未知字段“{first}”，允许的字段：{allowed}"),
        );
    }
    if message.starts_with("unknown variant") {
        return (
            "unknown_variant",
            format!("取值“{first}”无效，可选值：{}", listed()),
        );
    }
    if message.starts_with("missing field") {
        return ("missing_field", format!("缺少必填字段“{first}”"));
    }
    if message.starts_with("duplicate field") {
        return ("duplicate_field", format!("字段“{first}”重复出现"));
    }
    if message.contains("expected map with a single key") {
        return (
            "invalid_value",
            "应只写一个键，例如 { working_days: 5 }".to_string(),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return (
            "invalid_type",
            format!("类型不对：{}", describe_mismatch(rest)),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return (
            "invalid_value",
            format!("取值无效：{}", describe_mismatch(rest)),
        );
    }
    for (needle, code) in [
        ("统一社会信用代码", "invalid_uscc"),
        ("行政区划代码", "invalid_region_code"),
        ("编码“", "invalid_code"),
    ] {
        if message.contains(needle) {
            return (code, message.to_string());
        }
    }
    ("invalid_value", message.to_string())
}

/// `integer `350825`, expected a string` → Chinese, with a hint for the
/// most common mistake (an unquoted code).
fn describe_mismatch(rest: &str) -> String {
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let found_zh = match found.split_once(' ') {
        Some(("integer", v)) | Some(("floating", v)) => format!("数字{}", v.trim_matches('`')),
        Some(("string", v)) => format!("文本“{}”", v.trim_matches('"')),
        Some(("boolean", v)) => format!("真假值{}", v.trim_matches('`')),
        _ => match found {
            "map" => "映射（键: 值）".to_string(),
            "sequence" => "列表".to_string(),
            "unit value" | "null" => "空值".to_string(),
            other => other.to_string(),
        },
    };
    let expected_zh = match expected {
        "a string" => "文本".to_string(),
        "u32" | "u64" => "非负整数".to_string(),
        "a boolean" => "true 或 false".to_string(),
        "a sequence" => "列表".to_string(),
        e if e.starts_with("struct ") => "映射（键: 值）".to_string(),
        e if e.starts_with("enum ") => format!("{} 的取值", &e[5..]),
        e => e.to_string(),
    };
    let hint = if found.starts_with("integer") && expected == "a string" {
        "（编码、区划代码要加引号，例如 \"350825\"）"
    } else {
        ""
    };
    format!("应为{expected_zh}，实际是{found_zh}{hint}")
}

fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_chinese_with_stable_codes() {
        let cases = [
            (
                "unknown field `bogus`, expected one of `code`, `name`",
                "unknown_field",
                "bogus",
            ),
            (
                "unknown variant `weeks`, expected one of `hours`",
                "unknown_variant",
                "hours",
            ),
            ("missing field `handling`", "missing_field", "handling"),
            (
                "invalid type: integer `350825`, expected a string",
                "invalid_type",
                "加引号",
            ),
            (
                "invalid value: integer `-5`, expected u32",
                "invalid_value",
                "非负整数",
            ),
            ("统一社会信用代码“x”无效：应为18位", "invalid_uscc", "18位"),
            ("行政区划代码“12”无效", "invalid_region_code", "12"),
        ];
        for (message, code, needle) in cases {
            let (got_code, reason) = translate(message);
            assert_eq!(got_code, code, "{message}");
            assert!(reason.contains(needle), "{message} → {reason}");
        }
    }
}
