//! The action forms a case page offers (受理, 容缺受理, 补正, 审查, 决定,
//! 办结, 送达, 挂起/恢复, 撤回 …), and reading a posted form back into a
//! command.

use maud::{Markup, html};
use tongban_domain::case::{
    Case, Command, CommandKind, CommitmentFinding, DeliveryMethod, Outcome,
};
use tongban_domain::catalog::Catalog;
use tongban_domain::ident::Code;
use tongban_service::cases::Offer;

use crate::account::csrf::new_token;

/// A material's name from the catalog, or its code.
pub(super) fn material_name(catalog: &Catalog, code: &Code) -> String {
    catalog
        .materials
        .iter()
        .find(|m| &m.code == code)
        .map_or_else(|| code.to_string(), |m| m.name.clone())
}

/// Materials of the case's members, each once, collected by `pick`.
fn materials(
    case: &Case,
    pick: impl Fn(&tongban_domain::case::ItemCase) -> Vec<Code>,
) -> Vec<Code> {
    let mut out: Vec<Code> = Vec::new();
    for m in &case.members {
        for c in pick(m) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

fn checkboxes(catalog: &Catalog, codes: &[Code], checked: bool) -> Markup {
    html! {
        @for c in codes {
            label.choice { input type="checkbox" name="material" value=(c.as_str()) checked[checked]; (material_name(catalog, c)) }
        }
    }
}

/// The form of one offered command.
pub(super) fn offer_form(offer: &Offer, case: &Case, csrf: &str, catalog: &Catalog) -> Markup {
    let kind = offer.kind;
    let item = offer.item.as_ref().map(Code::as_str);
    let action = format!("/workbench/cases/{}/commands", case.case_no);
    html! {
        form.command method="post" action=(action) data-command=(kind.code()) data-item=[item] {
            input type="hidden" name="_csrf" value=(csrf);
            input type="hidden" name="command" value=(kind.code());
            input type="hidden" name="key" value=(new_token());
            @if let Some(item) = item { input type="hidden" name="item" value=(item); }
            (fields(offer, case, catalog))
            button type="submit" { (kind.label()) }
        }
    }
}

fn fields(offer: &Offer, case: &Case, catalog: &Catalog) -> Markup {
    let kind = offer.kind;
    match kind {
        CommandKind::RequestAssist | CommandKind::ReplyAssist => {
            super::assist::fields(offer, case, catalog)
        }
        CommandKind::AcceptWithGaps => {
            let gaps = materials(case, |m| m.terms.gap_allowed_materials.clone());
            html! { fieldset { legend { "容缺材料（受理后补齐）" } (checkboxes(catalog, &gaps, false)) } }
        }
        CommandKind::RequestSupplement => {
            let all = materials(case, |m| m.terms.materials.clone());
            html! {
                fieldset { legend { "一次性告知：需补正的全部材料" } (checkboxes(catalog, &all, false)) }
                div.field { label { "补正说明" } textarea name="note" rows="2" {} }
            }
        }
        CommandKind::SupplyMaterials => {
            let owed = materials(case, |m| match &m.supplement {
                Some(n) if !n.outstanding.is_empty() => n.outstanding.clone(),
                _ => m.gaps.clone(),
            });
            html! { fieldset { legend { "已补齐的材料" } (checkboxes(catalog, &owed, true)) } }
        }
        CommandKind::RejectIntake | CommandKind::Revoke | CommandKind::Terminate => html! {
            div.field { label { "理由（每行一条）" } textarea name="reason" rows="2" required {} }
        },
        CommandKind::Decide => html! {
            label.choice { input type="radio" name="outcome" value="granted" checked; "准予" }
            label.choice { input type="radio" name="outcome" value="refused"; "不予（须写明理由）" }
            div.field { label { "理由（每行一条）" } textarea name="reason" rows="2" {} }
        },
        CommandKind::Deliver => html! {
            div.field { label { "送达方式" }
                select name="method" {
                    option value="window" { "窗口领取" }
                    option value="post" { "邮寄送达" }
                    option value="electronic" { "电子送达" }
                }
            }
            div.field { label { "邮件号（邮寄时必填）" } input type="text" name="tracking_no"; }
        },
        CommandKind::Suspend => html! {
            div.field { label { "挂起原因" } input type="text" name="reason" required; }
        },
        CommandKind::SignCommitment => html! {
            div.field { label { "承诺内容" } textarea name="statement" rows="2" required {} }
        },
        CommandKind::VerifyCommitment => html! {
            label.choice { input type="radio" name="finding" value="honoured" checked; "核查属实" }
            label.choice { input type="radio" name="finding" value="breached"; "承诺不实" }
            div.field { label { "核查发现" } input type="text" name="reason"; }
        },
        _ => html! {},
    }
}

/// A posted action form: the fields as sent.
pub(super) struct Posted(pub Vec<(String, String)>);

impl Posted {
    /// One field's trimmed value (empty when absent).
    pub(super) fn one(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }

    fn codes(&self) -> Result<Vec<Code>, String> {
        self.0
            .iter()
            .filter(|(k, _)| k == "material")
            .map(|(_, v)| Code::parse(v).map_err(|_| format!("材料编码“{v}”无效")))
            .collect()
    }

    fn reasons(&self) -> Vec<String> {
        self.one("reason")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The member item named, if any.
    pub(super) fn item(&self) -> Result<Option<Code>, String> {
        match self.one("item") {
            s if s.is_empty() => Ok(None),
            s => Code::parse(&s)
                .map(Some)
                .map_err(|_| format!("事项编码“{s}”无效")),
        }
    }

    /// The form's idempotency key.
    pub(super) fn key(&self) -> Option<String> {
        Some(self.one("key")).filter(|k| !k.is_empty())
    }

    /// The command the form names, with its payload.
    pub(super) fn command(&self) -> Result<Command, String> {
        let name = self.one("command");
        let kind = CommandKind::ALL
            .into_iter()
            .find(|k| k.code() == name)
            .ok_or_else(|| format!("未知的操作“{name}”"))?;
        Ok(match kind {
            CommandKind::Submit => Command::Submit,
            CommandKind::PassPreReview => Command::PassPreReview,
            CommandKind::RequestSupplement => Command::RequestSupplement {
                materials: self.codes()?,
                note: self.one("note"),
            },
            CommandKind::SupplyMaterials => Command::SupplyMaterials {
                materials: self.codes()?,
            },
            CommandKind::Accept => Command::Accept,
            CommandKind::AcceptWithGaps => Command::AcceptWithGaps {
                missing: self.codes()?,
            },
            CommandKind::RejectIntake => Command::RejectIntake {
                reasons: self.reasons(),
            },
            CommandKind::StartReview => Command::StartReview,
            CommandKind::Decide => Command::Decide {
                outcome: if self.one("outcome") == "refused" {
                    Outcome::Refused
                } else {
                    Outcome::Granted
                },
                reasons: self.reasons(),
            },
            CommandKind::Complete => Command::Complete,
            CommandKind::Deliver => Command::Deliver {
                method: match self.one("method").as_str() {
                    "post" => DeliveryMethod::Post {
                        tracking_no: self.one("tracking_no"),
                    },
                    "electronic" => DeliveryMethod::Electronic,
                    _ => DeliveryMethod::Window,
                },
            },
            CommandKind::Suspend => Command::Suspend {
                reason: self.one("reason"),
            },
            CommandKind::Resume => Command::Resume,
            CommandKind::Withdraw => Command::Withdraw,
            CommandKind::SignCommitment => Command::SignCommitment {
                statement: self.one("statement"),
            },
            CommandKind::VerifyCommitment => Command::VerifyCommitment {
                finding: if self.one("finding") == "breached" {
                    CommitmentFinding::Breached {
                        finding: self.one("reason"),
                    }
                } else {
                    CommitmentFinding::Honoured
                },
            },
            CommandKind::Revoke => Command::Revoke {
                reasons: self.reasons(),
            },
            CommandKind::Terminate => Command::Terminate {
                reasons: self.reasons(),
            },
            CommandKind::RequestAssist | CommandKind::ReplyAssist => {
                super::assist::command(kind, self)?
            }
        })
    }
}
