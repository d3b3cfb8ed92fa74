//! The demo's generated subjects and what the demo sources hold about
//! them: deterministic (the same data on every run), with resident IDs and
//! credit codes whose check characters are right, and values that pass the
//! demo catalog's data elements (patterns and dictionaries).

use tongban_domain::ident::{Code, IdentError, ResidencePermit, ResidentId, TaiwanPermit, Uscc};
use tongban_domain::subject::{
    Enterprise, IdentityDocuments, LegalRepresentative, Person, Phone, Profile, Subject, SubjectId,
};

use super::sources::{HOUSEHOLD_REGISTRY, MARKET_REGISTRY, SOCIAL_INSURANCE};
use crate::accounts::{DEMO_PERSON, DEMO_PHONE};

/// Generated persons besides 张三 and the Taiwan compatriot.
const GENERATED_PERSONS: usize = 20;
/// 王秀英, an 86-year-old of 连城县 whom the 高龄津贴 rules (秒批) grant at
/// once: her name and the first 17 digits of her resident ID.
const ELDERLY: (&str, &str) = ("王秀英", "35082519400315024");

/// County codes in force today, with their address prefix.
const COUNTIES: [(&str, &str); 8] = [
    ("350825", "福建省龙岩市连城县"),
    ("350802", "福建省龙岩市新罗区"),
    ("350102", "福建省福州市鼓楼区"),
    ("110105", "北京市朝阳区"),
    ("310104", "上海市徐汇区"),
    ("440305", "广东省深圳市南山区"),
    ("330106", "浙江省杭州市西湖区"),
    ("371425", "山东省德州市齐河县"),
];
const STREETS: [&str; 6] = ["人民路", "中山路", "解放路", "北大路", "西门街", "文坊村"];
const SURNAMES: [&str; 12] = [
    "王", "李", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "罗",
];
const GIVEN_MALE: [&str; 6] = ["伟", "强", "磊", "军", "洋", "志勇"];
const GIVEN_FEMALE: [&str; 6] = ["芳", "娜", "秀英", "敏", "静", "丽华"];
const ETHNICITIES: [&str; 4] = ["汉族", "汉族", "畲族", "回族"];
/// Values of the `insured-type` dictionary.
const INSURED: [&str; 4] = [
    "企业职工基本养老保险",
    "城乡居民基本养老保险",
    "职工基本医疗保险",
    "城乡居民基本医疗保险",
];
/// (name, `enterprise-type` value, USCC category, scope, county index).
const ENTERPRISES: [(&str, &str, char, &str, usize); 6] = [
    (
        "连城县客家小厨餐饮有限公司",
        "有限责任公司",
        '1',
        "餐饮服务；食品销售",
        0,
    ),
    (
        "龙岩市闽西红食品有限公司",
        "有限责任公司",
        '1',
        "食品销售；预包装食品批发",
        1,
    ),
    (
        "福州榕城文化传播合伙企业",
        "合伙企业",
        '1',
        "文化艺术交流活动；会议及展览服务",
        2,
    ),
    (
        "连城县莲峰农产品专业合作社",
        "农民专业合作社",
        '3',
        "蔬菜种植；农产品初加工及销售",
        0,
    ),
    (
        "齐河县黄河人家个人独资企业",
        "个人独资企业",
        '1',
        "农家乐餐饮服务",
        7,
    ),
    (
        "深圳南山智造科技股份有限公司",
        "股份有限公司",
        '1',
        "软件开发；信息技术咨询服务",
        5,
    ),
];

/// One demo subject and what the demo sources hold about it.
#[derive(Debug, Clone)]
pub struct DemoRecord {
    /// The subject (its id is fixed, so seeding is idempotent).
    pub subject: Subject,
    /// (source code, the values it holds: (element code, value)).
    pub records: Vec<(Code, Vec<(Code, String)>)>,
}

/// The demo enterprises, in [`demo_data`] order (the first is in 连城县).
pub fn demo_enterprises() -> Result<Vec<Enterprise>, IdentError> {
    Ok(demo_data()?
        .into_iter()
        .filter_map(|r| match r.subject.profile {
            Profile::Enterprise(e) => Some(e),
            Profile::Person(_) => None,
        })
        .collect())
}

/// Every demo subject: 张三 first, then the Taiwan compatriot, the
/// generated persons and the enterprises. Fails only if a built-in value
/// is wrong (which a test rules out).
pub fn demo_data() -> Result<Vec<DemoRecord>, IdentError> {
    let mut all = vec![zhang_san()?, taiwan_compatriot()?, elderly()?];
    let mut persons = Vec::new();
    for i in 0..GENERATED_PERSONS {
        persons.push(person(i)?);
    }
    for (i, e) in ENTERPRISES.iter().enumerate() {
        let rep = persons.get(i * 3 % GENERATED_PERSONS).map(|p| &p.subject);
        all.push(enterprise(i, *e, rep)?);
    }
    all.splice(3..3, persons);
    Ok(all)
}

