//! `marsad quotes` and `marsad speakers`: who said what, across the store.

use crate::args::{QuotesArgs, SpeakersArgs};
use anyhow::Context;
use marsad_store::{QuoteHit, QuoteQuery, Store, StoredQuote};
use std::path::Path;
use std::process::ExitCode;

fn open(data: &Path) -> anyhow::Result<Store> {
    Store::open(data).with_context(|| format!("opening the store at {}", data.display()))
}

/// Runs `marsad quotes [QUERY] [--speaker NAME] [--from --to]`.
pub fn run(data: &Path, args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let store = open(data)?;
    let query = QuoteQuery {
        text: args.query.unwrap_or_default(),
        speaker: args.speaker,
        from: args.from,
        to: args.to,
        limit: args.limit,
    };
    let hits = store.quotes(&query)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&hits)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} statements", hits.len());
    for (i, h) in hits.iter().enumerate() {
        print_hit(i + 1, h);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_hit(n: usize, h: &QuoteHit) {
    println!();
    println!("{n}. {}", quote_line(&h.quote));
    let canonical = h
        .speaker_name
        .as_deref()
        .filter(|c| Some(*c) != h.quote.speaker.as_deref())
        .map(|c| format!(" (speaker: {c})"))
        .unwrap_or_default();
    println!(
        "   {} · {} · {}{canonical}",
        h.day.as_deref().unwrap_or("-"),
        h.source.as_deref().unwrap_or("-"),
        h.article_id
    );
    println!("   {}", h.headline);
}

/// One statement on one line: who (role), cue, via, kind, date, «text».
pub fn quote_line(q: &StoredQuote) -> String {
    let mut who = q.speaker.clone().unwrap_or_else(|| "?".into());
    if let Some(r) = q.role.as_deref().filter(|r| Some(*r) != q.speaker.as_deref()) {
        who.push_str(&format!("، {r}"));
    }
    if q.implicit {
        who.push_str(" (implicit)");
    }
    let mut meta = vec![format!("{:?}", q.kind).to_lowercase(), format!("cue {}", q.cue)];
    if let Some(v) = &q.via {
        meta.push(format!("via {v}"));
    }
    if let Some(d) = &q.date {
        meta.push(d.clone());
    }
    format!("{who} [{}]: «{}»", meta.join(", "), q.text)
}

/// Runs `marsad speakers`.
pub fn speakers(data: &Path, args: SpeakersArgs) -> anyhow::Result<ExitCode> {
    let store = open(data)?;
    let list = store.speakers(args.limit, args.offset)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(ExitCode::SUCCESS);
    }
    for s in &list {
        let aliases: Vec<&str> = s
            .aliases
            .iter()
            .map(String::as_str)
            .filter(|a| *a != s.name)
            .take(5)
            .collect();
        println!("{:>6} quotes {:>5} articles  {}", s.quotes, s.articles, s.name);
        if !aliases.is_empty() {
            println!("        aka {}", aliases.join(" · "));
        }
        if !s.roles.is_empty() {
            let roles: Vec<&str> = s.roles.iter().map(String::as_str).take(3).collect();
            println!("        role {}", roles.join(" · "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
