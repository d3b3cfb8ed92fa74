//! 电子证照: licence types, issued licences, their numbers, the canonical
//! bytes a seal signs and the masked view the public verification page shows.
//!
//! Pure data and rules, like the rest of the domain: issuing, changing,
//! renewing, correcting and revoking a licence are methods that check the
//! licence type's rules and keep the history; nothing here stores, signs or
//! reads the clock (pass `today`). Signing is `tongban-seal`'s job; the
//! byte form it signs is [`canonical_bytes`], specified in
//! docs/licence-signature.md so a third party can rebuild it.

mod canonical;
mod error;
mod issued;
mod kind;
mod number;
pub mod objection;
mod public;
mod revise;

pub use canonical::{CANONICAL_FORMAT, canonical_bytes};
pub use error::LicenceError;
pub use issued::{
    Issuance, Issuer, Licence, LicenceHolder, LicenceStatus, Revision, RevisionEvent,
    RevisionRequest,
};
pub use kind::{HolderKind, LicenceField, LicenceRole, LicenceType, Validity};
pub use number::{LicenceNumber, valid_tag};
pub use public::{PublicField, PublicLicenceView, mask_person_name};
