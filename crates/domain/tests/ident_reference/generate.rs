//! Deterministic generation of valid and mutated resident ID numbers and
//! credit codes for the python-stdnum comparison.

const TABLE: &str = include_str!("../../src/ident/gb2260_history.txt");
const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// SplitMix64: a tiny seeded generator, so every run sees the same inputs.
pub struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo + 1) as usize) as i32
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A county code and its windows `(first, last)` of years in force.
struct County {
    code: &'static str,
    windows: Vec<(i32, i32)>,
}

fn counties() -> Vec<County> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split_whitespace();
            let code = parts.next().unwrap();
            let windows = parts
                .map(|w| {
                    let (a, b) = w.split_once('-').unwrap();
                    (a.parse().unwrap_or(1900), b.parse().unwrap_or(2030))
                })
                .collect();
            County { code, windows }
        })
        .collect()
}

fn ric_check(first17: &str) -> char {
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

fn with_ric_check(first17: &str) -> String {
    format!("{first17}{}", ric_check(first17))
}

fn ric_date(rng: &mut Rng, year: i32) -> String {
    let month = rng.range(1, 12);
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
    format!("{year:04}{month:02}{:02}", rng.range(1, days))
}

fn valid_ric(rng: &mut Rng, counties: &[County]) -> String {
    let c = rng.pick(counties);
    let year = match c.windows.as_slice() {
        [] => rng.range(1900, 2030),
        w if rng.chance(70) => {
            let (a, b) = *rng.pick(w);
            rng.range(a.max(1900), b.min(2030).max(a.max(1900)))
        }
        _ => rng.range(1900, 2030),
    };
    let date = ric_date(rng, year);
    with_ric_check(&format!("{}{date}{:03}", c.code, rng.below(1000)))
}

/// Changes the number in one of many ways; some results stay valid.
fn mutate_ric(rng: &mut Rng, n: &str, counties: &[County]) -> String {
    let mut chars: Vec<char> = n.chars().collect();
    let body = &n[6..17];
    match rng.below(13) {
        0 => {
            let at = rng.below(18);
            chars[at] = *rng.pick(&['0', '1', '5', '9', 'X', 'x', 'A', 'O']);
        }
        1 => {
            let at = rng.below(17);
            chars.swap(at, at + 1);
        }
        2 => chars.truncate(rng.below(18)),
        3 => chars.push(*rng.pick(&['0', '7', 'X'])),
        4 => {
            // A number ending in X, typed in lower case.
            let first14 = &n[..14];
            let lower = (0..1000)
                .map(|s| with_ric_check(&format!("{first14}{s:03}")))
                .find(|c| c.ends_with('X'))
                .unwrap_or_else(|| n.to_string());
            return lower.to_lowercase();
        }
        5 => chars[rng.below(17)] = char::from(b'A' + rng.below(26) as u8),
        6 => {
            let bad = [
                "19990230", "20230229", "20000229", "19001301", "19000229", "00000101", "19990631",
                "19990100", "99991231", "20241231", "18991231",
            ];
            return with_ric_check(&format!("{}{}{}", &n[..6], rng.pick(&bad), &n[14..17]));
        }
        7 => {
            let spaced = [
                format!(" {n} "),
                format!("\t{n}"),
                format!("{} {}", &n[..6], &n[6..]),
                format!("{} {} {}", &n[..6], &n[6..14], &n[14..]),
            ];
            return rng.pick(&spaced).clone();
        }
        8 => {
            let code = match rng.below(4) {
                0 => format!("{:06}", rng.below(1_000_000)),
                1 => format!("{}{:04}", &rng.pick(counties).code[..2], rng.below(10_000)),
                2 => rng
                    .pick(&["710000", "810000", "820000", "830000", "000000"])
                    .to_string(),
                _ => rng.pick(counties).code.to_string(),
            };
            return with_ric_check(&format!("{code}{body}"));
        }
        9 => {
            let wide: String = n
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(0xFF10 + (c as u32 - '0' as u32)).unwrap_or(c),
                    _ => c,
                })
                .collect();
            return if rng.chance(50) {
                wide
            } else {
                format!("{}-{}", &n[..6], &n[6..])
            };
        }
        10 => return format!("{}{}", &n[..6], &n[8..17]),
        11 => {
            let year = rng.range(1900, 2030);
            return with_ric_check(&format!("{}{}{}", &n[..6], ric_date(rng, year), &n[14..17]));
        }
        _ => chars.insert(rng.below(18), *rng.pick(&['1', '0'])),
    }
    chars.into_iter().collect()
}

