//! Whole-catalog checks: every reference resolves, codes are unique, the
//! member DAG has no cycle, guidance conditions compile and name known
//! questions. Import runs these on the merged catalog before anything is
//! stored, so a bad file changes nothing. Licence and proof types are
//! checked in [`licences`].

mod licences;

use std::collections::BTreeSet;

use crate::bundle::Bundle;
use crate::catalog::{Catalog, ElementKind, Exemption, Requirement, ServiceItem};
use crate::guidance::{QuestionKind, check_expression};

/// Which kind of catalog entry a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntityKind {
    Region,
    Department,
    DataElement,
    Material,
    Item,
    Bundle,
    LicenceType,
    Proof,
}

impl EntityKind {
    /// The catalog section name, as in the YAML format (`items`, ...).
    pub fn section(self) -> &'static str {
        match self {
            EntityKind::Region => "regions",
            EntityKind::Department => "departments",
            EntityKind::DataElement => "data_elements",
            EntityKind::Material => "materials",
            EntityKind::Item => "items",
            EntityKind::Bundle => "bundles",
            EntityKind::LicenceType => "licence_types",
            EntityKind::Proof => "proofs",
        }
    }
}

/// One thing wrong with a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: EntityKind,
    /// Code of the entry the problem is in.
    pub entity: String,
    /// Field path inside the entry, e.g. `materials[2].material`.
    pub field: String,
    /// Stable machine-readable code, e.g. `unknown_department`.
    pub code: &'static str,
    /// Chinese reason.
    pub reason: String,
}

struct Checker<'c> {
    catalog: &'c Catalog,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(
        &mut self,
        kind: EntityKind,
        entity: &str,
        field: String,
        code: &'static str,
        reason: String,
    ) {
        self.problems.push(Problem {
            kind,
            entity: entity.to_string(),
            field,
            code,
            reason,
        });
    }
}

/// Checks a whole catalog and returns every problem found (empty = valid).
pub fn validate(catalog: &Catalog) -> Vec<Problem> {
    let mut c = Checker {
        catalog,
        problems: Vec::new(),
    };
    duplicates(&mut c);
    regions_and_departments(&mut c);
    for e in &catalog.data_elements {
        if e.kind == ElementKind::Choice && e.dictionary.is_empty() {
            c.report(
                EntityKind::DataElement,
                e.code.as_str(),
                "dictionary".into(),
                "empty_dictionary",
                format!("数据元“{}”为选择类型，但没有给出可选值", e.name),
            );
        }
        // A pattern the form engine cannot compile would only fail when an
        // applicant fills the form; refuse it at import instead.
        if let Some(pattern) = &e.pattern
            && let Err(reason) = crate::form::check_pattern(pattern)
        {
            c.report(
                EntityKind::DataElement,
                e.code.as_str(),
                "pattern".into(),
                "invalid_pattern",
                format!("数据元“{}”的校验规则无法编译：{reason}", e.name),
            );
        }
    }
    for item in &catalog.items {
        check_item(&mut c, item);
    }
    for bundle in &catalog.bundles {
        check_bundle(&mut c, bundle);
    }
    licences::check(&mut c);
    c.problems
}

fn duplicates(c: &mut Checker<'_>) {
    fn dup<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<(usize, &'a str)> {
        let mut seen = BTreeSet::new();
        codes
            .enumerate()
            .filter(|(_, code)| !seen.insert(*code))
            .collect()
    }
    let cat = c.catalog;
    let lists: [(EntityKind, Vec<(usize, &str)>); 8] = [
        (
            EntityKind::Region,
            dup(cat.regions.iter().map(|x| x.code.as_str())),
        ),
        (
            EntityKind::Department,
            dup(cat.departments.iter().map(|x| x.code.as_str())),
        ),
        (
            EntityKind::DataElement,
            dup(cat.data_elements.iter().map(|x| x.code.as_str())),
        ),
        (
            EntityKind::Material,
            dup(cat.materials.iter().map(|x| x.code.as_str())),
        ),
        (
            EntityKind::Item,
            dup(cat.items.iter().map(|x| x.code.as_str())),
        ),
        (
            EntityKind::Bundle,
            dup(cat.bundles.iter().map(|x| x.code.as_str())),
        ),
        (
            EntityKind::LicenceType,
            dup(cat.licence_types.iter().map(|x| x.code.as_str())),
        ),
        (
            EntityKind::Proof,
            dup(cat.proofs.iter().map(|x| x.code.as_str())),
        ),
    ];
    for (kind, dups) in lists {
        for (_, code) in dups {
            c.report(
                kind,
                code,
                "code".into(),
                "duplicate_code",
                format!("编码“{code}”重复出现"),
            );
        }
    }
}

