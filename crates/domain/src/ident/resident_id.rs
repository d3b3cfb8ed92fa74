//! 公民身份号码 (GB 11643-1999), the number on the 居民身份证, and the
//! GB 11643 layout it shares with the residence permits.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::region::county_in_force;
use super::{IdentError, RegionCode, refuse, stdnum_compact};
use crate::mask;

/// The weights of GB 11643 (ISO 7064 MOD 11-2): 2^(17-i) mod 11.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character of 17 leading ASCII digits: `0`–`9` or `X`.
pub(super) fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d.wrapping_sub(b'0')) * w)
        .sum();
    match (12 - sum % 11) % 11 {
        10 => 'X',
        v => char::from(b'0' + v as u8),
    }
}

/// What is wrong with a number in the GB 11643 layout, before the address
/// code is looked at.
pub(super) enum Fault {
    /// 15 digits: a first-generation number.
    Legacy15,
    /// Not 18 characters; the count found.
    Length(usize),
    /// A non-digit among the first 17 characters.
    Format(char),
    /// The 18th character is not the check character.
    Checksum,
    /// Characters 7–14 are not a date (year 0001–9999).
    BirthDate(String),
}

impl Fault {
    /// The Chinese explanation of the fault.
    pub(super) fn why(&self) -> String {
        match self {
            Fault::Legacy15 => "这是15位的旧号码，请填写18位号码".into(),
            Fault::Length(n) => format!("应为18位，实为{n}位"),
            Fault::Format(c) => format!("前17位应为数字，不能含“{c}”"),
            Fault::Checksum => "校验码（第18位）不正确，请核对是否输错".into(),
            Fault::BirthDate(d) => format!("出生日期“{d}”不是有效日期"),
        }
    }
}

/// A number that passed the GB 11643 checks shared by all its users:
/// normalised text and birth date.
pub(super) struct Layout {
    /// The normalised 18 characters (upper-case `X`).
    pub(super) number: String,
    /// The birth date, characters 7–14.
    pub(super) birth: NaiveDate,
}

/// Checks length, digits, check character and birth date, in that order
/// (python-stdnum's order).
pub(super) fn layout(s: &str) -> Result<Layout, Fault> {
    let number = stdnum_compact(s, &[]);
    let count = number.chars().count();
    if count != 18 {
        let legacy = count == 15 && number.bytes().all(|b| b.is_ascii_digit());
        return Err(if legacy {
            Fault::Legacy15
        } else {
            Fault::Length(count)
        });
    }
    if let Some(c) = number.chars().take(17).find(|c| !c.is_ascii_digit()) {
        return Err(Fault::Format(c));
    }
    let bytes = number.as_bytes();
    if number.chars().nth(17) != Some(check_char(&bytes[..17])) {
        return Err(Fault::Checksum);
    }
    let digits = &number[6..14];
    let field = |r: std::ops::Range<usize>| number[r].parse::<u32>().unwrap_or(0);
    let year = field(6..10);
    let birth = NaiveDate::from_ymd_opt(year as i32, field(10..12), field(12..14))
        .filter(|_| year >= 1)
        .ok_or_else(|| Fault::BirthDate(digits.to_string()))?;
    Ok(Layout { number, birth })
}

/// The birth date of a number that passed [`layout`].
pub(super) fn birth_of(number: &str) -> NaiveDate {
    let field = |r: std::ops::Range<usize>| number.get(r).and_then(|t| t.parse().ok()).unwrap_or(1);
    NaiveDate::from_ymd_opt(field(6..10) as i32, field(10..12), field(12..14))
        .unwrap_or(NaiveDate::MIN)
}

/// Gender as encoded in the 17th digit: odd for men, even for women.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// 男: odd sequence digit.
    Male,
    /// 女: even sequence digit.
    Female,
}

impl Gender {
    /// Reads the gender from a checked number's 17th digit.
    pub(super) fn of(number: &str) -> Gender {
        let odd = number.as_bytes().get(16).is_some_and(|d| d % 2 == 1);
        if odd { Gender::Male } else { Gender::Female }
    }

