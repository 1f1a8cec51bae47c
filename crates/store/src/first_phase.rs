//! The first phase of a bag of words, computed a term at a time.
//!
//! Every article holding one of the words' first-phase terms matches (less
//! those a filter or an excluded word rules out); each is scored by the sum
//! of the terms' BM25 scores, tantivy's own formula, parameters and
//! statistics, term by term in query order, so the scores are those of a
//! tantivy union of the same term queries. The best are picked by tantivy's
//! `TopDocs` and the matches are counted (and their facets) by the same
//! collectors a tantivy search would run.
//!
//! tantivy's union moves every term's postings a document at a time and
//! hands each match to the collectors through a boxed scorer; over the few
//! dozen terms of a headline query and the third of the store they match,
//! that was a third of a served search. Here each term's postings are read
//! a block (128 documents) at a time into an array of scores for the
//! segment, and the matches are then walked once, in document order.

use crate::rescore::{SegmentIndexes, TermStats, WeightedTerm};
use crate::Result;
use std::cell::RefCell;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{Bm25Weight, EnableScoring, Query, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentOrdinal, TERMINATED};

/// A bag of words' first phase: the terms whose scores are summed, and the
/// queries a match must (filters) and must not (filters, excluded words)
/// match.
pub(crate) struct Bag {
    /// The terms, each with its weight in the query.
    pub terms: Vec<WeightedTerm>,
    /// Queries every match must match.
    pub required: Vec<Box<dyn Query>>,
    /// Queries no match may match.
    pub excluded: Vec<Box<dyn Query>>,
}

/// What the first phase found.
pub(crate) struct Found<T, F> {
    /// The fruit of the ranking collector.
    pub top: T,
    /// Number of matches.
    pub total: u64,
    /// The fruit of the counting collector, when there was one.
    pub counted: Option<F>,
}

thread_local! {
    /// One segment's scores and touched documents (a bit each), reused from
    /// search to search on a thread. Both are all zeros between segments:
    /// the walk over the matches clears what the terms set (a search that
    /// failed half-way leaves them dirty, and the next clears them whole).
    static SCRATCH: RefCell<Scratch> = const {
        RefCell::new(Scratch {
            scores: Vec::new(),
            touched: Vec::new(),
            dirty: false,
        })
    };
}

struct Scratch {
    scores: Vec<Score>,
    touched: Vec<u64>,
    dirty: bool,
}

impl Scratch {
    /// Zeroed arrays for a segment of `max_doc` documents.
    fn prepare(&mut self, max_doc: usize) {
        if self.dirty {
            self.scores.fill(0.0);
            self.touched.fill(0);
        }
        if self.scores.len() < max_doc {
            self.scores.resize(max_doc, 0.0);
            self.touched.resize(max_doc.div_ceil(64), 0);
        }
        self.dirty = true;
    }
}

/// Runs `bag` on `searcher` with the statistics (and term infos) of `stats`,
/// handing every match to `top` (with its score) and to `count` (if any).
pub(crate) fn run<T, C>(
    searcher: &tantivy::Searcher,
    stats: &TermStats,
    bag: &Bag,
    top: &T,
    count: Option<&C>,
) -> Result<Found<T::Fruit, C::Fruit>>
where
    T: Collector,
    C: Collector,
{
    let bm25 = bag
        .terms
        .iter()
        .map(|t| Ok(Bm25Weight::for_terms(stats, std::slice::from_ref(&t.term))?.boost_by(t.weight)))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let unscored = |queries: &[Box<dyn Query>]| -> tantivy::Result<Vec<Box<dyn Weight>>> {
        queries
            .iter()
            .map(|q| q.weight(EnableScoring::disabled_from_searcher(searcher)))
            .collect()
    };
    let (required, excluded) = (unscored(&bag.required)?, unscored(&bag.excluded)?);
    let (mut top_fruits, mut count_fruits, mut total) = (Vec::new(), Vec::new(), 0u64);
    SCRATCH.with_borrow_mut(|scratch| -> Result<()> {
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let max_doc = reader.max_doc() as usize;
            scratch.prepare(max_doc);
            let (scores, touched) = (
                &mut scratch.scores[..max_doc],
                &mut scratch.touched[..max_doc.div_ceil(64)],
            );
            let mut indexes = SegmentIndexes::new(reader);
            for (t, bm25) in bag.terms.iter().zip(&bm25) {
                let Some(info) = stats.info(ord, &t.term) else { continue };
                let field = t.term.field();
                let mut postings = indexes
                    .get(field)?
                    .read_block_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
                    .map_err(tantivy::TantivyError::from)?;
                let norms = reader.get_fieldnorms_reader(field)?;
                while !postings.docs().is_empty() {
                    for (&doc, &tf) in postings.docs().iter().zip(postings.freqs()) {
                        let d = doc as usize;
                        scores[d] += bm25.score(norms.fieldnorm_id(doc), tf);
                        touched[d / 64] |= 1 << (d % 64);
                    }
                    postings.advance();
                }
            }
            for weight in &required {
                let mut allowed = vec![0u64; touched.len()];
                for_each_doc(weight.as_ref(), reader, |d| allowed[d / 64] |= 1 << (d % 64))?;
                for (bits, allowed) in touched.iter_mut().zip(&allowed) {
                    *bits &= allowed;
                }
            }
            for weight in &excluded {
                for_each_doc(weight.as_ref(), reader, |d| touched[d / 64] &= !(1 << (d % 64)))?;
            }
            let ord = ord as SegmentOrdinal;
            let mut top_segment = top.for_segment(ord, reader)?;
            let mut count_segment = count.map(|c| c.for_segment(ord, reader)).transpose()?;
            let alive = reader.alive_bitset();
            for (w, word) in touched.iter_mut().enumerate() {
                let mut bits = std::mem::take(word);
                while bits != 0 {
                    let doc = (w * 64) as DocId + bits.trailing_zeros();
                    bits &= bits - 1;
                    let score = std::mem::take(&mut scores[doc as usize]);
                    if alive.is_some_and(|a| a.is_deleted(doc)) {
                        continue;
                    }
                    total += 1;
                    top_segment.collect(doc, score);
                    if let Some(c) = count_segment.as_mut() {
                        c.collect(doc, 0.0);
                    }
                }
            }
            // Scores of documents a filter ruled out are left over.
            if !required.is_empty() || !excluded.is_empty() {
                scores.fill(0.0);
            }
            scratch.dirty = false;
            top_fruits.push(top_segment.harvest());
            if let Some(c) = count_segment {
                count_fruits.push(c.harvest());
            }
        }
        Ok(())
    })?;
    Ok(Found {
        top: top.merge_fruits(top_fruits)?,
        total,
        counted: count.map(|c| c.merge_fruits(count_fruits)).transpose()?,
    })
}

