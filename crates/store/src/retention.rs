//! How often an article's body repeats its headline's words, per stem: a
//! query word that headlines use but bodies seldom repeat is weak evidence
//! of the article a headline-like query looks for.
//!
//! A headline is written in its own register: present-tense verbs, tags,
//! a speaker's title before a colon. Over SaudiNewsNet a headline stem is
//! in the article's own body 79% of the time, but `يدشن` only 13% of the
//! time (10 of 76 headlines), `فيديو` 42%, while `داعش` and `وزير` are 99%;
//! an article matching a seldom-repeated word in its body is no nearer the
//! query than one that does not. So a query
//! word's terms weigh the stem's *retention* (the share of the headlines
//! holding it whose body holds it too) relative to the mean retention,
//! shrunk towards the mean by [`PRIOR`] pseudo-headlines, so that a stem
//! seen in a few headlines keeps a weight near 1 (and no one article moves
//! any weight by more than a few per cent).
//!
//! The counts are read from the index's `title` and `content` postings
//! (both stemmed by the same analyzer), every live article once.

use crate::index::Fields;
use crate::Result;
use rustc_hash::FxHashMap;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Term, TERMINATED};

/// Pseudo-headlines of mean retention each stem's count starts with.
pub const PRIOR: f32 = 20.0;

/// Headline stems and how often bodies repeat them.
#[derive(Debug, Default)]
pub struct Retention {
    /// Per stem: live articles with it in the headline, and of those, with
    /// it in the body too.
    counts: FxHashMap<String, (u32, u32)>,
    /// Retention over every headline stem occurrence.
    mean: f32,
}

impl Retention {
    /// Counts, over the searcher's live articles, each headline stem and
    /// how often the body holds it too.
    pub fn learn(searcher: &tantivy::Searcher, fields: &Fields) -> Result<Retention> {
        let mut counts: FxHashMap<String, (u32, u32)> = FxHashMap::default();
        for reader in searcher.segment_readers() {
            let titles = reader.inverted_index(fields.title)?;
            let bodies = reader.inverted_index(fields.content)?;
            let alive = reader.alive_bitset();
            let mut terms = titles.terms().stream().map_err(tantivy::TantivyError::from)?;
            while terms.advance() {
                let Ok(stem) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                let mut in_title = titles
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?;
                let mut in_body = bodies
                    .read_postings(&Term::from_field_text(fields.content, stem), IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?;
                let (mut n, mut kept) = (0u32, 0u32);
                while in_title.doc() != TERMINATED {
                    let doc = in_title.doc();
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        n += 1;
                        if let Some(body) = in_body.as_mut() {
                            if body.doc() <= doc && body.seek(doc) == doc {
                                kept += 1;
                            }
                        }
                    }
                    in_title.advance();
                }
                if n > 0 {
                    let c = counts.entry(stem.to_string()).or_default();
                    c.0 += n;
                    c.1 += kept;
                }
            }
        }
        let (n, kept) = counts
            .values()
            .fold((0u64, 0u64), |(n, k), &(a, b)| (n + a as u64, k + b as u64));
        let mean = if n == 0 { 1.0 } else { kept as f32 / n as f32 };
        Ok(Retention { counts, mean })
    }

    /// A query stem's weight: its shrunk retention relative to the mean,
    /// to the power `strength` (0 weighs every stem 1).
    pub fn weight(&self, stem: &str, strength: f32) -> f32 {
        if strength == 0.0 || self.mean <= 0.0 {
            return 1.0;
        }
        let (n, kept) = self.counts.get(stem).copied().unwrap_or_default();
        let shrunk = (kept as f32 + PRIOR * self.mean) / (n as f32 + PRIOR);
        (shrunk / self.mean).powf(strength)
    }

    /// Headline stems counted.
    pub fn stems(&self) -> usize {
        self.counts.len()
    }