fn regions_and_departments(c: &mut Checker<'_>) {
    let cat = c.catalog;
    let regions: BTreeSet<&str> = cat.regions.iter().map(|r| r.code.as_str()).collect();
    for r in &cat.regions {
        if let Some(p) = &r.parent {
            if !regions.contains(p.as_str()) {
                c.report(
                    EntityKind::Region,
                    r.code.as_str(),
                    "parent".into(),
                    "unknown_region",
                    format!("上级区划“{p}”不在目录中"),
                );
            } else if !r.code.is_within(p) || p == &r.code {
                c.report(
                    EntityKind::Region,
                    r.code.as_str(),
                    "parent".into(),
                    "region_not_within_parent",
                    format!("区划“{}”不属于上级区划“{p}”", r.code),
                );
            }
        }
    }
    for d in &cat.departments {
        if !regions.contains(d.region.as_str()) {
            c.report(
                EntityKind::Department,
                d.code.as_str(),
                "region".into(),
                "unknown_region",
                format!("部门所属区划“{}”不在目录中", d.region),
            );
        }
    }
}

fn check_item(c: &mut Checker<'_>, item: &ServiceItem) {
    let cat = c.catalog;
    let code = item.code.as_str();
    let mut bad = |field: String, ecode: &'static str, reason: String| {
        c.problems.push(Problem {
            kind: EntityKind::Item,
            entity: code.to_string(),
            field,
            code: ecode,
            reason,
        });
    };
    if !cat.departments.iter().any(|d| d.code == item.department) {
        bad(
            "department".into(),
            "unknown_department",
            format!("实施部门“{}”不在目录中", item.department),
        );
    }
    if !cat.regions.iter().any(|r| r.code == item.region) {
        bad(
            "region".into(),
            "unknown_region",
            format!("行政区划“{}”不在目录中", item.region),
        );
    }
    if let Some(p) = &item.parent
        && (p == &item.code || cat.item(p.as_str()).is_none())
    {
        bad(
            "parent".into(),
            "unknown_parent",
            format!("主项“{p}”不在目录中"),
        );
    }
    if item.promised_limit.as_working_days() > item.statutory_limit.as_working_days() {
        bad(
            "promised_limit".into(),
            "promise_exceeds_statute",
            format!(
                "承诺时限（{}）超过法定时限（{}）",
                item.promised_limit.label(),
                item.statutory_limit.label()
            ),
        );
    }
    let situations: BTreeSet<&str> = item.situations.iter().map(|s| s.code.as_str()).collect();
    if situations.len() != item.situations.len() {
        bad(
            "situations".into(),
            "duplicate_code",
            "办理情形编码重复".into(),
        );
    }
    if item.situations.iter().filter(|s| s.default).count() > 1 {
        bad(
            "situations".into(),
            "several_defaults",
            "只能有一个默认办理情形".into(),
        );
    }
    for (i, m) in item.materials.iter().enumerate() {
        if !cat.materials.iter().any(|d| d.code == m.material) {
            bad(
                format!("materials[{i}].material"),
                "unknown_material",
                format!("材料“{}”不在材料目录中", m.material),
            );
        }
        for s in &m.situations {
            if !situations.contains(s.as_str()) {
                bad(
                    format!("materials[{i}].situations"),
                    "unknown_situation",
                    format!("办理情形“{s}”未在本事项中定义"),
                );
            }
        }
        if m.requirement == Requirement::GapAllowed && !item.gaps_allowed {
            bad(
                format!("materials[{i}].requirement"),
                "gaps_not_allowed",
                "材料标为可容缺，但事项未开通容缺受理（gaps_allowed）".into(),
            );
        }
        if m.exemption == Some(Exemption::Commitment) && !item.commitment_allowed {
            bad(
                format!("materials[{i}].exemption"),
                "commitment_not_allowed",
                "材料以告知承诺免交，但事项未开通告知承诺（commitment_allowed）".into(),
            );
        }
    }
    for (i, f) in item.fields.iter().enumerate() {
        if !cat.data_elements.iter().any(|e| e.code == f.element) {
            bad(
                format!("fields[{i}].element"),
                "unknown_data_element",
                format!("数据元“{}”不在数据元目录中", f.element),
            );
        }
    }
    review_terms(cat, item, &mut bad);
}

