//! The index schema: which fields a document has, how each is tokenized,
//! and the analyzer names registered on the index.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, NgramTokenizer, RemoveLongFilter, TextAnalyzer};
use tantivy_jieba::JiebaTokenizer;

use crate::grams::CharGrams;

/// Name of the jieba analyzer (search mode, lower-cased) on the index.
pub(crate) const JIEBA: &str = "jieba";
/// Name of the character-gram tokenizer (see [`CharGrams`]).
const GRAMS: &str = "char_grams";
/// Name of the prefix (edge n-gram) tokenizer.
const PREFIXES: &str = "prefixes";

/// Name of the initials word-prefix tokenizer.
const WORD_PREFIXES: &str = "word_prefixes";
/// Longest initials run indexed from a word start.
pub(crate) const MAX_INITIALS_CHARS: usize = 12;

/// Longest name prefix indexed; a longer query text can still match a name
/// exactly or by containment.
pub(crate) const MAX_PREFIX_CHARS: usize = 16;

/// Every field of the schema, resolved once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// `item` or `bundle`.
    pub kind: Field,
    /// The raw code, stored.
    pub code: Field,
    /// Rank of the code among documents of the same kind (listing order).
    pub ord: Field,
    /// The name, jieba-tokenized, stored.
    pub name: Field,
    /// Secondary text that is neither produced nor consumed (department;
    /// a bundle's theme, description and member names), jieba-tokenized.
    pub text: Field,
    /// What an item produces: its result name and its situation names,
    /// jieba-tokenized. Weighted above `text` (see `query`).
    pub produces: Field,
    /// What an item consumes: its material names and its conditions,
    /// jieba-tokenized. Weighted below `text` (see `query`).
    pub consumes: Field,
    /// Unigrams and bigrams of the folded name, with positions.
    pub name_grams: Field,
    /// The name's common initials spelling from each jieba word start on,
    /// as prefixes of 2 to [`MAX_INITIALS_CHARS`] letters: `yyzz` matches
    /// 企业设立登记营业执照 (the word 营业执照 starts there) but `zs` does
    /// not match 执照 + 设立 across a word's middle.
    pub initials_words: Field,
    /// The same for the other spellings 多音字 allow; matched but not
    /// scored, so a name with more readings does not rank higher.
    pub initials_alt_words: Field,
    /// The folded name and each initials spelling, whole (exact match).
    pub exact: Field,
    /// The same texts' prefixes up to [`MAX_PREFIX_CHARS`] characters.
    pub prefix: Field,
    /// Length of the folded name in characters.
    pub name_len: Field,
    /// Department code, stored.
    pub department: Field,
    /// The region code and the codes of the regions it lies in.
    pub region_tree: Field,
    /// The region code as given, stored.
    pub region: Field,
    /// Level key (`province`, `city` …).
    pub level: Field,
    /// Every scope key up to the document's own (`none` … `cross_province`).
    pub scope: Field,
}

/// Builds the schema and returns it with its resolved fields.
pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let jieba = |positions: bool| {
        let record = if positions {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(JIEBA)
                .set_index_option(record),
        )
    };
    let grams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(GRAMS)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let word_prefixes = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(WORD_PREFIXES)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let edge = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(PREFIXES)
            .set_index_option(IndexRecordOption::Basic),
    );
    let fields = Fields {
        kind: b.add_text_field("kind", STRING),
        code: b.add_text_field("code", STRING | STORED),
        ord: b.add_u64_field("ord", FAST),
        name: b.add_text_field("name", jieba(false) | STORED),
        text: b.add_text_field("text", jieba(false)),
        produces: b.add_text_field("produces", jieba(false)),
        consumes: b.add_text_field("consumes", jieba(false)),
        name_grams: b.add_text_field("name_grams", grams),
        initials_words: b.add_text_field("initials_words", word_prefixes.clone()),
        initials_alt_words: b.add_text_field("initials_alt_words", word_prefixes),
        exact: b.add_text_field("exact", STRING),
        prefix: b.add_text_field("prefix", edge),
        name_len: b.add_u64_field("name_len", FAST | INDEXED),
        department: b.add_text_field("department", STRING | STORED),
        region_tree: b.add_text_field("region_tree", STRING),
        region: b.add_text_field("region", STORED),
        level: b.add_text_field("level", STRING),
        scope: b.add_text_field("scope", STRING),
    };
    (b.build(), fields)
}

/// The jieba analyzer: search-mode segmentation (so 营业执照 also yields
/// 营业 and 执照), lower-cased, over-long tokens dropped.
pub(crate) fn jieba_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(JiebaTokenizer::new())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .build()
}

/// Registers the analyzers the schema names on `index`.
pub(crate) fn register(index: &Index) -> tantivy::Result<()> {
    let tokenizers = index.tokenizers();
    tokenizers.register(JIEBA, jieba_analyzer());
    tokenizers.register(GRAMS, CharGrams);
    tokenizers.register(PREFIXES, NgramTokenizer::prefix_only(1, MAX_PREFIX_CHARS)?);
    tokenizers.register(
        WORD_PREFIXES,
        NgramTokenizer::prefix_only(2, MAX_INITIALS_CHARS)?,
    );
    Ok(())
}
