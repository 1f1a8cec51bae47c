//! `marsad eval stories`: for each gold pair, whether the store put both
//! articles in the same story; writes the predictions and scores them
//! exactly as the reference `tools/score_stories.py` does (pairs keyed
//! without order, later duplicates winning, a missing pair counting as
//! "different").

use anyhow::Context;
use marsad_store::Store;
use serde::Deserialize;
use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

#[derive(Deserialize)]
struct Pair {
    a: String,
    b: String,
    #[serde(default)]
    label: String,
}

/// Same-story precision, recall and F1 over the gold pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryScores {
    pub pairs: usize,
    pub answered: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl std::fmt::Display for StoryScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pairs={} answered={} same_P={:.3} same_R={:.3} same_F1={:.3}",
            self.pairs, self.answered, self.precision, self.recall, self.f1
        )
    }
}

fn key(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Scores predicted labels against gold ones, both keyed by unordered pair.
pub fn score(gold: &[((String, String), String)], pred: &HashMap<(String, String), String>) -> StoryScores {
    // Later gold lines for the same pair replace earlier ones, in first-seen order.
    let mut order: Vec<&(String, String)> = Vec::new();
    let mut labels: HashMap<&(String, String), &str> = HashMap::new();
    for (k, l) in gold {
        if labels.insert(k, l).is_none() {
            order.push(k);
        }
    }
    let (mut tp, mut fp, mut fn_, mut answered) = (0usize, 0usize, 0usize, 0usize);
    for k in &order {
        let p = pred.get(*k).is_some_and(|l| l == "same");
        let g = labels[*k] == "same";
        answered += usize::from(pred.contains_key(*k));
        tp += usize::from(p && g);
        fp += usize::from(p && !g);
        fn_ += usize::from(g && !p);
    }
    let (precision, recall, f1) = crate::eval::prf(tp, tp + fp, tp + fn_);
    StoryScores {
        pairs: order.len(),
        answered,
        precision,
        recall,
        f1,
    }
}

/// Runs `marsad eval stories`.
pub fn run(
    data: &Path,
    gold_path: &Path,
    predictions: &Path,
    min_f1: Option<f64>,
    min_precision: Option<f64>,
) -> anyhow::Result<ExitCode> {
    let store = Store::open(data).with_context(|| format!("opening the store at {}", data.display()))?;
    let file = std::fs::File::open(gold_path).with_context(|| format!("reading {}", gold_path.display()))?;
    let mut gold = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", gold_path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let p: Pair = serde_json::from_str(&line).with_context(|| format!("{} line {}", gold_path.display(), i + 1))?;
        gold.push(p);
    }
    let out = std::fs::File::create(predictions).with_context(|| format!("creating {}", predictions.display()))?;
    let mut out = BufWriter::new(out);
    let mut pred = HashMap::new();
    for p in &gold {
        let stories = store.story_ids(&[&p.a, &p.b])?;
        let same = match (stories.get(&p.a), stories.get(&p.b)) {
            (Some(x), Some(y)) => x == y,
            _ => p.a == p.b,
        };
        let label = if same { "same" } else { "different" };
        writeln!(out, "{}", serde_json::json!({"a": p.a, "b": p.b, "label": label}))?;
        pred.insert(key(&p.a, &p.b), label.to_string());
    }
    out.flush()?;
    let gold: Vec<_> = gold.into_iter().map(|p| (key(&p.a, &p.b), p.label)).collect();
    let scores = score(&gold, &pred);
    println!("{scores}");
    let mut ok = true;
    if let Some(min) = min_f1.filter(|m| scores.f1 < *m) {
        eprintln!(
            "regression: same-story F1 {:.3} is below the recorded {min:.3}",
            scores.f1
        );
        ok = false;
    }
    if let Some(min) = min_precision.filter(|m| scores.precision < *m) {
        eprintln!(
            "regression: same-story precision {:.3} is below the recorded {min:.3}",
            scores.precision
        );
        ok = false;
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(a: &str, b: &str) -> (String, String) {
        key(a, b)
    }

    #[test]
    fn scores_like_the_reference() {
        let gold = vec![
            (k("a", "b"), "same".to_string()),
            (k("c", "d"), "related".to_string()),
            (k("e", "f"), "same".to_string()),
            (k("g", "h"), "different".to_string()),
        ];
        let mut pred = HashMap::new();
        pred.insert(k("b", "a"), "same".to_string());
        pred.insert(k("c", "d"), "same".to_string());
        pred.insert(k("g", "h"), "different".to_string());
        let s = score(&gold, &pred);
        assert_eq!((s.pairs, s.answered), (4, 3));
        assert!((s.precision - 0.5).abs() < 1e-9 && (s.recall - 0.5).abs() < 1e-9);
        assert_eq!(
            s.to_string(),
            "pairs=4 answered=3 same_P=0.500 same_R=0.500 same_F1=0.500"
        );
    }
}
