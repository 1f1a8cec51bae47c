//! `marsad search` (interactive and batch) and `marsad bench search`.

use crate::args::{Fields, SearchArgs};
use anyhow::Context;
use marsad_store::{FieldSet, SearchOptions, Searcher};
use std::io::{BufRead, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn field_set(f: Fields) -> FieldSet {
    match f {
        Fields::All => FieldSet::TitleAndContent,
        Fields::Content => FieldSet::Content,
        Fields::Title => FieldSet::Title,
    }
}

/// Tells on stderr when the store's index was built by a Marsad whose analysis differs.
pub fn warn_if_stale(data: &Path) {
    if let Some(version) = marsad_store::index::stale_version(data) {
        eprintln!(
            "marsad: warning: the search index in {} was built for index version {version}, this Marsad \
             writes version {}: its terms may not match the queries'. `marsad reindex` rebuilds it \
             (so does the next ingest).",
            data.display(),
            marsad_store::index::INDEX_VERSION
        );
    }
}

/// Runs `marsad search`.
pub fn run(data: &Path, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(data).with_context(|| format!("opening the store at {}", data.display()))?;
    warn_if_stale(data);
    if let Some(batch) = &args.batch {
        return run_batch(&searcher, batch, &args);
    }
    let query = args.query.as_deref().unwrap_or_default();
    let opts = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        fields: field_set(args.fields),
        from: args.from.clone(),
        to: args.to.clone(),
        snippets: true,
        count: true,
        plain: false,
        quotes: marsad_store::HIT_QUOTES,
        weights: args.weights,
        order: args.sort.into(),
        speaker: args.speaker.clone(),
    };
    let opts = if args.group {
        // Enough hits to fill `limit` stories after collapsing.
        SearchOptions {
            limit: (args.limit + args.offset) * 8,
            offset: 0,
            ..opts
        }
    } else {
        opts
    };
    let results = match searcher.search(query, &opts) {
        Ok(r) => r,
        Err(marsad_store::Error::Query(msg)) => {
            eprintln!("marsad: {msg}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if args.group {
        return print_grouped(data, query, results, &args);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(ExitCode::SUCCESS);
    }
    let color = std::io::stdout().is_terminal();
    let (open, close) = if color { ("\x1b[1;33m", "\x1b[0m") } else { ("[", "]") };
    let asked = match (query.trim(), &args.speaker) {
        ("", Some(speaker)) => format!("articles quoting {speaker}"),
        (q, Some(speaker)) => format!("{q} in articles quoting {speaker}"),
        (q, None) => q.to_string(),
    };
    println!("{} results for {asked}", results.total.unwrap_or(results.hits.len()));
    for (i, h) in results.hits.iter().enumerate() {
        print_head(i + 1 + args.offset, h);
        if let Some(s) = &h.snippet {
            println!("   {}", s.marked(open, close));
        }
        for q in h.quotes.iter().take(3) {
            println!("   ❝ {}", crate::quotes::quote_line(q));
        }
        if h.quotes_total > h.quotes.len().min(3) {
            println!(
                "   ❝ … {} more (marsad show {})",
                h.quotes_total - h.quotes.len().min(3),
                h.id
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One story in grouped results: its best hit and the story's other articles.
#[derive(serde::Serialize)]
struct Group {
    hit: marsad_store::Hit,
    story: Option<marsad_store::StorySummary>,
    /// Other articles of the story (whether or not they matched).
    more: i64,
    /// Outlets of the story other than the hit's.
    more_sources: Vec<String>,
}

/// Collapses hits by story, keeping each story's best hit, in rank order.
fn print_grouped(
    data: &Path,
    query: &str,
    results: marsad_store::SearchResults,
    args: &SearchArgs,
) -> anyhow::Result<ExitCode> {
    let store = marsad_store::Store::open(data)?;
    let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
    let story_of = store.story_ids(&ids)?;
    let mut seen = std::collections::HashSet::new();
    let mut groups = Vec::new();
    for hit in results.hits {
        let key = story_of.get(&hit.id).cloned().unwrap_or_else(|| hit.id.clone());
        if !seen.insert(key.clone()) {
            continue;
        }
        let story = store.story(&key)?.map(|s| s.summary);
        let (more, more_sources) = match &story {
            Some(s) => (
                s.size - 1,
                s.sources
                    .iter()
                    .filter(|x| Some(x.as_str()) != hit.source.as_deref())
                    .cloned()
                    .collect(),
            ),
            None => (0, vec![]),
        };
        groups.push(Group {
            hit,
            story,
            more,
            more_sources,
        });
    }
    let groups: Vec<Group> = groups.into_iter().skip(args.offset).take(args.limit).collect();
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "query": query, "groups": groups }))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} stories for {query}", groups.len());
    for (i, g) in groups.iter().enumerate() {
        let h = &g.hit;
        print_head(i + 1 + args.offset, h);
        if g.more > 0 {
            let from = if g.more_sources.is_empty() {
                h.source.clone().unwrap_or_default()
            } else {
                g.more_sources.join(", ")
            };
            println!("   and {} more from {from}", g.more);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a `qid<TAB>query` file.
pub fn read_queries(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{} line {}", path.display(), n + 1))?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            continue;
        }
        let (qid, query) = line
            .split_once('\t')
            .with_context(|| format!("{} line {}: expected qid<TAB>query", path.display(), n + 1))?;
        out.push((qid.to_string(), query.to_string()));
    }
    Ok(out)
}

fn run_batch(searcher: &Searcher, path: &Path, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let queries = read_queries(path)?;
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let opts = SearchOptions {
        limit: args.top,
        fields: field_set(args.fields),
        from: args.from.clone(),
        to: args.to.clone(),
        plain: true,
        weights: args.weights,
        order: args.sort.into(),
        speaker: args.speaker.clone(),
        ..Default::default()
    };
    let mut failed = 0;
    for (qid, query) in &queries {
        match searcher.search(query, &opts) {
            Ok(results) => {
                for (rank, hit) in results.hits.iter().enumerate() {
                    writeln!(out, "{qid} Q0 {} {} {:.4} marsad", hit.id, rank + 1, hit.score)?;
                }
            }
            Err(e) => {
                eprintln!("{}: query {qid}: {e}", path.display());
                failed += 1;
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Measures search latency (top 10 with snippets) over a query file.
pub fn bench(
    data: &Path,
    queries: &Path,
    rounds: usize,
    weights: marsad_store::Weights,
    facets: bool,
) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(data)?;
    let queries = read_queries(queries)?;
    let opts = SearchOptions {
        limit: 10,
        snippets: true,
        plain: true,
        quotes: marsad_store::HIT_QUOTES,
        weights,
        ..Default::default()
    };
    let mut times = Vec::new();
    let mut hits = 0usize;
    for round in 0..rounds.max(2) {
        for (_, q) in &queries {
            let t = Instant::now();
            let r = match facets {
                true => searcher.search_faceted(q, &opts)?.0,
                false => searcher.search(q, &opts)?,
            };
            let dt = t.elapsed().as_secs_f64() * 1000.0;
            if round > 0 {
                times.push(dt);
                hits += r.hits.len();
            }
        }
    }
    anyhow::ensure!(
        hits > 0,
        "no query returned any hit: the benchmark would measure nothing"
    );
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "bench search: {} queries x {} rounds (warm), top 10 with snippets{}: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        queries.len(),
        rounds.max(2) - 1,
        if facets { " and facets" } else { "" },
        pct(0.5),
        pct(0.9),
        pct(0.99),
        times[times.len() - 1]
    );
    Ok(ExitCode::SUCCESS)
}

/// A hit's first lines: rank and title, then source, date, score and id.
fn print_head(rank: usize, h: &marsad_store::Hit) {
    println!();
    println!(
        "{rank}. {}",
        h.title.as_deref().filter(|t| !t.is_empty()).unwrap_or("(untitled)")
    );
    println!(
        "   {} · {} · score {:.2} · {}",
        h.source.as_deref().unwrap_or("-"),
        h.date.as_deref().unwrap_or("-"),
        h.score,
        h.id
    );
}
