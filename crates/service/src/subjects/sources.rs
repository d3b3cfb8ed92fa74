//! The [`DataSource`] trait and the demo's database-backed sources.

use std::sync::Arc;

use async_trait::async_trait;
use tongban_domain::ident::Code;
use tongban_domain::subject::{SourceRef, Subject};
use tongban_store::SubjectStore;

use super::types::SourceInfo;
use crate::error::ServiceError;

/// A registry the platform reads facts from (公安户籍, 市场主体登记, 社保 …).
#[async_trait]
pub trait DataSource: Send + Sync {
    /// What the source is and which elements it holds.
    fn info(&self) -> &SourceInfo;
    /// The subject's values of the elements this source holds:
    /// (element code, value).
    async fn read(&self, subject: &Subject) -> Result<Vec<(Code, String)>, ServiceError>;
}

/// 公安户籍信息.
pub const HOUSEHOLD_REGISTRY: &str = "household-registry";
/// 市场主体登记信息.
pub const MARKET_REGISTRY: &str = "market-registry";
/// 社会保险参保信息.
pub const SOCIAL_INSURANCE: &str = "social-insurance";

/// The demo sources: (code, Chinese name, the data elements each holds).
/// Every element code is one of the demo catalog's data elements.
pub(super) const DEMO_SOURCES: [(&str, &str, &[&str]); 3] = [
    (
        HOUSEHOLD_REGISTRY,
        "公安户籍信息",
        &[
            "person-name",
            "resident-id",
            "gender",
            "birth-date",
            "ethnicity",
            "domicile-address",
        ],
    ),
    (
        MARKET_REGISTRY,
        "市场主体登记信息",
        &[
            "entity-name",
            "uscc",
            "enterprise-type",
            "legal-rep-name",
            "business-address",
            "business-scope",
        ],
    ),
    (
        SOCIAL_INSURANCE,
        "社会保险参保信息",
        &[
            "person-name",
            "resident-id",
            "insured-type",
            "phone",
            "residence-address",
        ],
    ),
];

/// A demo source whose records live in the store's `source_records`
/// table, under the source's code.
pub struct StoredSource {
    info: SourceInfo,
    code: Code,
    store: Arc<dyn SubjectStore>,
}

impl StoredSource {
    /// A source named `name` over `store`, holding `elements`.
    pub fn new(
        code: Code,
        name: impl Into<String>,
        elements: Vec<Code>,
        store: Arc<dyn SubjectStore>,
    ) -> StoredSource {
        StoredSource {
            info: SourceInfo {
                source: SourceRef::DataSource {
                    source: code.clone(),
                },
                name: name.into(),
                elements,
            },
            code,
            store,
        }
    }
}

#[async_trait]
impl DataSource for StoredSource {
    fn info(&self) -> &SourceInfo {
        &self.info
    }

    async fn read(&self, subject: &Subject) -> Result<Vec<(Code, String)>, ServiceError> {
        let records = self
            .store
            .source_records(&self.code, &subject.id)
            .await
            .map_err(ServiceError::store)?;
        Ok(records
            .into_iter()
            .filter(|(element, _)| self.info.elements.contains(element))
            .collect())
    }
}

/// The demo's sources over `store`. A code that does not parse (a typo in
/// the table above) drops that entry and is logged.
pub(super) fn demo_sources(store: Arc<dyn SubjectStore>) -> Vec<Arc<dyn DataSource>> {
    let mut sources: Vec<Arc<dyn DataSource>> = Vec::new();
    for (code, name, elements) in DEMO_SOURCES {
        let parsed = Code::parse(code).and_then(|code| {
            let elements = elements
                .iter()
                .map(|e| Code::parse(e))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((code, elements))
        });
        match parsed {
            Ok((code, elements)) => sources.push(Arc::new(StoredSource::new(
                code,
                name,
                elements,
                store.clone(),
            ))),
            Err(err) => tracing::error!(source = code, "demo source skipped: {err}"),
        }
    }
    sources
}
