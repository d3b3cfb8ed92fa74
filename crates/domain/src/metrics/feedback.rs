//! What ratings (好差评) and appeals (诉求) add to the rollups: a case's
//! valid rating on its rating day, an appeal's closing on its closing day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::counter::Counter;
use super::key::{Contribution, RollupKey};
use crate::appeal::{Appeal, AppealState};
use crate::case::Case;

/// The valid (not superseded) rating of a case, as the reviews table
/// holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingFact {
    /// The local day it was given.
    pub rated_on: NaiveDate,
    /// 好评: 非常满意, 满意 or 基本满意.
    pub good: bool,
    /// The rated region.
    pub region: String,
    /// The rated department.
    pub department: String,
    /// The rated item, if the rating names one.
    pub item: Option<String>,
}

/// Adds a case's valid rating to `out`: one rating (and one 好评 when
/// good) on the rating day, in the rating's region and department, with
/// the case's item (or the rating's), bundle and channel. A re-rating
/// replaces the valid rating, so the case's recount moves the count.
pub fn add_rating(out: &mut Contribution, case: &Case, rating: &RatingFact) {
    let item = match (&rating.item, &case.bundle, case.members.first()) {
        (Some(i), _, _) => i.clone(),
        (None, None, Some(m)) => m.item().to_string(),
        _ => String::new(),
    };
    let key = RollupKey {
        day: rating.rated_on,
        region: rating.region.clone(),
        department: rating.department.clone(),
        item,
        bundle: case
            .bundle
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        channel: case.channel.code().to_string(),
    };
    out.add(&key, Counter::Ratings, 1);
    out.add(&key, Counter::RatingsGood, i64::from(rating.good));
}

/// What an appeal adds: when closed (已归档), one closed appeal on the
/// closing day (the satisfied rating's day, else the resolution day) in
/// its region and lead department; on time when the last round's
/// resolution came by its due date; reopened when it ever was. An appeal
/// reopened after closing counts nowhere until it closes again.
pub fn appeal_contribution(appeal: &Appeal) -> Contribution {
    let mut out = Contribution::default();
    if appeal.state != AppealState::Closed {
        return out;
    }
    let closed_on = appeal
        .ratings
        .iter()
        .rev()
        .find(|r| r.satisfied)
        .map(|r| r.at.date())
        .or(appeal.resolved_on);
    let Some(day) = closed_on else {
        return out;
    };
    let key = RollupKey {
        day,
        region: appeal.region.to_string(),
        department: appeal.lead().map(ToString::to_string).unwrap_or_default(),
        item: String::new(),
        bundle: String::new(),
        channel: String::new(),
    };
    out.add(&key, Counter::AppealsClosed, 1);
    out.add(
        &key,
        Counter::AppealsClosedOnTime,
        i64::from(appeal.resolved_on_time() == Some(true)),
    );
    out.add(
        &key,
        Counter::AppealsReopened,
        i64::from(appeal.reopened > 0),
    );
    out
}
