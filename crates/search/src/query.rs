//! Builds tantivy queries from a [`SearchQuery`] programmatically, so no
//! character the user types is ever read as query syntax.
//!
//! Ranking, the same for Chinese and for pinyin-initials text:
//! - whole query equals a name: `+EXACT`; a name starts with it: `+PREFIX`;
//! - each space-separated part the name contains (as characters, or for an
//!   ASCII part as the initials of consecutive words from a word start):
//!   `+CONTAINS`; common abbreviations count as written out (社保 → 社会保险);
//! - BM25 over the name (boost 3), the initials (boost 3), what an item
//!   produces (result and situation names, boost 2), other secondary text
//!   (department, bundle text, boost 1) and what an item consumes
//!   (materials and conditions, boost 0.5): an item that issues a 营业执照
//!   outranks one that merely asks for it. An ASCII part also searches the
//!   Chinese words whose initials it spells, so `yyzz` scores like 营业执照;
//! - a document in one of the tiers above gains up to `COVERAGE` by how much
//!   of its name the query covers, so short, exact names come first.
//!
//! Every part must match somewhere (AND across parts, OR within a part).

use std::collections::HashMap;

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tongban_domain::ident::Code;

use crate::document::{kind_key, level_key, region_filter_key, scope_key};
use crate::schema::{Fields, MAX_INITIALS_CHARS, MAX_PREFIX_CHARS};
use crate::text::{normalize, query_grams, spellings};
use crate::{SearchQuery, Target};

/// Bonus for a name equal to the whole query (or a code equal to a part).
pub(crate) const EXACT: f32 = 100_000.0;
/// Bonus for a name that starts with the whole query.
pub(crate) const PREFIX: f32 = 10_000.0;
/// Bonus per query part that the name contains.
pub(crate) const CONTAINS: f32 = 1_000.0;
/// Largest bonus for covering the whole name.
pub(crate) const COVERAGE: f32 = 100.0;
const NAME_BOOST: f32 = 3.0;
const INITIALS_BOOST: f32 = 3.0;
const TEXT_BOOST: f32 = 1.0;
/// What an item produces (result, situations) is what a citizen names when
/// searching for it: twice the weight of other secondary text.
const PRODUCES_BOOST: f32 = 2.0;
/// What an item consumes (materials, conditions) is only a hint: half the
/// weight, so 4× below what is produced.
const CONSUMES_BOOST: f32 = 0.5;

/// Query text beyond this many characters is ignored.
pub const MAX_QUERY_CHARS: usize = 100;
/// Space-separated parts beyond this many are ignored.
const MAX_PARTS: usize = 8;

/// A query ready to run.
pub(crate) enum Plan {
    /// No searchable text: list the filtered documents by code.
    List(Box<dyn Query>),
    /// Ranked search; `query_chars` is the folded query length, for coverage.
    Rank {
        query: Box<dyn Query>,
        query_chars: usize,
    },
}

/// What query building reads besides the request.
pub(crate) struct Context<'a> {
    pub fields: &'a Fields,
    pub analyzer: TextAnalyzer,
    pub words: &'a HashMap<String, Vec<String>>,
}

/// Plans `request`.
pub(crate) fn plan(ctx: &mut Context, request: &SearchQuery) -> Plan {
    let f = ctx.fields;
    let filters = filters(f, request);
    let text: String = request.text.chars().take(MAX_QUERY_CHARS).collect();
    let parts: Vec<(&str, String)> = text
        .split_whitespace()
        .map(|raw| (raw, normalize(raw)))
        .filter(|(_, folded)| !folded.is_empty())
        .take(MAX_PARTS)
        .collect();
    if parts.is_empty() {
        let clauses = filters.into_iter().map(|q| (Occur::Must, q)).collect();
        return Plan::List(Box::new(BooleanQuery::new(clauses)));
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = filters
        .into_iter()
        .map(|q| (Occur::Must, constant(q, 0.0)))
        .collect();
    for (raw, folded) in &parts {
        let group = if folded.is_ascii() {
            ctx.ascii_part(raw, folded)
        } else {
            ctx.chinese_part(folded)
        };
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(group))));
    }
    let whole: String = parts.iter().map(|(_, folded)| folded.as_str()).collect();
    for spelling in spellings(&whole) {
        let exact = term(Term::from_field_text(f.exact, &spelling));
        clauses.push((Occur::Should, constant(exact, EXACT)));
        if spelling.chars().count() <= MAX_PREFIX_CHARS {
            let prefix = term(Term::from_field_text(f.prefix, &spelling));
            clauses.push((Occur::Should, constant(prefix, PREFIX)));
        }
    }
    Plan::Rank {
        query: Box::new(BooleanQuery::new(clauses)),
        query_chars: whole.chars().count(),
    }
}

