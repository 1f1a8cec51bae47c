//! Second-phase BM25: the words of a query scored again over the best
//! first-phase hits, with BM25 parameters of our own choosing.
//!
//! tantivy's BM25 has fixed parameters (`k1` 1.2, `b` 0.75). Here a term's
//! frequency in a hit is read from its postings and the hit's length from the
//! field norms (the same quantised lengths tantivy uses), so with tantivy's
//! parameters the scores are tantivy's own; other parameters change only
//! how frequency saturates and how much length counts.

use crate::Result;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::index::InvertedIndexReader;
use tantivy::postings::{Postings, TermInfo};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Score, Term, TERMINATED};

/// BM25's two parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25 {
    /// Term-frequency saturation: small values make a second occurrence of a
    /// word count little beside a first one.
    pub k1: f32,
    /// Length normalisation, from 0 (none) to 1 (full).
    pub b: f32,
}

/// One term to score in one field, with its weight in the query.
#[derive(Debug, Clone)]
pub struct WeightedTerm {
    /// The term (its field included).
    pub term: Term,
    /// Multiplies the term's BM25 score.
    pub weight: f32,
}

/// The terms of a query looked up once per segment, before the first phase:
/// their document frequencies are the first phase's BM25 statistics (as a
/// [`Bm25StatisticsProvider`]), and their term infos give [`score`] its
/// postings. (Otherwise each term was looked up in the term dictionary
/// three times: for its weight, its scorer and the rescoring.)
pub struct TermStats<'s> {
    searcher: &'s tantivy::Searcher,
    /// The terms looked up.
    terms: &'s [WeightedTerm],
    /// Per segment, each term's info (`None` where it is absent).
    infos: Vec<SegmentTerms>,
    /// Each term's document frequency over all segments.
    df: Vec<u64>,
    /// Where each term is in `df`.
    at: FxHashMap<Term, usize>,
}

impl<'s> TermStats<'s> {
    /// Looks `terms` up in every segment of `searcher` (or in `cache`).
    pub fn look_up(searcher: &'s tantivy::Searcher, terms: &'s [WeightedTerm], cache: &TermCache) -> Result<Self> {
        let (infos, df) = term_infos(searcher.segment_readers(), terms.iter().map(|t| &t.term), cache)?;
        let at = terms.iter().enumerate().map(|(i, t)| (t.term.clone(), i)).collect();
        Ok(TermStats {
            searcher,
            terms,
            infos,
            df,
            at,
        })
    }

    /// `term`'s info in segment `segment` (`None` where it is absent or was
    /// not looked up).
    pub fn info(&self, segment: usize, term: &Term) -> Option<&TermInfo> {
        let &i = self.at.get(term)?;
        self.infos.get(segment)?.get(i)?.as_ref()
    }
}

impl Bm25StatisticsProvider for TermStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        match self.at.get(term) {
            Some(&i) => Ok(self.df[i]),
            None => self.searcher.doc_freq(term),
        }
    }
}

/// What [`score`] found besides the scores, per hit (in the order of the
/// hits it scored).
#[derive(Debug, Default)]
pub struct Scored {
    /// How many of the terms marked `counted` each hit holds.
    pub held: Vec<usize>,
    /// Which of the terms marked `tracked` each hit holds: bit `j` for
    /// `tracked[j]` (the first 64 only).
    pub matched: Vec<u64>,
}