/// `3 × bases` resident-ID inputs: each valid base and two mutations.
pub fn resident_ids(seed: u64, bases: usize) -> Vec<String> {
    let mut rng = Rng(seed);
    let counties = counties();
    let mut out = Vec::with_capacity(bases * 3);
    for _ in 0..bases {
        let n = valid_ric(&mut rng, &counties);
        out.push(mutate_ric(&mut rng, &n, &counties));
        out.push(mutate_ric(&mut rng, &n, &counties));
        out.push(n);
    }
    out
}

/// The check character of 17 characters, or `?` for one outside the alphabet.
fn uscc_check(first17: &str) -> char {
    let mut sum = 0u32;
    for (c, w) in first17.bytes().zip(USCC_WEIGHTS) {
        match USCC_ALPHABET.iter().position(|&a| a == c) {
            Some(v) => sum += v as u32 * w,
            None => return '?',
        }
    }
    char::from(USCC_ALPHABET[((31 - sum % 31) % 31) as usize])
}

fn with_uscc_check(first17: &str) -> String {
    format!("{first17}{}", uscc_check(first17))
}

fn uscc_char(rng: &mut Rng) -> char {
    char::from(*rng.pick(USCC_ALPHABET))
}

fn valid_uscc(rng: &mut Rng, counties: &[County]) -> String {
    let lead = |rng: &mut Rng| {
        if rng.chance(15) {
            char::from(USCC_ALPHABET[10 + rng.below(21)])
        } else {
            char::from(b'0' + rng.below(10) as u8)
        }
    };
    let (a, b) = (lead(rng), lead(rng));
    let region = if rng.chance(70) {
        rng.pick(counties).code.to_string()
    } else {
        format!("{:06}", rng.below(1_000_000))
    };
    let subject: String = (0..9).map(|_| uscc_char(rng)).collect();
    with_uscc_check(&format!("{a}{b}{region}{subject}"))
}

fn mutate_uscc(rng: &mut Rng, n: &str) -> String {
    let mut chars: Vec<char> = n.chars().collect();
    match rng.below(10) {
        0 => {
            let at = rng.below(18);
            chars[at] = *rng.pick(&['0', '9', 'A', 'Y', 'I', 'O', 'S', 'V', 'Z', 'a', 'y', '*']);
        }
        1 => {
            let at = rng.below(17);
            chars.swap(at, at + 1);
        }
        2 => chars.truncate(rng.below(18)),
        3 => chars.push(uscc_char(rng)),
        4 => return n.to_lowercase(),
        5 | 6 => {
            // A letter somewhere in positions 1-8, check recomputed.
            let span = if rng.chance(60) { 2 } else { 8 };
            chars[rng.below(span)] = char::from(USCC_ALPHABET[10 + rng.below(21)]);
            let first17: String = chars[..17].iter().collect();
            return with_uscc_check(&first17);
        }
        7 => {
            let spaced = [
                format!(" {n}"),
                format!("{} {}", &n[..8], &n[8..]),
                format!("{}-{}", &n[..2], &n[2..]),
                format!("{}\u{2013}{}", &n[..8], &n[8..]),
            ];
            return rng.pick(&spaced).clone();
        }
        8 => {
            let first17: String = (0..17).map(|_| uscc_char(rng)).collect();
            return with_uscc_check(&first17);
        }
        _ => chars[rng.below(18)] = char::from_u32(0xFF10 + rng.below(10) as u32).unwrap_or('0'),
    }
    chars.into_iter().collect()
}

/// `3 × bases` credit-code inputs: each valid base and two mutations.
pub fn usccs(seed: u64, bases: usize) -> Vec<String> {
    let mut rng = Rng(seed);
    let counties = counties();
    let mut out = Vec::with_capacity(bases * 3);
    for _ in 0..bases {
        let n = valid_uscc(&mut rng, &counties);
        out.push(mutate_uscc(&mut rng, &n));
        out.push(mutate_uscc(&mut rng, &n));
        out.push(n);
    }
    out
}
