//! Page formatting of catalog values beyond the domain's own `label()`s:
//! exemptions and results with their kind, and money.

use tongban_domain::catalog::{Exemption, ItemResult};

/// 免提交方式.
pub fn exemption(e: &Exemption) -> String {
    match e {
        Exemption::Licence { licence_type } => format!("电子证照免提交（{licence_type}）"),
        Exemption::DataSource { source } => format!("数据共享免提交（{source}）"),
        Exemption::Commitment => "告知承诺免提交".to_string(),
        Exemption::Abolished => "已取消".to_string(),
    }
}

/// 办理结果 with its kind.
pub fn result(r: &ItemResult) -> String {
    match r {
        ItemResult::Licence { name, .. } => format!("{name}（电子证照）"),
        ItemResult::Proof { name, .. } => format!("{name}（电子证明）"),
        ItemResult::Document { name } => name.clone(),
    }
}

/// Money in 分 as yuan text.
pub fn yuan(fen: u64) -> String {
    format!("{}.{:02} 元", fen / 100, fen % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_are_shown_in_yuan_with_two_decimals() {
        assert_eq!(yuan(0), "0.00 元");
        assert_eq!(yuan(1205), "12.05 元");
    }
}