/// Replaces each hit's score by the sum of the looked-up terms' BM25 scores
/// in it, and tells for each hit how many of the terms marked in `counted`
/// (indexes into the looked-up terms) it holds and which of those marked
/// in `tracked` it holds.
pub fn score(
    stats: &TermStats,
    bm25: Bm25,
    docs: &mut [(Score, DocAddress)],
    counted: &[usize],
    tracked: &[usize],
) -> Result<Scored> {
    let (searcher, terms) = (stats.searcher, stats.terms);
    let readers = searcher.segment_readers();
    let (infos, df) = (&stats.infos, &stats.df);
    let n = doc_count(readers);
    let mut average_length: HashMap<Field, f32> = HashMap::new();
    let mut weights = Vec::with_capacity(terms.len());
    for (t, &df) in terms.iter().zip(df) {
        let field = t.term.field();
        if let std::collections::hash_map::Entry::Vacant(e) = average_length.entry(field) {
            e.insert(total_tokens(searcher, field)? as f32 / n);
        }
        weights.push(idf(df, n) * t.weight * (1.0 + bm25.k1));
    }
    for d in docs.iter_mut() {
        d.0 = 0.0;
    }
    let mut held = vec![0; docs.len()];
    let mut matched = vec![0u64; docs.len()];
    let mut order: Vec<(DocAddress, usize)> = docs.iter().enumerate().map(|(i, d)| (d.1, i)).collect();
    order.sort();
    for segment in order.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
        let ord = segment[0].0.segment_ord as usize;
        let reader = &readers[ord];
        let mut indexes = SegmentIndexes::new(reader);
        for (n, ((t, weight), info)) in terms.iter().zip(&weights).zip(&infos[ord]).enumerate() {
            let Some(info) = info else { continue };
            let count = counted.contains(&n);
            let bit = tracked.iter().take(64).position(|&t| t == n).map_or(0, |j| 1u64 << j);
            let field = t.term.field();
            let mut postings = indexes
                .get(field)?
                .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
                .map_err(io)?;
            let norms = reader.get_fieldnorms_reader(field)?;
            let average = average_length[&field];
            for &(DocAddress { doc_id, .. }, i) in segment {
                let at = if postings.doc() < doc_id {
                    postings.seek(doc_id)
                } else {
                    postings.doc()
                };
                if at == TERMINATED {
                    break;
                }
                if at == doc_id {
                    let tf = postings.term_freq() as f32;
                    let length = norms.fieldnorm(doc_id) as f32 / average;
                    docs[i].0 += weight * tf / (tf + bm25.k1 * (1.0 - bm25.b + bm25.b * length));
                    held[i] += usize::from(count);
                    matched[i] |= bit;
                }
            }
        }
    }
    Ok(Scored { held, matched })
}

