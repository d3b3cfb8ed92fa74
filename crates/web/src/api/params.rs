//! Query parameters of the search endpoints, parsed strictly so that a bad
//! value is a 400 `invalid_parameter`.

use serde::{Deserialize, Serialize};
use tongban_domain::catalog::{Level, TongbanScope};
use tongban_service::SearchRequest;
use utoipa::{IntoParams, ToSchema};

/// 层级, as the API spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LevelParam {
    /// 省级
    Province,
    /// 市级
    City,
    /// 县级
    County,
    /// 乡镇级
    Town,
    /// 村级
    Village,
}

impl From<LevelParam> for Level {
    fn from(p: LevelParam) -> Level {
        match p {
            LevelParam::Province => Level::Province,
            LevelParam::City => Level::City,
            LevelParam::County => Level::County,
            LevelParam::Town => Level::Town,
            LevelParam::Village => Level::Village,
        }
    }
}

impl From<Level> for LevelParam {
    fn from(l: Level) -> LevelParam {
        match l {
            Level::Province => LevelParam::Province,
            Level::City => LevelParam::City,
            Level::County => LevelParam::County,
            Level::Town => LevelParam::Town,
            Level::Village => LevelParam::Village,
        }
    }
}

/// 通办范围, as the API spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScopeParam {
    /// 不通办
    None,
    /// 全市通办
    City,
    /// 全省通办
    Province,
    /// 跨省通办
    CrossProvince,
}

impl From<ScopeParam> for TongbanScope {
    fn from(p: ScopeParam) -> TongbanScope {
        match p {
            ScopeParam::None => TongbanScope::None,
            ScopeParam::City => TongbanScope::City,
            ScopeParam::Province => TongbanScope::Province,
            ScopeParam::CrossProvince => TongbanScope::CrossProvince,
        }
    }
}

/// Search and filter parameters of `GET /items` and `GET /bundles`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words or pinyin initials (e.g. `营业执照` or `yyzz`); empty lists all.
    pub q: Option<String>,
    /// Department code (exact); empty means any.
    #[param(pattern = r"^[A-Za-z0-9._-]{0,64}$")]
    pub department: Option<String>,
    /// Region code (GB/T 2260, 6, 9 or 12 digits): the region and
    /// everything within it; empty means any.
    #[param(pattern = r"^((0[1-9]|[1-9][0-9])[0-9]{4}([0-9]{3}){0,2})?$")]
    pub region: Option<String>,
    /// Administrative level.
    pub level: Option<LevelParam>,
    /// Minimum 通办 scope (`province` also returns `cross_province`).
    pub scope: Option<ScopeParam>,
    /// Page size (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// Results to skip (default 0).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<u32>,
}

impl SearchParams {
    /// The service request these parameters describe.
    pub fn to_request(&self) -> SearchRequest {
        let defaults = SearchRequest::default();
        SearchRequest {
            text: self.q.clone().unwrap_or_default(),
            department: self.department.clone(),
            region: self.region.clone(),
            level: self.level.map(Level::from),
            scope: self.scope.map(TongbanScope::from),
            limit: self.limit.map_or(defaults.limit, |l| l as usize),
            offset: self.offset.map_or(defaults.offset, |o| o as usize),
        }
    }
}
