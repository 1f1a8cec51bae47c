//! Highlighted snippets cut from the original article text.
//!
//! The article is analysed like the index (one pass giving both analyzers'
//! terms, [`marsad_text::scan_wanted`], which skips the stretches of raw text
//! that cannot hold a wanted term); a token is a hit when its stem or
//! surface form is one the query looks for. The
//! snippet is the window of at most [`WINDOW_BYTES`] with the most distinct
//! hits (ties: the earliest), widened to word boundaries. Offsets come from
//! the analyzers, so highlights always fall on the original characters.

use marsad_text::{ChunkFilter, StemSieve};
use serde::Serialize;
use std::collections::HashSet;

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

/// The terms a snippet highlights: stems, and surface forms for words that
/// have no stem (stop words).
#[derive(Debug, Clone)]
pub struct Wanted {
    stems: Terms,
    surfaces: Terms,
    /// Rules out most tokens before they are stemmed.
    sieve: StemSieve,
    /// Rules out most of the text before it is tokenized.
    filter: ChunkFilter,
}

impl Wanted {
    /// The wanted stems and surface forms.
    pub fn new(stems: HashSet<String>, surfaces: HashSet<String>) -> Self {
        let sieve = StemSieve::new(stems.iter().map(String::as_str));
        let filter = ChunkFilter::new(&sieve, surfaces.iter().map(String::as_str));
        Wanted {
            filter,
            stems: Terms::new(stems),
            surfaces: Terms::new(surfaces),
            sieve,
        }
    }
}

/// A query's few distinct terms, looked up once per token of an article:
/// the lengths they have rule out most tokens without hashing or comparing.
#[derive(Debug, Clone)]
struct Terms {
    terms: Vec<String>,
    /// Bit `n` is set when a term is `n` bytes long (bit 63: 63 or more).
    lengths: u64,
}

impl Terms {
    fn new(terms: HashSet<String>) -> Self {
        let lengths = terms.iter().fold(0, |bits, t| bits | length_bit(t));
        Terms {
            terms: terms.into_iter().collect(),
            lengths,
        }
    }

    fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    #[inline]
    fn get(&self, token: &str) -> Option<&str> {
        if self.lengths & length_bit(token) == 0 {
            return None;
        }
        self.terms.iter().map(String::as_str).find(|t| *t == token)
    }
}

fn length_bit(term: &str) -> u64 {
    1 << term.len().min(63)
}

/// Cuts the best snippet of `text` for the wanted terms.
pub fn cut(text: &str, wanted: &Wanted) -> Snippet {
    let scan = &text[..floor_char_boundary(text, SCAN_BYTES)];
    let hits = collect(scan, wanted);
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

/// The tokens of `text` whose stem or surface term is wanted, as
/// `(from, to, term)` in text order (a token wanted both ways counts once).
fn collect<'w>(text: &str, wanted: &'w Wanted) -> Vec<(usize, usize, &'w str)> {
    let Wanted {
        stems,
        surfaces,
        sieve,
        filter,
    } = wanted;
    let mut hits = Vec::new();
    if stems.is_empty() && surfaces.is_empty() {
        return hits;
    }
    let sieve = (!stems.is_empty()).then_some(sieve);
    marsad_text::scan_wanted(text, sieve, filter, |span, surface, stem| {
        let term = stem.and_then(|s| stems.get(s)).or_else(|| surfaces.get(surface));
        if let Some(term) = term {
            hits.push((span.offset_from, span.offset_to, term));
        }
    });
    hits
}

/// The window (byte range) with the most distinct hit terms.
fn best_window(text: &str, hits: &[(usize, usize, &str)]) -> (usize, usize) {
    let best = best_start(hits);
    if hits.is_empty() {
        return (0, floor_char_boundary(text, WINDOW_BYTES));
    }
    // Start a little before the first hit so it reads in context.
    let first = hits[best].0;
    let start = floor_char_boundary(text, first.saturating_sub(WINDOW_BYTES / 6));
    (start, floor_char_boundary(text, start + WINDOW_BYTES))
}

