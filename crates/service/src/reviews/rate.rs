//! Rating a case: only its applicant, only once it is finished, once —
//! again only after the bad rating's rectification is closed.

use serde_json::json;
use tongban_domain::auth::{Actor, Role};
use tongban_domain::case::CaseNo;
use tongban_domain::ident::Code;
use tongban_domain::review::{Channel, Rating, RatingInput, RectificationTask, Target, may_rate};
use tongban_store::{NewOutboxEvent, NewRating, RatingWrite, StoredCase};

use super::{ReviewService, beijing_date, new_id, refusal};
use crate::error::{Refusal, ServiceError};

/// Who rates and how: the parts of a rating that are not the rater's input.
pub(super) struct Rater {
    pub rater: String,
    pub channel: Channel,
    pub window: Option<Code>,
    pub staff: Option<String>,
    pub device_token: Option<String>,
}

impl ReviewService {
    /// The applicant rates their own finished case through a page or the
    /// API. Anyone but the case's applicant gets `case_not_found`, as for
    /// a missing case; a second rating `review_already_rated` (409).
    pub async fn rate(
        &self,
        actor: &Actor,
        case_no: &str,
        input: RatingInput,
        channel: Channel,
    ) -> Result<Rating, ServiceError> {
        if channel == Channel::Device {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "review_channel_invalid",
                "窗口评价器的评价须通过评价器页面提交",
            ));
        }
        let stored = self.own_case(actor, case_no).await?;
        let rater = Rater {
            rater: actor.id.clone(),
            channel,
            window: None,
            staff: None,
            device_token: None,
        };
        self.rate_case(&stored, input, rater).await
    }

    /// The ratings `actor` (an applicant) gave, newest first.
    pub async fn my_reviews(&self, actor: &Actor) -> Result<Vec<Rating>, ServiceError> {
        if !actor.roles.contains(&Role::Applicant) {
            return Err(ServiceError::refused(
                Refusal::NotFound,
                "not_found",
                "只有申请人有自己的评价",
            ));
        }
        self.ratings_of_subject(&actor.id).await
    }

    /// Every rating an applicant account (a person or an enterprise) gave,
    /// valid or superseded, newest first: the ratings of 一人一档 / 一企一档.
    /// Not gated: the caller has already authorised reading the subject.
    pub async fn ratings_of_subject(&self, rater: &str) -> Result<Vec<Rating>, ServiceError> {
        self.store
            .ratings_by_rater(rater, 500)
            .await
            .map_err(ServiceError::store)
    }

    /// Every rating of a case (valid or superseded), oldest first, for
    /// its applicant.
    pub async fn ratings_of_case(
        &self,
        actor: &Actor,
        case_no: &str,
    ) -> Result<Vec<Rating>, ServiceError> {
        let stored = self.own_case(actor, case_no).await?;
        self.store
            .ratings_of_case(&stored.case.case_no)
            .await
            .map_err(ServiceError::store)
    }

    /// The case when `actor` is its applicant; `case_not_found` otherwise.
    async fn own_case(&self, actor: &Actor, case_no: &str) -> Result<StoredCase, ServiceError> {
        let no = CaseNo::parse(case_no).map_err(|_| ServiceError::CaseNotFound)?;
        let stored = self
            .cases
            .load_case(&no)
            .await
            .map_err(ServiceError::store)?
            .ok_or(ServiceError::CaseNotFound)?;
        let owns = actor.roles.contains(&Role::Applicant)
            && stored.owner.as_deref() == Some(actor.id.as_str());
        if !owns {
            return Err(ServiceError::CaseNotFound);
        }
        Ok(stored)
    }

    /// Rates a finished case: checks, the supersede rule, the task of a
    /// 差评, and one store transaction with the outbox events.
    pub(super) async fn rate_case(
        &self,
        stored: &StoredCase,
        input: RatingInput,
        rater: Rater,
    ) -> Result<Rating, ServiceError> {
        let case = &stored.case;
        if !case.state().is_done() {
            return Err(ServiceError::refused(
                Refusal::Conflict,
                "review_case_not_finished",
                format!(
                    "办件尚未办结（当前：{}），办结后方可评价",
                    case.state().label()
                ),
            ));
        }
        let input = input.validated().map_err(refusal)?;
        let earlier = self
            .store
            .ratings_of_case(&case.case_no)
            .await
            .map_err(ServiceError::store)?;
        let valid = earlier.iter().find(|r| r.is_valid());
        let task = match valid {
            Some(r) => self
                .store
                .task_of_review(&r.id)
                .await
                .map_err(ServiceError::store)?,
            None => None,
        };
        let supersedes = may_rate(valid, task.as_ref().map(|t| &t.task)).map_err(refusal)?;
        let staff = match rater.staff {
            Some(s) => Some(s),
            None => self.serving_staff(&case.case_no).await?,
        };
        let now = self.clock.now();
        let item = match (&case.bundle, case.members.as_slice()) {
            (Some(bundle), _) => Some(bundle.clone()),
            (None, [only]) => Some(only.item().clone()),
            _ => None,
        };
        let rating = Rating {
            id: new_id("rv"),
            target: Target::Case {
                case_no: case.case_no.clone(),
            },
            level: input.level,
            tags: input.tags,
            comment: input.comment,
            channel: rater.channel,
            rater: Some(rater.rater),
            department: case.lead_department.clone(),
            region: case.region.clone(),
            item,
            staff,
            window: rater.window,
            rated_at: now,
            supersedes,
            superseded_by: None,
        };
        let task = if rating.level.is_bad() {
            let today = beijing_date(now);
            Some(
                RectificationTask::open(
                    new_id("rt"),
                    &rating,
                    &self.limits,
                    self.calendar()?,
                    today,
                    now,
                )
                .map_err(refusal)?,
            )
        } else {
            None
        };
        let outbox = events(&rating, task.as_ref());
        let new = NewRating {
            rating,
            task,
            device_token: rater.device_token,
            outbox,
        };
        match self
            .store
            .insert_rating(&new, None)
            .await
            .map_err(ServiceError::store)?
        {
            RatingWrite::Stored => Ok(new.rating),
            RatingWrite::AlreadyRated | RatingWrite::SupersededMeanwhile => {
                Err(refusal(tongban_domain::review::ReviewError::AlreadyRated))
            }
            RatingWrite::TokenSpent => Err(super::device::token_invalid()),
        }
    }

    /// The staff member who served the applicant: the first staff actor
    /// in the case's audit trail (the clerk who entered or accepted it).
    async fn serving_staff(&self, case_no: &CaseNo) -> Result<Option<String>, ServiceError> {
        let trail = self
            .cases
            .audit_trail(case_no)
            .await
            .map_err(ServiceError::store)?;
        Ok(trail
            .into_iter()
            .map(|r| r.actor)
            .find(|a| a.starts_with("staff:")))
    }
}

/// `review.rated`, and `review.rectification_opened` for a 差评.
fn events(rating: &Rating, task: Option<&RectificationTask>) -> Vec<NewOutboxEvent> {
    let mut out = vec![NewOutboxEvent {
        event: "review.rated".into(),
        payload: json!({
            "case_no": rating.target.case_no(),
            "review_id": rating.id,
            "level": rating.level,
            "department": rating.department,
            "region": rating.region,
            "milestone": false,
        }),
    }];
    if let Some(t) = task {
        out.push(NewOutboxEvent {
            event: "review.rectification_opened".into(),
            payload: json!({
                "case_no": t.case_no,
                "task_id": t.id,
                "review_id": t.review_id,
                "department": t.department,
                "region": t.region,
                "step": t.current().map(|s| s.step),
                "due": t.current().map(|s| s.due),
                "milestone": false,
            }),
        });
    }
    out
}
