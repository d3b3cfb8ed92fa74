//! Text folding shared by indexing and querying: the normalised form of a
//! name, its pinyin initials (with 多音字 variants) and a query's character
//! grams (matching [`crate::grams::CharGrams`] on the index side).
//!
//! Both sides must fold text the same way, so everything that turns text into
//! terms outside the jieba analyzer lives here.

use pinyin::ToPinyin;

/// At most this many initials spellings are indexed per name: 多音字 make
/// the number of spellings grow as a product, and the first few carry the
/// common readings.
const MAX_INITIALS_VARIANTS: usize = 4;

/// Common abbreviations of service words and what names spell out
/// (社保 → 社会保险): a query part with one also searches the long form.
pub(crate) const ABBREVIATIONS: [(&str, &str); 8] = [
    ("社保", "社会保险"),
    ("医保", "医疗保险"),
    ("低保", "最低生活保障"),
    ("个体户", "个体工商户"),
    ("驾照", "驾驶证"),
    ("户口", "户籍"),
    ("出生证", "出生医学证明"),
    ("营业证", "营业执照"),
];

/// A folded text and its spellings with abbreviations written out, the
/// text itself first.
pub(crate) fn spellings(folded: &str) -> Vec<String> {
    let mut out = vec![folded.to_string()];
    for (short, long) in ABBREVIATIONS {
        if folded.contains(short) && !folded.contains(long) {
            out.push(folded.replace(short, long));
        }
    }
    out
}

/// Folds one character for search: ASCII and full-width letters and digits
/// become lower-case ASCII, other letters (汉字 included) stay, everything
/// else (punctuation, spaces, symbols) is dropped.
pub(crate) fn fold(c: char) -> Option<char> {
    let c = match u32::from(c) {
        // Full-width ASCII variants (Ａ, １ …) → ASCII.
        0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii_alphanumeric() {
        Some(c.to_ascii_lowercase())
    } else if c.is_alphanumeric() {
        Some(c.to_lowercase().next().unwrap_or(c))
    } else {
        None
    }
}

/// The searchable form of a text: folded characters only, so
/// `企业设立登记（营业执照）` becomes `企业设立登记营业执照`.
pub(crate) fn normalize(text: &str) -> String {
    text.chars().filter_map(fold).collect()
}

/// Lower-case pinyin initials of `text`: `营业执照` → `yyzz`. Latin letters
/// and digits are kept (`ICP备案` → `icpba`); punctuation is dropped. A
/// 多音字 takes its most common reading.
pub fn initials(text: &str) -> String {
    text.chars()
        .filter_map(fold)
        .map(|c| letters_of(c)[0])
        .collect()
}

/// Every initials spelling of `text` worth indexing, the common one first:
/// `银行` gives `yx` (行 as xíng) and `yh` (行 as háng). At most
/// [`MAX_INITIALS_VARIANTS`] spellings, each as long as [`normalize`]'s
/// output.
pub(crate) fn initials_variants(text: &str) -> Vec<String> {
    let mut variants = vec![String::new()];
    for c in text.chars().filter_map(fold) {
        let letters = letters_of(c);
        let mut next = Vec::with_capacity(variants.len() * letters.len());
        for (i, letter) in letters.iter().enumerate() {
            for v in &variants {
                // The common reading always survives; others fill what room is left.
                if i > 0 && next.len() >= MAX_INITIALS_VARIANTS {
                    break;
                }
                let mut s = v.clone();
                s.push(*letter);
                next.push(s);
            }
        }
        variants = next;
    }
    variants
}

/// Common 多音字 of service names and the initial of their other common
/// reading (银行 háng, 重新 chóng, 会计 kuài, 给付 jǐ …). Only these add a
/// spelling: rarer readings (体 bèn, 参 shēn …) would make short
/// initials match unrelated names.
const OTHER_READINGS: [(char, char); 9] = [
    ('行', 'h'),
    ('长', 'c'),
    ('重', 'c'),
    ('调', 't'),
    ('给', 'j'),
    ('会', 'k'),
    ('厦', 'x'),
    ('乐', 'y'),
    ('藏', 'z'),
];

/// The initial letters a character can have, the common one first.
fn letters_of(c: char) -> Vec<char> {
    let common = match c.to_pinyin() {
        Some(p) => p.first_letter().chars().next().unwrap_or(c),
        None => c,
    };
    let mut letters = vec![common];
    for (ch, other) in OTHER_READINGS {
        if ch == c && other != common {
            letters.push(other);
        }
    }
    letters
}

/// The terms a query uses against a gram field: one unigram for a
/// one-character query, else the consecutive bigrams (empty for empty text).
pub(crate) fn query_grams(folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    match chars.len() {
        0 => Vec::new(),
        1 => vec![chars[0].to_string()],
        _ => chars
            .windows(2)
            .map(|w| format!("{}{}", w[0], w[1]))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_common_item_words_are_their_pinyin_first_letters() {
        assert_eq!(initials("营业执照"), "yyzz");
        assert_eq!(initials("食品经营许可"), "spjyxk");
        assert_eq!(initials("企业设立登记（营业执照）"), "qysldjyyzz");
    }

    #[test]
    fn initials_keep_latin_letters_and_digits_in_lower_case() {
        assert_eq!(initials("ICP备案"), "icpba");
        assert_eq!(initials("第２类 A证"), "d2laz");
    }

    #[test]
    fn a_heteronym_adds_a_spelling_after_the_common_one() {
        let v = initials_variants("银行开户");
        assert_eq!(v[0], initials("银行开户"));
        assert!(v.contains(&"yhkh".to_string()), "{v:?}");
        assert!(v.len() <= MAX_INITIALS_VARIANTS);
        assert!(v.iter().all(|s| s.chars().count() == 4));
    }

    #[test]
    fn every_listed_reading_differs_from_the_common_one() {
        for (c, other) in OTHER_READINGS {
            assert_eq!(letters_of(c).len(), 2, "{c}: {other}");
        }
    }

    #[test]
    fn normalize_drops_punctuation_and_lowercases() {
        assert_eq!(
            normalize("企业设立（营业执照） ABC-1"),
            "企业设立营业执照abc1"
        );
    }

    #[test]
    fn query_grams_are_consecutive_bigrams() {
        assert_eq!(query_grams("营业执照"), vec!["营业", "业执", "执照"]);
        assert_eq!(query_grams("证"), vec!["证"]);
        assert!(query_grams("").is_empty());
    }
}
