//! A rating: its target, channel, level, tags and comment, the checks on
//! what a rater sends, and who may rate a case when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Level, RectificationTask, ReviewError};
use crate::case::CaseNo;
use crate::ident::{Code, RegionCode};

/// The most tags one rating carries.
pub const MAX_TAGS: usize = 6;
/// The longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// The tag vocabulary: (tag, for 好评 levels). 好评 take the first kind,
/// 差评 the second, following the national 好差评 tag practice.
pub const TAGS: [(&str, bool); 11] = [
    ("服务热情", true),
    ("办事高效", true),
    ("一次办成", true),
    ("指引清晰", true),
    ("材料精简", true),
    ("态度不好", false),
    ("多次跑动", false),
    ("办理超时", false),
    ("材料要求不清", false),
    ("系统不好用", false),
    ("推诿扯皮", false),
];

/// What is rated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Target {
    /// 办件: a case, rated by its applicant.
    Case {
        /// The case number.
        case_no: CaseNo,
    },
    /// 窗口服务: one visit to a window.
    WindowVisit {
        /// The window's code.
        window: Code,
    },
    /// 网上服务: an online service (an item's online handling).
    OnlineService {
        /// The service's (item's) code.
        service: Code,
    },
}

impl Target {
    /// Stable code of the kind.
    pub fn kind_code(&self) -> &'static str {
        match self {
            Target::Case { .. } => "case",
            Target::WindowVisit { .. } => "window_visit",
            Target::OnlineService { .. } => "online_service",
        }
    }

    /// The target's own key: the case number, window or service code.
    pub fn key(&self) -> &str {
        match self {
            Target::Case { case_no } => case_no.as_str(),
            Target::WindowVisit { window } => window.as_str(),
            Target::OnlineService { service } => service.as_str(),
        }
    }

    /// The case rated, if the target is a case.
    pub fn case_no(&self) -> Option<&CaseNo> {
        match self {
            Target::Case { case_no } => Some(case_no),
            _ => None,
        }
    }
}

/// How the rating came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 网页: the applicant's page.
    Page,
    /// 接口: the JSON API (apps, kiosks).
    Api,
    /// 评价器: the window's evaluator device, reached by QR.
    Device,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::Page, Channel::Api, Channel::Device];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Page => "page",
            Channel::Api => "api",
            Channel::Device => "device",
        }
    }

    /// The channel named by `code`.
    pub fn parse(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Page => "网页",
            Channel::Api => "接口",
            Channel::Device => "窗口评价器",
        }
    }
}

/// What a rater sends: a level, tags and a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingInput {
    /// The level.
    pub level: Level,
    /// Tags from [`TAGS`] of the level's polarity.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Free text.
    #[serde(default)]
    pub comment: String,
}

impl RatingInput {
    /// The input checked and tidied: tags known, of the level's polarity,
    /// de-duplicated and at most [`MAX_TAGS`]; the comment trimmed and at
    /// most [`MAX_COMMENT_CHARS`]; a 差评 gives a tag or a comment.
    pub fn validated(self) -> Result<RatingInput, ReviewError> {
        let mut tags: Vec<String> = Vec::new();
        for tag in self.tags {
            let tag = tag.trim().to_string();
            let known = TAGS
                .iter()
                .any(|(t, good)| *t == tag && *good == self.level.is_good());
            if !known {
                return Err(ReviewError::UnknownTag(tag.chars().take(20).collect()));
            }
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > MAX_TAGS {
            return Err(ReviewError::TooManyTags(MAX_TAGS));
        }
        let comment = self.comment.trim().to_string();
        if comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(ReviewError::CommentTooLong(MAX_COMMENT_CHARS));
        }
        if self.level.is_bad() && tags.is_empty() && comment.is_empty() {
            return Err(ReviewError::ReasonRequired);
        }
        Ok(RatingInput {
            level: self.level,
            tags,
            comment,
        })
    }
}

/// A stored rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// Its id.
    pub id: String,
    /// What was rated.
    pub target: Target,
    /// The level, tags and comment.
    pub level: Level,
    /// Tags.
    pub tags: Vec<String>,
    /// Comment.
    pub comment: String,
    /// How it came in.
    pub channel: Channel,
    /// The applicant account that rated (an actor id), if known.
    pub rater: Option<String>,
    /// The responsible department (a case's lead department).
    pub department: Code,
    /// The region the rated service belongs to.
    pub region: RegionCode,
    /// The item (or bundle) rated, if any.
    pub item: Option<Code>,
    /// The staff member who served (an actor id), if known.
    pub staff: Option<String>,
    /// The window that served, if known.
    pub window: Option<Code>,
    /// When.
    pub rated_at: DateTime<Utc>,
    /// The earlier rating of the same case this one replaces.
    pub supersedes: Option<String>,
    /// The later rating that replaced this one; a superseded rating no
    /// longer counts in scores but is kept.
    pub superseded_by: Option<String>,
}

