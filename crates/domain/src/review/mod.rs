//! 好差评 (reviews): ratings, the bad-rating rectification workflow and scores.
//!
//! Pure rules, no I/O and no clock reads: the caller passes `today` and the
//! working-day calendar ([`crate::clock::WorkCalendar`]).
//!
//! - [`Level`]: the five national levels; 好评 = 非常满意 + 满意 + 基本满意,
//!   差评 = 不满意 + 非常不满意.
//! - [`RatingInput`] / [`Rating`]: what is rated ([`Target`]: a case, a
//!   window visit, an online service), through which [`Channel`], with
//!   tags ([`TAGS`]) and a comment. [`may_rate`] says whether a case may be
//!   rated now: once by its applicant, again only after the rectification
//!   of its bad rating is closed (the new rating supersedes the old one).
//! - [`RectificationTask`]: a bad rating opens one for the responsible
//!   department: verify (核实) → rectify (整改) → revisit (回访), each step
//!   with a working-day deadline from [`RectificationLimits`]; an overdue
//!   step is escalated to the supervisor once ([`RectificationTask::overdue`]).
//! - [`ScoreCounts`]: the satisfaction rate over a period
//!   (docs/reviews.md defines the formula).

mod error;
mod level;
mod rating;
mod rectification;
mod score;

pub use error::ReviewError;
pub use level::Level;
pub use rating::{
    Channel, MAX_COMMENT_CHARS, MAX_TAGS, Rating, RatingInput, TAGS, Target, may_rate,
};
pub use rectification::{RectificationLimits, RectificationTask, Step, StepRecord};
pub use score::{Dimension, Period, ScoreCounts};
