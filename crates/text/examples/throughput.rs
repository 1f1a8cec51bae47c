//! Single-analyzer timing for profiling (`perf stat` / `perf record`), without criterion.
//!
//! `cargo run --profile bench -p marsad-text --example throughput -- marsad|default|snowball [ROUNDS]`
//!
//! Analyses the same two SaudiNewsNet zips as `benches/analysis.rs` ROUNDS times and prints the
//! token count, CPU seconds and MB/s (CPU time, so other load on the machine matters less).

use std::fs::File;
use std::io::Read;
use std::time::Instant;

use marsad_text::ArabicStemTokenizer;
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream};

fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "marsad".into());
    let rounds: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut analyzer = match which.as_str() {
        "marsad" => TextAnalyzer::from(ArabicStemTokenizer),
        "default" => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .build(),
        _ => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::Arabic))
            .build(),
    };
    let mut articles = Vec::new();
    for name in ["2015-07-22.zip", "2015-07-24.zip"] {
        let path = format!(
            "{}/{name}",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/saudinewsnet")
        );
        let mut archive = zip::ZipArchive::new(File::open(path).expect("zip")).expect("zip");
        let mut json = String::new();
        archive
            .by_index(0)
            .expect("entry")
            .read_to_string(&mut json)
            .expect("utf-8");
        let records: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
        articles.extend(records.iter().filter_map(|r| r["content"].as_str()).map(str::to_owned));
    }
    let bytes: usize = articles.iter().map(String::len).sum();
    let cpu = cpu_seconds();
    let wall = Instant::now();
    let mut tokens = 0;
    for _ in 0..rounds {
        for text in &articles {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                tokens += 1;
            }
        }
    }
    let cpu = cpu_seconds() - cpu;
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{which}: {} tokens/round, {:.2} CPU s, {:.1} MB/s CPU, {:.1} MB/s wall",
        tokens / rounds,
        cpu,
        mb / cpu,
        mb / wall.elapsed().as_secs_f64()
    );
}

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("proc");
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}
