//! The counters a rollup row holds (one column each) and the bounded
//! histogram of handling times in working days.

use std::ops::{AddAssign, SubAssign};

use serde::{Deserialize, Serialize};

macro_rules! counters {
    ($($(#[$doc:meta])* $name:ident => $column:literal,)*) => {
        /// One counter of a rollup row; its stable column name is
        /// [`Counter::column`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Counter {
            $($(#[$doc])* $name,)*
        }

        impl Counter {
            /// Every counter, in column order.
            pub const ALL: &'static [Counter] = &[$(Counter::$name,)*];

            /// The column of the rollup table holding this counter.
            pub fn column(self) -> &'static str {
                match self {
                    $(Counter::$name => $column,)*
                }
            }
        }
    };
}

counters! {
    /// Whole cases submitted (counted on the case's own row, on its
    /// submission day).
    CasesSubmitted => "cases_submitted",
    /// Whole cases done (every member finished), on the day the last one was.
    CasesDone => "cases_done",
    /// Of the done cases, those that needed no on-site trip.
    CasesZeroTrip => "cases_zero_trip",
    /// Of the done cases, those that needed at most one on-site trip.
    CasesAtMostOneTrip => "cases_one_trip",
    /// Bundle cases done with at least one member granted.
    BundleCasesDone => "bundle_done",
    /// Steps saved by those bundle cases against one by one.
    SavedSteps => "saved_steps",
    /// Materials saved.
    SavedMaterials => "saved_materials",
    /// Form fields saved.
    SavedFields => "saved_fields",
    /// Working days saved, in hundredths of a day.
    SavedDaysX100 => "saved_days_x100",
    /// On-site trips saved.
    SavedTrips => "saved_trips",
    /// Item cases (members) submitted, on the submission day.
    ItemsSubmitted => "items_submitted",
    /// Of those, members of an immediate item (即办件).
    ItemsImmediate => "items_immediate",
    /// Item cases decided (办结: granted or refused), on the decision day.
    ItemsDecided => "items_decided",
    /// Of those, granted.
    ItemsGranted => "items_granted",
    /// Of the decided, those decided by the statutory due date.
    OnTimeStatutory => "on_time_statutory",
    /// Of the decided, those decided by the promised due date.
    OnTimePromised => "on_time_promised",
    /// Sum of handling times of the decided, in working days.
    WorkDays => "work_days",
    /// Sum of their promised limits, in hundredths of a working day.
    PromisedDaysX100 => "promised_days_x100",
    /// Sum of their statutory limits, in hundredths of a working day.
    StatutoryDaysX100 => "statutory_days_x100",
    /// Of the decided, those that were ever suspended (挂起).
    SuspendedItems => "suspended_items",
    /// Their suspended (clock-stopped) natural days, summed.
    SuspendedDays => "suspended_days",
    /// Warnings raised (yellow and red), on the day raised.
    WarningsRaised => "warnings_raised",
    /// Of those, red (超期) warnings.
    WarningsRed => "warnings_red",
    /// Warnings resolved: their case or member finished, on that day.
    WarningsResolved => "warnings_resolved",
    /// Form fields prefilled from shared data, per submitted case.
    PrefilledFields => "prefilled_fields",
    /// Materials the applicant did not have to submit (免提交).
    ExemptedMaterials => "exempted_materials",
    /// E-licences used as evidence for an exempted material.
    LicenceUses => "licence_uses",
    H0 => "h00", H1 => "h01", H2 => "h02", H3 => "h03", H4 => "h04", H5 => "h05",
    H6 => "h06", H7 => "h07", H8 => "h08", H9 => "h09", H10 => "h10", H11 => "h11",
    H12 => "h12", H13 => "h13", H14 => "h14", H15 => "h15", H16 => "h16", H17 => "h17",
    H18 => "h18", H19 => "h19", H20 => "h20", H21 => "h21", H22 => "h22", H23 => "h23",
    H24 => "h24", H25 => "h25", H26 => "h26", H27 => "h27", H28 => "h28", H29 => "h29",
    H30 => "h30",
    /// 31–40 working days.
    H40 => "h40",
    /// 41–60 working days.
    H60 => "h60",
    /// 61–90 working days.
    H90 => "h90",
    /// 91–180 working days.
    H180 => "h180",
    /// More than 180 working days.
    HMore => "hmore",
    /// Valid ratings (好差评) of cases, on the rating day; a rating
    /// superseded by a re-rating no longer counts.
    Ratings => "ratings",
    /// Of those, 非常满意, 满意 or 基本满意.
    RatingsGood => "ratings_good",
    /// Appeals (诉求) closed, on the closing day.
    AppealsClosed => "appeals_closed",
    /// Of those, closed by their due date.
    AppealsClosedOnTime => "appeals_closed_on_time",
    /// Of those, reopened (重办) at least once.
    AppealsReopened => "appeals_reopened",
}

/// The number of counters (columns) of a rollup row.
pub const COUNTERS: usize = Counter::ALL.len();

/// The histogram's buckets: `(counter, upper bound in working days)`;
/// the last bucket has no upper bound.
pub const BUCKETS: &[(Counter, Option<u32>)] = &[
    (Counter::H0, Some(0)),
    (Counter::H1, Some(1)),
    (Counter::H2, Some(2)),
    (Counter::H3, Some(3)),
    (Counter::H4, Some(4)),
    (Counter::H5, Some(5)),
    (Counter::H6, Some(6)),
    (Counter::H7, Some(7)),
    (Counter::H8, Some(8)),
    (Counter::H9, Some(9)),
    (Counter::H10, Some(10)),
    (Counter::H11, Some(11)),
    (Counter::H12, Some(12)),
    (Counter::H13, Some(13)),
    (Counter::H14, Some(14)),
    (Counter::H15, Some(15)),
    (Counter::H16, Some(16)),
    (Counter::H17, Some(17)),
    (Counter::H18, Some(18)),
    (Counter::H19, Some(19)),
    (Counter::H20, Some(20)),
    (Counter::H21, Some(21)),
    (Counter::H22, Some(22)),
    (Counter::H23, Some(23)),
    (Counter::H24, Some(24)),
    (Counter::H25, Some(25)),
    (Counter::H26, Some(26)),
    (Counter::H27, Some(27)),
    (Counter::H28, Some(28)),
    (Counter::H29, Some(29)),
    (Counter::H30, Some(30)),
    (Counter::H40, Some(40)),
    (Counter::H60, Some(60)),
    (Counter::H90, Some(90)),
    (Counter::H180, Some(180)),
    (Counter::HMore, None),
];

/// The histogram bucket a handling time of `days` working days falls in.
pub fn bucket_of(days: u32) -> Counter {
    BUCKETS
        .iter()
        .find(|(_, upper)| upper.is_none_or(|u| days <= u))
        .map_or(Counter::HMore, |(c, _)| *c)
}

/// The values of every counter of one rollup row (or of a sum of rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters(Vec<i64>);

impl Default for Counters {
    fn default() -> Counters {
        Counters(vec![0; COUNTERS])
    }
}

impl Counters {
    /// Counters from values in [`Counter::ALL`] order; missing values are
    /// zero, extra ones ignored.
    pub fn from_values(values: &[i64]) -> Counters {
        let mut c = Counters::default();
        for (slot, v) in c.0.iter_mut().zip(values) {
            *slot = *v;
        }
        c
    }

    /// The values in [`Counter::ALL`] order.
    pub fn values(&self) -> &[i64] {
        &self.0
    }

    /// One counter's value.
    pub fn get(&self, counter: Counter) -> i64 {
        self.0.get(counter as usize).copied().unwrap_or(0)
    }

    /// Adds `n` to one counter.
    pub fn add(&mut self, counter: Counter, n: i64) {
        if let Some(slot) = self.0.get_mut(counter as usize) {
            *slot += n;
        }
    }

    /// True when every counter is zero.
    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|v| *v == 0)
    }
}

