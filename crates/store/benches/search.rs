//! Query latency on real Arabic news: headline queries (plain words) and
//! operator queries, top 10 with highlighted snippets.
//!
//! Uses the store in `$MARSAD_BENCH_DATA` when set (e.g. one made by
//! `marsad bench ingest ../shared/corpus/saudinewsnet --keep DIR`), else
//! builds one from the bundled SaudiNewsNet sample.

use criterion::{criterion_group, criterion_main, Criterion};
use marsad_core::Article;
use marsad_store::{NewRecord, SearchOptions, Searcher, Writer};
use std::hint::black_box;
use std::path::PathBuf;

const SAMPLE: &str = include_str!("../../../data/sample/saudinewsnet-2015-08-11-sample.jsonl");

fn sample_articles() -> Vec<Article> {
    SAMPLE
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("sample line is JSON");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            Article {
                id: s("url"),
                title: s("title"),
                content: s("content"),
                url: Some(s("url")),
                source: Some(s("source")),
                date: Some(s("date_extracted").replace(' ', "T")),
                ..Default::default()
            }
        })
        .collect()
}

fn store() -> (Option<tempfile::TempDir>, PathBuf) {
    if let Some(dir) = std::env::var_os("MARSAD_BENCH_DATA") {
        return (None, PathBuf::from(dir));
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let mut w = Writer::open(&dir).unwrap();
    let records: Vec<NewRecord> = sample_articles()
        .into_iter()
        .map(|article| NewRecord {
            origin: "sample".into(),
            format: "json".into(),
            encoding: "UTF-8".into(),
            raw: article.content.as_bytes().to_vec(),
            article,
            warnings: vec![],
        })
        .collect();
    w.write(&records).unwrap();
    w.finish().unwrap();
    (Some(tmp), dir)
}

fn bench(c: &mut Criterion) {
    let (_tmp, dir) = store();
    let searcher = Searcher::open(&dir).unwrap();
    let headlines: Vec<String> = sample_articles()
        .into_iter()
        .map(|a| a.title)
        .filter(|t| !t.is_empty())
        .take(50)
        .collect();
    let plain = SearchOptions {
        limit: 10,
        snippets: true,
        plain: true,
        quotes: marsad_store::HIT_QUOTES,
        ..Default::default()
    };
    let found: usize = headlines
        .iter()
        .map(|h| searcher.search(h, &plain).unwrap().hits.len())
        .sum();
    assert!(
        found >= headlines.len(),
        "every headline finds at least its own article"
    );
    c.bench_function("search/headline top10+snippets", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % headlines.len();
            black_box(searcher.search(&headlines[i], &plain).unwrap())
        })
    });
    let ops = SearchOptions {
        limit: 10,
        snippets: true,
        count: true,
        ..Default::default()
    };
    let queries = [
        "وزارة الصحة source:was",
        "\"ولي العهد\" -اليمن",
        "السعودية OR المملكة النفط",
    ];
    for q in queries {
        assert!(searcher.search(q, &ops).is_ok());
    }
    c.bench_function("search/operators top10+snippets+count", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % queries.len();
            black_box(searcher.search(queries[i], &ops).unwrap())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
