//! One real province: 福建省 with its nine cities and their districts and
//! counties (GB/T 2260 codes in force), the regions of the generated
//! catalog and the birthplaces in generated ID numbers.

/// (code, name) of every city-level and county-level region, each city
/// followed by its counties.
pub const FUJIAN: &[(&str, &str)] = &[
    ("350100", "福州市"),
    ("350102", "鼓楼区"),
    ("350103", "台江区"),
    ("350104", "仓山区"),
    ("350105", "马尾区"),
    ("350111", "晋安区"),
    ("350112", "长乐区"),
    ("350121", "闽侯县"),
    ("350122", "连江县"),
    ("350123", "罗源县"),
    ("350124", "闽清县"),
    ("350125", "永泰县"),
    ("350128", "平潭县"),
    ("350181", "福清市"),
    ("350200", "厦门市"),
    ("350203", "思明区"),
    ("350205", "海沧区"),
    ("350206", "湖里区"),
    ("350211", "集美区"),
    ("350212", "同安区"),
    ("350213", "翔安区"),
    ("350300", "莆田市"),
    ("350302", "城厢区"),
    ("350303", "涵江区"),
    ("350304", "荔城区"),
    ("350305", "秀屿区"),
    ("350322", "仙游县"),
    ("350400", "三明市"),
    ("350404", "三元区"),
    ("350405", "沙县区"),
    ("350421", "明溪县"),
    ("350423", "清流县"),
    ("350424", "宁化县"),
    ("350425", "大田县"),
    ("350426", "尤溪县"),
    ("350428", "将乐县"),
    ("350429", "泰宁县"),
    ("350430", "建宁县"),
    ("350481", "永安市"),
    ("350500", "泉州市"),
    ("350502", "鲤城区"),
    ("350503", "丰泽区"),
    ("350504", "洛江区"),
    ("350505", "泉港区"),
    ("350521", "惠安县"),
    ("350524", "安溪县"),
    ("350525", "永春县"),
    ("350526", "德化县"),
    ("350581", "石狮市"),
    ("350582", "晋江市"),
    ("350583", "南安市"),
    ("350600", "漳州市"),
    ("350602", "芗城区"),
    ("350603", "龙文区"),
    ("350604", "龙海区"),
    ("350605", "长泰区"),
    ("350622", "云霄县"),
    ("350623", "漳浦县"),
    ("350624", "诏安县"),
    ("350626", "东山县"),
    ("350627", "南靖县"),
    ("350628", "平和县"),
    ("350629", "华安县"),
    ("350700", "南平市"),
    ("350702", "延平区"),
    ("350703", "建阳区"),
    ("350721", "顺昌县"),
    ("350722", "浦城县"),
    ("350723", "光泽县"),
    ("350724", "松溪县"),
    ("350725", "政和县"),
    ("350781", "邵武市"),
    ("350782", "武夷山市"),
    ("350783", "建瓯市"),
    ("350800", "龙岩市"),
    ("350802", "新罗区"),
    ("350803", "永定区"),
    ("350821", "长汀县"),
    ("350823", "上杭县"),
    ("350824", "武平县"),
    ("350825", "连城县"),
    ("350881", "漳平市"),
    ("350900", "宁德市"),
    ("350902", "蕉城区"),
    ("350921", "霞浦县"),
    ("350922", "古田县"),
    ("350923", "屏南县"),
    ("350924", "寿宁县"),
    ("350925", "周宁县"),
    ("350926", "柘荣县"),
    ("350981", "福安市"),
    ("350982", "福鼎市"),
];

/// The province itself.
pub const PROVINCE: (&str, &str) = ("350000", "福建省");

/// True for a city-level code (`xxxx00`).
pub fn is_city(code: &str) -> bool {
    code.ends_with("00")
}

/// The first `counties` county-level regions in table order (all when
/// larger), with the cities they belong to, after the province: the
/// regions of a generated catalog.
pub fn regions(counties: usize) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![PROVINCE];
    let mut taken = 0;
    let mut city: Option<(&str, &str)> = None;
    for &(code, name) in FUJIAN {
        if is_city(code) {
            city = Some((code, name));
            continue;
        }
        if taken == counties {
            break;
        }
        if let Some(c) = city.take() {
            out.push(c);
        }
        out.push((code, name));
        taken += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tongban_domain::ident::ResidentId;

    #[test]
    fn every_county_code_is_a_birthplace_a_resident_id_accepts() {
        for &(code, name) in FUJIAN.iter().filter(|(c, _)| !is_city(c)) {
            // 1990-01-01, sequence 123: only the address code varies.
            let first17 = format!("{code}19900101123");
            let ok = (0..11).any(|check| {
                let c = if check == 10 {
                    'X'
                } else {
                    char::from(b'0' + check as u8)
                };
                ResidentId::parse(&format!("{first17}{c}")).is_ok()
            });
            assert!(ok, "{code} {name}");
        }
    }

    #[test]
    fn a_smaller_province_keeps_the_cities_of_its_counties() {
        let r = regions(3);
        assert_eq!(r[0], PROVINCE);
        assert_eq!(r[1], ("350100", "福州市"));
        assert_eq!(r.len(), 5);
        assert_eq!(regions(usize::MAX).len(), FUJIAN.len() + 1);
    }
}
