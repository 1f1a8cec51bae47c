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
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
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
        Ok(searcher.search(&q, &FacetCollector { fields })?)
    }
}

/// Collects [`Facets`] over the `source` and `day` fast fields (alone, or
/// beside the ranking in one pass: [`Searcher::search_faceted`]).
pub(crate) struct FacetCollector {
    pub(crate) fields: Fields,
}

/// Per-segment counts: by source term ordinal and by day number.
pub(crate) struct SegmentFacets {
    source: Option<StrColumn>,
    day: Option<Column<u64>>,
    total: u64,
    by_source_ord: Vec<u64>,
    /// Counts by `day - first_day` when the segment's days span at most
    /// [`DENSE_DAYS`] numbers (a hash per match was a third of the pass).
    by_day_offset: Vec<u64>,
    first_day: u64,
    by_day: HashMap<u64, u64>,
}

/// Widest span of `YYYYMMDD` numbers counted in an array (a year spans ~1,200).
const DENSE_DAYS: u64 = 1 << 16;

/// What one segment found, with source ordinals already turned into names.
pub(crate) struct SegmentFruit {
    total: u64,
    sources: Vec<(String, u64)>,
    days: HashMap<u64, u64>,
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let schema = segment.schema();
        let fast = segment.fast_fields();
        let source = fast.str(schema.get_field_name(self.fields.source))?;
        let day = fast.u64(schema.get_field_name(self.fields.day)).ok();
        let terms = source.as_ref().map_or(0, |s| s.num_terms());
        let (first_day, span) = match &day {
            Some(c) if c.max_value() >= c.min_value() && c.max_value() - c.min_value() < DENSE_DAYS => {
                (c.min_value(), (c.max_value() - c.min_value() + 1) as usize)
            }
            _ => (0, 0),
        };
        Ok(SegmentFacets {
            source,
            day,
            total: 0,
            by_source_ord: vec![0; terms],
            by_day_offset: vec![0; span],
            first_day,
            by_day: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<SegmentFruit>>) -> tantivy::Result<Facets> {
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
        if let Some(source) = &self.source {
            for ord in source.term_ords(doc) {
                if let Some(n) = self.by_source_ord.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
        if let Some(day) = self.day.as_ref().and_then(|c| c.first(doc)) {
            match self.by_day_offset.get_mut(day.wrapping_sub(self.first_day) as usize) {
                Some(n) => *n += 1,
                None => *self.by_day.entry(day).or_default() += 1,
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut sources = Vec::new();
        if let Some(column) = &self.source {
            let mut name = String::new();
            for (ord, &n) in self.by_source_ord.iter().enumerate().filter(|(_, &n)| n > 0) {
                name.clear();
                column.ord_to_str(ord as u64, &mut name)?;
                sources.push((name.clone(), n));
            }
        }
        let mut days = self.by_day;
        for (offset, &n) in self.by_day_offset.iter().enumerate().filter(|(_, &n)| n > 0) {
            *days.entry(self.first_day + offset as u64).or_default() += n;
        }
        Ok(SegmentFruit {
            total: self.total,
            sources,
            days,
        })
    }
}

/// `YYYYMMDD` as `YYYY-MM-DD`.
fn day_string(day: u64) -> String {
    format!("{:04}-{:02}-{:02}", day / 10_000, day / 100 % 100, day % 100)
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

    /// Days too far apart for the array fall back to the map, with the same counts.
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
}