impl AddAssign<&Counters> for Counters {
    fn add_assign(&mut self, other: &Counters) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a += *b;
        }
    }
}

impl SubAssign<&Counters> for Counters {
    fn sub_assign(&mut self, other: &Counters) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a -= *b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_exact_up_to_thirty_days_and_bounded_after() {
        assert_eq!(bucket_of(0), Counter::H0);
        assert_eq!(bucket_of(30), Counter::H30);
        assert_eq!(bucket_of(31), Counter::H40);
        assert_eq!(bucket_of(60), Counter::H60);
        assert_eq!(bucket_of(181), Counter::HMore);
        assert_eq!(BUCKETS.len(), 36);
    }

    #[test]
    fn every_counter_has_a_distinct_column() {
        let mut columns: Vec<&str> = Counter::ALL.iter().map(|c| c.column()).collect();
        columns.sort_unstable();
        columns.dedup();
        assert_eq!(columns.len(), COUNTERS);
    }

    #[test]
    fn counters_add_and_subtract_column_by_column() {
        let mut a = Counters::default();
        a.add(Counter::WorkDays, 5);
        let mut b = a.clone();
        b.add(Counter::ItemsDecided, 1);
        b -= &a;
        assert_eq!(b.get(Counter::ItemsDecided), 1);
        assert_eq!(b.get(Counter::WorkDays), 0);
        a += &b;
        assert_eq!(a.get(Counter::ItemsDecided), 1);
        assert!(!a.is_zero());
    }
}
