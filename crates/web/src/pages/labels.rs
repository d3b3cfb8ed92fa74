//! Chinese labels for catalog values the domain does not label itself.

use tongban_domain::catalog::{
    Channel, Exemption, Handling, ItemResult, MaterialForm, MaterialSource, OnlineDepth,
    ReformMode, Requirement,
};

/// 办理渠道.
pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Window => "窗口办理",
        Channel::Online => "网上办理",
        Channel::Mobile => "掌上办理",
        Channel::SelfService => "自助终端",
        Channel::Post => "邮寄办理",
    }
}

/// 网办深度.
pub fn online_depth(d: OnlineDepth) -> &'static str {
    match d {
        OnlineDepth::Info => "一级（网上公开办事信息）",
        OnlineDepth::Download => "二级（网上下载表格、预约）",
        OnlineDepth::PreReview => "三级（网上申请与预审，到现场一次）",
        OnlineDepth::FullyOnline => "四级（全程网办，零跑动）",
    }
}

/// 材料来源.
pub fn source(s: MaterialSource) -> &'static str {
    match s {
        MaterialSource::SelfPrepared => "申请人自备",
        MaterialSource::Government => "政府部门核发",
        MaterialSource::PublicService => "公共服务机构",
        MaterialSource::Intermediary => "中介机构",
    }
}

/// 材料形式.
pub fn form(f: MaterialForm) -> &'static str {
    match f {
        MaterialForm::Original => "原件",
        MaterialForm::Copy => "复印件",
        MaterialForm::Electronic => "电子材料",
    }
}

/// 是否必需.
pub fn requirement(r: Requirement) -> &'static str {
    match r {
        Requirement::Required => "必需",
        Requirement::Optional => "非必需",
        Requirement::GapAllowed => "可容缺",
    }
}

/// 免提交方式.
pub fn exemption(e: &Exemption) -> String {
    match e {
        Exemption::Licence { licence_type } => format!("电子证照免提交（{licence_type}）"),
        Exemption::DataSource { source } => format!("数据共享免提交（{source}）"),
        Exemption::Commitment => "告知承诺免提交".to_string(),
        Exemption::Abolished => "已取消".to_string(),
    }
}

/// 即办件 / 承诺件.
pub fn handling(h: Handling) -> &'static str {
    match h {
        Handling::Immediate => "即办件",
        Handling::Promised => "承诺件",
    }
}

/// 改革方式.
pub fn reform_mode(m: ReformMode) -> &'static str {
    match m {
        ReformMode::CancelApproval => "取消审批",
        ReformMode::ApprovalToFiling => "审批改备案",
        ReformMode::Commitment => "实行告知承诺",
        ReformMode::OptimiseService => "优化审批服务",
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
