//! Turns catalog items and bundles into index documents, and collects the
//! initials → word dictionary that lets `yyzz` search as 营业执照.

use std::collections::HashMap;

use tantivy::TantivyDocument;
use tantivy::tokenizer::TextAnalyzer;
use tongban_domain::Bundle;
use tongban_domain::catalog::{Catalog, Level, ServiceItem, TongbanScope};
use tongban_domain::ident::RegionCode;

use crate::schema::Fields;
use crate::text::{ABBREVIATIONS, initials_variants, normalize};

/// At most this many Chinese words stand for one initials spelling.
const MAX_WORDS_PER_INITIALS: usize = 8;

/// `item` or `bundle`: the `kind` field's value.
pub(crate) fn kind_key(bundles: bool) -> &'static str {
    if bundles { "bundle" } else { "item" }
}

/// The `level` field's value.
pub(crate) fn level_key(level: Level) -> &'static str {
    match level {
        Level::Province => "province",
        Level::City => "city",
        Level::County => "county",
        Level::Town => "town",
        Level::Village => "village",
    }
}

/// The `scope` field's value for one scope.
pub(crate) fn scope_key(scope: TongbanScope) -> &'static str {
    match scope {
        TongbanScope::None => "none",
        TongbanScope::City => "city",
        TongbanScope::Province => "province",
        TongbanScope::CrossProvince => "cross_province",
    }
}

const SCOPES: [TongbanScope; 4] = [
    TongbanScope::None,
    TongbanScope::City,
    TongbanScope::Province,
    TongbanScope::CrossProvince,
];

/// The term a region filter looks for: the prefix that every region within
/// `region` shares, as [`RegionCode::is_within`] defines it. A text that is
/// no region code is used as given (and so matches nothing).
pub(crate) fn region_filter_key(region: &str) -> String {
    match RegionCode::parse(region.trim()) {
        Ok(code) => match code.level() {
            Level::Province => code.as_str()[..2].to_string(),
            Level::City => code.as_str()[..4].to_string(),
            _ => code.as_str().to_string(),
        },
        Err(_) => format!("!{region}"),
    }
}

/// Lookup tables the documents need from the rest of the catalog.
pub(crate) struct Names<'a> {
    departments: HashMap<&'a str, &'a str>,
    materials: HashMap<&'a str, &'a str>,
    items: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    pub(crate) fn of(catalog: &'a Catalog) -> Names<'a> {
        Names {
            departments: catalog
                .departments
                .iter()
                .map(|d| (d.code.as_str(), d.name.as_str()))
                .collect(),
            materials: catalog
                .materials
                .iter()
                .map(|m| (m.code.as_str(), m.name.as_str()))
                .collect(),
            items: catalog
                .items
                .iter()
                .map(|i| (i.code.as_str(), i.name.as_str()))
                .collect(),
        }
    }
}

/// The parts common to items and bundles.
struct Common<'a> {
    ord: u64,
    code: &'a str,
    name: &'a str,
    department: &'a str,
    region: &'a RegionCode,
    level: Level,
    scope: TongbanScope,
    /// Where the name's jieba words start, as character offsets into the
    /// folded name.
    word_starts: &'a [usize],
}

/// The index document of one item; `ord` is its rank by code.
pub(crate) fn item_doc(
    f: &Fields,
    names: &Names,
    item: &ServiceItem,
    ord: u64,
    word_starts: &[usize],
) -> TantivyDocument {
    let mut doc = common_doc(
        f,
        false,
        &Common {
            ord,
            code: item.code.as_str(),
            name: &item.name,
            department: item.department.as_str(),
            region: &item.region,
            level: item.level,
            scope: item.tongban_scope,
            word_starts,
        },
    );
    if let Some(dept) = names.departments.get(item.department.as_str()) {
        doc.add_text(f.text, dept);
    }
    // What the item gives the applicant, apart from what it asks of them:
    // 营业执照 as a result and 营业执照 as a material rank differently.
    doc.add_text(f.produces, item.result.name());
    for situation in &item.situations {
        doc.add_text(f.produces, &situation.name);
    }
    for condition in &item.conditions {
        doc.add_text(f.consumes, condition);
    }
    for material in &item.materials {
        if let Some(name) = names.materials.get(material.material.as_str()) {
            doc.add_text(f.consumes, name);
        }
    }
    doc
}

