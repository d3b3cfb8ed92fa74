//! The demo accounts: one per role, created once, listed every time.

use tongban_domain::auth::{Action, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::{ApplicantKind, ApplicantRow, StoreError};

use super::types::{DemoAccount, NewStaff};
use super::{AccountService, secret};
use crate::error::ServiceError;

/// The password of every demo staff account.
pub const DEMO_PASSWORD: &str = "Tongban#2026";
/// The demo applicant's phone (a fictional number).
pub const DEMO_PHONE: &str = "13800000001";
/// The demo applicant's name and fictional ID number (the demo subjects
/// include this person, so the demo applicant's data can be prefilled).
pub const DEMO_PERSON: (&str, &str) = ("张三", "11010519491231002X");
/// The demo API token's fixed id, so seeding twice issues it once.
const DEMO_TOKEN_ID: &str = "demo-qihe-xzsp";
/// The demo API token's department.
const DEMO_TOKEN_DEPARTMENT: &str = "371425-xzsp";

/// (username, display name, role, region, department, note).
const DEMO_STAFF: [(&str, &str, Role, &str, &str, &str); 15] = [
    (
        "admin.sd",
        "山东省目录管理员",
        Role::CatalogAdmin,
        "370000",
        "371425-xzsp",
        "全省目录与人员",
    ),
    (
        "qihe.clerk",
        "齐河县综窗",
        Role::WindowClerk,
        "371425",
        "371425-xzsp",
        "齐河县综窗受理",
    ),
    (
        "qihe.examiner",
        "齐河县自然资源局审查员",
        Role::Examiner,
        "371425",
        "371425-zrzy",
        "本部门办件审查",
    ),
    (
        "qihe.leader",
        "齐河县自然资源局负责人",
        Role::DepartmentLeader,
        "371425",
        "371425-zrzy",
        "本部门办件决定",
    ),
    (
        "dezhou.supervisor",
        "德州市效能监察员",
        Role::Supervisor,
        "371400",
        "371425-xzsp",
        "德州市范围只读监察",
    ),
    (
        "qihe.proxy",
        "齐河县帮代办员",
        Role::ProxyAgent,
        "371425",
        "371425-xzsp",
        "代申请人提交",
    ),
    (
        "liancheng.clerk",
        "连城县综窗",
        Role::WindowClerk,
        "350825",
        "350825-scjg",
        "连城县综窗受理（另一地区）",
    ),
    (
        "liancheng.examiner",
        "连城县市场监管审查员",
        Role::Examiner,
        "350825",
        "350825-scjg",
        "连城县本部门审查（另一地区）",
    ),
    (
        "liancheng.scjg.leader",
        "连城县市场监管局负责人",
        Role::DepartmentLeader,
        "350825",
        "350825-scjg",
        "游厨一件事：个体登记与食品经营许可决定",
    ),
    (
        "liancheng.wjj.examiner",
        "连城县卫健局审查员",
        Role::Examiner,
        "350825",
        "350825-wjj",
        "游厨一件事：健康证明审查",
    ),
    (
        "liancheng.wjj.leader",
        "连城县卫健局负责人",
        Role::DepartmentLeader,
        "350825",
        "350825-wjj",
        "游厨一件事：健康证明决定",
    ),
    (
        "gulou.clerk",
        "鼓楼区综窗",
        Role::WindowClerk,
        "350102",
        "350102-jyj",
        "鼓楼区综窗受理",
    ),
    (
        "gulou.jyj.examiner",
        "鼓楼区教育局审查员",
        Role::Examiner,
        "350102",
        "350102-jyj",
        "校外培训机构审批：发起名称核验协查",
    ),
    (
        "gulou.jyj.leader",
        "鼓楼区教育局负责人",
        Role::DepartmentLeader,
        "350102",
        "350102-jyj",
        "校外培训机构审批决定",
    ),
    (
        "gulou.mzj.examiner",
        "鼓楼区民政局审查员",
        Role::Examiner,
        "350102",
        "350102-mzj",
        "答复名称核验协查",
    ),
];

impl AccountService {
    /// Creates the demo accounts that do not exist yet (the catalog's
    /// demo departments must be imported) and lists them all: eight staff
    /// accounts, one applicant who logs in with a code, and one API token
    /// whose secret is only known on the run that issued it.
    pub async fn seed_demo(&self) -> Result<Vec<DemoAccount>, ServiceError> {
        let mut accounts = Vec::with_capacity(DEMO_STAFF.len() + 2);
        for (username, name, role, region, department, note) in DEMO_STAFF {
            let (region, department) = (demo_region(region)?, demo_code(department)?);
            let exists = self
                .store
                .staff(username)
                .await
                .map_err(ServiceError::store)?
                .is_some();
            if !exists {
                let new = NewStaff {
                    username: username.into(),
                    display_name: name.into(),
                    password: DEMO_PASSWORD.into(),
                    department: department.clone(),
                    region: region.clone(),
                    roles: vec![role],
                };
                match self.add_staff(new).await {
                    Ok(_) | Err(ServiceError::AccountExists(_)) => {}
                    Err(other) => return Err(other),
                }
            }
            accounts.push(DemoAccount {
                role,
                login: username.into(),
                secret: DEMO_PASSWORD.into(),
                region,
                department: Some(department),
                note: note.into(),
            });
        }
        accounts.push(self.seed_applicant().await?);
        accounts.push(self.seed_token().await?);
        Ok(accounts)
    }

    async fn seed_applicant(&self) -> Result<DemoAccount, ServiceError> {
        let exists = self
            .store
            .applicant_by_phone(DEMO_PHONE)
            .await
            .map_err(ServiceError::store)?
            .is_some();
        if !exists {
            let row = ApplicantRow {
                id: secret::random_text(12),
                kind: ApplicantKind::Person,
                name: DEMO_PERSON.0.into(),
                phone: DEMO_PHONE.into(),
                id_number: Some(DEMO_PERSON.1.into()),
                uscc: None,
                created_at: self.clock.now(),
            };
            match self.store.insert_applicant(&row).await {
                Ok(()) | Err(StoreError::AlreadyExists { .. }) => {}
                Err(other) => return Err(ServiceError::store(other)),
            }
        }
        Ok(DemoAccount {
            role: Role::Applicant,
            login: DEMO_PHONE.into(),
            secret: String::new(),
            region: demo_region("371425")?,
            department: None,
            note: format!("{}：手机验证码登录，验证码见服务日志", DEMO_PERSON.0),
        })
    }

    async fn seed_token(&self) -> Result<DemoAccount, ServiceError> {
        let department = demo_code(DEMO_TOKEN_DEPARTMENT)?;
        let region = demo_region("371425")?;
        let existing = self
            .store
            .api_token(DEMO_TOKEN_ID)
            .await
            .map_err(ServiceError::store)?;
        let secret = match existing {
            Some(_) => String::new(),
            None => {
                let issued = self
                    .store_token(
                        DEMO_TOKEN_ID,
                        "齐河县行政审批服务局对接系统（演示）",
                        &department,
                        &region,
                        &[Action::ReadCatalog],
                        "system:demo",
                    )
                    .await?;
                issued.secret
            }
        };
        let note = if secret.is_empty() {
            "接口令牌（read_catalog），密钥已在首次启动时显示".to_string()
        } else {
            "接口令牌（read_catalog），密钥仅此一次显示：Authorization: Bearer <密钥>".to_string()
        };
        Ok(DemoAccount {
            role: Role::System,
            login: DEMO_TOKEN_ID.into(),
            secret,
            region,
            department: Some(department),
            note,
        })
    }
}

fn demo_region(code: &str) -> Result<RegionCode, ServiceError> {
    RegionCode::parse(code).map_err(|e| ServiceError::CatalogInconsistent(e.to_string()))
}

fn demo_code(code: &str) -> Result<Code, ServiceError> {
    Code::parse(code).map_err(|e| ServiceError::CatalogInconsistent(e.to_string()))
}
