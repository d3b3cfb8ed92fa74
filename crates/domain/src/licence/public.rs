//! The public verification view of a licence: non-sensitive fields only,
//! the holder masked when a person.

use chrono::NaiveDate;
use serde::Serialize;

use super::{HolderKind, Licence, LicenceNumber, LicenceStatus, LicenceType};

/// What the public verification page and API show about a licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicLicenceView {
    pub number: LicenceNumber,
    pub type_name: String,
    /// A person's name masked (`张*`); an enterprise's name whole.
    pub holder_name: String,
    /// A person's identifier masked (`3701**********1234`); a USCC whole.
    pub holder_identifier: String,
    pub issuer_name: String,
    /// Only fields the licence type marks public, in its printing order.
    pub fields: Vec<PublicField>,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    /// The status on the day asked.
    pub status: LicenceStatus,
    /// 一业一证: the licences this one replaces.
    pub replaces: Vec<LicenceNumber>,
    /// 一业一证: the composite licence the holder carries instead.
    pub replaced_by: Option<LicenceNumber>,
    pub version: u32,
}

/// One public field: its printed label and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicField {
    pub label: String,
    pub value: String,
}

impl Licence {
    /// The public view on `today`, with `licence_type` deciding which
    /// fields are public.
    pub fn public_view(&self, licence_type: &LicenceType, today: NaiveDate) -> PublicLicenceView {
        let person = self.holder.kind() == HolderKind::Person;
        PublicLicenceView {
            number: self.number.clone(),
            type_name: self.type_name.clone(),
            holder_name: if person {
                mask_person_name(&self.holder.name)
            } else {
                self.holder.name.clone()
            },
            holder_identifier: self.holder.identifier.masked(),
            issuer_name: self.issuer.name.clone(),
            fields: licence_type
                .fields
                .iter()
                .filter(|f| f.public)
                .filter_map(|f| {
                    self.fields.get(&f.element).map(|v| PublicField {
                        label: f.label.clone(),
                        value: v.clone(),
                    })
                })
                .collect(),
            issued_on: self.issued_on,
            valid_until: self.valid_until,
            status: self.status_on(today),
            replaces: self.replaces.clone(),
            replaced_by: self.replaced_by.clone(),
            version: self.version,
        }
    }
}

/// Masks a person's name: the first character kept, every other one `*`
/// (`张三` → `张*`, `欧阳娜娜` → `欧***`); a one-character name is `*`.
pub fn mask_person_name(name: &str) -> String {
    let name = name.trim();
    let count = name.chars().count();
    match name.chars().next() {
        Some(first) if count > 1 => std::iter::once(first)
            .chain(std::iter::repeat_n('*', count - 1))
            .collect(),
        _ => "*".to_string(),
    }
}