    /// The Chinese label, 男 or 女.
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

/// 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date,
/// 3-digit sequence (odd for men), and an ISO 7064 MOD 11-2 check character
/// (`X` for 10; a typed `x` is upper-cased).
///
/// The address code must be a county-level GB/T 2260 code in force in the
/// birth year or later (see `docs/identifiers.md`). `Display` prints the
/// whole number, for storage; `Debug` prints it masked.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId(pub(super) String);

impl ResidentId {
    /// Parses and checks a resident ID number: length, digits, check
    /// character, a real birth date, and an address code GB/T 2260 has
    /// assigned. It reads no clock, so a birth date in the future passes;
    /// use [`ResidentId::parse_as_of`] where today's date is known.
    /// 15-digit first-generation numbers are refused (as python-stdnum
    /// does); [`ResidentId::from_legacy15`] converts them.
    pub fn parse(s: &str) -> Result<ResidentId, IdentError> {
        let bad = |code, why: String| {
            refuse(
                code,
                format!("公民身份号码“{}”无效：{why}", mask::id_number(s)),
            )
        };
        let Layout { number, birth } = layout(s).map_err(|f| {
            let code = match f {
                Fault::Legacy15 => "invalid_resident_id_legacy",
                Fault::Length(_) => "invalid_resident_id_length",
                Fault::Format(_) => "invalid_resident_id_format",
                Fault::Checksum => "invalid_resident_id_checksum",
                Fault::BirthDate(_) => "invalid_resident_id_birth_date",
            };
            bad(code, f.why())
        })?;
        let address = &number[..6];
        match county_in_force(address) {
            Some(f) if f.on_or_after(birth.year()) => Ok(ResidentId(number)),
            Some(_) => Err(bad(
                "invalid_resident_id_region",
                format!("地址码“{address}”在出生年份{}年之前已撤销", birth.year()),
            )),
            None if address == "830000" => Err(bad(
                "invalid_resident_id_region",
                "地址码830000是台湾居民居住证号码，请按居住证填写".into(),
            )),
            None => Err(bad(
                "invalid_resident_id_region",
                format!("地址码“{address}”不是已知的县级行政区划代码"),
            )),
        }
    }

    /// Like [`ResidentId::parse`], and also refuses a birth date after
    /// `today` or more than 150 years before it.
    pub fn parse_as_of(s: &str, today: NaiveDate) -> Result<ResidentId, IdentError> {
        let id = ResidentId::parse(s)?;
        let birth = id.birth_date();
        let oldest = today
            .with_year(today.year() - 150)
            .unwrap_or(NaiveDate::MIN);
        if birth > today || birth < oldest {
            let why = if birth > today {
                "晚于今天"
            } else {
                "早于150年前"
            };
            return Err(refuse(
                "invalid_resident_id_birth_date",
                format!(
                    "公民身份号码“{}”无效：出生日期{}{why}",
                    mask::id_number(s),
                    birth.format("%Y年%m月%d日")
                ),
            ));
        }
        Ok(id)
    }

    /// Converts a 15-digit first-generation number (address, `yymmdd`,
    /// sequence) to its 18-digit form: `19` is put before the year and the
    /// check character appended, then the result is checked like
    /// [`ResidentId::parse`].
    pub fn from_legacy15(s: &str) -> Result<ResidentId, IdentError> {
        let digits = stdnum_compact(s, &[]);
        if digits.len() != 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(refuse(
                "invalid_resident_id_legacy",
                format!("15位旧身份证号码“{}”无效：应为15位数字", mask::id_number(s)),
            ));
        }
        let first17 = format!("{}19{}", &digits[..6], &digits[6..]);
        let check = check_char(first17.as_bytes());
        ResidentId::parse(&format!("{first17}{check}"))
    }