    /// Retention over every headline stem occurrence.
    pub fn mean(&self) -> f32 {
        self.mean
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::search::{FieldSet, SearchOptions, Searcher, Weights};
    use crate::{NewRecord, Writer};
    use marsad_core::Article;

    /// A JSON record of one article with just an id, a title and a body.
    pub(crate) fn record(id: &str, title: &str, content: &str) -> NewRecord {
        NewRecord {
            origin: "t.json".into(),
            format: "json".into(),
            encoding: "UTF-8".into(),
            raw: format!("{id} {title} {content}").into_bytes(),
            article: Article {
                id: id.into(),
                title: title.into(),
                content: content.into(),
                ..Default::default()
            },
            warnings: vec![],
        }
    }

    fn stem(word: &str) -> String {
        let tokens = marsad_text::analyze(word);
        tokens[0].stem.clone()
    }

    /// Sixty headlines tagged `بالفيديو` whose bodies never say it, ten
    /// about the port whose bodies do, and two articles a query for both
    /// words could mean.
    fn corpus() -> Vec<NewRecord> {
        let mut records: Vec<NewRecord> = (0..60)
            .map(|i| {
                record(
                    &format!("v{i}"),
                    &format!("بالفيديو حادث مروري {i}"),
                    &format!("وقع حادث مروري {i} على الطريق السريع."),
                )
            })
            .collect();
        records.extend((0..10).map(|i| {
            record(
                &format!("p{i}"),
                &format!("الميناء يستقبل سفينة {i}"),
                &format!("استقبل الميناء سفينة {i} اليوم."),
            )
        }));
        records.push(record("port", "حركة في الميناء", "شهد الميناء حركة كبيرة."));
        records.push(record("market", "لقطات من السوق", "نشرنا بالفيديو لقطات من السوق."));
        records
    }

    #[test]
    fn counts_each_live_headline_once_and_weighs_stems_by_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.write(&corpus()).unwrap();
        // A new version of an article replaces the old one's counts.
        w.write(&[record("port", "حركة في الميناء اليوم", "شهد الميناء حركة كبيرة.")])
            .unwrap();
        w.finish().unwrap();
        let (index, fields) = crate::index::open_for_read(&dir.path().join(crate::INDEX_DIR)).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let r = Retention::learn(&searcher, &fields).unwrap();
        assert_eq!(r.counts[&stem("بالفيديو")], (60, 0));
        assert_eq!(r.counts[&stem("الميناء")], (11, 11));
        assert_eq!(r.counts[&stem("اليوم")], (1, 0));
        assert!(r.mean > 0.5 && r.mean < 1.0, "{}", r.mean);
        // Rarely repeated: well below 1; always repeated: above; unseen or
        // seen once: near 1; strength 0: exactly 1.
        let weight = |word: &str| r.weight(&stem(word), 1.0);
        assert!(weight("بالفيديو") < 0.3, "{}", weight("بالفيديو"));
        assert!(weight("الميناء") > 1.0, "{}", weight("الميناء"));
        assert_eq!(weight("القاهرة"), 1.0);
        assert!((weight("اليوم") - 1.0).abs() < 0.06, "{}", weight("اليوم"));
        assert_eq!(r.weight(&stem("بالفيديو"), 0.0), 1.0);
    }

    #[test]
    fn a_headline_word_bodies_do_not_repeat_weighs_less_in_a_search() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.write(&corpus()).unwrap();
        w.finish().unwrap();
        let s = Searcher::open(dir.path()).unwrap();
        let order = |retention: f32| -> Vec<String> {
            let opts = SearchOptions {
                limit: 20,
                fields: FieldSet::Content,
                weights: Weights {
                    retention,
                    ..Default::default()
                },
                ..Default::default()
            };
            let hits = s.search("بالفيديو الميناء", &opts).unwrap().hits;
            hits.into_iter().map(|h| h.id).collect()
        };
        let at = |ids: &[String], id: &str| ids.iter().position(|x| x == id).expect(id);
        // By the words alone the rare `بالفيديو` puts the market first;
        // weighed by what bodies repeat, the port's article comes first.
        let plain = order(0.0);
        assert!(at(&plain, "market") < at(&plain, "port"), "{plain:?}");
        let weighed = order(Weights::default().retention);
        assert!(at(&weighed, "port") < at(&weighed, "market"), "{weighed:?}");
    }
}
