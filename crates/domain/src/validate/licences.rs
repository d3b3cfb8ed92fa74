//! Checks of the licence and proof sections (证照目录, 证明事项目录) and of
//! the links items and bundles make to them: every referenced department,
//! item, bundle, data element and material exists, number tags are valid,
//! an item whose result is a licence is one of its type's issuing or
//! updating items, and a 一业一证 bundle issues its composite type.

use std::collections::BTreeSet;

use super::{Checker, EntityKind};
use crate::catalog::ItemResult;
use crate::ident::Code;
use crate::licence::{LicenceField, LicenceType, Validity, valid_tag};
use crate::proof::{ProofReplacement, ProofType};

/// Runs every licence and proof check.
pub(super) fn check(c: &mut Checker<'_>) {
    let cat = c.catalog;
    for t in &cat.licence_types {
        licence_type(c, t);
    }
    for p in &cat.proofs {
        proof(c, p);
    }
    for item in &cat.items {
        if let ItemResult::Licence { licence_type, .. } = &item.result {
            let field = "result.licence.licence_type".to_string();
            match cat.licence_type(licence_type.as_str()) {
                None => c.report(
                    EntityKind::Item,
                    item.code.as_str(),
                    field,
                    "unknown_licence_type",
                    format!("办理结果的证照类型“{licence_type}”不在证照目录中"),
                ),
                Some(t)
                    if !t.issued_by.contains(&item.code) && !t.updated_by.contains(&item.code) =>
                {
                    c.report(
                        EntityKind::Item,
                        item.code.as_str(),
                        field,
                        "licence_result_not_linked",
                        format!(
                            "办理结果为证照“{}”，但该证照类型的 issued_by 或 updated_by 中没有本事项",
                            t.name
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    }
    for b in &cat.bundles {
        let Some(composite) = &b.composite_licence else {
            continue;
        };
        let field = "composite_licence.licence_type".to_string();
        match cat.licence_type(composite.licence_type.as_str()) {
            None => c.report(
                EntityKind::Bundle,
                b.code.as_str(),
                field,
                "unknown_licence_type",
                format!("综合许可证类型“{}”不在证照目录中", composite.licence_type),
            ),
            Some(t) if !t.issued_by.contains(&b.code) => c.report(
                EntityKind::Bundle,
                b.code.as_str(),
                field,
                "licence_result_not_linked",
                format!("证照类型“{}”的 issued_by 中没有本一件事", t.name),
            ),
            Some(_) => {}
        }
    }
}

fn licence_type(c: &mut Checker<'_>, t: &LicenceType) {
    let cat = c.catalog;
    let mut out = Vec::new();
    department(c, &t.issuer, &mut out);
    tag_and_validity(&t.number_tag, t.validity, &mut out);
    fields(c, &t.fields, &mut out);
    for (i, by) in t.issued_by.iter().enumerate() {
        if cat.item(by.as_str()).is_none() && cat.bundle(by.as_str()).is_none() {
            out.push((
                format!("issued_by[{i}]"),
                "unknown_item",
                format!("核发事项“{by}”既不是目录中的事项，也不是一件事"),
            ));
        }
    }
    for (list, name, items) in [
        ("updated_by", "变更或延续", &t.updated_by),
        ("cancelled_by", "注销", &t.cancelled_by),
    ] {
        for (i, by) in items.iter().enumerate() {
            if cat.item(by.as_str()).is_none() {
                out.push((
                    format!("{list}[{i}]"),
                    "unknown_item",
                    format!("{name}事项“{by}”不在目录中"),
                ));
            }
        }
    }
    for (field, code, reason) in out {
        c.report(
            EntityKind::LicenceType,
            t.code.as_str(),
            field,
            code,
            reason,
        );
    }
}

fn proof(c: &mut Checker<'_>, p: &ProofType) {
    let cat = c.catalog;
    let mut out = Vec::new();
    department(c, &p.issuer, &mut out);
    tag_and_validity(&p.number_tag, p.validity, &mut out);
    fields(c, &p.fields, &mut out);
    if let Some(material) = &p.material
        && !cat.materials.iter().any(|m| &m.code == material)
    {
        out.push((
            "material".into(),
            "unknown_material",
            format!("材料“{material}”不在材料目录中"),
        ));
    }
    if let Some(ProofReplacement::Licence { licence_type }) = &p.replaced_by
        && cat.licence_type(licence_type.as_str()).is_none()
    {
        out.push((
            "replaced_by.licence.licence_type".into(),
            "unknown_licence_type",
            format!("替代证明的证照类型“{licence_type}”不在证照目录中"),
        ));
    }
    for (field, code, reason) in out {
        c.report(EntityKind::Proof, p.code.as_str(), field, code, reason);
    }
}

type Found = Vec<(String, &'static str, String)>;

fn department(c: &Checker<'_>, issuer: &Code, out: &mut Found) {
    if !c.catalog.departments.iter().any(|d| &d.code == issuer) {
        out.push((
            "issuer".into(),
            "unknown_department",
            format!("发证部门“{issuer}”不在目录中"),
        ));
    }
}

fn tag_and_validity(tag: &str, validity: Validity, out: &mut Found) {
    if !valid_tag(tag) {
        out.push((
            "number_tag".into(),
            "invalid_licence_tag",
            format!("编号类型标识“{tag}”无效：应为2至6位大写字母或数字，以字母开头"),
        ));
    }
    if validity == Validity::Years(0) {
        out.push((
            "validity".into(),
            "invalid_validity",
            "有效年限不能为0；长期有效请写 permanent".into(),
        ));
    }
}

fn fields(c: &Checker<'_>, fields: &[LicenceField], out: &mut Found) {
    let mut seen = BTreeSet::new();
    for (i, f) in fields.iter().enumerate() {
        if !seen.insert(&f.element) {
            out.push((
                format!("fields[{i}].element"),
                "duplicate_field",
                format!("字段“{}”重复", f.element),
            ));
        }
        if !c.catalog.data_elements.iter().any(|e| e.code == f.element) {
            out.push((
                format!("fields[{i}].element"),
                "unknown_data_element",
                format!("数据元“{}”不在数据元目录中", f.element),
            ));
        }
    }
}
