//! Masking of personal identifiers for pages and logs.
//!
//! ID numbers keep their first 4 and last 4 characters
//! (`3701**********1234`); phone numbers keep the first 3 and last 4
//! (`138****5678`). Anything shorter than what is kept is masked whole, so
//! a malformed value never leaks either.

/// Masks a resident ID number or any long identifier: first 4 and last 4
/// characters kept, the rest `*`.
pub fn id_number(value: &str) -> String {
    keep_ends(value, 4, 4)
}

/// Masks a phone number: first 3 and last 4 digits kept.
pub fn phone(value: &str) -> String {
    keep_ends(value, 3, 4)
}

/// Keeps `head` leading and `tail` trailing characters; masks the rest.
/// Values too short to hide at least 4 characters are masked whole.
fn keep_ends(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    if n < head + tail + 4 {
        return "*".repeat(n.max(1));
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_number_keeps_its_first_and_last_four_characters() {
        assert_eq!(id_number("370102199003071234"), "3701**********1234");
    }

    #[test]
    fn a_phone_number_keeps_its_first_three_and_last_four_digits() {
        assert_eq!(phone("13812345678"), "138****5678");
    }

    #[test]
    fn a_value_too_short_to_mask_partly_is_masked_whole() {
        assert_eq!(phone("12345"), "*****");
        assert_eq!(id_number(""), "*");
    }
}
