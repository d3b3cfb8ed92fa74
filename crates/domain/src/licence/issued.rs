//! An issued licence (电子证照) and what happens to it afterwards: change,
//! renewal, correction (纠错) and revocation, each kept in its history.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{HolderKind, LicenceError, LicenceNumber, LicenceRole, LicenceType};
use crate::ident::Code;
use crate::subject::{SubjectId, SubjectKey};

/// An issued electronic licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    pub number: LicenceNumber,
    pub type_code: Code,
    /// The licence type's name at issue, as printed.
    pub type_name: String,
    pub holder: LicenceHolder,
    pub issuer: Issuer,
    /// Field values by data-element code (sorted, so stable).
    pub fields: BTreeMap<Code, String>,
    pub issued_on: NaiveDate,
    /// Last valid day; `None`: 长期有效.
    pub valid_until: Option<NaiveDate>,
    /// The recorded status; [`Licence::status_on`] adds expiry by date.
    pub status: LicenceStatus,
    /// 一业一证: numbers of the licences this composite licence replaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<LicenceNumber>,
    /// 一业一证: the composite licence that replaces this one for the
    /// holder. The licence stays valid; not signed (like the status).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<LicenceNumber>,
    /// Starts at 1; every change, renewal or correction adds 1 and is
    /// re-signed. Revocation does not change the signed content.
    pub version: u32,
    /// What happened to the licence, oldest first.
    pub history: Vec<Revision>,
}

/// 持证主体.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceHolder {
    /// The store's subject (一人一档 / 一企一档); not part of the signed bytes.
    pub subject: SubjectId,
    pub name: String,
    /// The holder's identifier (ID number, permit, passport or USCC).
    pub identifier: SubjectKey,
}

impl LicenceHolder {
    /// Person or enterprise, from the identifier.
    pub fn kind(&self) -> HolderKind {
        match self.identifier {
            SubjectKey::Uscc(_) => HolderKind::Enterprise,
            _ => HolderKind::Person,
        }
    }
}

/// 发证机关.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    /// The department's code.
    pub department: Code,
    /// The department's name, as printed.
    pub name: String,
}

/// A licence's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum LicenceStatus {
    /// 有效
    Valid,
    /// 已注销 / 已撤销, on a date for a reason.
    Revoked { on: NaiveDate, reason: String },
    /// 已过期
    Expired,
}

impl LicenceStatus {
    /// Chinese label.
    pub fn label(&self) -> &'static str {
        match self {
            LicenceStatus::Valid => "有效",
            LicenceStatus::Revoked { .. } => "已注销",
            LicenceStatus::Expired => "已过期",
        }
    }
}

/// One entry of a licence's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The version this event produced (revocation keeps the version).
    pub version: u32,
    pub on: NaiveDate,
    pub event: RevisionEvent,
    /// Why (a decision reference, the objection's text …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Values of the fields this event changed, as they were before.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub previous: BTreeMap<Code, String>,
    /// The validity before a renewal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_valid_until: Option<NaiveDate>,
}

/// What happened in a [`Revision`], and which item did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RevisionEvent {
    /// 核发, by an item (or a 一业一证 bundle).
    Issued { by: Code },
    /// 变更 by an update item.
    Changed { by: Code },
    /// 延续: validity restarts from the renewal date.
    Renewed { by: Code },
    /// 纠错 by the issuing department after an objection (异议核实).
    Corrected,
    /// 注销 by a cancellation item, or directly (e.g. replaced).
    Revoked { by: Option<Code> },
    /// 一业一证: listed by this composite licence, which the holder now
    /// carries instead; the content and version do not change.
    Replaced { by: LicenceNumber },
}

/// What issuing a licence needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuance {
    pub number: LicenceNumber,
    pub holder: LicenceHolder,
    /// The issuing department's name (the type names its code).
    pub issuer_name: String,
    pub fields: BTreeMap<Code, String>,
    pub issued_on: NaiveDate,
    /// The granted item, or the 一业一证 bundle.
    pub by: Code,
    /// 一业一证: the sub-licences this one replaces.
    pub replaces: Vec<LicenceNumber>,
}

/// A change, renewal or correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevisionRequest {
    /// 变更: new values for some fields, by an update item.
    Change {
        by: Code,
        fields: BTreeMap<Code, String>,
    },
    /// 延续: validity restarts on the renewal date, by an update item.
    Renewal { by: Code },
    /// 纠错: corrected field values after a verified objection.
    Correction { fields: BTreeMap<Code, String> },
}

impl LicenceType {
    /// Issues a licence of this type under the type's own issuing
    /// department ([`LicenceType::issue_as`] with `self.issuer`).
    pub fn issue(&self, issuance: Issuance) -> Result<Licence, LicenceError> {
        self.issue_as(self.issuer.clone(), issuance)
    }

    /// Issues a licence of this type under `department`: the department
    /// of the granted item, when one type is issued by several authorities
    /// (营业执照 by each county's 市场监管局). Checks the item, the holder
    /// kind, the number's tag and the fields, computes the validity and
    /// records the issue as version 1.
    pub fn issue_as(&self, department: Code, issuance: Issuance) -> Result<Licence, LicenceError> {
        self.check_role(&issuance.by, LicenceRole::Issue)?;
        if issuance.holder.kind() != self.holder_kind {
            return Err(LicenceError::WrongHolderKind {
                licence_type: self.code.clone(),
                expected: self.holder_kind.label(),
            });
        }
        if issuance.number.tag() != self.number_tag
            || issuance.number.year() != issuance.issued_on.year()
        {
            return Err(LicenceError::NumberMismatch {
                number: issuance.number.to_string(),
                licence_type: self.code.clone(),
                tag: self.number_tag.clone(),
            });
        }
        self.check_fields(&issuance.fields, true)?;
        let mut replaces = issuance.replaces;
        replaces.sort();
        replaces.dedup();
        Ok(Licence {
            number: issuance.number,
            type_code: self.code.clone(),
            type_name: self.name.clone(),
            holder: issuance.holder,
            issuer: Issuer {
                department,
                name: issuance.issuer_name,
            },
            fields: issuance.fields,
            issued_on: issuance.issued_on,
            valid_until: self.validity.valid_until(issuance.issued_on)?,
            status: LicenceStatus::Valid,
            replaces,
            replaced_by: None,
            version: 1,
            history: vec![Revision {
                version: 1,
                on: issuance.issued_on,
                event: RevisionEvent::Issued { by: issuance.by },
                note: String::new(),
                previous: BTreeMap::new(),
                previous_valid_until: None,
            }],
        })
    }

    /// Every given field is declared; with `complete`, every required
    /// field is given and not blank.
    pub(super) fn check_fields(
        &self,
        fields: &BTreeMap<Code, String>,
        complete: bool,
    ) -> Result<(), LicenceError> {
        if let Some(unknown) = fields.keys().find(|k| self.field(k).is_none()) {
            return Err(LicenceError::UnknownField {
                licence_type: self.code.clone(),
                field: unknown.clone(),
            });
        }
        let blank =
            |f: &super::LicenceField| fields.get(&f.element).is_none_or(|v| v.trim().is_empty());
        let missing = self
            .fields
            .iter()
            .find(|f| f.required && (complete || fields.contains_key(&f.element)) && blank(f));
        match missing {
            Some(f) => Err(LicenceError::MissingField {
                field: f.element.clone(),
                label: f.label.clone(),
            }),
            None => Ok(()),
        }
    }
}