/// 张三: the demo applicant, with full 户籍 data and 社保 data. The
/// licences he holds are real ones, issued by granted cases.
fn zhang_san() -> Result<DemoRecord, IdentError> {
    let id = ResidentId::parse(DEMO_PERSON.1)?;
    let address = "福建省龙岩市连城县莲峰镇北大路12号".to_string();
    let name = DEMO_PERSON.0;
    let household = household(name, &id, "汉族", &address)?;
    let social = values(&[
        ("person-name", name.to_string()),
        ("resident-id", id.as_str().to_string()),
        ("insured-type", INSURED[1].to_string()),
        ("phone", DEMO_PHONE.to_string()),
        ("residence-address", address.clone()),
    ])?;
    Ok(DemoRecord {
        subject: Subject {
            id: SubjectId::new("demo-person-zhangsan"),
            profile: Profile::Person(Person {
                name: name.to_string(),
                documents: IdentityDocuments::resident(id),
                phone: Some(Phone::parse(DEMO_PHONE)?),
                address: Some(address),
            }),
        },
        records: vec![
            (Code::parse(HOUSEHOLD_REGISTRY)?, household),
            (Code::parse(SOCIAL_INSURANCE)?, social),
        ],
    })
}

/// 林志明: a Taiwan compatriot holding both a 台胞证 and a 居住证
/// (一人两证一档), insured where he lives.
fn taiwan_compatriot() -> Result<DemoRecord, IdentError> {
    let entry = TaiwanPermit::parse("08123456")?;
    let residence = ResidencePermit::parse(&with_check("83000019850612003"))?;
    let documents =
        IdentityDocuments::taiwan(Some(entry), Some(residence)).map_err(|e| IdentError {
            code: e.code(),
            message: e.to_string(),
        })?;
    let address = "福建省厦门市思明区环岛南路88号".to_string();
    let social = values(&[
        ("person-name", "林志明".to_string()),
        ("insured-type", INSURED[2].to_string()),
        ("phone", "13906000088".to_string()),
        ("residence-address", address.clone()),
    ])?;
    Ok(DemoRecord {
        subject: Subject {
            id: SubjectId::new("demo-person-taiwan"),
            profile: Profile::Person(Person {
                name: "林志明".to_string(),
                documents,
                phone: Some(Phone::parse("13906000088")?),
                address: Some(address),
            }),
        },
        records: vec![(Code::parse(SOCIAL_INSURANCE)?, social)],
    })
}

/// 王秀英: born 1940 with 连城县 户籍, insured, for the 秒批 demo.
fn elderly() -> Result<DemoRecord, IdentError> {
    let (name, first17) = ELDERLY;
    let id = ResidentId::parse(&with_check(first17))?;
    let address = "福建省龙岩市连城县文亨镇文坊村8号".to_string();
    let phone = "13959000080".to_string();
    let social = values(&[
        ("person-name", name.to_string()),
        ("resident-id", id.as_str().to_string()),
        ("insured-type", INSURED[1].to_string()),
        ("phone", phone.clone()),
        ("residence-address", address.clone()),
    ])?;
    Ok(DemoRecord {
        subject: Subject {
            id: SubjectId::new("demo-person-elderly"),
            profile: Profile::Person(Person {
                name: name.to_string(),
                documents: IdentityDocuments::resident(id.clone()),
                phone: Some(Phone::parse(&phone)?),
                address: Some(address.clone()),
            }),
        },
        records: vec![
            (
                Code::parse(HOUSEHOLD_REGISTRY)?,
                household(name, &id, "汉族", &address)?,
            ),
            (Code::parse(SOCIAL_INSURANCE)?, social),
        ],
    })
}

/// The name and resident ID of the demo's 80-year-old (秒批 高龄津贴).
pub fn demo_elderly() -> Result<(&'static str, String), IdentError> {
    let id = ResidentId::parse(&with_check(ELDERLY.1))?;
    Ok((ELDERLY.0, id.as_str().to_string()))
}

