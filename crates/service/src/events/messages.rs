//! What the applicant is told about each milestone of their case: the
//! in-app message (title and text, in Chinese) and, for the key ones, a
//! text message. Back-office steps and warnings are not for applicants.

use tongban_domain::case::{Case, EventKind, Outcome};
use tongban_domain::ident::Code;

/// What to tell the applicant about one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Message {
    /// Short title.
    pub title: String,
    /// The in-app text.
    pub body: String,
    /// Whether a text message goes out as well.
    pub sms: bool,
}

/// The message for `kind` on `case` (about `item`, if a member), or
/// `None` when the applicant is not told (not a milestone).
pub(super) fn for_event(case: &Case, item: Option<&Code>, kind: &EventKind) -> Option<Message> {
    if !kind.is_milestone() {
        return None;
    }
    let (what, detail, sms) = describe(kind)?;
    let subject = match item.and_then(|c| case.members.iter().find(|m| m.item() == c)) {
        Some(member) if case.members.len() > 1 => format!("{}·{}", case.name, member.terms.name),
        Some(member) => member.terms.name.clone(),
        None => case.name.clone(),
    };
    let mut body = format!("您的办件 {}（{subject}）{what}。", case.case_no);
    if !detail.is_empty() {
        body.push_str(&detail);
    }
    Some(Message {
        title: format!("{subject}：{what}"),
        body,
        sms,
    })
}

/// (what happened, details, whether a text message goes out).
fn describe(kind: &EventKind) -> Option<(&'static str, String, bool)> {
    Some(match kind {
        EventKind::Submitted => ("已提交", "请留意受理进度。".into(), false),
        EventKind::SupplementRequested { materials, note } => (
            "需要补正材料",
            format!(
                "请一次性补正：{}。{}",
                list(materials),
                sentence("说明", note)
            ),
            true,
        ),
        EventKind::Accepted { gaps } if gaps.is_empty() => {
            ("已受理", "办理时限自受理之日起计算。".into(), false)
        }
        EventKind::Accepted { gaps } => (
            "已容缺受理",
            format!("请在审批决定前补齐：{}。", list(gaps)),
            false,
        ),
        EventKind::IntakeRejected { reasons } => {
            ("不予受理", sentence("原因", &reasons.join("；")), true)
        }
        EventKind::Decided { outcome, reasons } => match outcome {
            Outcome::Granted => ("审批通过（准予许可）", String::new(), false),
            Outcome::Refused => (
                "审批未通过（不予许可）",
                sentence("原因", &reasons.join("；")),
                false,
            ),
        },
        EventKind::Completed => ("已办结", String::new(), false),
        EventKind::Delivered { method } => (
            "结果已送达",
            format!("送达方式：{}。", method.label()),
            false,
        ),
        EventKind::Suspended { reason } => (
            "暂停办理（挂起）",
            format!("{}暂停期间不计入办理时限。", sentence("原因", reason)),
            false,
        ),
        EventKind::Resumed => ("恢复办理", String::new(), false),
        EventKind::Withdrawn => ("已撤回", String::new(), false),
        EventKind::Revoked { reasons } => {
            ("许可已撤销", sentence("原因", &reasons.join("；")), true)
        }
        EventKind::Terminated { reasons } => {
            ("办理已终止", sentence("原因", &reasons.join("；")), true)
        }
        EventKind::CaseCompleted => ("全部事项已办结", "结果将在综合窗口统一出件。".into(), true),
        EventKind::CaseDelivered { method } => (
            "办件结果已送达",
            format!("送达方式：{}。", method.label()),
            true,
        ),
        // Between departments: the applicant hears of the decision.
        EventKind::AssistRequested { .. }
        | EventKind::AssistReplied { .. }
        | EventKind::AssistDefaulted { .. }
        | EventKind::PreReviewPassed
        | EventKind::ReviewStarted
        | EventKind::CommitmentSigned
        | EventKind::CommitmentVerified { .. }
        | EventKind::MaterialsSupplied { .. } => return None,
    })
}

/// `label：text。`, or nothing for an empty text.
fn sentence(label: &str, text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        String::new()
    } else {
        format!("{label}：{text}。")
    }
}

/// Codes joined with 、.
fn list(codes: &[Code]) -> String {
    codes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

/// The text message for a milestone: the platform's signature, the case
/// number and what happened (no personal data).
pub(super) fn sms_text(message: &Message) -> String {
    format!("【通办】{}", message.body)
}