/// The hit that starts the window (the hits from it that end within
/// [`WINDOW_BYTES`] of its start) with the most distinct terms, then the most
/// hits; the earliest of equals. One pass: the window's end only moves on as
/// its start does, and distinct terms are counted as hits enter and leave.
fn best_start(hits: &[(usize, usize, &str)]) -> usize {
    // Terms as small numbers, in order of first appearance.
    let mut terms: Vec<&str> = Vec::new();
    let ids: Vec<usize> = hits
        .iter()
        .map(|h| match terms.iter().position(|t| *t == h.2) {
            Some(i) => i,
            None => {
                terms.push(h.2);
                terms.len() - 1
            }
        })
        .collect();
    let mut counts = vec![0usize; terms.len()];
    let (mut distinct, mut end) = (0usize, 0usize);
    let mut best = (0usize, 0usize, 0usize); // (distinct, hits, start)
    for (i, h) in hits.iter().enumerate() {
        while end < hits.len() && hits[end].1 <= h.0 + WINDOW_BYTES {
            counts[ids[end]] += 1;
            distinct += usize::from(counts[ids[end]] == 1);
            end += 1;
        }
        if (distinct, end - i) > (best.0, best.1) {
            best = (distinct, end - i, i);
        }
        if end > i {
            counts[ids[i]] -= 1;
            distinct -= usize::from(counts[ids[i]] == 0);
        } else {
            end = i + 1;
        }
    }
    best.2
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

    fn stems(words: &str) -> HashSet<String> {
        marsad_text::query_terms(words).into_iter().collect()
    }

    fn wanted(words: &str) -> Wanted {
        Wanted::new(stems(words), HashSet::new())
    }

    #[test]
    fn highlights_fall_on_the_matched_words() {
        let text = "مقدمة طويلة ".repeat(40) + "أكد الكرملين أن روسيا ستدرس اقتراح بايدن" + &" ختام".repeat(60);
        let s = cut(&text, &wanted("كرملين بايدن"));
        let marked: Vec<&str> = s.highlights.iter().map(|&(f, t)| &s.text[f..t]).collect();
        assert_eq!(marked, vec!["الكرملين", "بايدن"]);
        assert!(s.text.starts_with("… ") && s.text.ends_with(" …"));
        assert!(s.marked("[", "]").contains("[الكرملين]"));
    }

    #[test]
    fn stop_words_match_by_surface_only() {
        let text = "قال إنه في الرياض اليوم وإن الوفد في جدة";
        let surfaces: HashSet<String> = ["في".to_string()].into();
        let s = cut(text, &Wanted::new(stems("الرياض"), surfaces));
        let marked: Vec<&str> = s.highlights.iter().map(|&(f, t)| &s.text[f..t]).collect();
        assert_eq!(marked, vec!["في", "الرياض", "في"]);
        let s = cut(text, &wanted("في"));
        assert!(s.highlights.is_empty(), "a stop word has no stem to match");
    }

    /// The window search before it was one pass, to check against.
    fn best_start_by_rescanning(hits: &[(usize, usize, &str)]) -> usize {
        let mut best = (0usize, 0usize, 0usize);
        for (i, h) in hits.iter().enumerate() {
            let in_window: Vec<_> = hits[i..].iter().take_while(|o| o.1 <= h.0 + WINDOW_BYTES).collect();
            let distinct = in_window.iter().map(|o| o.2).collect::<HashSet<_>>().len();
            if (distinct, in_window.len()) > (best.0, best.1) {
                best = (distinct, in_window.len(), i);
            }
        }
        best.2
    }

    proptest::proptest! {
        #[test]
        fn one_pass_window_is_the_rescanning_one(
            spans in proptest::collection::vec((0usize..400, 1usize..30, 0usize..5), 0..60)
        ) {
            let names = ["a", "b", "c", "d", "e"];
            let mut at = 0;
            let hits: Vec<(usize, usize, &str)> = spans
                .iter()
                .map(|&(gap, len, t)| {
                    at += gap;
                    let hit = (at, at + len, names[t]);
                    at += len;
                    hit
                })
                .collect();
            proptest::prop_assert_eq!(best_start(&hits), best_start_by_rescanning(&hits));
        }
    }

    #[test]
    fn terms_find_exactly_their_members() {
        let long = "ب".repeat(40);
        let members: HashSet<String> = ["في", "من", "الرياض", long.as_str()].map(String::from).into();
        let terms = Terms::new(members.clone());
        for token in [
            "في",
            "من",
            "الرياض",
            long.as_str(),
            "فى",
            "مع",
            "رياض",
            "",
            &"ب".repeat(41),
        ] {
            assert_eq!(terms.get(token), members.get(token).map(String::as_str), "{token}");
        }
        assert!(Terms::new(HashSet::new()).is_empty());
    }

    #[test]
    fn no_hits_gives_the_opening() {
        let s = cut("نص قصير", &wanted(""));
        assert_eq!(s.text, "نص قصير");
        assert!(s.highlights.is_empty());
    }
}
