//! Column encodings shared by the subject store's modules.

use tongban_domain::subject::{Profile, Purpose, Subject, SubjectId};

use crate::StoreError;
use crate::accounts::rows;

pub(super) use rows::{from_json, opt_time, secs, time, to_json};

/// The stored `kind` of a subject.
pub(super) fn kind_of(subject: &Subject) -> &'static str {
    match subject.profile {
        Profile::Person(_) => "person",
        Profile::Enterprise(_) => "enterprise",
    }
}

/// The stored text of a purpose.
pub(super) fn purpose_code(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Prefill => "prefill",
        Purpose::MaterialExemption => "material_exemption",
        Purpose::Review => "review",
    }
}

/// A stored purpose back.
pub(super) fn purpose(text: &str) -> Result<Purpose, StoreError> {
    match text {
        "prefill" => Ok(Purpose::Prefill),
        "material_exemption" => Ok(Purpose::MaterialExemption),
        "review" => Ok(Purpose::Review),
        other => Err(StoreError::Corrupt(format!(
            "consents 表的 purpose 取值“{other}”无效"
        ))),
    }
}

/// A subject from its id and stored profile JSON.
pub(super) fn subject(id: String, body: &str) -> Result<Subject, StoreError> {
    let profile: Profile = from_json("subjects.body", body)?;
    Ok(Subject {
        id: SubjectId(id),
        profile,
    })
}
