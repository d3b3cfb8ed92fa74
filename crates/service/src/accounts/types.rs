//! What the account use cases take and give back.

use std::fmt;

use chrono::{DateTime, Utc};
use tongban_domain::auth::{Actor, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::StaffRow;

/// A session just begun: the secrets go into cookies once and are not
/// kept anywhere else in clear.
#[derive(Clone)]
pub struct NewSession {
    /// The session token (cookie value).
    pub token: String,
    /// The CSRF token forms must carry back.
    pub csrf_token: String,
    /// Who signed in.
    pub actor: Actor,
    /// Name for the page header.
    pub display_name: String,
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
}

impl fmt::Debug for NewSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewSession")
            .field("actor", &self.actor)
            .field("display_name", &self.display_name)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A live session, resumed from its token.
#[derive(Clone)]
pub struct SignedIn {
    /// Who is signed in, with current roles and scope.
    pub actor: Actor,
    /// Name for the page header.
    pub display_name: String,
    /// The session's CSRF token.
    pub csrf_token: String,
}

impl fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedIn")
            .field("actor", &self.actor)
            .field("display_name", &self.display_name)
            .finish_non_exhaustive()
    }
}

/// A staff account as others may see it (no password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffView {
    /// Login name.
    pub username: String,
    /// Name shown on pages.
    pub display_name: String,
    /// The department the person works for.
    pub department: Code,
    /// The region of the person's data scope.
    pub region: RegionCode,
    /// Roles held.
    pub roles: Vec<Role>,
    /// True while locked after too many wrong passwords.
    pub locked: bool,
}

impl StaffView {
    /// The view of a stored account at `now`.
    pub(crate) fn of(row: StaffRow, now: DateTime<Utc>) -> StaffView {
        StaffView {
            locked: row.locked_until.is_some_and(|until| until > now),
            username: row.username,
            display_name: row.display_name,
            department: row.department,
            region: row.region,
            roles: row.roles,
        }
    }
}

/// A staff account to create.
#[derive(Clone)]
pub struct NewStaff {
    /// Login name: 3–64 of lower-case letters, digits, `.`, `_`, `-`.
    pub username: String,
    /// Name shown on pages.
    pub display_name: String,
    /// The initial password (checked for strength, then hashed).
    pub password: String,
    /// A department of the catalog.
    pub department: Code,
    /// A region of the catalog on the department's branch.
    pub region: RegionCode,
    /// Staff roles (not applicant, not system).
    pub roles: Vec<Role>,
}

impl fmt::Debug for NewStaff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewStaff")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("department", &self.department)
            .field("region", &self.region)
            .field("roles", &self.roles)
            .finish_non_exhaustive()
    }
}

/// An API token just issued; the secret is shown this once.
#[derive(Clone)]
pub struct IssuedToken {
    /// The token's public id (actor id `token:<id>`).
    pub id: String,
    /// The secret for `Authorization: Bearer`.
    pub secret: String,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// One demo account, as `tongban demo` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// The role it demonstrates.
    pub role: Role,
    /// What to type as login: username, phone, or the token id.
    pub login: String,
    /// The password or token secret; empty when it cannot be shown (a
    /// code login, or a token issued on an earlier run).
    pub secret: String,
    /// The account's region.
    pub region: RegionCode,
    /// The account's department, if any.
    pub department: Option<Code>,
    /// A Chinese hint (how to log in, what it may see).
    pub note: String,
}
