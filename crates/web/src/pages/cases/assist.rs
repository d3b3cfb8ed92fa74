//! 部门协查 on the case page: the form to ask another department, the form
//! the asked department answers with, reading both back into commands, and
//! the list of requests with their wait and answer.

use maud::{Markup, html};
use tongban_domain::case::{Case, Command, CommandKind, Opinion};
use tongban_domain::catalog::{Catalog, TimeLimit};
use tongban_domain::ident::Code;
use tongban_service::cases::Offer;

use super::forms::Posted;

/// A department's name from the catalog, or its code.
fn department_name(catalog: &Catalog, code: &Code) -> String {
    catalog
        .departments
        .iter()
        .find(|d| &d.code == code)
        .map_or_else(|| code.to_string(), |d| d.name.clone())
}

/// The fields of 发起协查 / 答复协查.
pub(super) fn fields(offer: &Offer, case: &Case, catalog: &Catalog) -> Markup {
    let member = offer.item.as_ref().and_then(|i| case.member(i));
    match (offer.kind, member) {
        (CommandKind::RequestAssist, Some(m)) => {
            let declared = &m.terms.assists;
            let others = catalog
                .departments
                .iter()
                .filter(|d| d.code != m.terms.department && d.region == m.terms.region);
            html! {
                div.field { label { "协查部门" }
                    select name="to" {
                        @for d in others {
                            @let terms = declared.iter().find(|t| t.department == d.code);
                            option value=(d.code.as_str()) selected[terms.is_some()] {
                                (d.name)
                                @if let Some(t) = terms { "（约定" (t.limit.label()) "内答复，" (t.on_silence.label()) "）" }
                            }
                        }
                    }
                }
                div.field { label { "协查事项" } input type="text" name="subject" placeholder="如：机构名称核验"; }
                div.field { label { "协查内容" } textarea name="question" rows="2" required {} }
                div.field { label { "答复时限（小时；事项已约定时可不填）" } input type="number" name="limit_hours" min="1"; }
            }
        }
        (CommandKind::ReplyAssist, Some(m)) => {
            let request = m.assists.iter().find(|a| Some(a.id) == offer.assist);
            html! {
                @if let Some(a) = request {
                    input type="hidden" name="assist" value=(a.id);
                    p.question { "第 " (a.id) " 号协查（" (a.subject) "）：" (a.question) }
                }
                label.choice { input type="radio" name="opinion" value="agree" checked; (Opinion::Agree.label()) }
                label.choice { input type="radio" name="opinion" value="disagree"; (Opinion::Disagree.label()) }
                label.choice { input type="radio" name="opinion" value="information"; (Opinion::Information.label()) }
                div.field { label { "答复意见（不同意时必填）" } textarea name="text" rows="2" {} }
            }
        }
        _ => html! {},
    }
}

/// The command a posted 发起协查 / 答复协查 form names.
pub(super) fn command(kind: CommandKind, posted: &Posted) -> Result<Command, String> {
    if kind == CommandKind::RequestAssist {
        let to = posted.one("to");
        let hours = posted.one("limit_hours");
        let limit = match hours.as_str() {
            "" => None,
            h => Some(TimeLimit::Hours(
                h.parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("答复时限“{h}”应为正整数（小时）"))?,
            )),
        };
        return Ok(Command::RequestAssist {
            to: Code::parse(&to).map_err(|_| format!("协查部门“{to}”无效"))?,
            subject: posted.one("subject"),
            question: posted.one("question"),
            limit,
        });
    }
    let id = posted.one("assist");
    Ok(Command::ReplyAssist {
        id: id.parse().map_err(|_| format!("协查编号“{id}”无效"))?,
        opinion: match posted.one("opinion").as_str() {
            "disagree" => Opinion::Disagree,
            "information" => Opinion::Information,
            _ => Opinion::Agree,
        },
        text: posted.one("text"),
    })
}

/// Every member's assist requests: who was asked what, and the answer
/// (or that it is still awaited).
pub(super) fn section(case: &Case, catalog: &Catalog) -> Markup {
    let any = case.members.iter().any(|m| !m.assists.is_empty());
    html! {
        @if any {
            h2 { "部门协查" }
            table.assists {
                thead { tr { th { "事项" } th { "编号" } th { "协查部门" } th { "协查事项" } th { "发起时间" } th { "时限" } th { "答复" } } }
                tbody {
                    @for m in &case.members {
                        @for a in &m.assists {
                            tr data-item=(m.item().as_str()) data-assist=(a.id) data-open=(a.is_open()) {
                                td { (m.terms.name) }
                                td { (a.id) }
                                td { (department_name(catalog, &a.to)) }
                                td { (a.subject) "：" (a.question) }
                                td { (a.asked_at.format("%Y-%m-%d %H:%M")) }
                                td { (a.limit.label()) "，" (a.on_silence.label()) }
                                td {
                                    @match &a.reply {
                                        None => span.waiting { "待答复" },
                                        Some(r) => {
                                            (r.opinion.label())
                                            @if r.by_silence { "（逾期未答复，视为同意）" }
                                            @if !r.text.is_empty() { "：" (r.text) }
                                            " · " (r.at.format("%Y-%m-%d %H:%M"))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
