//! Facet counts of a query's matches: how many matching articles each
//! source and each publication day holds.
//!
//! One pass over the matches with a tantivy collector that reads the `source`
//! (string, fast) and `day` (`YYYYMMDD`, fast) columns; scores are not
//! computed. Source names are resolved once per segment and term, not per
//! document, so the cost is one column read per match.

use crate::index::Fields;
use crate::{Result, SearchOptions, Searcher};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Matching articles per source and per day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Number of matching articles.
    pub total: u64,
    /// Matches per source, most first (ties by name); articles without a
    /// source are not counted here.
    pub sources: Vec<FacetCount>,
    /// Matches per publication day (`YYYY-MM-DD`), in date order; articles
    /// without a known day are not counted here.
    pub days: Vec<FacetCount>,
}

/// One facet value and how many matches have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The source name or the day.
    pub value: String,
    /// Matching articles with that value.
    pub count: u64,
}

impl Searcher {
    /// Counts the matches of `query` (with the filters of `opts`; paging,
    /// snippets and counting options are ignored) per source and per day.
    pub fn facets(&self, query: &str, opts: &SearchOptions) -> Result<Facets> {
        let (q, searcher, fields) = self.prepare(query, opts)?;
        let collector = self.facet_tables().collector(fields, &searcher);
        Ok(searcher.search(&q, &collector)?)
    }
}

/// Each segment's facet values per document, read from its columns once and
/// kept while the segment is searched (segments never change). Counting a
/// match is then two array reads; through the columns it was a fifth of a
/// search.
#[derive(Debug, Default)]
pub(crate) struct FacetTables(Mutex<HashMap<SegmentId, Arc<SegmentTable>>>);

/// One segment's facet values: per document, the index of its source in
/// `sources` and of its day in `days`, plus one (0: none).
#[derive(Debug)]
pub(crate) struct SegmentTable {
    source: Vec<u32>,
    day: Vec<u32>,
    sources: Vec<String>,
    days: Vec<u64>,
}

impl FacetTables {
    /// A collector for one search on `searcher`; forgets the tables of
    /// segments it no longer has (merged away).
    pub(crate) fn collector(&self, fields: Fields, searcher: &tantivy::Searcher) -> FacetCollector<'_> {
        let live: HashSet<SegmentId> = searcher.segment_readers().iter().map(|r| r.segment_id()).collect();
        let mut tables = self.0.lock().unwrap_or_else(|e| e.into_inner());
        tables.retain(|id, _| live.contains(id));
        FacetCollector {
            fields,
            tables: tables.clone(),
            built: Mutex::new(Vec::new()),
            owner: self,
        }
    }
}

impl SegmentTable {
    fn read(fields: Fields, segment: &SegmentReader) -> tantivy::Result<SegmentTable> {
        let schema = segment.schema();
        let fast = segment.fast_fields();
        let docs = segment.max_doc();
        let mut table = SegmentTable {
            source: vec![0; docs as usize],
            day: vec![0; docs as usize],
            sources: Vec::new(),
            days: Vec::new(),
        };
        if let Some(column) = fast.str(schema.get_field_name(fields.source))? {
            let mut name = String::new();
            for ord in 0..column.num_terms() as u64 {
                name.clear();
                column.ord_to_str(ord, &mut name)?;
                table.sources.push(name.clone());
            }
            for doc in 0..docs {
                if let Some(ord) = column.ords().first(doc) {
                    table.source[doc as usize] = ord as u32 + 1;
                }
            }
        }
        if let Ok(column) = fast.u64(schema.get_field_name(fields.day)) {
            let mut index: HashMap<u64, u32> = HashMap::new();
            for doc in 0..docs {
                if let Some(day) = column.first(doc) {
                    let i = *index.entry(day).or_insert_with(|| {
                        table.days.push(day);
                        table.days.len() as u32
                    });
                    table.day[doc as usize] = i;
                }
            }
        }
        Ok(table)
    }
}

/// Collects [`Facets`] over the `source` and `day` fast fields (alone, or
/// beside the ranking in one pass: [`Searcher::search_faceted`]).
pub(crate) struct FacetCollector<'t> {
    fields: Fields,
    /// The tables known when the search began.
    tables: HashMap<SegmentId, Arc<SegmentTable>>,
    /// Tables read during this search, handed to `owner` at the end.
    built: Mutex<Vec<(SegmentId, Arc<SegmentTable>)>>,
    owner: &'t FacetTables,
}

