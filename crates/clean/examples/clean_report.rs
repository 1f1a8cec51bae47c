//! Cleans a whole corpus and reports what was removed and why, with samples,
//! to review the rules' precision by eye.
//!
//! ```text
//! cargo run --release -p marsad-clean --example clean_report -- ../shared/corpus/saudinewsnet [LABEL] [SAMPLES]
//! ```

use marsad_clean::{clean, Label, SourceStats};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Read;

#[derive(Deserialize)]
struct Article {
    #[serde(default)]
    source: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: clean_report DIR [LABEL] [SAMPLES]")?;
    let want = args.next().unwrap_or_else(|| "boilerplate".into());
    let samples: usize = args.next().map_or(Ok(8), |s| s.parse())?;
    let mut articles: Vec<Article> = Vec::new();
    let mut zips: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    zips.sort();
    for path in zips.iter().filter(|p| p.extension().is_some_and(|x| x == "zip")) {
        let mut archive = zip::ZipArchive::new(File::open(path)?)?;
        for i in 0..archive.len() {
            let mut json = String::new();
            archive.by_index(i)?.read_to_string(&mut json)?;
            articles.extend(serde_json::from_str::<Vec<Article>>(&json)?);
        }
    }
    let mut stats: HashMap<String, SourceStats> = HashMap::new();
    for a in &articles {
        stats.entry(a.source.clone()).or_default().add_article(&a.content);
    }
    let mut by: BTreeMap<(String, String), (usize, Vec<String>)> = BTreeMap::new();
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    for a in &articles {
        let c = clean(&a.content, Some(&a.title), stats.get(&a.source));
        for l in &c.lines {
            *labels.entry(l.label.to_string()).or_default() += 1;
            if l.label.to_string() != want {
                continue;
            }
            let why = l.reason.map_or(String::new(), |r| match r {
                marsad_clean::Reason::Recurring { .. } => "recurring".into(),
                r => r.to_string(),
            });
            let e = by.entry((a.source.clone(), why)).or_default();
            e.0 += 1;
            let text: String = l.span.of(&a.content).chars().take(100).collect();
            if e.1.len() < samples && !e.1.contains(&text) {
                e.1.push(text);
            }
        }
    }
    println!("labels: {labels:?}");
    for ((source, why), (n, sample)) in by {
        println!("== {source} / {why}: {n}");
        for s in sample {
            println!("     {s}");
        }
    }
    let _ = Label::ALL;
    Ok(())
}
