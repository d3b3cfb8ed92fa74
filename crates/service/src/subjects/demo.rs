//! Seeding the demo subjects and their source records.

use tongban_domain::subject::{Profile, Subject};
use tongban_store::StoreError;

use super::SubjectService;
use super::generate::{DemoRecord, demo_data};
use super::types::DemoSubjects;

/// How an applicant actor id begins (see `accounts::session`).
const APPLICANT_PREFIX: &str = "applicant:";
use crate::error::{Refusal, ServiceError};

impl SubjectService {
    /// Generated demo data (idempotent): persons with valid resident IDs,
    /// enterprises with valid USCCs, a Taiwan compatriot with both a 台胞证
    /// and a 居住证, and their source records; always 张三
    /// ([`crate::DEMO_PERSON`]) with full 户籍 data. Licences are not
    /// seeded here: a subject holds the licences granted cases issued. When `link` names an applicant actor id
    /// (`applicant:…`), links it to 张三's subject.
    pub async fn seed_demo(&self, link: Option<&str>) -> Result<DemoSubjects, ServiceError> {
        if let Some(actor) = link
            && !actor.starts_with(APPLICANT_PREFIX)
        {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "subject_link_not_applicant",
                "只能把申请人账号关联到示例档案",
            ));
        }
        let data = demo_data().map_err(|e| {
            tracing::error!(code = e.code, "demo subjects cannot be generated: {e}");
            ServiceError::Unavailable("示例档案数据无法生成".to_string())
        })?;
        let mut counts = DemoSubjects {
            persons: 0,
            enterprises: 0,
        };
        let mut first = None;
        for record in &data {
            let subject = self.ensure(record).await?;
            match subject.profile {
                Profile::Person(_) => counts.persons += 1,
                Profile::Enterprise(_) => counts.enterprises += 1,
            }
            first.get_or_insert(subject);
        }
        if let (Some(actor), Some(zhang)) = (link, first) {
            self.store
                .link_applicant(actor, &zhang.id, self.now())
                .await
                .map_err(ServiceError::store)?;
            tracing::info!(actor, subject = %zhang.id.0, "示例申请人已关联示例档案");
        }
        tracing::info!(
            persons = counts.persons,
            enterprises = counts.enterprises,
            "示例档案已就绪"
        );
        Ok(counts)
    }

    /// The stored subject of `record` (inserted when none of its
    /// identifiers is known yet), with its source records
    /// written.
    async fn ensure(&self, record: &DemoRecord) -> Result<Subject, ServiceError> {
        let subject = match self.find_any_key(&record.subject).await? {
            Some(found) => found,
            None => match self.store.insert_subject(&record.subject, self.now()).await {
                Ok(()) => record.subject.clone(),
                // Seeded concurrently by another node: use theirs.
                Err(StoreError::AlreadyExists { .. }) => self
                    .find_any_key(&record.subject)
                    .await?
                    .ok_or(ServiceError::StoreCorrupt)?,
                Err(err) => return Err(ServiceError::store(err)),
            },
        };
        for (source, values) in &record.records {
            self.store
                .put_source_records(source, &subject.id, values)
                .await
                .map_err(ServiceError::store)?;
        }
        Ok(subject)
    }

    /// The stored subject holding any of `subject`'s identifiers.
    async fn find_any_key(&self, subject: &Subject) -> Result<Option<Subject>, ServiceError> {
        for key in subject.keys() {
            if let Some(found) = self
                .store
                .subject_by_key(&key)
                .await
                .map_err(ServiceError::store)?
            {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }
}
