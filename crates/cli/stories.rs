//! `marsad stories` (list stories) and `marsad regroup`.

use crate::args::StoriesArgs;
use anyhow::Context;
use marsad_store::{Store, StoryFilter, Writer};
use std::path::Path;
use std::process::ExitCode;

/// Runs `marsad stories`.
pub fn list(data: &Path, a: StoriesArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(data).with_context(|| format!("opening the store at {}", data.display()))?;
    let filter = StoryFilter {
        from: a.from,
        to: a.to,
        source: a.source,
        min_size: a.min_size,
        limit: a.limit,
    };
    let stories = store.stories(&filter)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&stories)?);
        return Ok(ExitCode::SUCCESS);
    }
    if stories.is_empty() {
        println!("no stories");
    }
    for s in &stories {
        println!("{} articles, {} outlets  {}", s.size, s.outlets, s.headline);
        println!(
            "    {} → {}   {}",
            s.first.as_deref().unwrap_or("?"),
            s.last.as_deref().unwrap_or("?"),
            s.sources.join(", ")
        );
        println!("    {}", s.id);
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `marsad regroup`.
pub fn regroup(data: &Path) -> anyhow::Result<ExitCode> {
    let mut writer = Writer::open(data).with_context(|| format!("opening the store at {}", data.display()))?;
    let started = std::time::Instant::now();
    let r = writer.regroup()?;
    writer.finish()?;
    eprintln!(
        "grouped {} articles: {} links, {} stories ({:.2}s)",
        r.articles,
        r.links,
        r.stories,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
