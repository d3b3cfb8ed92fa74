//! Generated subjects (一人一档 / 一企一档): persons with valid resident ID
//! numbers and enterprises with valid unified social credit codes. Subject
//! `i` depends only on the seed and `i`, so a case can name its applicant
//! (and copy the phone) without the subjects being kept in memory.

use chrono::{Days, NaiveDate};
use tongban_domain::ident::{IdentError, ResidentId, Uscc};
use tongban_domain::subject::{
    Enterprise, IdentityDocuments, LegalRepresentative, Person, Phone, Profile, Subject, SubjectId,
};

use super::province::{FUJIAN, is_city};
use super::rng::Rng;

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "林", "郑", "何", "罗",
    "高", "梁", "谢", "宋", "邱", "曾", "蔡", "江",
];

const GIVEN: [&str; 32] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "华", "建", "志", "文", "海", "燕", "晓", "婷", "宇", "鑫",
];

const BRANDS: [&str; 16] = [
    "闽兴", "海峡", "榕信", "鹭岛", "武夷", "泉顺", "清源", "晋华", "九龙", "客家", "丝路", "东南",
    "嘉禾", "宏图", "恒泰", "瑞丰",
];

const TRADES: [&str; 12] = [
    "餐饮管理",
    "商贸",
    "食品",
    "建筑工程",
    "物流",
    "科技",
    "茶业",
    "服装",
    "电子",
    "医药",
    "旅游",
    "家政服务",
];

/// Every fifth subject is an enterprise, the others persons.
pub fn is_enterprise(i: u64) -> bool {
    i % 5 == 4
}

/// Births spread over 20,011 days (a prime) from 1950-01-01: with the
/// three-digit sequence, numbers stay unique for 20 million persons.
const BIRTH_DAYS: u64 = 20_011;

/// The stable id of subject `i`.
pub fn subject_id(i: u64) -> SubjectId {
    SubjectId::new(format!("gen-s{i:09}"))
}

/// The mobile phone of subject `i`.
pub fn phone(seed: u64, i: u64) -> String {
    let mut rng = Rng::new(seed ^ i, 0x9407E);
    let second = [b'3', b'5', b'7', b'8', b'9'][rng.below(5)];
    format!("1{}{:09}", char::from(second), rng.next() % 1_000_000_000)
}

/// Subject `i` of the data set of `seed`.
pub fn subject(seed: u64, i: u64) -> Result<Subject, IdentError> {
    let mut rng = Rng::new(seed ^ i, 0x5B7EC7);
    let counties: Vec<&(&str, &str)> = FUJIAN.iter().filter(|(c, _)| !is_city(c)).collect();
    let &&(county, county_name) = rng.pick(&counties).ok_or_else(no_region)?;
    let phone = Some(Phone::parse(&phone(seed, i))?);
    let profile = if is_enterprise(i) {
        let rep = person_name(&mut rng);
        let city = FUJIAN
            .iter()
            .find(|(c, _)| *c == format!("{}00", &county[..4]))
            .map(|(_, n)| n.trim_end_matches('市'))
            .unwrap_or("福建");
        let brand = rng.pick(&BRANDS).copied().unwrap_or("闽兴");
        let trade = rng.pick(&TRADES).copied().unwrap_or("商贸");
        Profile::Enterprise(Enterprise {
            name: format!("{city}{brand}{trade}有限公司（{}）", i / 5 + 1),
            uscc: uscc(county, i / 5)?,
            legal_representative: Some(LegalRepresentative {
                name: rep,
                resident_id: None,
            }),
            address: Some(format!(
                "福建省{county_name}{}路{}号",
                rng.pick(&BRANDS).copied().unwrap_or("东"),
                1 + rng.below(300)
            )),
            phone,
        })
    } else {
        let person = i - i / 5;
        Profile::Person(Person {
            name: person_name(&mut rng),
            documents: IdentityDocuments::resident(resident_id(county, person)?),
            phone,
            address: Some(format!(
                "福建省{county_name}{}街道{}号",
                rng.pick(&BRANDS).copied().unwrap_or("东"),
                1 + rng.below(200)
            )),
        })
    };
    Ok(Subject {
        id: subject_id(i),
        profile,
    })
}

/// A Chinese name: a surname and one or two given characters.
fn person_name(rng: &mut Rng) -> String {
    let mut name = rng.pick(&SURNAMES).copied().unwrap_or("王").to_string();
    for _ in 0..(1 + rng.below(2)) {
        name.push_str(rng.pick(&GIVEN).copied().unwrap_or("明"));
    }
    name
}

/// The `n`-th person's ID number, born in `county`: (birth day, sequence)
/// is a bijection of `n`, so numbers never repeat.
fn resident_id(county: &str, n: u64) -> Result<ResidentId, IdentError> {
    let seq = n % 1000;
    let day = ((n / 1000) * 7919) % BIRTH_DAYS;
    let birth = NaiveDate::from_ymd_opt(1950, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new(day)))
        .ok_or_else(no_region)?;
    let first17 = format!("{county}{}{seq:03}", birth.format("%Y%m%d"));
    ResidentId::parse(&format!("{first17}{}", check_char(&first17)))
}

/// ISO 7064 MOD 11-2 check character of 17 digits (GB 11643).
fn check_char(first17: &str) -> char {
    let sum: u32 = first17
        .bytes()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * ((1u32 << (17 - i)) % 11))
        .sum();
    match (12 - sum % 11) % 11 {
        10 => 'X',
        v => char::from(b'0' + v as u8),
    }
}

/// The `n`-th enterprise's credit code: 企业 (9) 1, registered in `county`,
/// a nine-digit organisation number from `n`, and its check character.
fn uscc(county: &str, n: u64) -> Result<Uscc, IdentError> {
    Uscc::complete(&format!("91{county}{:09}", n % 1_000_000_000))
}

fn no_region() -> IdentError {
    IdentError {
        code: "gen_no_region",
        message: "生成数据缺少行政区划".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tongban_domain::subject::SubjectKey;

    #[test]
    fn subjects_carry_valid_unique_identifiers_and_are_the_same_for_a_seed() {
        let mut keys = std::collections::BTreeSet::new();
        for i in 0..3000 {
            let s = subject(5, i).unwrap();
            assert_eq!(s, subject(5, i).unwrap());
            for key in s.keys() {
                match &key {
                    SubjectKey::ResidentId(id) => assert!(ResidentId::parse(id.as_str()).is_ok()),
                    SubjectKey::Uscc(u) => assert!(Uscc::parse(u.as_str()).is_ok()),
                    other => panic!("unexpected key {other:?}"),
                }
                assert!(keys.insert(key.lookup_value().to_string()), "duplicate key");
            }
            assert!(Phone::parse(&phone(5, i)).is_ok());
        }
        assert!(matches!(
            subject(5, 4).unwrap().profile,
            Profile::Enterprise(_)
        ));
        assert!(matches!(subject(5, 0).unwrap().profile, Profile::Person(_)));
    }

    #[test]
    fn the_check_character_is_the_standard_one() {
        // GB 11643's example 11010519491231002X.
        assert_eq!(check_char("11010519491231002"), 'X');
    }
}
