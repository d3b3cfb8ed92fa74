//! The 一件事 sheet and its child sheets: 一件事成员, 一件事环节, 引导问题,
//! 问题选项, 引导规则.

use tongban_domain::bundle::{Bundle, BundleMember, BundleTheme, CompositeLicence};
use tongban_domain::guidance::{AnswerOption, Guidance, GuidanceRule, Question, QuestionKind};
use tongban_domain::validate::EntityKind;

use super::cells;
use super::layout::{BUNDLE_MEMBERS, BUNDLE_STEPS, BUNDLES, OPTIONS, QUESTION, QUESTIONS, RULES};
use super::sheet::Row;
use super::{Build, Parents};

/// Reads bundles with their members, steps and guidance.
pub(crate) fn read(build: &mut Build) {
    let mut bundles = Parents::read(build, &BUNDLES, bundle);
    bundles.children(build, &BUNDLE_MEMBERS, &BUNDLES, |b, row| {
        let member = member(row)?;
        b.members.push(member);
        Some(format!("members[{}]", b.members.len() - 1))
    });
    bundles.children(build, &BUNDLE_STEPS, &BUNDLES, |b, row| {
        let step = super::items::step(row)?;
        b.steps.push(step);
        Some(format!("steps[{}]", b.steps.len() - 1))
    });
    bundles.children(build, &QUESTIONS, &BUNDLES, |b, row| {
        let question = question(row)?;
        let questions = &mut b.guidance.questions;
        questions.push(question);
        Some(format!("guidance.questions[{}]", questions.len() - 1))
    });
    bundles.children(build, &OPTIONS, &BUNDLES, |b, row| {
        let (question, option) = option(row)?;
        let questions = &mut b.guidance.questions;
        let Some(qi) = questions.iter().position(|q| q.code == question) else {
            let reason = format!("问题编码“{question}”在“引导问题”工作表中本一件事下没有对应的行");
            row.fail(QUESTION, "unknown_question_row", reason);
            return None;
        };
        let options = &mut questions[qi].options;
        options.push(option);
        let oi = options.len() - 1;
        Some(format!("guidance.questions[{qi}].options[{oi}]"))
    });
    bundles.children(build, &RULES, &BUNDLES, |b, row| {
        let rule = rule(row)?;
        let rules = &mut b.guidance.rules;
        rules.push(rule);
        Some(format!("guidance.rules[{}]", rules.len() - 1))
    });
    bundles.finish(
        &mut build.sources,
        EntityKind::Bundle,
        |b| b.code.to_string(),
        &mut build.catalog.bundles,
    );
}

fn bundle(row: &mut Row) -> Option<Bundle> {
    let code = row.required("code", cells::code);
    let name = row.required_text("name");
    let theme = row.required("theme", cells::label::<BundleTheme>);
    let theme_name = row.text("theme_name");
    let description = row.text("description");
    let region = row.required("region", cells::region);
    let lead_department = row.required("lead_department", cells::code);
    let promised_limit = row.required("promised_limit", cells::time_limit);
    let visits = row.required("visits", cells::count);
    let composite_licence = composite_licence(row);
    let illustrative = row.flag("illustrative", false);
    Some(Bundle {
        code: code?,
        name: name?,
        theme: theme?,
        theme_name,
        description,
        region: region?,
        lead_department: lead_department?,
        members: Vec::new(),
        promised_limit: promised_limit?,
        steps: Vec::new(),
        visits: visits?,
        composite_licence,
        guidance: Guidance::default(),
        illustrative,
    })
}

/// 一业一证: both the licence type and its name, or neither.
fn composite_licence(row: &mut Row) -> Option<CompositeLicence> {
    let licence_type = row.parse("composite_licence.licence_type", cells::code);
    let name = row.text("composite_licence.name");
    match (licence_type, name) {
        (Some(licence_type), Some(name)) => Some(CompositeLicence { licence_type, name }),
        (None, None) => None,
        (Some(_), None) => {
            let reason = "填写了一业一证证照类型，也要填写一业一证名称";
            row.fail("composite_licence.name", "missing_value", reason);
            None
        }
        (None, Some(_)) => {
            if row.text("composite_licence.licence_type").is_none() {
                let reason = "填写了一业一证名称，也要填写一业一证证照类型";
                row.fail("composite_licence.licence_type", "missing_value", reason);
            }
            None
        }
    }
}

fn member(row: &mut Row) -> Option<BundleMember> {
    let item = row.required("item", cells::code);
    let after = row.list("after", cells::codes);
    let optional = row.flag("optional", false);
    let member = BundleMember {
        item: item?,
        after,
        optional,
    };
    row.errors.is_empty().then_some(member)
}

fn question(row: &mut Row) -> Option<Question> {
    let code = row.required("code", cells::code);
    let text = row.required_text("text");
    let kind = row.required("kind", cells::label::<QuestionKind>);
    let ask_if = row.text("ask_if");
    let question = Question {
        code: code?,
        text: text?,
        kind: kind?,
        options: Vec::new(),
        ask_if,
    };
    row.errors.is_empty().then_some(question)
}

fn option(row: &mut Row) -> Option<(tongban_domain::ident::Code, AnswerOption)> {
    let question = row.required(QUESTION, cells::code);
    let value = row.required("value", cells::code);
    let label = row.required_text("label");
    let option = AnswerOption {
        value: value?,
        label: label?,
    };
    let question = question?;
    row.errors.is_empty().then_some((question, option))
}

fn rule(row: &mut Row) -> Option<GuidanceRule> {
    let when = row.required_text("when");
    let include = row.list("include", cells::codes);
    let exclude = row.list("exclude", cells::codes);
    let situations = row.list("situations", cells::situation_refs);
    let rule = GuidanceRule {
        when: when?,
        include,
        exclude,
        situations,
    };
    row.errors.is_empty().then_some(rule)
}
