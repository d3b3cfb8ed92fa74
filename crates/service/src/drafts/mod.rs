//! Drafts and uploads: applications saved before submission (草稿), on any
//! device, and the materials uploaded for them (content-sniffed, size
//! limited, SHA-256 recorded, stored through `object_store`).

use std::sync::Arc;

use object_store::ObjectStore;
use tongban_store::DraftStore;

use crate::accounts::Clock;

/// Upload limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for UploadLimits {
    /// 10 MiB.
    fn default() -> UploadLimits {
        UploadLimits {
            max_bytes: 10 * 1024 * 1024,
        }
    }
}

/// The draft and upload use cases. Cheap to share behind an `Arc`.
pub struct DraftService {
    #[allow(dead_code)]
    store: Arc<dyn DraftStore>,
    #[allow(dead_code)]
    objects: Arc<dyn ObjectStore>,
    #[allow(dead_code)]
    limits: UploadLimits,
    #[allow(dead_code)]
    clock: Arc<dyn Clock>,
}

impl DraftService {
    /// A service keeping drafts in `store` and file contents in `objects`.
    pub fn new(
        store: Arc<dyn DraftStore>,
        objects: Arc<dyn ObjectStore>,
        limits: UploadLimits,
        clock: Arc<dyn Clock>,
    ) -> DraftService {
        DraftService {
            store,
            objects,
            limits,
            clock,
        }
    }
}