/// Per-segment counts, by index into the segment's table (0: none).
pub(crate) struct SegmentFacets {
    table: Arc<SegmentTable>,
    total: u64,
    by_source: Vec<u64>,
    by_day: Vec<u64>,
}

/// What one segment found, with indexes already turned into values.
pub(crate) struct SegmentFruit {
    total: u64,
    sources: Vec<(String, u64)>,
    days: Vec<(u64, u64)>,
}

impl Collector for FacetCollector<'_> {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let id = segment.segment_id();
        let table = match self.tables.get(&id) {
            Some(t) => t.clone(),
            None => {
                let t = Arc::new(SegmentTable::read(self.fields, segment)?);
                self.built
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((id, t.clone()));
                t
            }
        };
        Ok(SegmentFacets {
            total: 0,
            by_source: vec![0; table.sources.len() + 1],
            by_day: vec![0; table.days.len() + 1],
            table,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<SegmentFruit>>) -> tantivy::Result<Facets> {
        let built = std::mem::take(&mut *self.built.lock().unwrap_or_else(|e| e.into_inner()));
        self.owner.0.lock().unwrap_or_else(|e| e.into_inner()).extend(built);
        let mut total = 0;
        let mut sources: HashMap<String, u64> = HashMap::new();
        let mut days: HashMap<u64, u64> = HashMap::new();
        for fruit in fruits {
            let fruit = fruit?;
            total += fruit.total;
            for (name, n) in fruit.sources {
                *sources.entry(name).or_default() += n;
            }
            for (day, n) in fruit.days {
                *days.entry(day).or_default() += n;
            }
        }
        let mut sources: Vec<FacetCount> = sources
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        sources.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        let mut days: Vec<(u64, u64)> = days.into_iter().collect();
        days.sort_unstable();
        let days = days
            .into_iter()
            .map(|(day, count)| FacetCount {
                value: day_string(day),
                count,
            })
            .collect();
        Ok(Facets { total, sources, days })
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = tantivy::Result<SegmentFruit>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.total += 1;
        let doc = doc as usize;
        if let Some(&s) = self.table.source.get(doc) {
            self.by_source[s as usize] += 1;
        }
        if let Some(&d) = self.table.day.get(doc) {
            self.by_day[d as usize] += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        let nonzero = |counts: &[u64]| -> Vec<(usize, u64)> {
            counts
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, &n)| n > 0)
                .map(|(i, &n)| (i - 1, n))
                .collect()
        };
        Ok(SegmentFruit {
            total: self.total,
            sources: nonzero(&self.by_source)
                .into_iter()
                .map(|(i, n)| (self.table.sources[i].clone(), n))
                .collect(),
            days: nonzero(&self.by_day)
                .into_iter()
                .map(|(i, n)| (self.table.days[i], n))
                .collect(),
        })
    }
}

