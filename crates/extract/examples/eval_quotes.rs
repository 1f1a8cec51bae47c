//! Runs the extractor over an articles JSONL file (`id`, `content`, optional `date`) and writes
//! predictions in the gold format of `eval/quotes/SPEC.md`; prints counts and the time taken.
//!
//! ```text
//! cargo run --release -p marsad-extract --example eval_quotes -- \
//!     --articles dev.articles.jsonl --predictions /tmp/quotes.pred.jsonl
//! python3 score_quotes.py dev.gold.jsonl /tmp/quotes.pred.jsonl
//! ```

use marsad_extract::{extract_quotes, gold_line};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

#[derive(serde::Deserialize)]
struct Article {
    id: String,
    content: String,
    #[serde(default)]
    date: Option<String>,
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(articles), Some(predictions)) = (arg(&args, "--articles"), arg(&args, "--predictions")) else {
        eprintln!("usage: eval_quotes --articles ARTICLES.jsonl --predictions OUT.jsonl");
        std::process::exit(2);
    };
    let input = BufReader::new(std::fs::File::open(&articles)?);
    let mut out = BufWriter::new(std::fs::File::create(&predictions)?);
    let (mut n, mut quotes, mut bytes) = (0usize, 0usize, 0usize);
    let start = Instant::now();
    let mut extracting = std::time::Duration::ZERO;
    for (line_no, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let a: Article = serde_json::from_str(&line).map_err(|e| format!("{articles} line {}: {e}", line_no + 1))?;
        let t0 = Instant::now();
        let q = extract_quotes(&a.content, a.date.as_deref());
        extracting += t0.elapsed();
        writeln!(out, "{}", gold_line(&a.id, &q))?;
        n += 1;
        quotes += q.len();
        bytes += a.content.len();
    }
    out.flush()?;
    eprintln!(
        "{n} articles, {quotes} quotes, {:.1} MB in {:.2?} ({:.2?} extracting)",
        bytes as f64 / 1e6,
        start.elapsed(),
        extracting
    );
    Ok(())
}
