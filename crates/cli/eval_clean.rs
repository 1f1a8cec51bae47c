//! `marsad eval clean`: labels every line of gold articles with the
//! cleaner (statistics of each source taken from the store), writes the
//! predictions in the gold's format and scores them exactly as the
//! reference `tools/score_clean.py` does.

use anyhow::Context;
use marsad_clean::{label_lines, Label, SourceStats};
use marsad_store::{db, Store};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

/// Figures below which the evaluation fails.
pub struct Minimums {
    pub f1: Option<f64>,
    pub precision: Option<f64>,
    pub accuracy: Option<f64>,
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
    labels: Vec<String>,
}

/// Removed-line precision, recall and F1, and label accuracy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CleanScores {
    pub articles: usize,
    pub missing: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
}

impl std::fmt::Display for CleanScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "articles={} missing={} removed_P={:.3} removed_R={:.3} removed_F1={:.3} label_acc={:.3}",
            self.articles, self.missing, self.precision, self.recall, self.f1, self.accuracy
        )
    }
}

/// Scores predicted label lists against gold ones (in gold order).
pub fn score(pairs: &[(Vec<String>, Option<Vec<String>>)]) -> CleanScores {
    let removed = |l: &str| l == "boilerplate" || l == "duplicate";
    let (mut tp, mut fp, mut fn_, mut agree, mut total, mut missing) = (0, 0, 0, 0, 0, 0);
    for (gold, pred) in pairs {
        let fallback = vec!["paragraph".to_string(); gold.len()];
        let pred = match pred {
            Some(p) if p.len() == gold.len() => p,
            _ => {
                missing += 1;
                &fallback
            }
        };
        for (a, b) in gold.iter().zip(pred) {
            total += 1;
            agree += usize::from(a == b);
            match (removed(a), removed(b)) {
                (true, true) => tp += 1,
                (_, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    let (precision, recall, f1) = crate::eval::prf(tp, tp + fp, tp + fn_);
    CleanScores {
        articles: pairs.len(),
        missing,
        precision,
        recall,
        f1,
        accuracy: agree as f64 / total.max(1) as f64,
    }
}

fn load_stats(data: &Path) -> anyhow::Result<HashMap<String, SourceStats>> {
    if !data.join(marsad_store::DB_FILE).exists() {
        return Ok(HashMap::new());
    }
    let store = Store::open(data)?;
    let stored = db::load_stats(store.connection())?;
    Ok(stored
        .into_iter()
        .filter_map(|(s, json)| Some((s, serde_json::from_str(&json).ok()?)))
        .collect())
}

/// Runs `marsad eval clean`.
pub fn run(data: &Path, gold: &Path, predictions: &Path, min: Minimums) -> anyhow::Result<ExitCode> {
    let stats = load_stats(data).with_context(|| format!("reading source statistics from {}", data.display()))?;
    let file = std::fs::File::open(gold).with_context(|| format!("reading {}", gold.display()))?;
    let mut out = BufWriter::new(
        std::fs::File::create(predictions).with_context(|| format!("creating {}", predictions.display()))?,
    );
    let mut pairs = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let article: GoldArticle =
            serde_json::from_str(&line).with_context(|| format!("{} line {}", gold.display(), n + 1))?;
        let lines: Vec<&str> = article.lines.iter().map(String::as_str).collect();
        let source_stats = article.source.as_deref().and_then(|s| stats.get(s));
        let labels: Vec<String> = label_lines(&lines, article.title.as_deref(), source_stats)
            .iter()
            .map(|l: &Label| l.as_str().to_string())
            .collect();
        serde_json::to_writer(&mut out, &serde_json::json!({"id": article.id, "labels": labels}))?;
        out.write_all(b"\n")?;
        pairs.push((article.labels, Some(labels)));
    }
    out.flush()?;
    let scores = score(&pairs);
    println!("{scores}");
    let mut ok = true;
    for (name, value, floor) in [
        ("removed-line F1", scores.f1, min.f1),
        ("removed-line precision", scores.precision, min.precision),
        ("label accuracy", scores.accuracy, min.accuracy),
    ] {
        if let Some(floor) = floor.filter(|f| value < *f) {
            eprintln!("regression: {name} {value:.3} is below the recorded {floor:.3}");
            ok = false;
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn scores_like_the_reference() {
        let pairs = vec![
            (
                v(&["title", "boilerplate", "paragraph"]),
                Some(v(&["title", "boilerplate", "boilerplate"])),
            ),
            (v(&["duplicate", "paragraph"]), None),
        ];
        let s = score(&pairs);
        assert_eq!((s.articles, s.missing), (2, 1));
        assert!((s.precision - 0.5).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
        assert!((s.accuracy - 3.0 / 5.0).abs() < 1e-12);
        assert_eq!(
            s.to_string(),
            "articles=2 missing=1 removed_P=0.500 removed_R=0.500 removed_F1=0.500 label_acc=0.600"
        );
    }
}
