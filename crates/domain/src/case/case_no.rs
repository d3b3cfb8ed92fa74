//! 申办流水号 (`case_no`): the number a person reads over the phone to follow
//! a case.
//!
//! Eighteen digits: the handling region (6, GB/T 2260 county level or
//! above), the intake date `yymmdd` (6), a daily sequence (5, from the
//! store) and one Damm check digit. The Damm digit catches every single
//! wrong digit and every swap of two neighbours, the usual slips when a
//! number is read aloud, and is always a digit (never `X`). ISO 7064
//! MOD 11-10 and Luhn were considered and not used: both let about 2% of
//! neighbour swaps through (Luhn misses `09`↔`90`). python-stdnum's
//! `stdnum.damm` gives the same digits. Spoken in groups:
//! `350825 250124 00042 6`.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ident::{IdentError, RegionCode};

/// A checked case number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseNo(String);

/// The largest daily sequence a case number holds.
pub const MAX_SEQUENCE: u32 = 99_999;

impl CaseNo {
    /// The case number of the `seq`-th case received on `date` for
    /// `region` (its first six digits are used).
    pub fn new(region: &RegionCode, date: NaiveDate, seq: u32) -> Result<CaseNo, IdentError> {
        if !(2000..=2099).contains(&date.year()) {
            return Err(refuse(
                "case_no_date_out_of_range",
                format!("日期{date}超出流水号可表示的范围（2000年至2099年）"),
            ));
        }
        if !(1..=MAX_SEQUENCE).contains(&seq) {
            return Err(refuse(
                "case_no_sequence_exhausted",
                format!("当日流水序号{seq}超出范围（1至{MAX_SEQUENCE}）"),
            ));
        }
        let body = format!(
            "{}{:02}{:02}{:02}{seq:05}",
            &region.as_str()[..6],
            date.year() % 100,
            date.month(),
            date.day()
        );
        let check = check_digit(&body);
        Ok(CaseNo(format!("{body}{check}")))
    }

    /// Parses a case number as typed or read back: spaces and dashes are
    /// ignored; the shape, the region, the date and the check digit are
    /// verified.
    pub fn parse(s: &str) -> Result<CaseNo, IdentError> {
        let compact: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        if compact.len() != 18 || !compact.bytes().all(|b| b.is_ascii_digit()) {
            return Err(refuse(
                "invalid_case_no",
                format!("流水号“{s}”无效：应为18位数字"),
            ));
        }
        let (body, check) = compact.split_at(17);
        if check_digit(body).to_string() != check {
            return Err(refuse(
                "case_no_check_failed",
                format!("流水号“{s}”的校验位不符，请核对是否有数字抄错或顺序颠倒"),
            ));
        }
        let no = CaseNo(compact.clone());
        if RegionCode::parse(&compact[..6]).is_err() || no.date_parts().is_none() {
            return Err(refuse(
                "invalid_case_no",
                format!("流水号“{s}”无效：行政区划或日期部分有误"),
            ));
        }
        Ok(no)
    }

    /// The 18 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The region part (6 digits).
    pub fn region(&self) -> &str {
        &self.0[..6]
    }

    /// The intake date.
    pub fn date(&self) -> NaiveDate {
        // Every constructor checked the date, so the fallback is unreachable.
        self.date_parts().unwrap_or_default()
    }

    /// The daily sequence.
    pub fn sequence(&self) -> u32 {
        self.0[12..17].parse().unwrap_or_default()
    }

    /// The number in the groups a person reads aloud.
    pub fn spoken(&self) -> String {
        format!(
            "{} {} {} {}",
            &self.0[..6],
            &self.0[6..12],
            &self.0[12..17],
            &self.0[17..]
        )
    }

    fn date_parts(&self) -> Option<NaiveDate> {
        let num = |r: std::ops::Range<usize>| self.0.get(r)?.parse::<u32>().ok();
        let year = i32::try_from(num(6..8)?).ok()? + 2000;
        NaiveDate::from_ymd_opt(year, num(8..10)?, num(10..12)?)
    }
}

