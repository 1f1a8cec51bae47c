//! Highlighted snippets cut from the original article text.
//!
//! The article is analysed with the same analyzers as the index; a token is
//! a hit when its stem or surface form is one the query looks for. The
//! snippet is the window of at most [`WINDOW_BYTES`] with the most distinct
//! hits (ties: the earliest), widened to word boundaries. Offsets come from
//! the analyzers, so highlights always fall on the original characters.

use serde::Serialize;
use std::collections::HashSet;
use tantivy::tokenizer::TextAnalyzer;

/// Longest snippet, in bytes of the original text (≈ 25 Arabic words).
pub const WINDOW_BYTES: usize = 320;
/// Only this much of a long article is scanned for the best window.
const SCAN_BYTES: usize = 16 * 1024;

/// A passage of an article with the query's matches marked.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Snippet {
    /// The passage (with "…" where it was cut).
    pub text: String,
    /// Byte ranges of `text` that matched the query.
    pub highlights: Vec<(usize, usize)>,
}

impl Snippet {
    /// The passage with each match wrapped in `open` … `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 8 * self.highlights.len());
        let mut at = 0;
        for &(from, to) in &self.highlights {
            out.push_str(&self.text[at..from]);
            out.push_str(open);
            out.push_str(&self.text[from..to]);
            out.push_str(close);
            at = to;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// Cuts the best snippet of `text` for the wanted stems and surface forms.
pub fn cut(
    text: &str,
    stem: &mut TextAnalyzer,
    surface: &mut TextAnalyzer,
    stems: &HashSet<String>,
    surfaces: &HashSet<String>,
) -> Snippet {
    let scan = &text[..floor_char_boundary(text, SCAN_BYTES)];
    let mut hits: Vec<(usize, usize, String)> = Vec::new();
    collect(stem, scan, stems, &mut hits);
    collect(surface, scan, surfaces, &mut hits);
    hits.sort_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
    hits.dedup_by(|b, a| b.0 < a.1); // drop overlaps, keep the earlier
    let (start, end) = best_window(scan, &hits);
    let (start, end) = (word_start(text, start), word_end(text, end));
    let mut snippet = String::new();
    let lead = if start > 0 { "… " } else { "" };
    snippet.push_str(lead);
    snippet.push_str(text[start..end].trim_end());
    let body_end = lead.len() + text[start..end].trim_end().len();
    let highlights = hits
        .iter()
        .filter(|h| h.0 >= start && h.1 <= end)
        .map(|h| (h.0 - start + lead.len(), h.1 - start + lead.len()))
        .filter(|h| h.1 <= body_end)
        .collect();
    if end < text.len() {
        snippet.push_str(" …");
    }
    Snippet {
        text: snippet.replace(['\n', '\r'], " "),
        highlights,
    }
}

fn collect(analyzer: &mut TextAnalyzer, text: &str, wanted: &HashSet<String>, hits: &mut Vec<(usize, usize, String)>) {
    if wanted.is_empty() {
        return;
    }
    if wanted.is_empty() {
        return;
    }
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        if wanted.contains(&t.text) {
            hits.push((t.offset_from, t.offset_to, t.text.clone()));
        }
    }
}

/// The window (byte range) with the most distinct hit terms.
fn best_window(text: &str, hits: &[(usize, usize, String)]) -> (usize, usize) {
    let mut best = (0usize, 0usize, 0usize); // (distinct, hits, start index)
    for (i, h) in hits.iter().enumerate() {
        let in_window: Vec<_> = hits[i..].iter().take_while(|o| o.1 <= h.0 + WINDOW_BYTES).collect();
        let distinct = in_window.iter().map(|o| o.2.as_str()).collect::<HashSet<_>>().len();
        if (distinct, in_window.len()) > (best.0, best.1) {
            best = (distinct, in_window.len(), i);
        }
    }
    if hits.is_empty() {
        return (0, floor_char_boundary(text, WINDOW_BYTES));
    }
    // Start a little before the first hit so it reads in context.
    let first = hits[best.2].0;
    let start = floor_char_boundary(text, first.saturating_sub(WINDOW_BYTES / 6));
    (start, floor_char_boundary(text, start + WINDOW_BYTES))
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn word_start(text: &str, i: usize) -> usize {
    text[..i]
        .rfind(char::is_whitespace)
        .map_or(0, |p| p + text[p..].chars().next().map_or(1, char::len_utf8))
}

fn word_end(text: &str, i: usize) -> usize {
    text[i..].find(char::is_whitespace).map_or(text.len(), |p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::SimpleTokenizer;

    #[test]
    fn highlights_fall_on_the_matched_words() {
        let mut a = TextAnalyzer::from(SimpleTokenizer::default());
        let mut b = TextAnalyzer::from(SimpleTokenizer::default());
        let text = "مقدمة طويلة ".repeat(40) + "أكد الكرملين أن روسيا ستدرس اقتراح بايدن" + &" ختام".repeat(60);
        let wanted: HashSet<String> = ["الكرملين", "بايدن"].iter().map(|s| s.to_string()).collect();
        let s = cut(&text, &mut a, &mut b, &wanted, &HashSet::new());
        let marked: Vec<&str> = s.highlights.iter().map(|&(f, t)| &s.text[f..t]).collect();
        assert_eq!(marked, vec!["الكرملين", "بايدن"]);
        assert!(s.text.starts_with("… ") && s.text.ends_with(" …"));
        assert!(s.marked("[", "]").contains("[الكرملين]"));
    }

    #[test]
    fn no_hits_gives_the_opening() {
        let mut a = TextAnalyzer::from(SimpleTokenizer::default());
        let mut b = TextAnalyzer::from(SimpleTokenizer::default());
        let s = cut("نص قصير", &mut a, &mut b, &HashSet::new(), &HashSet::new());
        assert_eq!(s.text, "نص قصير");
        assert!(s.highlights.is_empty());
    }
}
