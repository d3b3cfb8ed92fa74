//! Hand-written OpenAPI schemas for items and bundles in their catalog
//! form: required fields, their types and enumerations; nested detail is
//! left open (documented in docs/catalog-format.md).

use std::borrow::Cow;

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{RefOr, schema::AdditionalProperties};
use utoipa::{PartialSchema, ToSchema};

use super::dto::{BundleDto, ItemDto};

fn string(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some(description))
}

fn one_of(description: &str, values: &[&str]) -> ObjectBuilder {
    string(description).enum_values(Some(values.iter().copied()))
}

fn integer(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::Integer))
        .minimum(Some(0))
        .description(Some(description))
}

fn boolean(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::Boolean))
        .description(Some(description))
}

fn open_object(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::Object))
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(true)))
        .description(Some(description))
}

fn list(description: &str, items: ObjectBuilder) -> ArrayBuilder {
    ArrayBuilder::new()
        .items(items)
        .description(Some(description))
}

/// The item kinds as serialised (`ItemKind`).
pub const ITEM_KINDS: &[&str] = &[
    "licensing",
    "benefit",
    "confirmation",
    "levy",
    "award",
    "adjudication",
    "other_power",
    "public_service",
];
/// The levels as serialised (`Level`).
pub const LEVELS: &[&str] = &["province", "city", "county", "town", "village"];
/// The 通办 scopes as serialised (`TongbanScope`).
pub const SCOPES: &[&str] = &["none", "city", "province", "cross_province"];
/// The online depths as serialised (`OnlineDepth`).
pub const DEPTHS: &[&str] = &["info", "download", "pre_review", "fully_online"];
/// The reform modes as serialised (`ReformMode`).
pub const REFORM_MODES: &[&str] = &[
    "cancel_approval",
    "approval_to_filing",
    "commitment",
    "optimise_service",
];
/// The handling kinds as serialised (`Handling`).
pub const HANDLINGS: &[&str] = &["immediate", "promised"];
/// The bundle themes as serialised (`BundleTheme`).
pub const THEMES: &[&str] = &["life_event", "enterprise_stage", "project_stage"];
const CHANNELS: &[&str] = &["window", "online", "mobile", "self_service", "post"];

const LIMIT: &str = "时限：{working_days: n}、{hours: n} 或 {natural_days: n}";

impl PartialSchema for ItemDto {
    fn schema() -> RefOr<Schema> {
        let required = [
            ("code", string("事项编码")),
            ("name", string("事项名称")),
            ("kind", one_of("事项类型", ITEM_KINDS)),
            ("department", string("实施机关编码")),
            ("region", string("行政区划代码")),
            ("level", one_of("层级", LEVELS)),
            ("handling", one_of("即办件或承诺件", HANDLINGS)),
            ("statutory_limit", open_object(LIMIT)),
            ("promised_limit", open_object(LIMIT)),
            ("visits", integer("到现场次数")),
            ("online_depth", one_of("网办深度", DEPTHS)),
            ("tongban_scope", one_of("通办范围", SCOPES)),
            ("reform_mode", one_of("改革方式", REFORM_MODES)),
            ("commitment_allowed", boolean("可告知承诺")),
            ("gaps_allowed", boolean("可容缺受理")),
            ("result", open_object("办理结果")),
        ];
        let mut object = ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Object))
            .description(Some("政务服务事项（目录格式，见 docs/catalog-format.md）"));
        for (name, schema) in required {
            object = object.property(name, schema).required(name);
        }
        let texts = || ObjectBuilder::new().schema_type(SchemaType::Type(Type::String));
        object
            .property("implementation_code", string("实施编码"))
            .property("parent", string("主项编码"))
            .property("legal_basis", list("设定依据", texts()))
            .property("conditions", list("受理条件", texts()))
            .property("fees", list("收费项目", open_object("收费")))
            .property("channels", list("办理渠道", one_of("渠道", CHANNELS)))
            .property("tongban_partners", list("通办合作地区", texts()))
            .property("steps", list("办理环节", open_object("环节")))
            .property("situations", list("办理情形", open_object("情形")))
            .property("materials", list("申请材料", open_object("材料要求")))
            .property("fields", list("表单字段", open_object("字段")))
            .property("location", string("办理地点"))
            .property("illustrative", boolean("演示用的示意内容"))
            .into()
    }
}

impl ToSchema for ItemDto {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ServiceItem")
    }
}

impl PartialSchema for BundleDto {
    fn schema() -> RefOr<Schema> {
        let required = [
            ("code", string("一件事编码")),
            ("name", string("一件事名称")),
            ("theme", one_of("主题", THEMES)),
            ("region", string("行政区划代码")),
            ("lead_department", string("牵头部门编码")),
            ("promised_limit", open_object(LIMIT)),
            ("visits", integer("到现场次数")),
        ];
        let mut object = ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Object))
            .description(Some("一件事（目录格式，见 docs/catalog-format.md）"));
        for (name, schema) in required {
            object = object.property(name, schema).required(name);
        }
        let member = open_object("成员事项：item 为事项编码，after 为前置成员")
            .property("item", string("事项编码"))
            .required("item");
        object
            .property("members", list("成员事项", member))
            .required("members")
            .property("theme_name", string("主题名称"))
            .property("description", string("说明"))
            .property("steps", list("一件事的办理环节", open_object("环节")))
            .property("composite_licence", open_object("一业一证"))
            .property("guidance", open_object("情形引导问卷"))
            .property("illustrative", boolean("演示用的示意内容"))
            .into()
    }
}

impl ToSchema for BundleDto {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Bundle")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use tongban_domain::BundleTheme;
    use tongban_domain::catalog::{
        Channel, Handling, ItemKind, Level, OnlineDepth, ReformMode, TongbanScope,
    };

    fn serialised<T: Serialize>(values: &[T]) -> Vec<String> {
        values
            .iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    /// Lists every variant; the exhaustive match breaks the build when the
    /// domain adds one, so the documented enums cannot fall behind.
    fn all_kinds() -> Vec<ItemKind> {
        use ItemKind::*;
        let all = vec![
            Licensing,
            Benefit,
            Confirmation,
            Levy,
            Award,
            Adjudication,
            OtherPower,
            PublicService,
        ];
        for k in &all {
            match k {
                Licensing | Benefit | Confirmation | Levy | Award | Adjudication | OtherPower
                | PublicService => {}
            }
        }
        all
    }

    #[test]
    fn documented_enumerations_match_the_catalog_serialisation() {
        assert_eq!(serialised(&all_kinds()), ITEM_KINDS);
        use Level::*;
        assert_eq!(serialised(&[Province, City, County, Town, Village]), LEVELS);
        use TongbanScope as S;
        assert_eq!(
            serialised(&[S::None, S::City, S::Province, S::CrossProvince]),
            SCOPES
        );
        use OnlineDepth::*;
        assert_eq!(
            serialised(&[Info, Download, PreReview, FullyOnline]),
            DEPTHS
        );
        use ReformMode as R;
        assert_eq!(
            serialised(&[
                R::CancelApproval,
                R::ApprovalToFiling,
                R::Commitment,
                R::OptimiseService
            ]),
            REFORM_MODES
        );
        assert_eq!(
            serialised(&[Handling::Immediate, Handling::Promised]),
            HANDLINGS
        );
        use BundleTheme as T;
        assert_eq!(
            serialised(&[T::LifeEvent, T::EnterpriseStage, T::ProjectStage]),
            THEMES
        );
        use Channel as C;
        assert_eq!(
            serialised(&[C::Window, C::Online, C::Mobile, C::SelfService, C::Post]),
            CHANNELS
        );
    }
}
