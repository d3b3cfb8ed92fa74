//! The harness of the wallet tests: the shared licensed-platform fixture
//! (crates/service/tests/support/licensed.rs) on 2025-09-30, with the two
//! departments the grants name and the first demo enterprise as holder.

#![allow(dead_code)]

use tongban_domain::auth::Actor;

pub use crate::licensed::{Env, SCJG, applicant, code, issued_licence, linked_enterprise, staff};

/// 连城县卫生健康局, a department the holder may grant.
pub const WJJ: &str = "350825-wjj";

/// The platform on 2025-09-30 10:00 Beijing time.
pub async fn env() -> Env {
    crate::licensed::platform_at("2025-09-30T10:00:00+08:00").await
}

/// Links `actor` to the first demo enterprise (实名核验).
pub async fn link_enterprise(env: &Env, actor: &Actor) {
    linked_enterprise(env, actor, 0).await;
}