    /// The number as text (18 characters, upper-case `X`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date, characters 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        birth_of(&self.0)
    }

    /// The gender, from the 17th digit (odd: male).
    pub fn gender(&self) -> Gender {
        Gender::of(&self.0)
    }

    /// The 6-digit address code: the county of permanent residence when the
    /// number was assigned.
    pub fn region_code(&self) -> RegionCode {
        RegionCode(self.0.get(..6).unwrap_or_default().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Appends the check character to 17 digits.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()))
    }

    #[test]
    fn the_standard_example_gives_birth_date_gender_and_region() {
        let id = ResidentId::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X", "x is upper-cased");
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.region_code().as_str(), "110105");
        let man = ResidentId::parse(&with_check("11010519491231001")).unwrap();
        assert_eq!(man.gender().label(), "男");
    }

    #[test]
    fn full_width_digits_from_a_chinese_input_method_are_accepted() {
        let id = ResidentId::parse("　１１０１０５１９４９１２３１００２X ");
        assert_eq!(id.unwrap().as_str(), "11010519491231002X");
    }

    #[test]
    fn each_fault_has_its_own_code_and_a_masked_chinese_message() {
        let cases = [
            ("1101051949123100", "invalid_resident_id_length", "18位"),
            ("110105491231002", "invalid_resident_id_legacy", "15位"),
            ("1101051949123100AX", "invalid_resident_id_format", "“A”"),
            (
                "110105194912310021",
                "invalid_resident_id_checksum",
                "校验码",
            ),
            (
                &with_check("11010519990230002"),
                "invalid_resident_id_birth_date",
                "19990230",
            ),
            (
                &with_check("11999919900101002"),
                "invalid_resident_id_region",
                "119999",
            ),
            (
                &with_check("83000019900101002"),
                "invalid_resident_id_region",
                "居住证",
            ),
        ];
        for (input, code, hint) in cases {
            let err = ResidentId::parse(input).unwrap_err();
            assert_eq!(err.code, code, "{input}");
            assert!(err.message.contains(hint), "{input}: {}", err.message);
            assert!(!err.message.contains(input), "unmasked: {}", err.message);
        }
    }

    #[test]
    fn a_county_abolished_before_the_birth_is_refused_but_one_created_later_is_not() {
        // 110103 崇文区 was abolished in 2010: nobody born in 2015 has it.
        let err = ResidentId::parse(&with_check("11010320150101002")).unwrap_err();
        assert_eq!(err.code, "invalid_resident_id_region");
        assert!(ResidentId::parse(&with_check("11010320100101002")).is_ok());
        // 130502 came into use in 1983; a person born in 1960 got it when
        // the number was assigned (python-stdnum refuses this one).
        assert!(ResidentId::parse(&with_check("13050219600101002")).is_ok());
    }

    #[test]
    fn parse_as_of_refuses_a_birth_date_after_today() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let future = with_check("11010520250602002");
        assert!(ResidentId::parse(&future).is_ok(), "no clock in parse");
        let err = ResidentId::parse_as_of(&future, today).unwrap_err();
        assert_eq!(err.code, "invalid_resident_id_birth_date");
        assert!(err.message.contains("晚于今天"), "{}", err.message);
        assert!(ResidentId::parse_as_of(&with_check("11010520250601002"), today).is_ok());
        assert!(ResidentId::parse_as_of(&with_check("11010518700601002"), today).is_err());
    }

    #[test]
    fn a_fifteen_digit_number_converts_to_its_eighteen_digit_form() {
        let id = ResidentId::from_legacy15("110105491231002").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert!(ResidentId::from_legacy15("11010549123100").is_err());
    }

    #[test]
    fn debug_masks_the_number_but_display_prints_it_for_storage() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        let debug = format!("{id:?}");
        assert!(debug.contains("1101**********002X"), "{debug}");
        assert!(!debug.contains("19491231"), "{debug}");
        assert_eq!(id.to_string(), "11010519491231002X");
    }

    /// A valid number: a known county code, a birth year in which or after
    /// which the code was in force, any sequence.
    fn any_valid() -> impl Strategy<Value = String> {
        let mut codes: Vec<&str> = super::super::region::known_counties().collect();
        codes.sort_unstable();
        (proptest::sample::select(codes), 0u32..40_000, 0u32..1000).prop_map(|(code, day, seq)| {
            let start = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
            let mut birth = start + chrono::Days::new(u64::from(day));
            let in_force = county_in_force(code).unwrap();
            while !in_force.on_or_after(birth.year()) {
                birth = birth.with_year(birth.year() - 10).unwrap_or(start);
            }
            with_check(&format!("{code}{}{seq:03}", birth.format("%Y%m%d")))
        })
    }

    proptest! {
        #[test]
        fn any_valid_17_digits_with_their_computed_check_parse(n in any_valid()) {
            let id = ResidentId::parse(&n).unwrap();
            prop_assert_eq!(id.as_str(), n.as_str());
        }

        #[test]
        fn any_single_character_change_is_refused(
            n in any_valid(),
            pos in 0usize..18,
            to in proptest::sample::select("0123456789XA".chars().collect::<Vec<_>>()),
        ) {
            let mut chars: Vec<char> = n.chars().collect();
            prop_assume!(chars[pos] != to);
            chars[pos] = to;
            let changed: String = chars.into_iter().collect();
            prop_assert!(ResidentId::parse(&changed).is_err(), "{} accepted", changed);
        }
    }
}