/// 秒批 review points and 协查 terms: rules compile, elements and
/// departments exist, codes are unique.
fn review_terms(
    cat: &Catalog,
    item: &ServiceItem,
    bad: &mut impl FnMut(String, &'static str, String),
) {
    if let Some(auto) = &item.auto_decision {
        if auto.review_points.is_empty() {
            bad(
                "auto_decision.review_points".into(),
                "no_review_points",
                "秒批事项至少需要一个审查要点".into(),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, p) in auto.review_points.iter().enumerate() {
            let field = format!("auto_decision.review_points[{i}]");
            if !seen.insert(p.code.as_str()) {
                bad(
                    format!("{field}.code"),
                    "duplicate_code",
                    format!("审查要点编码“{}”重复", p.code),
                );
            }
            if let Err(e) = crate::auto_decision::check_point(p) {
                bad(format!("{field}.rule"), e.code(), e.to_string());
            }
            for e in &p.elements {
                if !cat.data_elements.iter().any(|d| d.code == *e) {
                    bad(
                        format!("{field}.elements"),
                        "unknown_data_element",
                        format!("数据元“{e}”不在数据元目录中"),
                    );
                }
            }
        }
    }
    for (i, a) in item.assists.iter().enumerate() {
        if !cat.departments.iter().any(|d| d.code == a.department) {
            bad(
                format!("assists[{i}].department"),
                "unknown_department",
                format!("协查部门“{}”不在目录中", a.department),
            );
        } else if a.department == item.department {
            bad(
                format!("assists[{i}].department"),
                "assist_to_self",
                "协查应发往其他部门，不能发给本事项的实施部门".into(),
            );
        }
    }
}

fn check_bundle(c: &mut Checker<'_>, b: &Bundle) {
    let cat = c.catalog;
    let mut out: Vec<(String, &'static str, String)> = Vec::new();
    if !cat.departments.iter().any(|d| d.code == b.lead_department) {
        out.push((
            "lead_department".into(),
            "unknown_department",
            format!("牵头部门“{}”不在目录中", b.lead_department),
        ));
    }
    if !cat.regions.iter().any(|r| r.code == b.region) {
        out.push((
            "region".into(),
            "unknown_region",
            format!("行政区划“{}”不在目录中", b.region),
        ));
    }
    if b.members.is_empty() {
        out.push((
            "members".into(),
            "no_members",
            "一件事至少要有一个成员事项".into(),
        ));
    }
    if b.steps.is_empty() {
        out.push((
            "steps".into(),
            "no_steps",
            "一件事至少要有一个办理环节".into(),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, m) in b.members.iter().enumerate() {
        if cat.item(m.item.as_str()).is_none() {
            out.push((
                format!("members[{i}].item"),
                "unknown_item",
                format!("成员事项“{}”不在目录中", m.item),
            ));
        }
        if !seen.insert(&m.item) {
            out.push((
                format!("members[{i}].item"),
                "duplicate_member",
                format!("成员事项“{}”重复", m.item),
            ));
        }
        for (j, p) in m.after.iter().enumerate() {
            if b.member(p).is_none() {
                out.push((
                    format!("members[{i}].after[{j}]"),
                    "unknown_member",
                    format!("前置事项“{p}”不是本一件事的成员"),
                ));
            }
        }
    }
    if let Err(item) = b.topological_order() {
        out.push((
            "members".into(),
            "dependency_cycle",
            format!("成员事项之间存在循环依赖（涉及“{item}”）"),
        ));
    }
    let g = &b.guidance;
    let mut qcodes = BTreeSet::new();
    for (i, q) in g.questions.iter().enumerate() {
        if !qcodes.insert(&q.code) {
            out.push((
                format!("guidance.questions[{i}].code"),
                "duplicate_code",
                format!("问题编码“{}”重复", q.code),
            ));
        }
        let needs_options = matches!(
            q.kind,
            QuestionKind::SingleChoice | QuestionKind::MultiChoice
        );
        if needs_options && q.options.len() < 2 {
            out.push((
                format!("guidance.questions[{i}].options"),
                "too_few_options",
                format!("问题“{}”至少需要两个选项", q.text),
            ));
        }
        if let Some(expr) = &q.ask_if {
            // A question may only depend on questions asked before it.
            if let Err(e) = check_expression(expr, &g.questions[..i]) {
                out.push((
                    format!("guidance.questions[{i}].ask_if"),
                    e.code(),
                    e.to_string(),
                ));
            }
        }
    }
    for (i, r) in g.rules.iter().enumerate() {
        if let Err(e) = check_expression(&r.when, &g.questions) {
            out.push((format!("guidance.rules[{i}].when"), e.code(), e.to_string()));
        }
        for (j, m) in r.include.iter().chain(&r.exclude).enumerate() {
            if b.member(m).is_none() {
                out.push((
                    format!("guidance.rules[{i}].include/exclude[{j}]"),
                    "unknown_member",
                    format!("“{m}”不是本一件事的成员"),
                ));
            }
        }
        for (j, s) in r.situations.iter().enumerate() {
            let known = cat
                .item(s.item.as_str())
                .is_some_and(|it| it.situations.iter().any(|x| x.code == s.situation));
            if !known || b.member(&s.item).is_none() {
                out.push((
                    format!("guidance.rules[{i}].situations[{j}]"),
                    "unknown_situation",
                    format!("成员事项“{}”没有办理情形“{}”", s.item, s.situation),
                ));
            }
        }
    }
    for (field, code, reason) in out {
        c.report(EntityKind::Bundle, b.code.as_str(), field, code, reason);
    }
}
