//! Subjects and data sources (一人一档, 数据共享): linking an applicant
//! account to its subject, the consents (用数/用证授权) the subject gives,
//! reading facts from [`DataSource`]s under consent, and the data-use log
//! the subject can read.

use std::sync::Arc;

use tongban_store::SubjectStore;

use crate::accounts::Clock;

/// The subject use cases. Cheap to share behind an `Arc`.
pub struct SubjectService {
    #[allow(dead_code)]
    store: Arc<dyn SubjectStore>,
    #[allow(dead_code)]
    clock: Arc<dyn Clock>,
}

impl SubjectService {
    /// A service over `store`, reading the time from `clock`.
    pub fn new(store: Arc<dyn SubjectStore>, clock: Arc<dyn Clock>) -> SubjectService {
        SubjectService { store, clock }
    }
}
