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
    // A domain enum: the Chinese label is the domain's own `label()`.
    (domain $t:ty { $($v:path => $name:literal;)* }) => {
        impl Label for $t {
            const ALL: &'static [Self] = &[$($v),*];
            fn name(self) -> &'static str {
                match self { $($v => $name),* }
            }
            fn label(self) -> &'static str {
                <$t>::label(self)
            }
        }
    };
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

labels!(domain Level {
    Level::Province => "province";
    Level::City => "city";
    Level::County => "county";
    Level::Town => "town";
    Level::Village => "village";
});

labels!(domain ElementKind {
    ElementKind::Text => "text";
    ElementKind::Number => "number";
    ElementKind::Date => "date";
    ElementKind::Choice => "choice";
    ElementKind::ResidentId => "resident_id";
    ElementKind::Uscc => "uscc";
    ElementKind::Phone => "phone";
    ElementKind::Address => "address";
});

labels!(domain MaterialSource {
    MaterialSource::SelfPrepared => "self_prepared";
    MaterialSource::Government => "government";
    MaterialSource::PublicService => "public_service";
    MaterialSource::Intermediary => "intermediary";
});

labels!(domain ItemKind {
    ItemKind::Licensing => "licensing";
    ItemKind::Benefit => "benefit";
    ItemKind::Confirmation => "confirmation";
    ItemKind::Levy => "levy";
    ItemKind::Award => "award";
    ItemKind::Adjudication => "adjudication";
    ItemKind::OtherPower => "other_power";
    ItemKind::PublicService => "public_service";
});

labels!(domain Handling {
    Handling::Immediate => "immediate";
    Handling::Promised => "promised";
});

labels!(domain OnlineDepth {
    OnlineDepth::Info => "info";
    OnlineDepth::Download => "download";
    OnlineDepth::PreReview => "pre_review";
    OnlineDepth::FullyOnline => "fully_online";
});

labels!(domain Channel {
    Channel::Window => "window";
    Channel::Online => "online";
    Channel::Mobile => "mobile";
    Channel::SelfService => "self_service";
    Channel::Post => "post";
});

labels!(domain TongbanScope {
    TongbanScope::None => "none";
    TongbanScope::City => "city";
    TongbanScope::Province => "province";
    TongbanScope::CrossProvince => "cross_province";
});

labels!(domain ReformMode {
    ReformMode::CancelApproval => "cancel_approval";
    ReformMode::ApprovalToFiling => "approval_to_filing";
    ReformMode::Commitment => "commitment";
    ReformMode::OptimiseService => "optimise_service";
});

labels!(domain MaterialForm {
    MaterialForm::Original => "original";
    MaterialForm::Copy => "copy";
    MaterialForm::Electronic => "electronic";
});

labels!(domain Requirement {
    Requirement::Required => "required";
    Requirement::Optional => "optional";
    Requirement::GapAllowed => "gap_allowed";
});

labels!(domain BundleTheme {
    BundleTheme::LifeEvent => "life_event";
    BundleTheme::EnterpriseStage => "enterprise_stage";
    BundleTheme::ProjectStage => "project_stage";
});

labels!(domain QuestionKind {
    QuestionKind::SingleChoice => "single_choice";
    QuestionKind::MultiChoice => "multi_choice";
    QuestionKind::YesNo => "yes_no";
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
