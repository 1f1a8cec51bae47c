//! `marsad bench stories`: story grouping at scale on a synthetic corpus
//! made from the store's articles (words dropped, a headline word swapped,
//! every tenth an exact copy), spread evenly over a year and grouped in
//! time order with the same `Grouper` the store uses, evicting articles
//! that left the window. Each size runs in its own process so that its
//! peak RSS is its own.

use anyhow::{ensure, Context};
use marsad_store::Store;
use marsad_stories::{features, Doc, Grouper, Params, UnionFind};
use rayon::prelude::*;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

const YEAR: i64 = 365 * 86_400;
const START: i64 = 1_420_070_400; // 2015-01-01
const CHUNK: usize = 8192;

/// Runs `marsad bench stories` for each size (in child processes), or for one with `--size`.
pub fn run(data: &Path, sizes: &[usize], one: Option<usize>) -> anyhow::Result<ExitCode> {
    if let Some(n) = one {
        return run_one(data, n);
    }
    let exe = std::env::current_exe()?;
    for n in sizes {
        let out = std::process::Command::new(&exe)
            .arg("--data")
            .arg(data)
            .args(["bench", "stories", "--size", &n.to_string()])
            .output()
            .context("running a benchmark child")?;
        ensure!(
            out.status.success(),
            "size {n}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_one(data: &Path, n: usize) -> anyhow::Result<ExitCode> {
    let store = Store::open(data).with_context(|| format!("opening the store at {}", data.display()))?;
    let base = load(&store)?;
    ensure!(!base.is_empty(), "the store holds no articles to build the corpus from");
    let started = Instant::now();
    let mut grouper = Grouper::new(Params::default());
    let window = grouper.params().window;
    let mut uf = UnionFind::new(n);
    let mut links = 0u64;
    for chunk in (0..n).step_by(CHUNK) {
        let end = (chunk + CHUNK).min(n);
        let docs: Vec<Doc> = (chunk..end).into_par_iter().map(|i| synthetic(&base, i, n)).collect();
        for d in docs {
            grouper.count(&d.features);
            for l in grouper.insert(d) {
                links += 1;
                uf.union(index(&l.a), index(&l.b));
            }
        }
        grouper.evict_before(time_of(chunk, n) - window);
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut sizes = std::collections::HashMap::<u32, u32>::new();
    for i in 0..n as u32 {
        *sizes.entry(uf.find(i)).or_default() += 1;
    }
    let grouped = sizes.values().filter(|s| **s > 1).count();
    ensure!(
        links > 0 && grouped > 0,
        "no links: the benchmark would measure nothing"
    );
    println!(
        "{}",
        serde_json::json!({
            "articles": n, "seconds": (seconds * 100.0).round() / 100.0,
            "articles_per_second": (n as f64 / seconds).round(),
            "peak_rss_mib": crate::ingest::peak_rss().map(|b| b / (1 << 20)),
            "links": links, "stories_with_copies_or_reports": grouped,
            "held_at_end": grouper.len(),
        })
    );
    Ok(ExitCode::SUCCESS)
}

/// The store's headlines and body starts (the features read no further).
fn load(store: &Store) -> anyhow::Result<Vec<(String, String)>> {
    let mut stmt = store
        .connection()
        .prepare("SELECT COALESCE(headline, title), COALESCE(body, content) FROM articles ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        let (h, mut b): (String, String) = (r.get(0)?, r.get(1)?);
        let mut cut = b.len().min(3000);
        while !b.is_char_boundary(cut) {
            cut -= 1;
        }
        b.truncate(cut);
        Ok((h, b))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn index(id: &str) -> u32 {
    id[1..].parse().expect("synthetic ids are s<number>")
}

fn time_of(i: usize, n: usize) -> i64 {
    START + (i as i64 * YEAR) / n as i64
}

/// Article `i` of `n`: a perturbed copy of a real one, at its place in the year.
fn synthetic(base: &[(String, String)], i: usize, n: usize) -> Doc {
    let mut rng = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let (headline, body) = &base[i % base.len()];
    let time = time_of(i, n) + (next() % 3600) as i64;
    if i % 10 == 0 {
        return Doc {
            id: format!("s{i}"),
            source: None,
            time,
            features: features(headline, body),
        };
    }
    let drop_every = 8 + (next() % 8) as usize;
    let body: Vec<&str> = body
        .split_whitespace()
        .enumerate()
        .filter(|(k, _)| (k + i) % drop_every != 0)
        .map(|(_, w)| w)
        .collect();
    let other = &base[(next() as usize) % base.len()].0;
    let mut head: Vec<&str> = headline.split_whitespace().collect();
    if let (Some(w), false) = (other.split_whitespace().next(), head.is_empty()) {
        let k = (next() as usize) % head.len();
        head[k] = w;
    }
    Doc {
        id: format!("s{i}"),
        source: None,
        time,
        features: features(&head.join(" "), &body.join(" ")),
    }
}
