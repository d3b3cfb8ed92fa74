//! The harness of the objection tests: the shared licensed-platform
//! fixture (crates/service/tests/support/licensed.rs) on the day before
//! 国庆 2025, with the business licence's issuing department.

#![allow(dead_code)]

use tongban_domain::auth::{Actor, Role};
use tongban_domain::licence::{Licence, LicenceHolder};

pub use crate::licensed::{Env, applicant, at, code, linked_enterprise, staff};

/// The department that issues the business licence and verifies objections.
pub const DEPARTMENT: &str = crate::licensed::SCJG;

/// The platform on 2025-09-30 10:00 Beijing time (the day before 国庆).
pub async fn env() -> Env {
    crate::licensed::platform_at("2025-09-30T10:00:00+08:00").await
}

pub fn examiner() -> Actor {
    staff("scjg.ex", Role::Examiner, DEPARTMENT)
}

/// The business licence granting the chef's registration issued to
/// `holder`, the subject `owner` is linked to.
pub async fn issued_licence(env: &Env, owner: &Actor, holder: LicenceHolder) -> Licence {
    let licence = crate::licensed::issued_licence(env, owner).await;
    assert_eq!(licence.holder.subject, holder.subject);
    licence
}