/// The Damm algorithm's quasigroup of order 10 (weakly totally
/// anti-symmetric), as published by H. M. Damm (2004).
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/// The Damm check digit of a string of ASCII digits.
fn check_digit(digits: &str) -> u8 {
    digits.bytes().fold(0u8, |interim, b| {
        DAMM[usize::from(interim)][usize::from(b.wrapping_sub(b'0') % 10)]
    })
}

fn refuse(code: &'static str, message: String) -> IdentError {
    IdentError { code, message }
}

impl TryFrom<String> for CaseNo {
    type Error = IdentError;
    fn try_from(s: String) -> Result<CaseNo, IdentError> {
        CaseNo::parse(&s)
    }
}

impl From<CaseNo> for String {
    fn from(c: CaseNo) -> String {
        c.0
    }
}

impl fmt::Display for CaseNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for CaseNo {
    type Err = IdentError;
    fn from_str(s: &str) -> Result<CaseNo, IdentError> {
        CaseNo::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CaseNo {
        let region = RegionCode::parse("350825").unwrap_or_else(|e| panic!("{e}"));
        let date = NaiveDate::from_ymd_opt(2025, 1, 24).unwrap_or_default();
        CaseNo::new(&region, date, 42).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_damm_check_digit_matches_python_stdnum() {
        // stdnum.damm.calc_check_digit('572') == '4' (Damm's own example)
        // and calc_check_digit('35082525012400042') == '6'.
        assert_eq!(check_digit("572"), 4);
        assert_eq!(check_digit("35082525012400042"), 6);
    }

    #[test]
    fn a_case_number_reads_back_as_region_date_and_sequence() {
        let no = sample();
        assert_eq!(no.as_str().len(), 18);
        assert_eq!(&no.as_str()[..17], "35082525012400042");
        assert_eq!(no.region(), "350825");
        assert_eq!(
            no.date(),
            NaiveDate::from_ymd_opt(2025, 1, 24).unwrap_or_default()
        );
        assert_eq!(no.sequence(), 42);
        assert_eq!(CaseNo::parse(&no.spoken()), Ok(no.clone()));
        assert_eq!(CaseNo::parse(&no.spoken().replace(' ', "-")), Ok(no));
    }

    #[test]
    fn every_misread_digit_and_every_swap_of_neighbours_is_caught() {
        let digits: Vec<u8> = sample().as_str().bytes().collect();
        for i in 0..digits.len() {
            for d in b'0'..=b'9' {
                let mut wrong = digits.clone();
                if wrong[i] == d {
                    continue;
                }
                wrong[i] = d;
                let text = String::from_utf8(wrong).unwrap_or_default();
                assert!(CaseNo::parse(&text).is_err(), "{text}");
            }
            if i + 1 < digits.len() && digits[i] != digits[i + 1] {
                let mut swapped = digits.clone();
                swapped.swap(i, i + 1);
                let text = String::from_utf8(swapped).unwrap_or_default();
                assert!(CaseNo::parse(&text).is_err(), "{text}");
            }
        }
    }

    #[test]
    fn a_sequence_out_of_range_or_a_bad_shape_is_refused_with_a_code() {
        let region = RegionCode::parse("350825").unwrap_or_else(|e| panic!("{e}"));
        let date = NaiveDate::from_ymd_opt(2025, 1, 24).unwrap_or_default();
        let code = |r: Result<CaseNo, IdentError>| r.err().map(|e| e.code);
        assert_eq!(
            code(CaseNo::new(&region, date, 0)),
            Some("case_no_sequence_exhausted")
        );
        assert_eq!(
            code(CaseNo::new(&region, date, 100_000)),
            Some("case_no_sequence_exhausted")
        );
        assert_eq!(
            code(CaseNo::parse("35082525012400042")),
            Some("invalid_case_no")
        );
        assert_eq!(
            code(CaseNo::parse("3508252501240004a7")),
            Some("invalid_case_no")
        );
    }
}
