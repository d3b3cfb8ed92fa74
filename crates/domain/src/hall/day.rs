//! The hall's business day: numbers are counted per calendar day in
//! Beijing time (UTC+8), whatever the server's time zone.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

/// Beijing time's offset from UTC, in hours.
const CST_HOURS: i64 = 8;

/// The Beijing calendar day of `at`.
pub fn business_day(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(CST_HOURS)).date_naive()
}

/// The instant `day` begins in Beijing (its 00:00 at UTC+8).
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc() - Duration::hours(CST_HOURS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_utc_evening_is_the_next_beijing_day() {
        let evening = Utc.with_ymd_and_hms(2025, 9, 30, 16, 30, 0).unwrap();
        assert_eq!(business_day(evening).to_string(), "2025-10-01");
        let morning = Utc.with_ymd_and_hms(2025, 9, 30, 15, 59, 59).unwrap();
        assert_eq!(business_day(morning).to_string(), "2025-09-30");
    }

    #[test]
    fn a_day_starts_at_beijing_midnight() {
        let day = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
        let start = day_start(day);
        assert_eq!(start, Utc.with_ymd_and_hms(2025, 9, 30, 16, 0, 0).unwrap());
        assert_eq!(business_day(start), day);
    }
}
