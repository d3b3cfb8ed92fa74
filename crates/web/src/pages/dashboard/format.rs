//! One way to write every figure on the supervision pages: counts with
//! thousands separators, rates as percentages with two decimals, working
//! days with two decimals, and "—" where a figure has no value.

use maud::{Markup, html};
use tongban_domain::metrics::{Percentile, Rate};

/// What a figure without a value shows (a rate without denominator).
pub const NONE: &str = "—";

/// A figure ready to be shown: its kind decides how it is written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown {
    /// A whole number (件, 个, 次).
    Count(i64),
    /// A percentage, `None` when there is nothing to divide by.
    Percent(Option<f64>),
    /// Working days (or another decimal), `None` when undefined.
    Days(Option<f64>),
    /// The P90 handling time, exact or a bucket's upper bound.
    P90(Option<Percentile>),
}

impl Shown {
    /// A rate as a percentage.
    pub fn rate(rate: &Rate) -> Shown {
        Shown::Percent(rate.percent)
    }

    /// The text a reader sees.
    pub fn text(self) -> String {
        match self {
            Shown::Count(n) => count(n),
            Shown::Percent(p) => p.map_or_else(|| NONE.to_string(), |p| format!("{p:.2}%")),
            Shown::Days(d) => d.map_or_else(|| NONE.to_string(), |d| format!("{d:.2}")),
            Shown::P90(p) => match p {
                None => NONE.to_string(),
                Some(Percentile { days: None, .. }) => ">180".to_string(),
                Some(Percentile {
                    days: Some(d),
                    exact: true,
                }) => d.to_string(),
                Some(Percentile { days: Some(d), .. }) => format!("≤{d}"),
            },
        }
    }

    /// The plain machine value (for `data-value`), empty when none.
    pub fn value(self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Percent(Some(v)) | Shown::Days(Some(v)) => v.to_string(),
            Shown::P90(Some(Percentile { days: Some(d), .. })) => d.to_string(),
            _ => String::new(),
        }
    }
}

/// `n` with a comma every three digits: 1234567 → "1,234,567".
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A figure in a span that tests and scripts can read:
/// `data-metric="<name>"` and the plain `data-value`.
pub fn figure(metric: &str, shown: Shown) -> Markup {
    html! {
        span.figure data-metric=(metric) data-value=(shown.value()) { (shown.text()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_get_a_comma_every_three_digits() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(60176), "60,176");
        assert_eq!(count(-1234567), "-1,234,567");
    }

    #[test]
    fn rates_days_and_missing_values_are_written_one_way() {
        assert_eq!(Shown::Percent(Some(98.98)).text(), "98.98%");
        assert_eq!(Shown::Percent(Some(100.0)).text(), "100.00%");
        assert_eq!(Shown::Percent(None).text(), "—");
        assert_eq!(Shown::Days(Some(3.5)).text(), "3.50");
        assert_eq!(Shown::Percent(None).value(), "");
    }

    #[test]
    fn the_p90_says_when_it_is_a_bucket_bound() {
        let exact = Percentile {
            days: Some(9),
            exact: true,
        };
        let bound = Percentile {
            days: Some(40),
            exact: false,
        };
        let beyond = Percentile {
            days: None,
            exact: false,
        };
        assert_eq!(Shown::P90(Some(exact)).text(), "9");
        assert_eq!(Shown::P90(Some(bound)).text(), "≤40");
        assert_eq!(Shown::P90(Some(bound)).value(), "40");
        assert_eq!(Shown::P90(Some(beyond)).text(), ">180");
    }
}