/// Calls `f` with every document of `reader` that `weight` matches (deleted
/// ones included: matches are checked against deletions anyway).
fn for_each_doc(weight: &dyn Weight, reader: &tantivy::SegmentReader, mut f: impl FnMut(usize)) -> Result<()> {
    let mut scorer = weight.scorer(reader, 1.0)?;
    let mut doc = scorer.doc();
    while doc != TERMINATED {
        f(doc as usize);
        doc = scorer.advance();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, TermQuery};
    use tantivy::schema::{Field, Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter, Term};

    /// A small index over one text field, in two segments, with two
    /// documents deleted.
    fn index() -> (Index, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let texts = [
            "a b c",
            "a a a d",
            "b d e",
            "c c",
            "e f g a",
            "x y z",
            "a b",
            "d d d d d d d d b",
            "f",
            "a e",
            "b b e",
        ];
        for (i, t) in texts.iter().enumerate() {
            writer.add_document(doc!(body => *t)).unwrap();
            if i == 4 {
                writer.commit().unwrap();
            }
        }
        writer.delete_term(Term::from_field_text(body, "f"));
        writer.commit().unwrap();
        (index, body)
    }

    fn term(field: Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::Basic,
        ))
    }

    #[test]
    fn finds_scores_and_counts_what_a_union_of_term_queries_does() {
        let (index, body) = index();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let terms: Vec<WeightedTerm> = [("a", 1.0), ("d", 0.5), ("e", 2.0), ("absent", 1.0)]
            .iter()
            .map(|&(w, weight)| WeightedTerm {
                term: Term::from_field_text(body, w),
                weight,
            })
            .collect();
        let stats = TermStats::look_up(&searcher, &terms, &crate::rescore::TermCache::default()).unwrap();
        let union = || -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                terms
                    .iter()
                    .map(|t| {
                        let q = TermQuery::new(t.term.clone(), IndexRecordOption::WithFreqs);
                        (
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(q), t.weight)) as Box<dyn Query>,
                        )
                    })
                    .collect(),
            ))
        };
        let top = TopDocs::with_limit(20).order_by_score();
        // Plain, with a required filter, with an excluded word.
        let cases: [(Vec<&str>, Vec<&str>); 3] = [(vec![], vec![]), (vec!["b"], vec![]), (vec![], vec!["c", "x"])];
        for (required, excluded) in cases {
            let mut clauses = vec![(Occur::Must, union())];
            // Filters score nothing (as `Searcher::filters` makes them).
            clauses.extend(required.iter().map(|w| {
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(term(body, w), 0.0)) as Box<dyn Query>,
                )
            }));
            clauses.extend(excluded.iter().map(|w| (Occur::MustNot, term(body, w))));
            let query = BooleanQuery::new(clauses);
            let (expected, n) = searcher
                .search_with_statistics_provider(&query, &(TopDocs::with_limit(20).order_by_score(), Count), &stats)
                .unwrap();
            let bag = Bag {
                terms: terms.clone(),
                required: required.iter().map(|w| term(body, w)).collect(),
                excluded: excluded.iter().map(|w| term(body, w)).collect(),
            };
            // Twice: the scratch arrays are reused.
            for _ in 0..2 {
                let found = run(&searcher, &stats, &bag, &top, Some(&Count)).unwrap();
                assert_eq!(found.top, expected, "{required:?} {excluded:?}");
                assert_eq!((found.total, found.counted), (n as u64, Some(n)));
            }
            assert!(n > 0);
        }
    }
}
