//! Chinese labels of the catalog's enums, as written in workbook cells.
//! Reading accepts the label or the YAML (snake_case) name.

use tongban_domain::bundle::BundleTheme;
use tongban_domain::catalog::{
    Channel, ElementKind, Handling, ItemKind, Level, MaterialForm, MaterialSource, OnlineDepth,
    ReformMode, Requirement, TongbanScope,
};
use tongban_domain::guidance::QuestionKind;

/// An enum written to a cell by its Chinese label.
pub(crate) trait Label: Copy + Sized + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    /// The YAML name (snake_case, as serde writes it).
    fn name(self) -> &'static str;
    /// The Chinese label written to cells.
    fn label(self) -> &'static str;

    /// The variant named by `text` (label or YAML name), if any.
    fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.label() == t || v.name().eq_ignore_ascii_case(t))
    }

    /// `标签（name）、…` for error messages.
    fn choices() -> String {
        Self::ALL
            .iter()
            .map(|v| format!("{}（{}）", v.label(), v.name()))
            .collect::<Vec<_>>()
            .join("、")
    }
}

macro_rules! labels {
    ($t:ty { $($v:path => $name:literal, $zh:literal;)* }) => {
        impl Label for $t {
            const ALL: &'static [Self] = &[$($v),*];
            fn name(self) -> &'static str {
                match self { $($v => $name),* }
            }
            fn label(self) -> &'static str {
                match self { $($v => $zh),* }
            }
        }
    };
}

/// Kind of 办理结果 (the variant of `ItemResult`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResultKind {
    Licence,
    Proof,
    Document,
}

/// Kind of 免提交 (the variant of `Exemption`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExemptionKind {
    Licence,
    DataSource,
    Commitment,
    Abolished,
}

labels!(Level {
    Level::Province => "province", "省级";
    Level::City => "city", "市级";
    Level::County => "county", "县级";
    Level::Town => "town", "乡镇级";
    Level::Village => "village", "村级";
});

labels!(ElementKind {
    ElementKind::Text => "text", "文本";
    ElementKind::Number => "number", "数字";
    ElementKind::Date => "date", "日期";
    ElementKind::Choice => "choice", "选择";
    ElementKind::ResidentId => "resident_id", "身份证号码";
    ElementKind::Uscc => "uscc", "统一社会信用代码";
    ElementKind::Phone => "phone", "电话号码";
    ElementKind::Address => "address", "地址";
});

labels!(MaterialSource {
    MaterialSource::SelfPrepared => "self_prepared", "申请人自备";
    MaterialSource::Government => "government", "政府部门核发";
    MaterialSource::PublicService => "public_service", "公共服务机构";
    MaterialSource::Intermediary => "intermediary", "中介机构";
});

labels!(ItemKind {
    ItemKind::Licensing => "licensing", "行政许可";
    ItemKind::Benefit => "benefit", "行政给付";
    ItemKind::Confirmation => "confirmation", "行政确认";
    ItemKind::Levy => "levy", "行政征收";
    ItemKind::Award => "award", "行政奖励";
    ItemKind::Adjudication => "adjudication", "行政裁决";
    ItemKind::OtherPower => "other_power", "其他行政权力";
    ItemKind::PublicService => "public_service", "公共服务";
});

labels!(Handling {
    Handling::Immediate => "immediate", "即办件";
    Handling::Promised => "promised", "承诺件";
});

labels!(OnlineDepth {
    OnlineDepth::Info => "info", "一级";
    OnlineDepth::Download => "download", "二级";
    OnlineDepth::PreReview => "pre_review", "三级";
    OnlineDepth::FullyOnline => "fully_online", "四级";
});

labels!(Channel {
    Channel::Window => "window", "窗口办理";
    Channel::Online => "online", "网上办理";
    Channel::Mobile => "mobile", "掌上办理";
    Channel::SelfService => "self_service", "自助终端";
    Channel::Post => "post", "邮寄办理";
});

labels!(TongbanScope {
    TongbanScope::None => "none", "不通办";
    TongbanScope::City => "city", "全市通办";
    TongbanScope::Province => "province", "全省通办";
    TongbanScope::CrossProvince => "cross_province", "跨省通办";
});

labels!(ReformMode {
    ReformMode::CancelApproval => "cancel_approval", "取消审批";
    ReformMode::ApprovalToFiling => "approval_to_filing", "审批改备案";
    ReformMode::Commitment => "commitment", "实行告知承诺";
    ReformMode::OptimiseService => "optimise_service", "优化审批服务";
});

labels!(MaterialForm {
    MaterialForm::Original => "original", "原件";
    MaterialForm::Copy => "copy", "复印件";
    MaterialForm::Electronic => "electronic", "电子件";
});

labels!(Requirement {
    Requirement::Required => "required", "必需";
    Requirement::Optional => "optional", "非必需";
    Requirement::GapAllowed => "gap_allowed", "可容缺";
});

labels!(BundleTheme {
    BundleTheme::LifeEvent => "life_event", "个人事项";
    BundleTheme::EnterpriseStage => "enterprise_stage", "企业事项";
    BundleTheme::ProjectStage => "project_stage", "项目审批";
});

labels!(QuestionKind {
    QuestionKind::SingleChoice => "single_choice", "单选";
    QuestionKind::MultiChoice => "multi_choice", "多选";
    QuestionKind::YesNo => "yes_no", "是否";
});

labels!(ResultKind {
    ResultKind::Licence => "licence", "电子证照";
    ResultKind::Proof => "proof", "电子证明";
    ResultKind::Document => "document", "其他文书";
});

labels!(ExemptionKind {
    ExemptionKind::Licence => "licence", "证照免提交";
    ExemptionKind::DataSource => "data_source", "数据共享免提交";
    ExemptionKind::Commitment => "commitment", "告知承诺免提交";
    ExemptionKind::Abolished => "abolished", "取消";
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The YAML names here must be exactly serde's, or a workbook and a
    /// YAML file would disagree.
    fn check<T: Label + serde::Serialize>() {
        let mut labels = std::collections::BTreeSet::new();
        for v in T::ALL {
            let serde_name = serde_json::to_value(v).unwrap();
            assert_eq!(serde_name.as_str(), Some(v.name()));
            assert!(labels.insert(v.label()), "label {} twice", v.label());
            assert_eq!(T::parse(v.label()).map(|p| p.name()), Some(v.name()));
            assert_eq!(T::parse(v.name()).map(|p| p.name()), Some(v.name()));
        }
    }

    #[test]
    fn every_label_parses_back_and_every_name_is_serdes() {
        check::<Level>();
        check::<ElementKind>();
        check::<MaterialSource>();
        check::<ItemKind>();
        check::<Handling>();
        check::<OnlineDepth>();
        check::<Channel>();
        check::<TongbanScope>();
        check::<ReformMode>();
        check::<MaterialForm>();
        check::<Requirement>();
        check::<BundleTheme>();
        check::<QuestionKind>();
    }

    #[test]
    fn result_and_exemption_kinds_parse_by_label_and_name() {
        assert_eq!(ResultKind::parse("电子证明"), Some(ResultKind::Proof));
        assert_eq!(
            ExemptionKind::parse("data_source"),
            Some(ExemptionKind::DataSource)
        );
        assert_eq!(ExemptionKind::parse("免了"), None);
    }
}
