//! 我的证照: what the holder's wallet reads and writes — the licences a
//! subject holds ([`LicenceStore::licences_held_by`]) and the holder's
//! grants of their use (证照授权, [`SubjectStore::insert_grant`] and
//! friends: grants are consents). No table of its own: a wallet is a view
//! over the licence and subject stores, so there is one truth for "which
//! licences a subject holds" and one for "who may use them".

use crate::{Db, LicenceStore, SubjectStore};

/// Everything the wallet service needs: the subject store (consents,
/// grants, the data-use log) and the licence store.
pub trait WalletStore: SubjectStore + LicenceStore {}

impl WalletStore for Db {}