impl Rating {
    /// True while the rating counts in scores (not superseded).
    pub fn is_valid(&self) -> bool {
        self.superseded_by.is_none()
    }
}

/// May the applicant rate a case now? `valid` is the case's rating that
/// counts (if any) and `task` its rectification task (if any). `Ok(None)`:
/// a first rating; `Ok(Some(id))`: a re-rating that supersedes `id`,
/// allowed only after the bad rating's rectification is closed.
pub fn may_rate(
    valid: Option<&Rating>,
    task: Option<&RectificationTask>,
) -> Result<Option<String>, ReviewError> {
    let Some(rating) = valid else {
        return Ok(None);
    };
    match task {
        Some(t) if t.review_id == rating.id && t.is_closed() => Ok(Some(rating.id.clone())),
        Some(t) if t.review_id == rating.id => Err(ReviewError::RectificationOpen),
        _ => Err(ReviewError::AlreadyRated),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::clock::WorkCalendar;
    use crate::review::{RectificationLimits, Step};

    fn input(level: Level, tags: &[&str], comment: &str) -> RatingInput {
        RatingInput {
            level,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            comment: comment.into(),
        }
    }

    fn rating(level: Level) -> Rating {
        let day = NaiveDate::from_ymd_opt(2025, 9, 26).unwrap();
        Rating {
            id: "r1".into(),
            target: Target::Case {
                case_no: CaseNo::new(&RegionCode::parse("350825").unwrap(), day, 1).unwrap(),
            },
            level,
            tags: vec![],
            comment: "x".into(),
            channel: Channel::Api,
            rater: Some("applicant:a".into()),
            department: Code::parse("350825-scjg").unwrap(),
            region: RegionCode::parse("350825").unwrap(),
            item: None,
            staff: None,
            window: None,
            rated_at: DateTime::from_timestamp(1_758_852_000, 0).unwrap(),
            supersedes: None,
            superseded_by: None,
        }
    }

    #[test]
    fn tags_must_fit_the_levels_polarity_and_a_bad_rating_needs_a_reason() {
        let ok = input(Level::Satisfied, &["服务热情", "服务热情"], "  好  ");
        let ok = ok.validated().unwrap();
        assert_eq!((ok.tags.len(), ok.comment.as_str()), (1, "好"));
        let wrong = input(Level::Satisfied, &["态度不好"], "");
        assert_eq!(wrong.validated().unwrap_err().code(), "review_tag_unknown");
        let silent = input(Level::Dissatisfied, &[], " ");
        assert_eq!(
            silent.validated().unwrap_err().code(),
            "review_reason_required"
        );
        let long = input(Level::Satisfied, &[], &"字".repeat(MAX_COMMENT_CHARS + 1));
        assert_eq!(
            long.validated().unwrap_err().code(),
            "review_comment_too_long"
        );
        assert!(
            input(Level::Dissatisfied, &["办理超时"], "")
                .validated()
                .is_ok()
        );
    }

    #[test]
    fn a_case_is_rated_once_and_again_only_after_its_rectification_is_closed() {
        assert_eq!(may_rate(None, None), Ok(None));
        let good = rating(Level::Satisfied);
        assert_eq!(may_rate(Some(&good), None), Err(ReviewError::AlreadyRated));
        let bad = rating(Level::VeryDissatisfied);
        let cal = WorkCalendar::national().unwrap();
        let limits = RectificationLimits::default();
        let day = NaiveDate::from_ymd_opt(2025, 9, 26).unwrap();
        let mut task =
            RectificationTask::open("t".into(), &bad, &limits, &cal, day, bad.rated_at).unwrap();
        assert_eq!(
            may_rate(Some(&bad), Some(&task)),
            Err(ReviewError::RectificationOpen)
        );
        for step in [Step::Verify, Step::Rectify, Step::Revisit] {
            task = task
                .complete(step, "done", "staff:a", bad.rated_at, day, &limits, &cal)
                .unwrap();
        }
        assert_eq!(may_rate(Some(&bad), Some(&task)), Ok(Some("r1".into())));
    }
}
