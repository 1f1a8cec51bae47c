//! Evaluates line labelling against a cleaning gold set.
//!
//! ```text
//! cargo run --release -p marsad-clean --example eval_clean -- \
//!     --gold ../shared/eval/clean/dev.jsonl --corpus ../shared/corpus/saudinewsnet \
//!     --predictions /tmp/clean.pred.jsonl [--scorer ../shared/tools/score_clean.py] [--show-errors]
//! ```
//!
//! Builds one `SourceStats` per source from the corpus zips (each zip member
//! a JSON array of articles with `source` and `content`), labels each gold
//! article's `lines` with its `source`'s statistics and its `title`, writes
//! `{"id", "labels"}` lines, and prints the scores computed as the reference
//! scorer does (and the reference scorer's own output with `--scorer`).

use marsad_clean::{label_lines, Label, SourceStats};
use serde::Deserialize;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

#[derive(Deserialize)]
struct CorpusArticle {
    #[serde(default)]
    source: String,
    #[serde(default)]
    content: String,
}

#[derive(Deserialize)]
struct GoldArticle {
    id: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    title: Option<String>,
    lines: Vec<String>,
    #[serde(default)]
    labels: Vec<Label>,
}

#[derive(Default)]
struct Args {
    gold: PathBuf,
    corpus: Option<PathBuf>,
    predictions: PathBuf,
    scorer: Option<PathBuf>,
    show_errors: bool,
}

fn parse_args() -> Res<Args> {
    let mut a = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--show-errors" => a.show_errors = true,
            "--gold" | "--corpus" | "--predictions" | "--scorer" => {
                let v = PathBuf::from(it.next().ok_or(format!("{flag} needs a value"))?);
                match flag.as_str() {
                    "--gold" => a.gold = v,
                    "--corpus" => a.corpus = Some(v),
                    "--predictions" => a.predictions = v,
                    _ => a.scorer = Some(v),
                }
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if a.gold.as_os_str().is_empty() || a.predictions.as_os_str().is_empty() {
        return Err("usage: eval_clean --gold FILE --predictions OUT [--corpus DIR]".into());
    }
    Ok(a)
}

/// Reads every article of every zip in `dir`.
fn read_corpus(dir: &Path) -> Res<Vec<CorpusArticle>> {
    let mut zips: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    zips.sort();
    let mut out = Vec::new();
    for path in zips {
        let mut archive = zip::ZipArchive::new(File::open(&path)?)?;
        for i in 0..archive.len() {
            let mut member = archive.by_index(i)?;
            let mut json = String::new();
            member.read_to_string(&mut json)?;
            let articles: Vec<CorpusArticle> =
                serde_json::from_str(&json).map_err(|e| format!("{} member {i}: {e}", path.display()))?;
            out.extend(articles);
        }
    }
    Ok(out)
}

fn build_stats(articles: &[CorpusArticle]) -> HashMap<String, SourceStats> {
    let mut stats: HashMap<String, SourceStats> = HashMap::new();
    for a in articles {
        stats.entry(a.source.clone()).or_default().add_article(&a.content);
    }
    stats
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    agree: usize,
    total: usize,
}

impl Score {
    fn add(&mut self, gold: &[Label], pred: &[Label]) {
        for (g, p) in gold.iter().zip(pred) {
            self.total += 1;
            self.agree += usize::from(g == p);
            match (g.is_removed(), p.is_removed()) {
                (true, true) => self.tp += 1,
                (false, true) => self.fp += 1,
                (true, false) => self.fn_ += 1,
                _ => {}
            }
        }
    }

    fn line(&self, articles: usize) -> String {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        let acc = ratio(self.agree, self.total.max(1));
        format!("articles={articles} removed_P={p:.3} removed_R={r:.3} removed_F1={f:.3} label_acc={acc:.3}")
    }
}

fn main() -> Res<()> {
    let args = parse_args()?;
    let mut stats = HashMap::new();
    if let Some(dir) = &args.corpus {
        let t = Instant::now();
        let articles = read_corpus(dir)?;
        let read = t.elapsed();
        let t = Instant::now();
        stats = build_stats(&articles);
        let lines: usize = stats.values().map(SourceStats::tracked_lines).sum();
        eprintln!(
            "corpus: {} articles, {} sources read in {read:.2?}; stats built in {:.2?} ({lines} lines tracked)",
            articles.len(),
            stats.len(),
            t.elapsed()
        );
    }
    let mut out = BufWriter::new(File::create(&args.predictions)?);
    let (mut score, mut n) = (Score::default(), 0);
    for line in BufReader::new(File::open(&args.gold)?).lines() {
        let gold: GoldArticle = serde_json::from_str(&line?)?;
        let lines: Vec<&str> = gold.lines.iter().map(String::as_str).collect();
        let source_stats = gold.source.as_ref().and_then(|s| stats.get(s));
        let pred = label_lines(&lines, gold.title.as_deref(), source_stats);
        if args.show_errors {
            show_errors(&gold, &pred);
        }
        score.add(&gold.labels, &pred);
        n += 1;
        let record = serde_json::json!({ "id": gold.id, "labels": pred });
        writeln!(out, "{record}")?;
    }
    out.flush()?;
    println!("{}", score.line(n));
    if let Some(scorer) = &args.scorer {
        let status = std::process::Command::new("python3")
            .arg(scorer)
            .arg(&args.gold)
            .arg(&args.predictions)
            .status()?;
        if !status.success() {
            return Err(format!("{} failed", scorer.display()).into());
        }
    }
    Ok(())
}

fn show_errors(gold: &GoldArticle, pred: &[Label]) {
    for ((line, g), p) in gold.lines.iter().zip(&gold.labels).zip(pred) {
        if g != p {
            let short: String = line.chars().take(90).collect();
            eprintln!("{} gold={g} pred={p} | {short}", gold.source.as_deref().unwrap_or("?"));
        }
    }
}
