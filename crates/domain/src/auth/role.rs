//! Roles, actions, and which role may take which action how far.

use serde::{Deserialize, Serialize};

/// A role a staff account, an applicant or an API token holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 目录管理员: maintains the item catalog and staff accounts of a region.
    CatalogAdmin,
    /// 综窗受理人员: accepts any item at a comprehensive window (无差别受理).
    WindowClerk,
    /// 部门审查人员: examines the cases of their own department.
    Examiner,
    /// 部门负责人: decides the cases of their own department.
    DepartmentLeader,
    /// 效能监察人员: reads everything in a region subtree, changes nothing.
    Supervisor,
    /// 帮代办员: applies on an applicant's behalf, under authorisation.
    ProxyAgent,
    /// 申请人: a citizen or an enterprise; sees only their own things.
    Applicant,
    /// 系统对接: a department system calling the API with a token.
    System,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 8] = [
        Role::CatalogAdmin,
        Role::WindowClerk,
        Role::Examiner,
        Role::DepartmentLeader,
        Role::Supervisor,
        Role::ProxyAgent,
        Role::Applicant,
        Role::System,
    ];

    /// Stable code, as stored and as used in the API and the CLI.
    pub fn code(self) -> &'static str {
        match self {
            Role::CatalogAdmin => "catalog_admin",
            Role::WindowClerk => "window_clerk",
            Role::Examiner => "examiner",
            Role::DepartmentLeader => "department_leader",
            Role::Supervisor => "supervisor",
            Role::ProxyAgent => "proxy_agent",
            Role::Applicant => "applicant",
            Role::System => "system",
        }
    }

    /// The role named by `code`, if any.
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Chinese name shown on pages.
    pub fn label(self) -> &'static str {
        match self {
            Role::CatalogAdmin => "目录管理员",
            Role::WindowClerk => "综窗受理人员",
            Role::Examiner => "部门审查人员",
            Role::DepartmentLeader => "部门负责人",
            Role::Supervisor => "效能监察人员",
            Role::ProxyAgent => "帮代办员",
            Role::Applicant => "申请人",
            Role::System => "系统对接",
        }
    }

    /// True for roles held by staff accounts (not applicants, not tokens).
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Applicant | Role::System)
    }

    /// How far this role may take `action`; `None` when it may not.
    pub fn reach(self, action: Action) -> Option<Reach> {
        use Action::*;
        use Reach::*;
        match (self, action) {
            (Role::CatalogAdmin, ReadCatalog | ManageCatalog | ReadStaff | ManageStaff) => {
                Some(Region)
            }
            (Role::CatalogAdmin, ReadDepartmentWork) => Some(Region),
            (Role::WindowClerk, ReadCatalog | ReadStaff | IntakeCase | ReadCase | DeliverCase) => {
                Some(Region)
            }
            (Role::Examiner, ReadCatalog | ReadStaff) => Some(Region),
            (Role::Examiner, ReadDepartmentWork | ReadCase | ExamineCase) => Some(Department),
            (Role::DepartmentLeader, ReadCatalog | ReadStaff) => Some(Region),
            (
                Role::DepartmentLeader,
                ReadDepartmentWork | ReadCase | ExamineCase | DecideCase | ManageStaff,
            ) => Some(Department),
            (
                Role::Supervisor,
                ReadCatalog | ReadStaff | ReadDepartmentWork | ReadCase | Supervise,
            ) => Some(Region),
            (Role::ProxyAgent, ReadCatalog | IntakeCase | ReadCase) => Some(Region),
            (Role::Applicant, ReadCase | ReadOwnData) => Some(Own),
            // Department systems report their own department's review and
            // decisions (and the 秒批 engine decides by rule), so they reach
            // those cases too; intake and delivery stay with people.
            (
                Role::System,
                ReadCatalog | ReadCase | ReadDepartmentWork | ExamineCase | DecideCase,
            ) => Some(Department),
            _ => None,
        }
    }
}

/// Something an actor does to a scoped object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Read catalog entries in the back office (drafts, implementation data).
    ReadCatalog,
    /// Change catalog entries of a region.
    ManageCatalog,
    /// Read a staff account (name, department, roles).
    ReadStaff,
    /// Create, lock or change staff accounts.
    ManageStaff,
    /// Open a department's workbench (its items, queues, staff).
    ReadDepartmentWork,
    /// Accept an application for a case (window, proxy or remote intake).
    IntakeCase,
    /// Read a case.
    ReadCase,
    /// Examine a case (审查).
    ExamineCase,
    /// Decide a case (决定: grant or refuse).
    DecideCase,
    /// Hand a result over (送达).
    DeliverCase,
    /// See warnings and supervision figures (效能监察).
    Supervise,
    /// Read an applicant's own profile, consents and data-use log.
    ReadOwnData,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 12] = [
        Action::ReadCatalog,
        Action::ManageCatalog,
        Action::ReadStaff,
        Action::ManageStaff,
        Action::ReadDepartmentWork,
        Action::IntakeCase,
        Action::ReadCase,
        Action::ExamineCase,
        Action::DecideCase,
        Action::DeliverCase,
        Action::Supervise,
        Action::ReadOwnData,
    ];

    /// Stable code (also the API token scope that grants the action).
    pub fn code(self) -> &'static str {
        match self {
            Action::ReadCatalog => "read_catalog",
            Action::ManageCatalog => "manage_catalog",
            Action::ReadStaff => "read_staff",
            Action::ManageStaff => "manage_staff",
            Action::ReadDepartmentWork => "read_department_work",
            Action::IntakeCase => "intake_case",
            Action::ReadCase => "read_case",
            Action::ExamineCase => "examine_case",
            Action::DecideCase => "decide_case",
            Action::DeliverCase => "deliver_case",
            Action::Supervise => "supervise",
            Action::ReadOwnData => "read_own_data",
        }
    }

    /// The action named by `code`, if any.
    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Chinese name, for refusal messages.
    pub fn label(self) -> &'static str {
        match self {
            Action::ReadCatalog => "查看目录",
            Action::ManageCatalog => "维护目录",
            Action::ReadStaff => "查看人员",
            Action::ManageStaff => "管理人员",
            Action::ReadDepartmentWork => "进入部门工作台",
            Action::IntakeCase => "受理办件",
            Action::ReadCase => "查看办件",
            Action::ExamineCase => "审查办件",
            Action::DecideCase => "决定办件",
            Action::DeliverCase => "送达",
            Action::Supervise => "效能监察",
            Action::ReadOwnData => "查看本人数据",
        }
    }
}

/// How far a role's permission extends from the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// Objects whose region lies in the actor's region subtree.
    Region,
    /// Objects of the actor's own department (and inside their region).
    Department,
    /// Objects the actor owns (an applicant's own cases and data).
    Own,
}
