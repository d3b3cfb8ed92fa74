//! What happens to an issued licence afterwards: its status on a day,
//! change, renewal and correction (each a new, re-signed version), revocation
//! and, under 一业一证, being replaced by a composite licence, each kept in
//! its history.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Licence;
use super::{
    LicenceError, LicenceNumber, LicenceRole, LicenceStatus, LicenceType, Revision, RevisionEvent,
    RevisionRequest,
};
use crate::ident::Code;

impl Licence {
    /// The status on `today`: revoked stays revoked; otherwise expired after
    /// the last valid day.
    pub fn status_on(&self, today: NaiveDate) -> LicenceStatus {
        match &self.status {
            LicenceStatus::Valid if self.valid_until.is_some_and(|last| today > last) => {
                LicenceStatus::Expired
            }
            status => status.clone(),
        }
    }

    /// Applies a change, renewal or correction on `on`: checks it against
    /// `licence_type`, bumps the version and records the previous values.
    /// The caller re-signs the licence.
    pub fn revise(
        &mut self,
        licence_type: &LicenceType,
        request: RevisionRequest,
        on: NaiveDate,
        note: &str,
    ) -> Result<(), LicenceError> {
        self.check_revisable(licence_type)?;
        let mut revision = Revision {
            version: self.version + 1,
            on,
            event: RevisionEvent::Corrected,
            note: note.to_string(),
            previous: BTreeMap::new(),
            previous_valid_until: None,
        };
        let fields = match request {
            RevisionRequest::Change { by, fields } => {
                licence_type.check_role(&by, LicenceRole::Update)?;
                revision.event = RevisionEvent::Changed { by };
                fields
            }
            RevisionRequest::Correction { fields } => fields,
            RevisionRequest::Renewal { by } => {
                licence_type.check_role(&by, LicenceRole::Update)?;
                let until = licence_type.validity.valid_until(on)?;
                revision.previous_valid_until = self.valid_until;
                revision.event = RevisionEvent::Renewed { by };
                self.valid_until = until;
                self.status = LicenceStatus::Valid;
                BTreeMap::new()
            }
        };
        licence_type.check_fields(&fields, false)?;
        for (field, value) in fields {
            let before = self.fields.insert(field.clone(), value).unwrap_or_default();
            revision.previous.insert(field, before);
        }
        self.version = revision.version;
        self.history.push(revision);
        Ok(())
    }

    /// Revokes the licence on `on`. With `by`, the item must be one of the
    /// type's cancellation items; without, it is a direct revocation (e.g.
    /// replaced by a 一业一证 composite licence).
    pub fn revoke(
        &mut self,
        licence_type: &LicenceType,
        by: Option<Code>,
        on: NaiveDate,
        reason: &str,
    ) -> Result<(), LicenceError> {
        self.check_revisable(licence_type)?;
        if let Some(item) = &by {
            licence_type.check_role(item, LicenceRole::Cancel)?;
        }
        self.status = LicenceStatus::Revoked {
            on,
            reason: reason.to_string(),
        };
        self.history.push(Revision {
            version: self.version,
            on,
            event: RevisionEvent::Revoked { by },
            note: reason.to_string(),
            previous: BTreeMap::new(),
            previous_valid_until: None,
        });
        Ok(())
    }

    /// 一业一证: records that composite licence `by` replaces this one for
    /// the holder, on `on`. The licence stays valid and keeps its content
    /// and version (nothing to re-sign).
    pub fn mark_replaced(
        &mut self,
        licence_type: &LicenceType,
        by: LicenceNumber,
        on: NaiveDate,
    ) -> Result<(), LicenceError> {
        self.check_revisable(licence_type)?;
        self.replaced_by = Some(by.clone());
        self.history.push(Revision {
            version: self.version,
            on,
            event: RevisionEvent::Replaced { by },
            note: String::new(),
            previous: BTreeMap::new(),
            previous_valid_until: None,
        });
        Ok(())
    }

    fn check_revisable(&self, licence_type: &LicenceType) -> Result<(), LicenceError> {
        if licence_type.code != self.type_code {
            return Err(LicenceError::TypeMismatch {
                number: self.number.to_string(),
                licence_type: licence_type.code.clone(),
            });
        }
        if matches!(self.status, LicenceStatus::Revoked { .. }) {
            return Err(LicenceError::AlreadyRevoked {
                number: self.number.to_string(),
            });
        }
        Ok(())
    }
}
