//! The API's response and request bodies, with their OpenAPI schemas.
//!
//! Small shapes are DTOs deriving `ToSchema`. Items and bundles are served
//! in their catalog form (docs/catalog-format.md) through [`ItemDto`] and
//! [`BundleDto`], whose schemas (in [`super::schema`]) name the required
//! fields and enumerations and leave the nested detail open, so the domain
//! crate stays free of utoipa.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tongban_domain::Bundle;
use tongban_domain::catalog::{Department, Region, ServiceItem};
use tongban_domain::guidance::{Answer, Answers};
use tongban_domain::stats::{Reduction, ReformMetrics};
use tongban_service::{Found, SearchPage};
use utoipa::ToSchema;

use super::params::LevelParam;

/// A ranked page of search results.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    /// How many results match in all.
    pub total: u64,
    /// The page size used.
    pub limit: u32,
    /// The results skipped.
    pub offset: u32,
    /// This page, best first.
    pub hits: Vec<HitDto>,
}

impl SearchResponse {
    /// Wraps a service page.
    pub fn new(page: SearchPage, limit: u32, offset: u32) -> SearchResponse {
        SearchResponse {
            total: page.total as u64,
            limit,
            offset,
            hits: page.hits.into_iter().map(HitDto::from).collect(),
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HitDto {
    /// Item or bundle code.
    pub code: String,
    /// Item or bundle name.
    pub name: String,
    /// Department code (the lead department for a bundle).
    pub department: String,
    /// Department name.
    pub department_name: String,
    /// Region code.
    pub region: String,
    /// Relevance; higher ranks first.
    pub score: f64,
}

impl From<Found> for HitDto {
    fn from(f: Found) -> HitDto {
        HitDto {
            code: f.code,
            name: f.name,
            department: f.department,
            department_name: f.department_name,
            region: f.region,
            score: f64::from(f.score),
        }
    }
}

/// 行政区划.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegionDto {
    /// GB/T 2260 code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Parent region code, when given.
    pub parent: Option<String>,
    /// Level implied by the code.
    pub level: LevelParam,
}

impl From<Region> for RegionDto {
    fn from(r: Region) -> RegionDto {
        RegionDto {
            level: r.level().into(),
            code: r.code.to_string(),
            name: r.name,
            parent: r.parent.map(|p| p.to_string()),
        }
    }
}

/// 实施机关 / 部门.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DepartmentDto {
    /// Department code.
    pub code: String,
    /// Name.
    pub name: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// Region code.
    pub region: String,
}

impl From<Department> for DepartmentDto {
    fn from(d: Department) -> DepartmentDto {
        DepartmentDto {
            code: d.code.to_string(),
            name: d.name,
            uscc: d.uscc.to_string(),
            region: d.region.to_string(),
        }
    }
}

/// A service item in its catalog form.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct ItemDto(pub ServiceItem);

/// A bundle in its catalog form.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct BundleDto(pub Bundle);

/// A before/after count with its percentage reduction.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CountReduction {
    /// Handling the member items one by one.
    pub before: u32,
    /// Handling the bundle.
    pub after: u32,
    /// (before − after) / before × 100, one decimal; 0 when before is 0.
    pub percent: f64,
}

impl From<Reduction<u32>> for CountReduction {
    fn from(r: Reduction<u32>) -> CountReduction {
        CountReduction {
            before: r.before,
            after: r.after,
            percent: r.percent,
        }
    }
}

/// A before/after number of working days with its percentage reduction.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DaysReduction {
    /// Serial sum of the members' promised limits, in working days.
    pub before: f64,
    /// Critical path through the member DAG, in working days.
    pub after: f64,
    /// (before − after) / before × 100, one decimal; 0 when before is 0.
    pub percent: f64,
}

impl From<Reduction<f64>> for DaysReduction {
    fn from(r: Reduction<f64>) -> DaysReduction {
        DaysReduction {
            before: r.before,
            after: r.after,
            percent: r.percent,
        }
    }
}

/// 减环节、减材料、减表单、减时限、减跑动 of one bundle for one set of
/// answers (rules: docs/reform-metrics.md).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MetricsDto {
    /// Bundle code.
    pub bundle: String,
    /// The member items the answers selected.
    pub members: Vec<String>,
    /// 办事环节.
    pub steps: CountReduction,
    /// 申请材料.
    pub materials: CountReduction,
    /// 表单字段.
    pub fields: CountReduction,
    /// 办理时限 (working days).
    pub days: DaysReduction,
    /// 跑动次数.
    pub trips: CountReduction,
}

impl From<ReformMetrics> for MetricsDto {
    fn from(m: ReformMetrics) -> MetricsDto {
        MetricsDto {
            bundle: m.bundle.to_string(),
            members: m.members.iter().map(ToString::to_string).collect(),
            steps: m.steps.into(),
            materials: m.materials.into(),
            fields: m.fields.into(),
            days: m.days.into(),
            trips: m.trips.into(),
        }
    }
}

/// One answer: `true`/`false` for yes/no questions, an option value for a
/// single choice, a list of option values for a multiple choice.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum AnswerDto {
    /// Yes/no.
    YesNo(bool),
    /// One option value.
    Choice(String),
    /// Several option values.
    Choices(Vec<String>),
}

impl From<AnswerDto> for Answer {
    fn from(a: AnswerDto) -> Answer {
        match a {
            AnswerDto::YesNo(b) => Answer::YesNo(b),
            AnswerDto::Choice(s) => Answer::Choice(s),
            AnswerDto::Choices(v) => Answer::Choices(v),
        }
    }
}

/// The body of `POST /bundles/{code}/metrics`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct MetricsRequest {
    /// Answers by question code; questions left out are unanswered.
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerDto>,
}

impl MetricsRequest {
    /// The answers in domain form.
    pub fn into_answers(self) -> Answers {
        self.answers
            .into_iter()
            .map(|(k, v)| (k, v.into()))
            .collect()
    }
}
