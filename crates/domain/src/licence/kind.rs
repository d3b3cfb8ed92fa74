//! 证照类型: the catalog entry of a licence type: who issues it, to whom,
//! what it carries, how long it is valid and which items issue, update or
//! cancel it.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::LicenceError;
use crate::ident::Code;

/// A licence type (证照类型), e.g. 药品经营许可证.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceType {
    /// 证照类型编码.
    pub code: Code,
    /// 证照名称, printed on the licence.
    pub name: String,
    /// The issuing [`crate::Department`]'s code.
    pub issuer: Code,
    /// Who holds it.
    pub holder_kind: HolderKind,
    /// 2–6 upper-case letters or digits that name the type inside licence
    /// numbers (see [`super::LicenceNumber`]), e.g. `YPJY`.
    pub number_tag: String,
    /// The fields (data elements) it carries, in printing order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<LicenceField>,
    /// How long a licence of this type is valid.
    pub validity: Validity,
    /// Items (or 一业一证 bundles) whose grant issues it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issued_by: Vec<Code>,
    /// Items that change or renew it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updated_by: Vec<Code>,
    /// Items that cancel it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cancelled_by: Vec<Code>,
}

/// The kind of subject a licence is issued to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolderKind {
    /// 自然人
    Person,
    /// 法人及其他组织 (holders of a 统一社会信用代码).
    Enterprise,
}

impl HolderKind {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            HolderKind::Person => "自然人",
            HolderKind::Enterprise => "法人或其他组织",
        }
    }
}

/// One field a licence carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceField {
    /// The data element (数据元) code; also the key in [`super::Licence::fields`].
    pub element: Code,
    /// The label printed on the licence.
    pub label: String,
    /// A licence cannot be issued without it.
    #[serde(default = "yes", skip_serializing_if = "Clone::clone")]
    pub required: bool,
    /// Shown on the public verification page (non-sensitive).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public: bool,
}

fn yes() -> bool {
    true
}

/// 有效期规则. YAML: `{ years: 5 }` or `permanent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// Valid for this many years: until the day before the same date
    /// `years` later (issued 2026-03-01, 5 years: valid until 2031-02-28).
    Years(u32),
    /// 长期有效
    Permanent,
}

/// What an item does to a licence type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceRole {
    Issue,
    Update,
    Cancel,
}

impl LicenceRole {
    /// Chinese verb, for messages.
    pub fn verb(self) -> &'static str {
        match self {
            LicenceRole::Issue => "核发",
            LicenceRole::Update => "变更或延续",
            LicenceRole::Cancel => "注销",
        }
    }
}

impl Validity {
    /// The last valid day of a licence valid from `from`; `None` when
    /// permanent.
    pub fn valid_until(self, from: NaiveDate) -> Result<Option<NaiveDate>, LicenceError> {
        match self {
            Validity::Permanent => Ok(None),
            Validity::Years(0) => Err(LicenceError::InvalidValidity {
                reason: "有效年限不能为0".to_string(),
            }),
            Validity::Years(years) => years
                .checked_mul(12)
                .and_then(|months| from.checked_add_months(Months::new(months)))
                .and_then(|end| end.pred_opt())
                .map(Some)
                .ok_or_else(|| LicenceError::InvalidValidity {
                    reason: format!("自{from}起{years}年超出日历范围"),
                }),
        }
    }
}

impl LicenceType {
    /// The roles `item` plays for this type (an item may both issue and
    /// update, e.g. a 新办/变更 item).
    pub fn roles_of(&self, item: &Code) -> Vec<LicenceRole> {
        [
            (LicenceRole::Issue, &self.issued_by),
            (LicenceRole::Update, &self.updated_by),
            (LicenceRole::Cancel, &self.cancelled_by),
        ]
        .into_iter()
        .filter(|(_, items)| items.contains(item))
        .map(|(role, _)| role)
        .collect()
    }

    /// `Ok` when `item` plays `role` for this type.
    pub fn check_role(&self, item: &Code, role: LicenceRole) -> Result<(), LicenceError> {
        if self.roles_of(item).contains(&role) {
            Ok(())
        } else {
            Err(LicenceError::ItemNotLinked {
                item: item.clone(),
                licence_type: self.code.clone(),
                act: role.verb(),
            })
        }
    }

    /// The declared field for a data element.
    pub fn field(&self, element: &Code) -> Option<&LicenceField> {
        self.fields.iter().find(|f| &f.element == element)
    }
}
