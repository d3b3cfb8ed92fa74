//! The service hall (政务服务大厅) queue: numbers taken (取号), called to a
//! window (叫号) and served, and the "hall now" snapshot a supervisor sees
//! (queue length, waiting time, windows open).
//!
//! Pure rules only: ticket states and channels, how a ticket is labelled
//! (`A007`), the hall's business day (Beijing time), and how raw queue
//! figures become a [`HallSnapshot`]. Storage and the call-next race live
//! in the store; who may do what lives in the service.

mod day;
mod ticket;

pub use day::{business_day, day_start};
pub use ticket::{TicketChannel, TicketState, WindowState, ticket_label};

use chrono::{DateTime, Utc};

/// What a hall looks like now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HallSnapshot {
    /// The hall's code.
    pub hall: String,
    /// The hall's name.
    pub name: String,
    /// Numbers taken and not yet called.
    pub waiting: u32,
    /// Average wait of the numbers called today, in minutes.
    pub average_wait_minutes: Option<u32>,
    /// The longest current wait, in minutes.
    pub longest_wait_minutes: Option<u32>,
    /// Windows that are open now.
    pub windows_open: u32,
    /// Numbers served today.
    pub served_today: u32,
}

/// The raw figures of one hall for one business day, as counted by the
/// store with indexed queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFigures {
    /// Today's numbers still waiting.
    pub waiting: u64,
    /// When the oldest of them was taken.
    pub oldest_waiting_taken_at: Option<DateTime<Utc>>,
    /// Today's numbers called so far (then served, absent or still at the
    /// window).
    pub called: u64,
    /// The sum of their waits (called − taken), in seconds.
    pub called_wait_seconds: i64,
    /// Windows open now.
    pub windows_open: u64,
    /// Today's numbers served (办结).
    pub served: u64,
}

/// The snapshot of hall `hall` (`name`) from its figures at `now`.
///
/// The average wait is the called numbers' total wait divided by their
/// count; the longest wait is `now` minus when the oldest waiting number
/// was taken. Both are rounded to the nearest minute and are `None` when
/// there is nothing to measure. Counts beyond `u32` saturate.
pub fn snapshot(
    hall: &str,
    name: &str,
    figures: &QueueFigures,
    now: DateTime<Utc>,
) -> HallSnapshot {
    let average = if figures.called == 0 {
        None
    } else {
        let count = i64::try_from(figures.called).unwrap_or(i64::MAX);
        Some(minutes(figures.called_wait_seconds.max(0) / count.max(1)))
    };
    let longest = figures
        .oldest_waiting_taken_at
        .map(|taken| minutes((now - taken).num_seconds().max(0)));
    HallSnapshot {
        hall: hall.to_string(),
        name: name.to_string(),
        waiting: saturate(figures.waiting),
        average_wait_minutes: average,
        longest_wait_minutes: longest,
        windows_open: saturate(figures.windows_open),
        served_today: saturate(figures.served),
    }
}

/// Seconds as whole minutes, rounded to the nearest (half up).
pub fn minutes(seconds: i64) -> u32 {
    u32::try_from((seconds.max(0) + 30) / 60).unwrap_or(u32::MAX)
}

fn saturate(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 9, 30, h, m, s).unwrap()
    }

    #[test]
    fn an_empty_hall_has_no_waits_to_report() {
        let s = snapshot("h", "大厅", &QueueFigures::default(), at(2, 0, 0));
        assert_eq!(s.waiting, 0);
        assert_eq!(s.average_wait_minutes, None);
        assert_eq!(s.longest_wait_minutes, None);
    }

    #[test]
    fn waits_are_averaged_over_called_numbers_and_rounded_to_minutes() {
        let figures = QueueFigures {
            waiting: 2,
            oldest_waiting_taken_at: Some(at(1, 40, 31)),
            called: 3,
            // 5 min + 10 min + 12 min 30 s = 27 min 30 s → 9 min 10 s each.
            called_wait_seconds: 300 + 600 + 750,
            windows_open: 2,
            served: 1,
        };
        let s = snapshot("h", "大厅", &figures, at(2, 0, 0));
        assert_eq!(s.average_wait_minutes, Some(9));
        // 19 min 29 s rounds down.
        assert_eq!(s.longest_wait_minutes, Some(19));
        assert_eq!((s.waiting, s.windows_open, s.served_today), (2, 2, 1));
    }

    #[test]
    fn half_minutes_round_up() {
        assert_eq!(minutes(89), 1);
        assert_eq!(minutes(90), 2);
        assert_eq!(minutes(-5), 0);
    }
}