/// The index document of one bundle; `ord` is its rank by code.
pub(crate) fn bundle_doc(
    f: &Fields,
    names: &Names,
    bundle: &Bundle,
    ord: u64,
    word_starts: &[usize],
) -> TantivyDocument {
    let mut doc = common_doc(
        f,
        true,
        &Common {
            ord,
            code: bundle.code.as_str(),
            name: &bundle.name,
            department: bundle.lead_department.as_str(),
            region: &bundle.region,
            level: bundle.region.level(),
            scope: TongbanScope::None,
            word_starts,
        },
    );
    doc.add_text(f.text, bundle.theme.label());
    if let Some(theme) = &bundle.theme_name {
        doc.add_text(f.text, theme);
    }
    if let Some(description) = &bundle.description {
        doc.add_text(f.text, description);
    }
    if let Some(dept) = names.departments.get(bundle.lead_department.as_str()) {
        doc.add_text(f.text, dept);
    }
    for member in &bundle.members {
        if let Some(name) = names.items.get(member.item.as_str()) {
            doc.add_text(f.text, name);
        }
    }
    doc
}

fn common_doc(f: &Fields, bundle: bool, c: &Common) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.kind, kind_key(bundle));
    doc.add_text(f.code, c.code);
    doc.add_u64(f.ord, c.ord);
    doc.add_text(f.name, c.name);
    let folded = normalize(c.name);
    doc.add_u64(f.name_len, folded.chars().count() as u64);
    add_keys(f, &mut doc, &folded);
    doc.add_text(f.name_grams, &folded);
    for (n, spelling) in initials_variants(c.name).into_iter().enumerate() {
        add_keys(f, &mut doc, &spelling);
        let field = if n == 0 {
            f.initials_words
        } else {
            f.initials_alt_words
        };
        let letters: Vec<char> = spelling.chars().collect();
        for start in c.word_starts {
            if let Some(rest) = letters.get(*start..).filter(|r| r.len() >= 2) {
                doc.add_text(field, rest.iter().collect::<String>());
            }
        }
    }
    doc.add_text(f.department, c.department);
    doc.add_text(f.region, c.region.as_str());
    let code = c.region.as_str();
    for len in [2, 4, 6, 9, 12] {
        if let Some(prefix) = code.get(..len) {
            doc.add_text(f.region_tree, prefix);
        }
    }
    doc.add_text(f.level, level_key(c.level));
    for scope in SCOPES.iter().filter(|s| **s <= c.scope) {
        doc.add_text(f.scope, scope_key(*scope));
    }
    doc
}

/// Adds a folded text to the exact-match and prefix fields.
fn add_keys(f: &Fields, doc: &mut TantivyDocument, folded: &str) {
    if !folded.is_empty() {
        doc.add_text(f.exact, folded);
        doc.add_text(f.prefix, folded);
    }
}

/// Maps an initials spelling to the Chinese name words that have it, the
/// words of more distinct names first: `yyzz` → [营业执照]. Item result
/// names count as names here, since they are searched as produced text.
/// Also remembers where each name's words start.
#[derive(Debug)]
pub(crate) struct NameWords {
    counts: HashMap<String, HashMap<String, u32>>,
    /// Word starts per name already seen: the same item name recurs in
    /// every region, and segmenting it once is enough.
    starts: HashMap<String, Vec<usize>>,
}

impl NameWords {
    /// An empty dictionary that already knows the common abbreviations
    /// (`sb` → 社保), so their initials work too.
    pub(crate) fn new() -> NameWords {
        let mut words = NameWords {
            counts: HashMap::new(),
            starts: HashMap::new(),
        };
        for (short, _) in ABBREVIATIONS {
            words.count(short);
        }
        words
    }

    /// Records the jieba words of one name and returns where they start
    /// (character offsets into the folded name, 0 first).
    pub(crate) fn add_name(&mut self, analyzer: &mut TextAnalyzer, name: &str) -> Vec<usize> {
        if let Some(starts) = self.starts.get(name) {
            return starts.clone();
        }
        let folded = normalize(name);
        let mut starts = vec![0];
        let mut words = Vec::new();
        let mut stream = analyzer.token_stream(&folded);
        while let Some(token) = stream.next() {
            if !starts.contains(&token.position) {
                starts.push(token.position);
            }
            if token.text.chars().count() >= 2 && !token.text.is_ascii() {
                words.push(token.text.clone());
            }
        }
        for word in words {
            self.count(&word);
        }
        starts.sort_unstable();
        self.starts.insert(name.to_string(), starts.clone());
        starts
    }

    fn count(&mut self, word: &str) {
        for spelling in initials_variants(word) {
            *self
                .counts
                .entry(spelling)
                .or_default()
                .entry(word.to_string())
                .or_default() += 1;
        }
    }

    /// Freezes the dictionary into its lookup form.
    pub(crate) fn finish(self) -> HashMap<String, Vec<String>> {
        self.counts
            .into_iter()
            .map(|(spelling, words)| {
                let mut words: Vec<(String, u32)> = words.into_iter().collect();
                words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                words.truncate(MAX_WORDS_PER_INITIALS);
                (spelling, words.into_iter().map(|(w, _)| w).collect())
            })
            .collect()
    }
}