/// `YYYYMMDD` as `YYYY-MM-DD`.
fn day_string(day: u64) -> String {
    let mut out = String::with_capacity(10);
    crate::db::push_decimal(&mut out, day / 10_000, 4);
    out.push('-');
    crate::db::push_decimal(&mut out, day / 100 % 100, 2);
    out.push('-');
    crate::db::push_decimal(&mut out, day % 100, 2);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NewRecord, Writer};
    use marsad_core::Article;

    fn record(id: &str, source: &str, date: Option<&str>, content: &str) -> NewRecord {
        let article = Article {
            id: id.into(),
            title: "خبر".into(),
            content: content.into(),
            source: Some(source.into()),
            date: date.map(String::from),
            ..Default::default()
        };
        NewRecord {
            origin: "t.json".into(),
            format: "json".into(),
            encoding: "UTF-8".into(),
            raw: id.as_bytes().to_vec(),
            article,
            warnings: vec![],
        }
    }

    #[test]
    fn counts_matches_by_source_and_day() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.write(&[
            record("1", "okaz", Some("2015-07-21"), "قمة بوتين وبايدن في جنيف"),
            record("2", "okaz", Some("2015-07-22"), "بوتين يلتقي بايدن"),
            record(
                "3",
                "aawsat",
                Some("2015-07-21"),
                "قال الكرملين إن الرئيس بوتين مستعد للقاء نظيره الأمريكي.",
            ),
            record("4", "aawsat", None, "وصل الرئيس بوتين إلى جنيف صباح اليوم."),
            record("5", "sabq", Some("2015-07-21"), "أمطار غزيرة في الرياض"),
        ])
        .unwrap();
        w.finish().unwrap();
        let s = Searcher::open(dir.path()).unwrap();
        let f = s.facets("بوتين", &SearchOptions::default()).unwrap();
        assert_eq!(f.total, 4);
        let pairs = |v: &[FacetCount]| v.iter().map(|c| (c.value.clone(), c.count)).collect::<Vec<_>>();
        assert_eq!(pairs(&f.sources), [("aawsat".into(), 2), ("okaz".into(), 2)]);
        assert_eq!(pairs(&f.days), [("2015-07-21".into(), 2), ("2015-07-22".into(), 1)]);
        let opts = SearchOptions {
            from: Some("2015-07-22".into()),
            ..Default::default()
        };
        assert_eq!(s.facets("بوتين source:okaz", &opts).unwrap().total, 1);
        assert!(s.facets("\"بوتين", &opts).is_err());
        // Ranking and counting in one pass agree with counting alone.
        let page = SearchOptions {
            limit: 10,
            ..Default::default()
        };
        let (results, both) = s.search_faceted("بوتين", &page).unwrap();
        assert_eq!(both, f);
        assert_eq!(results.total, Some(4));
        assert_eq!(results.hits.len(), 4);
    }

    /// Tables are read once per segment and follow the index as it grows.
    #[test]
    fn tables_are_kept_per_segment_and_follow_new_commits() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.write(&[record("1", "okaz", Some("2015-07-21"), "قمة بوتين")])
            .unwrap();
        w.commit().unwrap();
        let s = Searcher::open(dir.path()).unwrap();
        let opts = SearchOptions::default();
        assert_eq!(s.facets("بوتين", &opts).unwrap().total, 1);
        assert_eq!(s.facets("بوتين", &opts).unwrap().total, 1);
        assert_eq!(s.facet_tables().0.lock().unwrap().len(), 1);
        w.write(&[record("2", "sabq", Some("2015-07-23"), "بوتين في جنيف")])
            .unwrap();
        w.finish().unwrap();
        s.reload().unwrap();
        let f = s.facets("بوتين", &opts).unwrap();
        let sources: Vec<(String, u64)> = f.sources.iter().map(|c| (c.value.clone(), c.count)).collect();
        assert_eq!(sources, [("okaz".into(), 1), ("sabq".into(), 1)]);
        let days: Vec<String> = f.days.iter().map(|c| c.value.clone()).collect();
        assert_eq!(days, ["2015-07-21", "2015-07-23"]);
        let live = s.prepare("بوتين", &opts).unwrap().1.segment_readers().len();
        assert_eq!(s.facet_tables().0.lock().unwrap().len(), live);
    }

    /// Days far apart are counted apart.
    #[test]
    fn days_years_apart_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.write(&[
            record("1", "okaz", Some("2015-07-21"), "قمة بوتين"),
            record("2", "okaz", Some("2031-01-02"), "بوتين"),
            record("3", "okaz", Some("2015-07-21"), "بوتين مجددا"),
        ])
        .unwrap();
        w.finish().unwrap();
        let s = Searcher::open(dir.path()).unwrap();
        let f = s.facets("بوتين", &SearchOptions::default()).unwrap();
        let days: Vec<(String, u64)> = f.days.iter().map(|c| (c.value.clone(), c.count)).collect();
        assert_eq!(days, [("2015-07-21".into(), 2), ("2031-01-02".into(), 1)]);
    }

    #[test]
    fn days_and_numbers_are_written_like_format_writes_them() {
        for day in [20150101, 20161231, 99991231, 1010101, 0] {
            let (y, m, d) = (day / 10_000, day / 100 % 100, day % 100);
            assert_eq!(day_string(day), format!("{y:04}-{m:02}-{d:02}"));
        }
        for (n, width) in [(0, 1), (7, 1), (10, 1), (999, 2), (5, 4), (u64::MAX, 1)] {
            let mut out = String::new();
            crate::db::push_decimal(&mut out, n, width);
            assert_eq!(out, format!("{n:0width$}"));
        }
        assert_eq!(crate::db::page_values(3), "(?1,0),(?2,1),(?3,2)");
    }
}
