//! `marsad show`, `stats`, `export` and `reindex`.

use crate::args::{ExportArgs, JsonFlag, ShowArgs};
use anyhow::Context;
use marsad_store::{Store, Writer};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

fn open(data: &Path) -> anyhow::Result<Store> {
    Store::open(data).with_context(|| format!("opening the store at {}", data.display()))
}

/// Runs `marsad show ID`.
pub fn show(data: &Path, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = open(data)?;
    if args.raw {
        let Some(raw) = store.raw(&args.id)? else {
            eprintln!("marsad: no article with id {:?}", args.id);
            return Ok(ExitCode::from(1));
        };
        std::io::stdout().write_all(&raw)?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(a) = store.article(&args.id)? else {
        eprintln!("marsad: no article with id {:?}", args.id);
        return Ok(ExitCode::from(1));
    };
    let story = store.story_of(&args.id)?;
    if args.json {
        let mut v = serde_json::to_value(&a)?;
        v["story"] = serde_json::to_value(&story)?;
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    print_article(&a);
    if let Some(s) = story {
        print_story(&a.article.id, &s);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_article(a: &marsad_store::StoredArticle) {
    let art = &a.article;
    println!("id:       {}", art.id);
    println!("title:    {}", a.headline);
    for (name, value) in [
        ("source", &art.source),
        ("date", &art.date),
        ("url", &art.url),
        ("author", &art.author),
    ] {
        if let Some(v) = value {
            println!("{:<9} {v}", format!("{name}:"));
        }
    }
    println!(
        "from:     {} ({}, {}; {} version(s) kept)",
        a.origin, a.format, a.encoding, a.versions
    );
    for w in &a.warnings {
        println!("warning:  {w}");
    }
    print_quotes(&a.quotes);
    let Some(clean) = &a.clean else {
        println!("\n{}", a.body);
        return;
    };
    let st = &clean.structure;
    for k in &st.kickers {
        println!("kicker:   {k}");
    }
    if let Some(d) = &st.dateline {
        println!("dateline: {}", serde_json::to_string(d).unwrap_or_default());
    }
    if let Some(b) = &st.byline {
        println!("byline:   {b}");
    }
    println!("\nlines (✗ removed, with why):");
    for line in &clean.lines {
        let text = line.span.of(&art.content);
        match &line.reason {
            Some(why) => println!("  ✗ {:<11} {text}   [{why}]", line.label.as_str()),
            None => println!("    {:<11} {text}", line.label.as_str()),
        }
    }
}

fn print_quotes(quotes: &[marsad_store::StoredQuote]) {
    if quotes.is_empty() {
        return;
    }
    println!("\nquotes (who said what):");
    for q in quotes {
        println!("  ❝ {}", crate::quotes::quote_line(q));
    }
}

fn print_story(id: &str, s: &marsad_store::Story) {
    let copy_of = s.members.iter().find(|m| m.id == id).and_then(|m| m.copy_of.clone());
    if let Some(c) = &copy_of {
        println!("\ncopy of:  {c}");
    }
    let copies: Vec<&str> = s
        .members
        .iter()
        .filter(|m| m.copy_of.as_deref() == Some(id))
        .map(|m| m.id.as_str())
        .collect();
    if !copies.is_empty() {
        println!("\ncopies:   {}", copies.join(", "));
    }
    if s.members.len() < 2 {
        return;
    }
    println!(
        "\nstory:    {} ({} articles, {} outlets, {} → {})",
        s.summary.headline,
        s.summary.size,
        s.summary.outlets,
        s.summary.first.as_deref().unwrap_or("?"),
        s.summary.last.as_deref().unwrap_or("?")
    );
    for m in &s.members {
        let mark = if m.id == id { "→" } else { " " };
        let copy = m
            .copy_of
            .as_ref()
            .map(|c| format!("  [copy of {c}]"))
            .unwrap_or_default();
        println!(
            "  {mark} {} · {} · {}  {}{copy}",
            m.date.as_deref().unwrap_or("-"),
            m.source.as_deref().unwrap_or("-"),
            m.headline,
            m.id
        );
    }
}

/// Runs `marsad stats`.
pub fn stats(data: &Path, args: JsonFlag) -> anyhow::Result<ExitCode> {
    let stats = open(data)?.stats()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} articles across {} sources, {} raw records, {} with warnings; store {:.1} MiB",
        stats.articles,
        stats.sources.len(),
        stats.raw_records,
        stats.with_warnings,
        stats.disk_bytes as f64 / (1 << 20) as f64
    );
    println!("{} quotes from {} speakers", stats.quotes, stats.speakers);
    println!(
        "semantic model: {} stems, {} articles ({} learned from, the rest folded in)",
        stats.semantic_stems, stats.semantic_articles, stats.semantic_learned_from
    );
    println!("\nper source:");
    for (s, n) in &stats.sources {
        println!("  {s:<20} {n:>7}");
    }
    println!("\nper day:");
    for (d, n) in &stats.days {
        println!("  {d:<12} {n:>7}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `marsad export`.
pub fn export(data: &Path, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open(data)?;
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let n = store.for_each_article(|a| {
        serde_json::to_writer(&mut out, &a).map_err(|e| marsad_store::Error::Corrupt(e.to_string()))?;
        out.write_all(b"\n")
            .map_err(|e| marsad_store::Error::Corrupt(e.to_string()))
    })?;
    out.flush()?;
    eprintln!("exported {n} articles");
    Ok(ExitCode::SUCCESS)
}

/// Runs `marsad reclean`.
pub fn reclean(data: &Path) -> anyhow::Result<ExitCode> {
    let mut writer = Writer::open(data).with_context(|| format!("opening the store at {}", data.display()))?;
    let changed = writer.reclean(None, false)?;
    writer.finish()?;
    eprintln!("re-cleaned the store: {changed} articles changed");
    Ok(ExitCode::SUCCESS)
}

/// Runs `marsad reindex`.
pub fn reindex(data: &Path) -> anyhow::Result<ExitCode> {
    let mut writer = Writer::open(data).with_context(|| format!("opening the store at {}", data.display()))?;
    let n = writer.reindex()?;
    writer.finish()?;
    eprintln!("reindexed {n} articles");
    Ok(ExitCode::SUCCESS)
}