/// Adds to each of `docs` (the best hits, best first) the weight of the
/// `tracked` terms it holds among them: a term held by few of the best hits
/// tells them apart, one held by all of them does not. Each term weighs its
/// BM25 IDF and query weight times `ln(k / (k_t + 0.5))`, `k_t` of the `k`
/// hits holding it, over the same weights summed over the tracked terms;
/// the sum, times `weight` times the best hit's score, is added, and the
/// hits are sorted again. `matched` is each hit's [`Scored::matched`].
pub fn add_local(stats: &TermStats, tracked: &[usize], docs: &mut [(Score, DocAddress)], matched: &[u64], weight: f32) {
    let k = docs.len().min(matched.len());
    let tracked = &tracked[..tracked.len().min(64)];
    if k < 2 || tracked.is_empty() {
        return;
    }
    let n = doc_count(stats.searcher.segment_readers());
    let weights: Vec<f32> = tracked
        .iter()
        .map(|&t| idf(stats.df[t], n) * stats.terms[t].weight)
        .collect();
    let total: f32 = weights.iter().sum();
    if total <= 0.0 {
        return;
    }
    let local: Vec<f32> = (0..tracked.len())
        .map(|j| {
            let held = matched[..k].iter().filter(|&&m| m & (1 << j) != 0).count();
            weights[j] * (k as f32 / (held as f32 + 0.5)).ln() / total
        })
        .collect();
    let best = docs[0].0;
    for (d, &m) in docs[..k].iter_mut().zip(matched) {
        let bonus: f32 = (0..tracked.len())
            .filter(|&j| m & (1 << j) != 0)
            .map(|j| local[j])
            .sum();
        d.0 += weight * best * bonus;
    }
    docs[..k].sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

/// Neighbouring query words to reward where they appear near each other in
/// one field: the words in query order (surface terms), the weight of the
/// field's matches.
#[derive(Debug, Clone)]
pub struct NearWords {
    /// The field searched (a surface field, indexed with positions).
    pub field: Field,
    /// The query's words in order, as that field's terms.
    pub words: Vec<String>,
    /// Multiplies the pairs' scores.
    pub weight: f32,
}

/// tantivy's own BM25 parameters, which its phrase queries score with.
const TANTIVY_K1: f32 = 1.2;
const TANTIVY_B: f32 = 0.75;

/// Adds to each hit the score tantivy's phrase query for each neighbouring
/// pair of words (`PhraseQuery` with `slop`) would give it, times the field's
/// weight: BM25 of the number of times the pair occurs within `slop` moves of
/// side by side (in either order), with the pair's summed IDFs.
///
/// The same scores as a query of boosted phrase queries, for far less: each
/// word's postings are opened once per field and segment (a phrase query per
/// pair looked both words up, twice) and read only at the hits.
pub fn add_near(
    searcher: &tantivy::Searcher,
    near: &[NearWords],
    slop: u32,
    docs: &mut [(Score, DocAddress)],
    cache: &TermCache,
) -> Result<()> {
    let readers = searcher.segment_readers();
    let n = doc_count(readers);
    let mut order: Vec<(DocAddress, usize)> = docs.iter().enumerate().map(|(i, d)| (d.1, i)).collect();
    order.sort();
    let mut positions: Vec<Vec<u32>> = Vec::new();
    let mut left: Vec<u32> = Vec::new();
    for f in near.iter().filter(|f| f.words.len() >= 2) {
        let terms: Vec<Term> = f.words.iter().map(|w| Term::from_field_text(f.field, w)).collect();
        let (infos, df) = term_infos(readers, terms.iter(), cache)?;
        let idf: Vec<f32> = df.iter().map(|&df| idf(df, n)).collect();
        let average = total_tokens(searcher, f.field)? as f32 / n;
        for segment in order.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
            let ord = segment[0].0.segment_ord as usize;
            let reader = &readers[ord];
            let index = reader.inverted_index(f.field)?;
            let mut postings = Vec::with_capacity(terms.len());
            for info in &infos[ord] {
                postings.push(match info {
                    Some(info) => Some(
                        index
                            .read_postings_from_terminfo(info, IndexRecordOption::WithFreqsAndPositions)
                            .map_err(io)?,
                    ),
                    None => None,
                });
            }
            let norms = reader.get_fieldnorms_reader(f.field)?;
            positions.resize_with(terms.len(), Vec::new);
            for &(DocAddress { doc_id, .. }, i) in segment {
                for (p, out) in postings.iter_mut().zip(positions.iter_mut()) {
                    out.clear();
                    let Some(p) = p else { continue };
                    let at = if p.doc() < doc_id { p.seek(doc_id) } else { p.doc() };
                    if at == doc_id {
                        p.positions(out);
                    }
                }
                let length = norms.fieldnorm(doc_id) as f32 / average;
                let norm = TANTIVY_K1 * (1.0 - TANTIVY_B + TANTIVY_B * length);
                for w in 0..terms.len() - 1 {
                    if positions[w].is_empty() || positions[w + 1].is_empty() {
                        continue;
                    }
                    // As tantivy's phrase scorer: the first word's positions
                    // shifted by its offset in the phrase.
                    left.clear();
                    left.extend(positions[w].iter().map(|p| p + 1));
                    let tf = count_near(&left, &positions[w + 1], slop) as f32;
                    if tf > 0.0 {
                        let weight = (idf[w] + idf[w + 1]) * (1.0 + TANTIVY_K1);
                        docs[i].0 += f.weight * weight * tf / (tf + norm);
                    }
                }
            }
        }
    }
    Ok(())
}

/// The terms' infos in one segment (`None` where a term is absent).
type SegmentTerms = Vec<Option<TermInfo>>;

