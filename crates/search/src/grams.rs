//! The character-gram tokenizer: each character and each pair of adjacent
//! characters, at the position of its first character. A phrase of a
//! query's consecutive pairs then matches exactly the texts that contain
//! the query, for 汉字 and pinyin initials alike.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Tokenizer for folded text (see [`crate::text::normalize`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CharGrams;

impl Tokenizer for CharGrams {
    type TokenStream<'a> = CharGramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CharGramStream<'a> {
        CharGramStream {
            text,
            at: 0,
            position: 0,
            pair_next: false,
            token: Token::default(),
        }
    }
}

/// The stream of [`CharGrams`]: the character at `at`, then the pair that
/// starts there, then on to the next character.
pub(crate) struct CharGramStream<'a> {
    text: &'a str,
    /// Byte offset of the current character.
    at: usize,
    /// Character index of the current character.
    position: usize,
    /// The single character was emitted; the pair comes next.
    pair_next: bool,
    token: Token,
}

impl CharGramStream<'_> {
    fn emit(&mut self, from: usize, to: usize, position: usize) -> bool {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = position;
        self.token.position_length = 1;
        true
    }
}

impl TokenStream for CharGramStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some(c) = self
                .text
                .get(self.at..)
                .and_then(|rest| rest.chars().next())
            else {
                return false;
            };
            let next = self.at + c.len_utf8();
            if !self.pair_next {
                self.pair_next = true;
                return self.emit(self.at, next, self.position);
            }
            self.pair_next = false;
            let (from, position) = (self.at, self.position);
            self.at = next;
            self.position += 1;
            if let Some(d) = self.text.get(next..).and_then(|rest| rest.chars().next()) {
                return self.emit(from, next + d.len_utf8(), position);
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(text: &str) -> Vec<(String, usize)> {
        let mut tokenizer = CharGrams;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position));
        }
        out
    }

    #[test]
    fn each_character_and_pair_comes_at_the_first_characters_position() {
        let want = [
            ("营", 0),
            ("营业", 0),
            ("业", 1),
            ("业执", 1),
            ("执", 2),
            ("执照", 2),
            ("照", 3),
        ];
        let want: Vec<(String, usize)> = want.iter().map(|(t, p)| (t.to_string(), *p)).collect();
        assert_eq!(grams("营业执照"), want);
    }

    #[test]
    fn short_texts_give_what_they_have() {
        assert!(grams("").is_empty());
        assert_eq!(grams("y"), vec![("y".to_string(), 0)]);
        assert_eq!(grams("yz").len(), 3);
    }
}