/// The `i`-th generated mainland resident.
fn person(i: usize) -> Result<DemoRecord, IdentError> {
    let male = i.is_multiple_of(2);
    let given = if male { GIVEN_MALE } else { GIVEN_FEMALE };
    let name = format!(
        "{}{}",
        SURNAMES[i % SURNAMES.len()],
        given[i * 5 % given.len()]
    );
    let (county, place) = COUNTIES[i % COUNTIES.len()];
    let year = 1958 + i * 3 % 45;
    let month = 1 + i * 5 % 12;
    let day = 1 + i * 11 % 28;
    let sequence = 2 * (i % 5) + usize::from(male);
    let first17 = format!(
        "{county}{year:04}{month:02}{day:02}{:02}{sequence}",
        i * 13 % 100
    );
    let id = ResidentId::parse(&with_check(&first17))?;
    let address = format!("{place}{}{}号", STREETS[i % STREETS.len()], 1 + i * 7 % 98);
    let phone = format!("139{:08}", 10_000_000 + i * 7919);
    let mut records = vec![(
        Code::parse(HOUSEHOLD_REGISTRY)?,
        household(&name, &id, ETHNICITIES[i % ETHNICITIES.len()], &address)?,
    )];
    if i.is_multiple_of(2) {
        records.push((
            Code::parse(SOCIAL_INSURANCE)?,
            values(&[
                ("person-name", name.clone()),
                ("resident-id", id.as_str().to_string()),
                ("insured-type", INSURED[i % INSURED.len()].to_string()),
                ("phone", phone.clone()),
                ("residence-address", address.clone()),
            ])?,
        ));
    }
    Ok(DemoRecord {
        subject: Subject {
            id: SubjectId::new(format!("demo-person-{i:02}")),
            profile: Profile::Person(Person {
                name,
                documents: IdentityDocuments::resident(id),
                phone: Some(Phone::parse(&phone)?),
                address: Some(address),
            }),
        },
        records,
    })
}

/// The `i`-th demo enterprise, its legal representative one of the
/// generated persons.
fn enterprise(
    i: usize,
    (name, kind, category, scope, county): (&str, &str, char, &str, usize),
    rep: Option<&Subject>,
) -> Result<DemoRecord, IdentError> {
    let (region, place) = COUNTIES[county % COUNTIES.len()];
    let org = organisation_code(&format!("{:08}", 31_415_926 + i * 271_828));
    let uscc = Uscc::complete(&format!("9{category}{region}{org}"))?;
    let address = format!(
        "{place}{}{}号",
        STREETS[(i + 2) % STREETS.len()],
        10 + i * 9
    );
    let representative = rep.and_then(|s| match &s.profile {
        Profile::Person(p) => Some(LegalRepresentative {
            name: p.name.clone(),
            resident_id: p.documents.resident_id().cloned(),
        }),
        Profile::Enterprise(_) => None,
    });
    let mut market = vec![
        ("entity-name", name.to_string()),
        ("uscc", uscc.as_str().to_string()),
        ("enterprise-type", kind.to_string()),
        ("business-address", address.clone()),
        ("business-scope", scope.to_string()),
    ];
    if let Some(r) = &representative {
        market.push(("legal-rep-name", r.name.clone()));
    }
    Ok(DemoRecord {
        subject: Subject {
            id: SubjectId::new(format!("demo-enterprise-{i:02}")),
            profile: Profile::Enterprise(Enterprise {
                name: name.to_string(),
                uscc,
                legal_representative: representative,
                address: Some(address),
                phone: None,
            }),
        },
        records: vec![(Code::parse(MARKET_REGISTRY)?, values(&market)?)],
    })
}

/// The 公安户籍 values of a person.
fn household(
    name: &str,
    id: &ResidentId,
    ethnicity: &str,
    address: &str,
) -> Result<Vec<(Code, String)>, IdentError> {
    values(&[
        ("person-name", name.to_string()),
        ("resident-id", id.as_str().to_string()),
        ("gender", id.gender().label().to_string()),
        ("birth-date", id.birth_date().format("%Y-%m-%d").to_string()),
        ("ethnicity", ethnicity.to_string()),
        ("domicile-address", address.to_string()),
    ])
}

fn values(pairs: &[(&str, String)]) -> Result<Vec<(Code, String)>, IdentError> {
    pairs
        .iter()
        .map(|(code, value)| Ok((Code::parse(code)?, value.clone())))
        .collect()
}

/// Appends the GB 11643 check character (ISO 7064 MOD 11-2) to 17 digits.
fn with_check(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

/// Appends the GB 11714 check character to an 8-digit organisation code.
fn organisation_code(first8: &str) -> String {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first8
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    let check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        c => char::from(b'0' + c as u8),
    };
    format!("{first8}{check}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_character_of_the_demo_person_is_reproduced() {
        assert_eq!(with_check("11010519491231002"), DEMO_PERSON.1);
    }

    #[test]
    fn an_organisation_code_gets_its_gb_11714_check_character() {
        // 3+14+27+40+25+48+28+16 = 201; 201 mod 11 = 3; 11 − 3 = 8.
        assert_eq!(organisation_code("12345678"), "123456788");
        assert_eq!(organisation_code("00000000"), "000000000");
    }
}