/// Each term's info in each segment (`None` where it is absent) and its
/// document frequency over all segments: one dictionary lookup per term and
/// segment gives both.
fn term_infos<'t>(
    readers: &[tantivy::SegmentReader],
    terms: impl Iterator<Item = &'t Term> + Clone,
    cache: &TermCache,
) -> Result<(Vec<SegmentTerms>, Vec<u64>)> {
    let mut infos = Vec::with_capacity(readers.len());
    let mut df = vec![0u64; terms.clone().count()];
    let mut known = cache.infos.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if known.len() > TermCache::MOST {
        known.clear();
    }
    for reader in readers {
        let mut segment = Vec::with_capacity(df.len());
        let mut indexes = SegmentIndexes::new(reader);
        let id = reader.segment_id();
        for (t, df) in terms.clone().zip(df.iter_mut()) {
            let key = (id, t.clone());
            let info = match known.get(&key) {
                Some(info) => info.clone(),
                None => {
                    let info = indexes.get(t.field())?.get_term_info(t).map_err(io)?;
                    known.insert(key, info.clone());
                    info
                }
            };
            *df += info.as_ref().map_or(0, |i| u64::from(i.doc_freq));
            segment.push(info);
        }
        infos.push(segment);
    }
    Ok((infos, df))
}

/// Term infos already looked up in the term dictionaries, by segment and
/// term. A segment never changes once written (deletes leave its terms and
/// their infos as they were, as tantivy's BM25 counts them), so an entry
/// stays true for as long as the segment lives; entries of merged-away
/// segments go when the cache is cleared, on filling up.
///
/// A headline query looks up ~130 terms (its words' stems, past stems and
/// surface forms in each field, and the lead), each a walk down the term
/// dictionary's FST: ~5% of a served search's instructions and ~7% of its
/// time (the FST's pages are out of the CPU cache by the next query). The
/// words of news recur from query to query, so most are found here.
#[derive(Default)]
pub struct TermCache {
    infos: std::sync::Mutex<FxHashMap<(tantivy::index::SegmentId, Term), Option<TermInfo>>>,
}

impl TermCache {
    /// Entries kept before the cache is cleared (~100 bytes each).
    const MOST: usize = 100_000;

    /// How many term infos the cache holds.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.infos.lock().map_or(0, |m| m.len())
    }
}

/// A segment's inverted indexes, each opened once for a search: tantivy
/// looks a field's up in a locked, SipHashed map at every call (a served
/// search made ~250 such calls).
pub(crate) struct SegmentIndexes<'r> {
    reader: &'r tantivy::SegmentReader,
    open: Vec<(Field, Arc<InvertedIndexReader>)>,
}

impl<'r> SegmentIndexes<'r> {
    /// None opened yet.
    pub(crate) fn new(reader: &'r tantivy::SegmentReader) -> Self {
        SegmentIndexes {
            reader,
            open: Vec::new(),
        }
    }

    /// `field`'s inverted index.
    pub(crate) fn get(&mut self, field: Field) -> tantivy::Result<&InvertedIndexReader> {
        let i = match self.open.iter().position(|(f, _)| *f == field) {
            Some(i) => i,
            None => {
                self.open.push((field, self.reader.inverted_index(field)?));
                self.open.len() - 1
            }
        };
        Ok(&self.open[i].1)
    }
}

/// Documents in the index, deleted ones included (as tantivy's BM25 counts).
fn doc_count(readers: &[tantivy::SegmentReader]) -> f32 {
    readers.iter().map(|r| u64::from(r.max_doc())).sum::<u64>().max(1) as f32
}

