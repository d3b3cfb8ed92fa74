//! The in-memory index over one catalog revision: building it and running
//! queries against it.

use std::cmp::Reverse;
use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::Value;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score, Searcher,
    SegmentReader, TantivyDocument,
};
use tongban_domain::catalog::Catalog;

use crate::document::{NameWords, Names, bundle_doc, item_doc};
use crate::query::{self, CONTAINS, COVERAGE, Context, Plan};
use crate::schema::{self, Fields, jieba_analyzer};
use crate::{Hit, Hits, MAX_LIMIT, MAX_OFFSET, SearchError, SearchQuery};

/// Indexing memory per writer thread. Generous, so a large catalog is
/// written in few segments with a single commit.
const MEMORY_PER_THREAD: usize = 128 * 1024 * 1024;
/// Catalogs smaller than this are indexed on one thread.
const PARALLEL_FROM_DOCS: usize = 5_000;

/// The in-memory index over one catalog revision.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Initials spelling → Chinese name words (`yyzz` → 营业执照).
    words: HashMap<String, Vec<String>>,
    docs: usize,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.docs)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Builds the index for every item and bundle of `catalog`.
    pub fn build(catalog: &Catalog) -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register(&index)?;
        let names = Names::of(catalog);
        let mut items: Vec<_> = catalog.items.iter().collect();
        items.sort_by(|a, b| a.code.cmp(&b.code));
        let mut bundles: Vec<_> = catalog.bundles.iter().collect();
        bundles.sort_by(|a, b| a.code.cmp(&b.code));
        let docs = items.len() + bundles.len();

        let threads = if docs < PARALLEL_FROM_DOCS {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
        };
        let mut writer: IndexWriter =
            index.writer_with_num_threads(threads, threads * MEMORY_PER_THREAD)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let mut dictionary = NameWords::new();
        let mut analyzer = jieba_analyzer();
        for (ord, item) in (0u64..).zip(&items) {
            let starts = dictionary.add_name(&mut analyzer, &item.name);
            // A result name's words are searched as produced text, so their
            // initials must reach them too (`hz` → 回执).
            dictionary.add_name(&mut analyzer, item.result.name());
            writer.add_document(item_doc(&fields, &names, item, ord, &starts))?;
        }
        for (ord, bundle) in (0u64..).zip(&bundles) {
            let starts = dictionary.add_name(&mut analyzer, &bundle.name);
            writer.add_document(bundle_doc(&fields, &names, bundle, ord, &starts))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            words: dictionary.finish(),
            docs,
        })
    }

    /// Number of indexed documents (items and bundles).
    pub fn len(&self) -> usize {
        self.docs
    }

    /// True when the catalog had no items and no bundles.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Runs a query. Any text is accepted: it is folded and searched, never
    /// parsed as syntax.
    pub fn search(&self, request: &SearchQuery) -> Result<Hits, SearchError> {
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let searcher = self.reader.searcher();
        let analyzer = self
            .index
            .tokenizers()
            .get(schema::JIEBA)
            .unwrap_or_else(jieba_analyzer);
        let mut ctx = Context {
            fields: &self.fields,
            analyzer,
            words: &self.words,
        };
        let plan = query::plan(&mut ctx, request);
        let query = match &plan {
            Plan::List(q) | Plan::Rank { query: q, .. } => q.as_ref(),
        };
        if request.offset > MAX_OFFSET {
            let total = searcher.search(query, &Count)?;
            return Ok(Hits {
                total,
                hits: Vec::new(),
            });
        }
        let page = TopDocs::with_limit(limit).and_offset(request.offset);
        let (total, ranked): (usize, Vec<(Score, DocAddress)>) = match &plan {
            Plan::List(q) => {
                let by_code = page.order_by_fast_field::<u64>("ord", Order::Asc);
                let (total, top) = searcher.search(q.as_ref(), &(Count, by_code))?;
                (total, top.into_iter().map(|(_, a)| (0.0, a)).collect())
            }
            Plan::Rank { query, query_chars } => {
                let query_chars = *query_chars;
                let ranked = page.tweak_score(move |segment: &SegmentReader| {
                    let name_len = segment.fast_fields().u64("name_len").ok();
                    let ord = segment.fast_fields().u64("ord").ok();
                    move |doc: DocId, score: Score| {
                        let len = name_len.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                        let ord = ord.as_ref().and_then(|c| c.first(doc)).unwrap_or(u64::MAX);
                        // Equal scores fall back to code order.
                        (with_coverage(score, query_chars, len), Reverse(ord))
                    }
                });
                let (total, top) = searcher.search(query.as_ref(), &(Count, ranked))?;
                (total, top.into_iter().map(|((s, _), a)| (s, a)).collect())
            }
        };
        let hits = ranked
            .into_iter()
            .map(|(score, address)| self.hit(&searcher, score, address))
            .collect::<Result<Vec<Hit>, SearchError>>()?;
        Ok(Hits { total, hits })
    }

    fn hit(
        &self,
        searcher: &Searcher,
        score: Score,
        address: DocAddress,
    ) -> Result<Hit, SearchError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        Ok(Hit {
            code: text(self.fields.code),
            name: text(self.fields.name),
            department: text(self.fields.department),
            region: text(self.fields.region),
            score,
        })
    }
}

/// Adds the coverage bonus to a document in a match tier: the larger the
/// share of the name the query covers, the higher (an exact name gets the
/// whole [`COVERAGE`]).
fn with_coverage(score: Score, query_chars: usize, name_chars: u64) -> Score {
    if score < CONTAINS || name_chars == 0 {
        return score;
    }
    let covered = (query_chars as f32 / name_chars as f32).min(1.0);
    score + COVERAGE * covered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_can_be_shared_across_request_handlers() {
        fn shareable<T: Send + Sync + 'static>() {}
        shareable::<SearchIndex>();
    }

    #[test]
    fn an_empty_catalog_builds_an_empty_index_that_answers() {
        let index = SearchIndex::build(&Catalog::default()).unwrap();
        assert!(index.is_empty());
        let hits = index.search(&SearchQuery::items("营业执照")).unwrap();
        assert_eq!(hits.total, 0);
    }
}
