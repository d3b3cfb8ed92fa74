//! Bounds on what a draft may hold, so one applicant cannot fill the
//! database through a draft.

use super::access::Body;
use crate::error::{Refusal, ServiceError};

/// The most form values one draft keeps.
const MAX_ANSWERS: usize = 500;
/// The longest form value, in characters.
const MAX_ANSWER_CHARS: usize = 2000;
/// The longest data-element code, in characters.
const MAX_KEY_CHARS: usize = 100;
/// The most commitments one draft keeps.
const MAX_COMMITMENTS: usize = 200;

/// Checks a draft's content before it is stored.
pub(super) fn body(body: &Body) -> Result<(), ServiceError> {
    if body.answers.len() > MAX_ANSWERS {
        return Err(invalid(
            "draft_too_many_answers",
            format!("表单填写项过多（最多 {MAX_ANSWERS} 项）"),
        ));
    }
    for (key, value) in &body.answers {
        if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
            return Err(invalid(
                "draft_answer_invalid",
                format!("表单项代码无效（应为 1 至 {MAX_KEY_CHARS} 个字符）"),
            ));
        }
        if value.chars().count() > MAX_ANSWER_CHARS {
            return Err(invalid(
                "draft_answer_too_long",
                format!("表单项“{key}”的内容过长（最多 {MAX_ANSWER_CHARS} 个字）"),
            ));
        }
    }
    if body.commitments.len() > MAX_COMMITMENTS {
        return Err(invalid(
            "draft_too_many_commitments",
            format!("承诺的材料过多（最多 {MAX_COMMITMENTS} 项）"),
        ));
    }
    if let Some(phone) = &body.phone
        && !(phone.len() == 11
            && phone.starts_with('1')
            && phone.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(invalid(
            "draft_phone_invalid",
            "联系电话应为以 1 开头的 11 位手机号码".to_string(),
        ));
    }
    Ok(())
}

/// An `Invalid` refusal.
fn invalid(code: &'static str, message: String) -> ServiceError {
    ServiceError::refused(Refusal::Invalid, code, message)
}
