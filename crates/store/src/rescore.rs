//! Second-phase BM25: the words of a query scored again over the best
//! first-phase hits, with BM25 parameters of our own choosing.
//!
//! tantivy's BM25 has fixed parameters (`k1` 1.2, `b` 0.75). Here a term's
//! frequency in a hit is read from its postings and the hit's length from the
//! field norms (the same quantised lengths tantivy uses), so with tantivy's
//! parameters the scores are tantivy's own; other parameters change only
//! how frequency saturates and how much length counts.

use crate::Result;
use std::collections::HashMap;
use tantivy::postings::{Postings, TermInfo};
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

/// Replaces each hit's score by the sum of the terms' BM25 scores in it.
///
/// Each term is looked up once per segment: the lookups give both its
/// document frequency and, in segments holding hits, its postings.
pub fn score(
    searcher: &tantivy::Searcher,
    terms: &[WeightedTerm],
    bm25: Bm25,
    docs: &mut [(Score, DocAddress)],
) -> Result<()> {
    let readers = searcher.segment_readers();
    let mut infos: Vec<Vec<Option<TermInfo>>> = Vec::with_capacity(readers.len());
    let mut df = vec![0u64; terms.len()];
    for reader in readers {
        let mut segment = Vec::with_capacity(terms.len());
        for (t, df) in terms.iter().zip(df.iter_mut()) {
            let info = reader
                .inverted_index(t.term.field())?
                .get_term_info(&t.term)
                .map_err(io)?;
            *df += info.as_ref().map_or(0, |i| u64::from(i.doc_freq));
            segment.push(info);
        }
        infos.push(segment);
    }
    let n = readers.iter().map(|r| u64::from(r.max_doc())).sum::<u64>().max(1) as f32;
    let mut average_length: HashMap<Field, f32> = HashMap::new();
    let mut weights = Vec::with_capacity(terms.len());
    for (t, &df) in terms.iter().zip(&df) {
        let field = t.term.field();
        if let std::collections::hash_map::Entry::Vacant(e) = average_length.entry(field) {
            e.insert(total_tokens(searcher, field)? as f32 / n);
        }
        let df = df as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        weights.push(idf * t.weight * (1.0 + bm25.k1));
    }
    for d in docs.iter_mut() {
        d.0 = 0.0;
    }
    let mut order: Vec<(DocAddress, usize)> = docs.iter().enumerate().map(|(i, d)| (d.1, i)).collect();
    order.sort();
    for segment in order.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
        let ord = segment[0].0.segment_ord as usize;
        let reader = &readers[ord];
        for ((t, weight), info) in terms.iter().zip(&weights).zip(&infos[ord]) {
            let Some(info) = info else { continue };
            let field = t.term.field();
            let mut postings = reader
                .inverted_index(field)?
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
                }
            }
        }
    }
    Ok(())
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

    #[test]
    fn tantivy_parameters_give_tantivy_scores_and_low_k1_favours_more_words() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(15_000_000).unwrap();
        for text in [
            "gulf gulf gulf gulf gulf talks",
            "gulf summit talks ends today now",
            "summit talks",
            "other news",
        ] {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
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
        score(&searcher, &terms, Bm25 { k1: 1.2, b: 0.75 }, &mut ours).unwrap();
        for (a, b) in tantivy.iter().zip(&ours) {
            assert!((a.0 - b.0).abs() < 1e-4, "{a:?} {b:?}");
        }
        // tantivy ranks five "gulf" first; with little saturation, both words rank first.
        assert_eq!(tantivy[0].1.doc_id, 0);
        let mut flat = tantivy.clone();
        score(&searcher, &terms, Bm25 { k1: 0.2, b: 0.75 }, &mut flat).unwrap();
        flat.sort_by(|a, b| b.0.total_cmp(&a.0));
        assert_eq!(flat[0].1.doc_id, 1);
    }
}
