//! The 事项 sheet and its child sheets: 事项环节, 事项情形, 事项材料,
//! 事项表单, 事项收费.

use tongban_domain::catalog::{
    Channel, Exemption, Fee, FormField, Handling, ItemKind, ItemMaterial, ItemResult, Level,
    MaterialForm, OnlineDepth, ReformMode, Requirement, ServiceItem, Situation, Step, TongbanScope,
};
use tongban_domain::validate::EntityKind;

use super::cells;
use super::labels::{ExemptionKind, ResultKind};
use super::layout::{ITEM_FEES, ITEM_FIELDS, ITEM_MATERIALS, ITEM_SITUATIONS, ITEM_STEPS, ITEMS};
use super::sheet::Row;
use super::{Build, Parents};

/// Reads items with their steps, situations, materials, fields and fees.
pub(crate) fn read(build: &mut Build) {
    let mut items = Parents::read(build, &ITEMS, item);
    items.children(build, &ITEM_STEPS, &ITEMS, |item, row| {
        let step = step(row)?;
        item.steps.push(step);
        Some(format!("steps[{}]", item.steps.len() - 1))
    });
    items.children(build, &ITEM_SITUATIONS, &ITEMS, |item, row| {
        let situation = situation(row)?;
        item.situations.push(situation);
        Some(format!("situations[{}]", item.situations.len() - 1))
    });
    items.children(build, &ITEM_MATERIALS, &ITEMS, |item, row| {
        let material = item_material(row)?;
        item.materials.push(material);
        Some(format!("materials[{}]", item.materials.len() - 1))
    });
    items.children(build, &ITEM_FIELDS, &ITEMS, |item, row| {
        let field = form_field(row)?;
        item.fields.push(field);
        Some(format!("fields[{}]", item.fields.len() - 1))
    });
    items.children(build, &ITEM_FEES, &ITEMS, |item, row| {
        let fee = fee(row)?;
        item.fees.push(fee);
        Some(format!("fees[{}]", item.fees.len() - 1))
    });
    items.finish(
        &mut build.sources,
        EntityKind::Item,
        |i| i.code.to_string(),
        &mut build.catalog.items,
    );
}

fn item(row: &mut Row) -> Option<ServiceItem> {
    let code = row.required("code", cells::code);
    let implementation_code = row.text("implementation_code");
    let name = row.required_text("name");
    let kind = row.required("kind", cells::label::<ItemKind>);
    let department = row.required("department", cells::code);
    let region = row.required("region", cells::region);
    let level = row.required("level", cells::label::<Level>);
    let parent = row.parse("parent", cells::code);
    let legal_basis = row.text("legal_basis").map(|t| cells::lines(&t));
    let conditions = row.text("conditions").map(|t| cells::lines(&t));
    let handling = row.required("handling", cells::label::<Handling>);
    let statutory_limit = row.required("statutory_limit", cells::time_limit);
    let promised_limit = row.required("promised_limit", cells::time_limit);
    let visits = row.required("visits", cells::count);
    let online_depth = row.required("online_depth", cells::label::<OnlineDepth>);
    let channels = row.list("channels", cells::labels::<Channel>);
    let tongban_scope = row.parse("tongban_scope", cells::label::<TongbanScope>);
    let tongban_partners = row.list("tongban_partners", cells::regions);
    let reform_mode = row.parse("reform_mode", cells::label::<ReformMode>);
    let commitment_allowed = row.flag("commitment_allowed", false);
    let gaps_allowed = row.flag("gaps_allowed", false);
    let result = result(row);
    let location = row.text("location");
    let auto_decision = row.parse("auto_decision", cells::auto_decision);
    let assists = row.list("assists", cells::assists);
    let illustrative = row.flag("illustrative", false);
    Some(ServiceItem {
        code: code?,
        implementation_code,
        name: name?,
        kind: kind?,
        department: department?,
        region: region?,
        level: level?,
        parent,
        legal_basis: legal_basis.unwrap_or_default(),
        conditions: conditions.unwrap_or_default(),
        handling: handling?,
        statutory_limit: statutory_limit?,
        promised_limit: promised_limit?,
        fees: Vec::new(),
        visits: visits?,
        online_depth: online_depth?,
        channels,
        tongban_scope: tongban_scope.unwrap_or_default(),
        tongban_partners,
        reform_mode: reform_mode.unwrap_or_default(),
        commitment_allowed,
        gaps_allowed,
        steps: Vec::new(),
        result: result?,
        situations: Vec::new(),
        materials: Vec::new(),
        fields: Vec::new(),
        location,
        auto_decision,
        assists,
        illustrative,
    })
}