impl Context<'_> {
    /// Clauses for a part with Chinese characters.
    fn chinese_part(&mut self, folded: &str) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields;
        let mut group = Vec::new();
        for spelling in spellings(folded) {
            group.extend(self.word_clauses(&spelling));
            if let Some(q) = contains(f.name_grams, &spelling) {
                group.push((Occur::Should, constant(q, CONTAINS)));
            }
        }
        group
    }

    /// Clauses for an ASCII part: pinyin initials, Latin words, the Chinese
    /// words the initials spell, and a code.
    fn ascii_part(&mut self, raw: &str, folded: &str) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields;
        let mut group = self.word_clauses(folded);
        let letters = folded.chars().count();
        if (2..=MAX_INITIALS_CHARS).contains(&letters) {
            let common = term(Term::from_field_text(f.initials_words, folded));
            let other = term(Term::from_field_text(f.initials_alt_words, folded));
            let either = BooleanQuery::new(vec![
                (Occur::Should, common.box_clone()),
                (Occur::Should, other),
            ]);
            group.push((Occur::Should, constant(Box::new(either), CONTAINS)));
            group.push((
                Occur::Should,
                Box::new(BoostQuery::new(common, INITIALS_BOOST)),
            ));
        } else if letters > MAX_INITIALS_CHARS {
            // Too long for the word index: the name must start with it, or
            // be spelled by it whole.
            let prefix = term(Term::from_field_text(f.prefix, folded));
            let exact = term(Term::from_field_text(f.exact, folded));
            let either = BooleanQuery::new(vec![(Occur::Should, prefix), (Occur::Should, exact)]);
            group.push((Occur::Should, constant(Box::new(either), CONTAINS)));
        }
        let words = self.words.get(folded).cloned().unwrap_or_default();
        for word in words {
            for spelling in spellings(&word) {
                group.extend(self.word_clauses(&spelling));
            }
        }
        if let Ok(code) = Code::parse(raw) {
            let q = term(Term::from_field_text(f.code, code.as_str()));
            group.push((Occur::Should, constant(q, EXACT)));
        }
        group
    }

    /// BM25 clauses for the jieba words of `text` in the name and the
    /// secondary text fields, each with its weight.
    fn word_clauses(&mut self, text: &str) -> Vec<(Occur, Box<dyn Query>)> {
        let mut words: Vec<String> = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if !normalize(&token.text).is_empty() && !words.contains(&token.text) {
                words.push(token.text.clone());
            }
        }
        let f = self.fields;
        let weighted = [
            (f.name, NAME_BOOST),
            (f.produces, PRODUCES_BOOST),
            (f.text, TEXT_BOOST),
            (f.consumes, CONSUMES_BOOST),
        ];
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            Vec::with_capacity(words.len() * weighted.len());
        for word in words {
            for (field, boost) in weighted {
                let q = term(Term::from_field_text(field, &word));
                clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
        }
        clauses
    }
}

/// The filter queries of a request, the kind filter first.
fn filters(f: &Fields, request: &SearchQuery) -> Vec<Box<dyn Query>> {
    let bundles = request.target == Target::Bundles;
    let mut out = vec![term(Term::from_field_text(f.kind, kind_key(bundles)))];
    if let Some(department) = &request.department {
        out.push(term(Term::from_field_text(f.department, department.trim())));
    }
    if let Some(region) = &request.region {
        out.push(term(Term::from_field_text(
            f.region_tree,
            &region_filter_key(region),
        )));
    }
    if let Some(level) = request.level {
        out.push(term(Term::from_field_text(f.level, level_key(level))));
    }
    if let Some(scope) = request.scope {
        out.push(term(Term::from_field_text(f.scope, scope_key(scope))));
    }
    out
}

/// Matches documents whose gram field contains `folded` as a substring.
fn contains(field: Field, folded: &str) -> Option<Box<dyn Query>> {
    let terms: Vec<Term> = query_grams(folded)
        .iter()
        .map(|g| Term::from_field_text(field, g))
        .collect();
    match terms.len() {
        0 => None,
        1 => terms.into_iter().next().map(term),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    }
}

fn term(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
}

fn constant(q: Box<dyn Query>, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, score))
}