/// BM25's inverse document frequency (tantivy's formula).
fn idf(df: u64, n: f32) -> f32 {
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// How many times `right` positions fall within `slop` of `left` ones,
/// pairing each position at most once (tantivy's two-term slop count).
fn count_near(left: &[u32], right: &[u32], slop: u32) -> usize {
    let (mut l, mut r, mut count) = (0, 0, 0);
    while l < left.len() && r < right.len() {
        if left[l].abs_diff(right[r]) <= slop {
            // A later left position may be closer to this right one.
            while l + 1 < left.len() && left[l + 1] <= right[r] {
                l += 1;
            }
            count += 1;
            l += 1;
            r += 1;
        } else if left[l] < right[r] {
            l += 1;
        } else {
            r += 1;
        }
    }
    count
}

fn io(e: std::io::Error) -> tantivy::TantivyError {
    tantivy::TantivyError::from(e)
}

fn total_tokens(searcher: &tantivy::Searcher, field: Field) -> Result<u64> {
    let mut total = 0;
    for reader in searcher.segment_readers() {
        total += reader.inverted_index(field)?.total_num_tokens();
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    /// An index in memory of `texts`, one document each in its `body` field.
    fn index_of(texts: &[&str]) -> (Index, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(15_000_000).unwrap();
        for &text in texts {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    #[test]
    fn tantivy_parameters_give_tantivy_scores_and_low_k1_favours_more_words() {
        let (index, body) = index_of(&[
            "gulf gulf gulf gulf gulf talks",
            "gulf summit talks ends today now",
            "summit talks",
            "other news",
        ]);
        let searcher = index.reader().unwrap().searcher();
        let terms: Vec<WeightedTerm> = [("gulf", 1.0), ("summit", 0.5)]
            .iter()
            .map(|&(w, weight)| WeightedTerm {
                term: Term::from_field_text(body, w),
                weight,
            })
            .collect();
        let query = BooleanQuery::new(
            terms
                .iter()
                .map(|t| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(t.term.clone(), IndexRecordOption::WithFreqs));
                    (Occur::Should, Box::new(BoostQuery::new(q, t.weight)) as Box<dyn Query>)
                })
                .collect(),
        );
        let tantivy = searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        let mut ours = tantivy.clone();
        let stats = TermStats::look_up(&searcher, &terms, &TermCache::default()).unwrap();
        score(&stats, Bm25 { k1: 1.2, b: 0.75 }, &mut ours, &[], &[]).unwrap();
        for (a, b) in tantivy.iter().zip(&ours) {
            assert!((a.0 - b.0).abs() < 1e-4, "{a:?} {b:?}");
        }
        // tantivy ranks five "gulf" first; with little saturation, both words rank first.
        assert_eq!(tantivy[0].1.doc_id, 0);
        let mut flat = tantivy.clone();
        score(&stats, Bm25 { k1: 0.2, b: 0.75 }, &mut flat, &[], &[]).unwrap();
        flat.sort_by(|a, b| b.0.total_cmp(&a.0));
        assert_eq!(flat[0].1.doc_id, 1);
        // Counted terms: how many of them each hit holds.
        let mut counted = tantivy.clone();
        let held = score(&stats, Bm25 { k1: 1.2, b: 0.75 }, &mut counted, &[0, 1], &[])
            .unwrap()
            .held;
        let by_doc: Vec<(u32, usize)> = counted.iter().map(|d| d.1.doc_id).zip(held).collect();
        assert_eq!(by_doc, [(0, 1), (1, 2), (2, 1)]);
        // Term infos come from the cache the second time, the same.
        let cache = TermCache::default();
        let first = TermStats::look_up(&searcher, &terms, &cache).unwrap();
        assert_eq!(cache.len(), 2);
        let again = TermStats::look_up(&searcher, &terms, &cache).unwrap();
        assert_eq!((first.infos, first.df), (again.infos, again.df));
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn local_weights_lift_the_hit_holding_a_word_few_best_hits_hold() {
        let (index, body) = index_of(&[
            "gulf summit talks",
            "gulf summit talks pipeline",
            "gulf summit talks",
            "pipeline news",
            "other news",
        ]);
        let searcher = index.reader().unwrap().searcher();
        let terms: Vec<WeightedTerm> = ["gulf", "summit", "pipeline"]
            .iter()
            .map(|w| WeightedTerm {
                term: Term::from_field_text(body, w),
                weight: 1.0,
            })
            .collect();
        let stats = TermStats::look_up(&searcher, &terms, &TermCache::default()).unwrap();
        // The three story hits, the one with "pipeline" a little behind.
        let hits = || {
            vec![
                (10.0, DocAddress::new(0, 0)),
                (9.9, DocAddress::new(0, 2)),
                (9.5, DocAddress::new(0, 1)),
            ]
        };
        let mut docs = hits();
        let scored = score(&stats, Bm25 { k1: 0.6, b: 0.75 }, &mut docs, &[], &[0, 1, 2]).unwrap();
        let masks: Vec<u64> = scored.matched.clone();
        assert_eq!(masks, [0b011, 0b011, 0b111]);
        // Weight 0: nothing moves.
        let mut docs = hits();
        add_local(&stats, &[0, 1, 2], &mut docs, &masks, 0.0);
        assert_eq!(docs, hits());
        // The word only one of them holds puts that one first; the words all
        // of them hold take the same (small) amount from each.
        let mut docs = hits();
        add_local(&stats, &[0, 1, 2], &mut docs, &masks, 0.2);
        assert_eq!(docs[0].1.doc_id, 1, "{docs:?}");
        assert!((docs[1].0 - docs[2].0 - 0.1).abs() < 1e-4, "{docs:?}");
        // Without the telling word among the tracked ones, the order stays.
        let mut docs = hits();
        add_local(&stats, &[0, 1], &mut docs, &[0b11, 0b11, 0b11], 0.2);
        assert_eq!(
            docs.iter().map(|d| d.1).collect::<Vec<_>>(),
            hits().iter().map(|d| d.1).collect::<Vec<_>>()
        );
    }

    #[test]
    fn near_words_score_as_tantivy_phrase_queries_with_slop() {
        use tantivy::query::PhraseQuery;
        let texts = [
            "gulf summit talks in riyadh",
            "summit gulf far away talks talks",
            "gulf x y summit gulf summit gulf",
            "talks gulf",
            "nothing near here gulf a b c d e summit",
            "other news",
        ];
        let (index, body) = index_of(&texts);
        let searcher = index.reader().unwrap().searcher();
        let words = ["gulf", "summit", "talks", "gulf"];
        for slop in [0u32, 1, 2, 3] {
            let phrases: Vec<(Occur, Box<dyn Query>)> = words
                .windows(2)
                .map(|pair| {
                    let terms = vec![
                        (0, Term::from_field_text(body, pair[0])),
                        (1, Term::from_field_text(body, pair[1])),
                    ];
                    let phrase: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop));
                    (Occur::Should, Box::new(BoostQuery::new(phrase, 0.7)) as Box<dyn Query>)
                })
                .collect();
            let tantivy = searcher
                .search(&BooleanQuery::new(phrases), &TopDocs::with_limit(10).order_by_score())
                .unwrap();
            let mut ours: Vec<(Score, DocAddress)> =
                (0..texts.len() as u32).map(|d| (0.0, DocAddress::new(0, d))).collect();
            let near = [NearWords {
                field: body,
                words: words.iter().map(|w| w.to_string()).collect(),
                weight: 0.7,
            }];
            add_near(&searcher, &near, slop, &mut ours, &TermCache::default()).unwrap();
            for (d, score) in ours.iter().map(|(s, a)| (a.doc_id, *s)) {
                let want = tantivy.iter().find(|t| t.1.doc_id == d).map_or(0.0, |t| t.0);
                assert!(
                    (score - want).abs() < 1e-4,
                    "slop {slop}, doc {d}: {score} vs tantivy {want}"
                );
            }
            assert!(
                ours.iter().filter(|d| d.0 > 0.0).count() >= 2,
                "slop {slop}: some pairs are near"
            );
        }
    }
}
