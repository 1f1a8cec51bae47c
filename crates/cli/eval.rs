//! `marsad eval run`: TREC run scoring that agrees exactly with the
//! reference scorer `tools/score_run.py` (same parsing, same tie-breaking,
//! same summation order, same printed figures).

use crate::args::{EvalArgs, EvalCommand};
use anyhow::Context;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::ExitCode;

/// Retrieval figures averaged over the queries that have relevant documents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub queries: usize,
    pub answered: usize,
    pub mrr10: f64,
    pub r10: f64,
    pub r100: f64,
    pub ndcg10: f64,
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "queries={} answered={} MRR@10={:.4} R@10={:.4} R@100={:.4} nDCG@10={:.4}",
            self.queries, self.answered, self.mrr10, self.r10, self.r100, self.ndcg10
        )
    }
}

/// Runs `marsad eval ...`.
pub fn run(data: &Path, args: EvalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        EvalCommand::Quotes {
            articles,
            gold,
            predictions,
            min_span_f1,
            min_speaker_f1,
        } => crate::eval_quotes::run(&articles, &gold, &predictions, min_span_f1, min_speaker_f1),
        EvalCommand::Stories {
            gold,
            predictions,
            min_f1,
            min_precision,
        } => crate::eval_stories::run(data, &gold, &predictions, min_f1, min_precision),
        EvalCommand::Clean {
            gold,
            predictions,
            min_f1,
            min_precision,
            min_accuracy,
        } => {
            let mins = crate::eval_clean::Minimums {
                f1: min_f1,
                precision: min_precision,
                accuracy: min_accuracy,
            };
            crate::eval_clean::run(data, &gold, &predictions, mins)
        }
        EvalCommand::Headlines {
            queries,
            qrels,
            exclude,
        } => {
            write_headlines(data, &queries, &qrels, exclude.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Run {
            qrels,
            run,
            min_mrr,
            min_r100,
        } => {
            let scores = score_files(&qrels, &run)?;
            println!("{scores}");
            let mut ok = true;
            if let Some(min) = min_mrr.filter(|m| scores.mrr10 < *m) {
                eprintln!("regression: MRR@10 {:.4} is below the recorded {min:.4}", scores.mrr10);
                ok = false;
            }
            if let Some(min) = min_r100.filter(|m| scores.r100 < *m) {
                eprintln!("regression: R@100 {:.4} is below the recorded {min:.4}", scores.r100);
                ok = false;
            }
            Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

/// Writes the store's headline queries (see `marsad_store::known_item`)
/// and their qrels, leaving out the articles relevant in `exclude`.
fn write_headlines(data: &Path, queries: &Path, qrels: &Path, exclude: Option<&Path>) -> anyhow::Result<()> {
    let mut excluded = HashSet::new();
    if let Some(path) = exclude {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        for (n, line) in text.lines().enumerate() {
            match fields(line).as_slice() {
                [] => {}
                [_, _, doc, _] => {
                    excluded.insert(doc.to_string());
                }
                _ => anyhow::bail!("{} line {}: expected `qid 0 docid rel`", path.display(), n + 1),
            }
        }
    }
    let store = marsad_store::Store::open(data)?;
    let set = marsad_store::known_item::headline_queries(store.connection(), &excluded)?;
    let mut q = String::new();
    let mut r = String::new();
    for (n, item) in set.iter().enumerate() {
        let qid = format!("h{n:05}");
        q.push_str(&format!("{qid}\t{}\n", item.headline));
        for doc in &item.relevant {
            r.push_str(&format!("{qid} 0 {doc} 1\n"));
        }
    }
    std::fs::write(queries, q).with_context(|| format!("writing {}", queries.display()))?;
    std::fs::write(qrels, r).with_context(|| format!("writing {}", qrels.display()))?;
    println!(
        "{} headline queries ({} articles left out) -> {}, {}",
        set.len(),
        excluded.len(),
        queries.display(),
        qrels.display()
    );
    Ok(())
}

/// Precision, recall and F1 from true positives and the predicted and gold
/// counts (0 where a count is 0), as the reference scorers compute them.
pub fn prf(tp: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let ratio = |n: usize, d: usize| if d > 0 { n as f64 / d as f64 } else { 0.0 };
    let (p, r) = (ratio(tp, predicted), ratio(tp, gold));
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

fn fields(line: &str) -> Vec<&str> {
    line.trim_matches(['\r', '\n'])
        .split([' ', '\t'])
        .filter(|s| !s.is_empty())
        .collect()
}

/// Scores a run file against a qrels file.
pub fn score_files(qrels: &Path, run: &Path) -> anyhow::Result<Scores> {
    let q = std::fs::read_to_string(qrels).with_context(|| format!("reading {}", qrels.display()))?;
    let r = std::fs::read_to_string(run).with_context(|| format!("reading {}", run.display()))?;
    score(&q, &r).with_context(|| format!("scoring {} against {}", run.display(), qrels.display()))
}

/// Scores run text against qrels text.
pub fn score(qrels: &str, run: &str) -> anyhow::Result<Scores> {
    let mut order: Vec<&str> = Vec::new();
    let mut rel: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (n, line) in qrels.lines().enumerate() {
        let p = fields(line);
        if p.is_empty() {
            continue;
        }
        anyhow::ensure!(p.len() == 4, "qrels line {}: expected `qid 0 docid rel`", n + 1);
        let grade: i64 = p[3]
            .parse()
            .with_context(|| format!("qrels line {}: bad relevance {:?}", n + 1, p[3]))?;
        if grade > 0 {
            if !rel.contains_key(p[0]) {
                order.push(p[0]);
            }
            rel.entry(p[0]).or_default().insert(p[2]);
        }
    }
    let mut ranked: HashMap<&str, Vec<(i64, f64, &str)>> = HashMap::new();
    for (n, line) in run.lines().enumerate() {
        let p = fields(line);
        if p.len() < 6 {
            continue;
        }
        let rank = p[3]
            .parse()
            .with_context(|| format!("run line {}: bad rank {:?}", n + 1, p[3]))?;
        let score = p[4]
            .parse()
            .with_context(|| format!("run line {}: bad score {:?}", n + 1, p[4]))?;
        ranked.entry(p[0]).or_default().push((rank, score, p[2]));
    }
    let mut s = Scores {
        queries: order.len(),
        answered: 0,
        mrr10: 0.0,
        r10: 0.0,
        r100: 0.0,
        ndcg10: 0.0,
    };
    for qid in &order {
        let relevant = &rel[qid];
        let mut docs = ranked.remove(qid).unwrap_or_default();
        if !docs.is_empty() {
            s.answered += 1;
        }
        docs.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let mut seen = HashSet::new();
        let dedup: Vec<&str> = docs.iter().map(|d| d.2).filter(|d| seen.insert(*d)).collect();
        if let Some(i) = dedup.iter().take(10).position(|d| relevant.contains(d)) {
            s.mrr10 += 1.0 / (i + 1) as f64;
        }
        let found = |k: usize| dedup.iter().take(k).filter(|d| relevant.contains(*d)).count() as f64;
        s.r10 += found(10) / relevant.len() as f64;
        s.r100 += found(100) / relevant.len() as f64;
        let dcg: f64 = dedup
            .iter()
            .take(10)
            .enumerate()
            .filter(|(_, d)| relevant.contains(*d))
            .map(|(i, _)| 1.0 / ((i + 2) as f64).log2())
            .sum();
        let idcg: f64 = (0..relevant.len().min(10)).map(|i| 1.0 / ((i + 2) as f64).log2()).sum();
        s.ndcg10 += dcg / idcg;
    }
    let n = s.queries.max(1) as f64;
    s.mrr10 /= n;
    s.r10 /= n;
    s.r100 /= n;
    s.ndcg10 /= n;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_small_run_like_the_reference() {
        let qrels = "q1 0 a 1\nq1 0 b 1\nq2 0 c 1\nq3 0 z 0\n";
        // q1: a at rank 2 (b missing); q2: c at rank 1, listed twice.
        let run = "q1 Q0 x 1 9.0 t\nq1 Q0 a 2 8.0 t\nq2 Q0 c 1 5.0 t\nq2 Q0 c 2 4.0 t\nshort line\n";
        let s = score(qrels, run).unwrap();
        assert_eq!(s.queries, 2, "q3 has no relevant document");
        assert_eq!(s.answered, 2);
        assert!((s.mrr10 - 0.75).abs() < 1e-12);
        assert!((s.r10 - 0.75).abs() < 1e-12);
        let ndcg_q1 = (1.0 / 3f64.log2()) / (1.0 + 1.0 / 3f64.log2());
        assert!((s.ndcg10 - (ndcg_q1 + 1.0) / 2.0).abs() < 1e-12);
        assert_eq!(
            s.to_string(),
            format!(
                "queries=2 answered=2 MRR@10=0.7500 R@10=0.7500 R@100=0.7500 nDCG@10={:.4}",
                (ndcg_q1 + 1.0) / 2.0
            )
        );
    }

    #[test]
    fn no_break_spaces_stay_inside_doc_ids() {
        let qrels = "q1 0 http://x/a\u{a0}b 1\n";
        let run = "q1 Q0 http://x/a\u{a0}b 1 1.0 t\n";
        assert!((score(qrels, run).unwrap().mrr10 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn bad_lines_are_named() {
        let err = score("q1 0 a x\n", "").unwrap_err();
        assert!(format!("{err:#}").contains("qrels line 1"));
    }
}
