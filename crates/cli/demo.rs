//! `marsad demo`: ingests the bundled sample (289 SaudiNewsNet articles and
//! the Al-Dostor seed page) into a fresh store and shows what Marsad does.

use crate::args::{DemoArgs, IngestArgs};
use anyhow::Context;
use marsad_store::{QuoteQuery, SearchOptions, Searcher, Store, StoryFilter};
use std::path::Path;
use std::process::ExitCode;

const SAMPLE_NAME: &str = "saudinewsnet-2015-08-11-sample.jsonl";
const SAMPLE: &[u8] = include_bytes!("../../data/sample/saudinewsnet-2015-08-11-sample.jsonl");
const SEED_NAME: &str = "dostor-kremlin-summit.txt";
const SEED: &[u8] = include_bytes!("../../data/sample/dostor-kremlin-summit.txt");

/// Queries the demo runs, with what each shows.
const QUERIES: &[(&str, &str)] = &[
    ("قمة بوتين بايدن", "bag of words, across clitics and spellings"),
    ("الرئيس الروسى", "ى/ي folding: the page writes الروسي"),
    ("الأميركي", "spelling variants: the page writes الأمريكي"),
    ("\"حوار استراتيجي\"", "exact phrase"),
    (
        "\"حوار استراتيجي\" -بيسكوف",
        "phrase with an exclusion: the seed page mentions بيسكوف",
    ),
    ("وزارة الصحة source:was", "filtered by source"),
    ("قمة speaker:بيسكوف", "only articles quoting a speaker"),
];

/// Runs `marsad demo`.
pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let tmp = tempfile::tempdir()?;
    let data = args.demo_data.clone().unwrap_or_else(|| tmp.path().join("store"));
    let inputs = tmp.path().join("sample");
    std::fs::create_dir_all(&inputs)?;
    std::fs::write(inputs.join(SAMPLE_NAME), SAMPLE)?;
    std::fs::write(inputs.join(SEED_NAME), SEED)?;
    println!("Marsad demo — store in {}\n", data.display());
    ingest_sample(&data, &inputs)?;
    let searcher = Searcher::open(&data)?;
    let stats = searcher.store().stats()?;
    println!("{} articles from {} sources\n", stats.articles, stats.sources.len());
    for (query, what) in QUERIES {
        show_query(&searcher, query, what)?;
    }
    show_quotes(searcher.store())?;
    show_stories(searcher.store())?;
    if args.demo_data.is_none() {
        println!("(the demo store is temporary; pass --demo-data DIR to keep it)");
    }
    if args.no_serve {
        // A temporary store is gone when the demo returns: nothing to try.
        if args.demo_data.is_some() {
            println!("Try: cargo run --release -- --data {} search 'QUERY'", data.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    drop(searcher);
    println!("Web interface: open http://{}/?q=قمة+بوتين+بايدن", args.addr);
    let serve = crate::args::ServeArgs {
        addr: args.addr,
        token: None,
        max_body_mib: 16,
        search_threads: 0,
    };
    crate::serve(&data, serve)
}

fn ingest_sample(data: &Path, inputs: &Path) -> anyhow::Result<()> {
    let base = IngestArgs {
        paths: vec![inputs.join(SAMPLE_NAME)],
        encoding: None,
        source: None,
        date: None,
        url: None,
        max_record_mib: 16,
        json: false,
        quiet: true,
    };
    let (a, _) = crate::ingest::ingest(data, &base).context("ingesting the bundled sample")?;
    let seed = IngestArgs {
        paths: vec![inputs.join(SEED_NAME)],
        source: Some("dostor".into()),
        date: Some("2021-04-14".into()),
        ..base
    };
    let (b, _) = crate::ingest::ingest(data, &seed).context("ingesting the seed page")?;
    println!(
        "ingested {} SaudiNewsNet records and the Al-Dostor seed page in {:.2}s ({} new)",
        a.records,
        a.seconds + b.seconds,
        a.new + b.new
    );
    Ok(())
}

/// Who said what about the summit on the seed page.
fn show_quotes(store: &Store) -> anyhow::Result<()> {
    let query = QuoteQuery {
        text: "قمة".into(),
        speaker: Some("بيسكوف".into()),
        limit: 3,
        ..Default::default()
    };
    let hits = store.quotes(&query)?;
    println!(
        "quotes قمة --speaker بيسكوف   — who said what: {} statements",
        hits.len()
    );
    for h in &hits {
        println!("  ❝ {}", crate::quotes::quote_line(&h.quote));
    }
    println!();
    Ok(())
}

/// The largest stories of the sample's day.
fn show_stories(store: &Store) -> anyhow::Result<()> {
    let filter = StoryFilter {
        min_size: 2,
        limit: 5,
        ..Default::default()
    };
    let stories = store.stories(&filter)?;
    println!("stories   — the same event across outlets, largest first:");
    for s in &stories {
        println!(
            "  • {} articles, {} outlets ({}): {}",
            s.size,
            s.outlets,
            s.sources.join(", "),
            s.headline
        );
    }
    println!();
    Ok(())
}

fn show_query(searcher: &Searcher, query: &str, what: &str) -> anyhow::Result<()> {
    let opts = SearchOptions {
        limit: 3,
        snippets: true,
        count: true,
        ..Default::default()
    };
    let results = searcher.search(query, &opts)?;
    println!("search {query}   — {what}: {} results", results.total.unwrap_or(0));
    for h in &results.hits {
        let title = h
            .title
            .as_deref()
            .filter(|t| !t.is_empty())
            .unwrap_or("(untitled page)");
        println!("  • [{}] {}", h.source.as_deref().unwrap_or("-"), title);
        if let Some(s) = &h.snippet {
            println!("    {}", s.marked("[", "]"));
        }
    }
    println!();
    Ok(())
}