/// 办理结果: its kind, the licence or proof type (for those kinds) and name.
fn result(row: &mut Row) -> Option<ItemResult> {
    let kind = row.required("result", cells::label::<ResultKind>);
    let type_code = row.parse("result.type_code", cells::code);
    let name = row.required_text("result.name");
    match (kind?, type_code) {
        (ResultKind::Licence, Some(licence_type)) => Some(ItemResult::Licence {
            licence_type,
            name: name?,
        }),
        (ResultKind::Proof, Some(proof_type)) => Some(ItemResult::Proof {
            proof_type,
            name: name?,
        }),
        (ResultKind::Document, None) => Some(ItemResult::Document { name: name? }),
        (ResultKind::Document, Some(_)) => {
            let reason = "办理结果为其他文书时不填结果证照类型";
            row.fail("result.type_code", "unexpected_value", reason);
            None
        }
        (_, None) => {
            if row.text("result.type_code").is_none() {
                let reason = "办理结果为电子证照或电子证明时必须填写结果证照类型";
                row.fail("result.type_code", "missing_value", reason);
            }
            None
        }
    }
}

/// One 办理环节 row (also used by 一件事环节).
pub(crate) fn step(row: &mut Row) -> Option<Step> {
    let name = row.required_text("name");
    let limit = row.required("limit", cells::time_limit);
    let step = Step {
        name: name?,
        limit: limit?,
    };
    row.errors.is_empty().then_some(step)
}

fn situation(row: &mut Row) -> Option<Situation> {
    let code = row.required("code", cells::code);
    let name = row.required_text("name");
    let default = row.flag("default", false);
    let situation = Situation {
        code: code?,
        name: name?,
        default,
    };
    row.errors.is_empty().then_some(situation)
}

fn item_material(row: &mut Row) -> Option<ItemMaterial> {
    let material = row.required("material", cells::code);
    let form = row.required("form", cells::label::<MaterialForm>);
    let requirement = row.parse("requirement", cells::label::<Requirement>);
    let situations = row.list("situations", cells::codes);
    let exemption = exemption(row);
    let material = ItemMaterial {
        material: material?,
        form: form?,
        requirement: requirement.unwrap_or_default(),
        situations,
        exemption,
    };
    row.errors.is_empty().then_some(material)
}

/// 免提交: the way, and the licence type or data source it relies on.
fn exemption(row: &mut Row) -> Option<Exemption> {
    let kind = row.parse("exemption", cells::label::<ExemptionKind>);
    let basis = row.parse("exemption.code", cells::code);
    let needs_basis = |row: &mut Row| {
        if row.text("exemption.code").is_none() {
            let reason = "证照免提交、数据共享免提交时必须填写免提交依据（证照类型或数据源编码）";
            row.fail("exemption.code", "missing_value", reason);
        }
        None
    };
    match (kind, basis) {
        (None, None) => None,
        (None, Some(_)) => {
            let reason = "填写了免提交依据，但没有填写免提交方式";
            row.fail("exemption", "missing_value", reason);
            None
        }
        (Some(ExemptionKind::Licence), Some(licence_type)) => {
            Some(Exemption::Licence { licence_type })
        }
        (Some(ExemptionKind::DataSource), Some(source)) => Some(Exemption::DataSource { source }),
        (Some(ExemptionKind::Licence | ExemptionKind::DataSource), None) => needs_basis(row),
        (Some(ExemptionKind::Commitment), None) => Some(Exemption::Commitment),
        (Some(ExemptionKind::Abolished), None) => Some(Exemption::Abolished),
        (Some(_), Some(_)) => {
            let reason = "告知承诺免提交、取消时不填免提交依据";
            row.fail("exemption.code", "unexpected_value", reason);
            None
        }
    }
}

fn form_field(row: &mut Row) -> Option<FormField> {
    let label = row.required_text("label");
    let element = row.required("element", cells::code);
    let required = row.flag("required", true);
    let field = FormField {
        label: label?,
        element: element?,
        required,
    };
    row.errors.is_empty().then_some(field)
}

fn fee(row: &mut Row) -> Option<Fee> {
    let name = row.required_text("name");
    let amount_fen = row.required("amount_fen", cells::yuan);
    let basis = row.text("basis");
    let fee = Fee {
        name: name?,
        amount_fen: amount_fen?,
        basis,
    };
    row.errors.is_empty().then_some(fee)
}
