//! `marsad eval quotes`: extracts quotes from gold articles and scores them
//! exactly like the reference scorer `tools/score_quotes.py` (same word
//! normalization, same longest-common-run overlap, same greedy one-to-one
//! matching and tie-breaking, same printed figures).

use anyhow::Context;
use marsad_extract::{extract_quotes, gold_line, parse_gold_line, GoldQuote};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

#[derive(serde::Deserialize)]
struct EvalArticle {
    id: String,
    content: String,
    #[serde(default)]
    date: Option<String>,
}

/// Span and span+speaker precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuoteScores {
    pub gold: usize,
    pub predicted: usize,
    pub span: (f64, f64, f64),
    pub speaker: (f64, f64, f64),
}

impl std::fmt::Display for QuoteScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (sp, sr, sf) = self.span;
        let (kp, kr, kf) = self.speaker;
        write!(
            f,
            "gold={} predicted={} span_P={sp:.3} span_R={sr:.3} span_F1={sf:.3} speaker_P={kp:.3} speaker_R={kr:.3} \
             speaker_F1={kf:.3}",
            self.gold, self.predicted
        )
    }
}

/// Runs `marsad eval quotes`.
pub fn run(
    articles: &Path,
    gold: &Path,
    predictions: &Path,
    min_span_f1: Option<f64>,
    min_speaker_f1: Option<f64>,
) -> anyhow::Result<ExitCode> {
    predict(articles, predictions)?;
    let scores = score_files(gold, predictions)?;
    println!("{scores}");
    let mut ok = true;
    for (name, got, min) in [
        ("span F1", scores.span.2, min_span_f1),
        ("span+speaker F1", scores.speaker.2, min_speaker_f1),
    ] {
        if let Some(min) = min.filter(|m| got < *m) {
            eprintln!("regression: {name} {got:.3} is below the recorded {min:.3}");
            ok = false;
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn read_lines(path: &Path) -> anyhow::Result<Vec<(usize, String)>> {
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{} line {}", path.display(), n + 1))?;
        if !line.trim().is_empty() {
            out.push((n + 1, line));
        }
    }
    Ok(out)
}

/// Writes one gold-format line of extracted quotes per article.
fn predict(articles: &Path, predictions: &Path) -> anyhow::Result<()> {
    let out = std::fs::File::create(predictions).with_context(|| format!("creating {}", predictions.display()))?;
    let mut out = BufWriter::new(out);
    for (n, line) in read_lines(articles)? {
        let a: EvalArticle = serde_json::from_str(&line).with_context(|| format!("{} line {n}", articles.display()))?;
        let quotes = extract_quotes(&a.content, a.date.as_deref());
        writeln!(out, "{}", gold_line(&a.id, &quotes))?;
    }
    out.flush()?;
    Ok(())
}

fn read_gold(path: &Path) -> anyhow::Result<Vec<(String, Vec<GoldQuote>)>> {
    read_lines(path)?
        .into_iter()
        .map(|(n, line)| {
            let g = parse_gold_line(&line).with_context(|| format!("{} line {n}", path.display()))?;
            Ok((g.id, g.quotes))
        })
        .collect()
}

/// Scores a predictions file against a gold file.
pub fn score_files(gold: &Path, predictions: &Path) -> anyhow::Result<QuoteScores> {
    let gold = read_gold(gold)?;
    // Like the reference's dict: a later line for the same id replaces an earlier one.
    let mut gold_map: Vec<(String, Vec<GoldQuote>)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (id, q) in gold {
        match at.get(&id) {
            Some(&i) => gold_map[i].1 = q,
            None => {
                at.insert(id.clone(), gold_map.len());
                gold_map.push((id, q));
            }
        }
    }
    let pred: HashMap<String, Vec<GoldQuote>> = read_gold(predictions)?.into_iter().collect();
    Ok(score(&gold_map, &pred))
}

/// The reference's `\w`: letters (not marks), numbers and `_`.
fn is_word_char(c: char) -> bool {
    c == '_'
        || c.is_numeric()
        || (c.is_alphabetic()
            && !unicode_normalization::char::is_combining_mark(c)
            && !matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F189}'))
}

fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// The reference's `norm`: diacritics dropped, alef forms, ى and ة folded, words.
fn norm(t: &str) -> Vec<String> {
    let folded: String = t
        .chars()
        .filter(|c| !is_diacritic(*c))
        .map(|c| match c {
            'إ' | 'أ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .collect();
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in folded.chars() {
        if is_word_char(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Length of the longest common contiguous run of words.
fn lcs_run(a: &[String], b: &[String]) -> usize {
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// The reference's `strip_w` then join: a leading و/ف dropped from words of three letters or more.
fn speaker_form(s: Option<&str>) -> String {
    norm(s.unwrap_or(""))
        .into_iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some('و' | 'ف') if w.chars().count() >= 3 => chars.collect(),
                _ => w,
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn same_speaker(a: Option<&str>, b: Option<&str>) -> bool {
    let (a, b) = (speaker_form(a), speaker_form(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

fn score(gold: &[(String, Vec<GoldQuote>)], pred: &HashMap<String, Vec<GoldQuote>>) -> QuoteScores {
    let (mut g_n, mut p_n, mut tp_span, mut tp_spk) = (0, 0, 0, 0);
    let empty = Vec::new();
    for (id, gq) in gold {
        let pq = pred.get(id).unwrap_or(&empty);
        g_n += gq.len();
        p_n += pq.len();
        let pw: Vec<Vec<String>> = pq.iter().map(|p| norm(&p.text)).collect();
        let (mut used_s, mut used_k) = (HashSet::new(), HashSet::new());
        for g in gq {
            let gw = norm(&g.text);
            let need = gw.len().div_ceil(2).max(1);
            let mut cands: Vec<(usize, usize)> = pw.iter().enumerate().map(|(j, p)| (lcs_run(&gw, p), j)).collect();
            cands.sort_by(|a, b| b.cmp(a));
            if let Some(&(_, j)) = cands.iter().find(|(ov, j)| *ov >= need && !used_s.contains(j)) {
                used_s.insert(j);
                tp_span += 1;
            }
            let ok = |p: &GoldQuote| {
                same_speaker(g.speaker.as_deref(), p.speaker.as_deref())
                    || same_speaker(g.role.as_deref(), p.speaker.as_deref())
            };
            if let Some(&(_, j)) = cands
                .iter()
                .find(|(ov, j)| *ov >= need && !used_k.contains(j) && ok(&pq[*j]))
            {
                used_k.insert(j);
                tp_spk += 1;
            }
        }
    }
    QuoteScores {
        gold: g_n,
        predicted: p_n,
        span: crate::eval::prf(tp_span, p_n, g_n),
        speaker: crate::eval::prf(tp_spk, p_n, g_n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(speaker: Option<&str>, text: &str) -> GoldQuote {
        GoldQuote {
            speaker: speaker.map(String::from),
            role: None,
            cue: None,
            text: text.into(),
            kind: marsad_extract::QuoteKind::Indirect,
            via: None,
            implicit: false,
        }
    }

    #[test]
    fn norm_folds_like_the_reference() {
        assert_eq!(norm("أكّدَ الرئيسُ، مساءً"), vec!["اكد", "الرئيس", "مساء"]);
        assert_eq!(speaker_form(Some("وبيسكوف")), "بيسكوف");
        assert_eq!(speaker_form(Some("ول")), "ول");
    }

    #[test]
    fn greedy_matching_counts_each_prediction_once() {
        let gold = vec![(
            "a".to_string(),
            vec![q(Some("بيسكوف"), "من المبكر التحدث"), q(None, "من المبكر التحدث")],
        )];
        let pred = HashMap::from([(
            "a".to_string(),
            vec![q(Some("ديمتري بيسكوف"), "إنه من المبكر التحدث عن هذا")],
        )]);
        let s = score(&gold, &pred);
        assert_eq!((s.gold, s.predicted), (2, 1));
        assert_eq!(s.span.0, 1.0);
        assert_eq!(s.span.1, 0.5);
        assert_eq!(s.speaker.1, 0.5);
    }
}
