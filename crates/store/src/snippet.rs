//! Highlighted snippets cut from the original article text.
//!
//! The article is analysed like the index (one pass giving both analyzers'
//! terms, [`marsad_text::scan_wanted`], which skips the stretches of raw text
//! that cannot hold a wanted term); a token is a hit when its stem or
//! surface form is one the query looks for. The
//! snippet is the window of at most [`WINDOW_BYTES`] with the most distinct
//! hits (ties: the earliest), widened to word boundaries. Offsets come from
//! the analyzers, so highlights always fall on the original characters.
//!
//! When the caller knows how many distinct wanted terms the text holds (the
//! search's second phase reads them from the index), the scan stops at the
//! first window that holds them all: no later window can hold more, and the
//! earliest of equals wins. That is where the scan ends for about half the
//! hits of a headline search, a third of the way through the text on
//! average.

use marsad_text::{ChunkFilter, StemSieve};
use serde::Serialize;
use std::collections::HashSet;
use std::ops::ControlFlow;

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

/// Cuts the best snippet of `text` for the wanted terms. `held`, when known,
/// is how many distinct wanted terms `text` holds: the scan ends at the first
/// window that holds that many (a count that is too high only costs the
/// early end; one too low would end the scan before the best window).
pub fn cut(text: &str, wanted: &Wanted, held: Option<usize>) -> Snippet {
    let scan = &text[..floor_char_boundary(text, SCAN_BYTES)];
    let (hits, full) = collect(scan, wanted, held);
    let (start, end) = best_window(scan, &hits, full);
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
/// `(from, to, term)` in text order (a token wanted both ways counts once),
/// and the start of the first window with `held` distinct terms, where the
/// scan stopped (`None`: it read the whole text).
fn collect<'w>(text: &str, wanted: &'w Wanted, held: Option<usize>) -> (Vec<Hit<'w>>, Option<usize>) {
    let Wanted {
        stems,
        surfaces,
        sieve,
        filter,
    } = wanted;
    let mut hits = Vec::new();
    if stems.is_empty() && surfaces.is_empty() {
        return (hits, None);
    }
    let sieve = (!stems.is_empty()).then_some(sieve);
    let mut window = Window::default();
    // Once the best window is found, the scan goes on to its end only, for
    // the highlights.
    let mut full: Option<(usize, usize)> = None;
    marsad_text::scan_wanted(text, sieve, filter, |span, surface, stem| {
        if full.is_some_and(|(_, end)| span.offset_from >= end) {
            return ControlFlow::Break(());
        }
        let term = stem.and_then(|s| stems.get(s)).or_else(|| surfaces.get(surface));
        if let Some(term) = term {
            hits.push((span.offset_from, span.offset_to, term));
            if let (Some(held), None) = (held, full) {
                if window.push(&hits) >= held {
                    let (_, end) = window_at(text, hits[window.start].0);
                    full = Some((window.start, word_end(text, end)));
                }
            }
        }
        ControlFlow::Continue(())
    });
    (hits, full.map(|(start, _)| start))
}

/// A wanted token: `(from, to, term)`.
type Hit<'w> = (usize, usize, &'w str);

/// The hits that fit in one window with the newest hit, kept as hits come:
/// the window starting at the earliest hit that the newest one fits after
/// (within [`WINDOW_BYTES`] of its start), and its distinct terms.
#[derive(Default)]
struct Window<'w> {
    start: usize,
    counts: Vec<(&'w str, usize)>,
    distinct: usize,
}

impl<'w> Window<'w> {
    /// Takes in the last of `hits` and returns how many distinct terms the
    /// window now holds. Each earlier window was full when it last grew, so
    /// the first time this reaches a count, the window at [`Window::start`]
    /// is the earliest with that many.
    fn push(&mut self, hits: &[Hit<'w>]) -> usize {
        let Some(&(_, end, term)) = hits.last() else { return 0 };
        self.enter(term);
        while self.start < hits.len() && hits[self.start].0 + WINDOW_BYTES < end {
            self.leave(hits[self.start].2);
            self.start += 1;
        }
        self.distinct
    }

    fn enter(&mut self, term: &'w str) {
        match self.counts.iter_mut().find(|(t, _)| *t == term) {
            Some((_, n)) => {
                *n += 1;
                self.distinct += usize::from(*n == 1);
            }
            None => {
                self.counts.push((term, 1));
                self.distinct += 1;
            }
        }
    }

    fn leave(&mut self, term: &'w str) {
        if let Some((_, n)) = self.counts.iter_mut().find(|(t, _)| *t == term) {
            *n -= 1;
            self.distinct -= usize::from(*n == 0);
        }
    }
}

/// The window (byte range) with the most distinct hit terms; `full` is its
/// first hit when the scan already found it.
fn best_window(text: &str, hits: &[Hit], full: Option<usize>) -> (usize, usize) {
    if hits.is_empty() {
        return (0, floor_char_boundary(text, WINDOW_BYTES));
    }
    let best = full.unwrap_or_else(|| best_start(hits));
    window_at(text, hits[best].0)
}

/// The window around a hit at `first`: it starts a little before, so the
/// hit reads in context.
fn window_at(text: &str, first: usize) -> (usize, usize) {
    let start = floor_char_boundary(text, first.saturating_sub(WINDOW_BYTES / 6));
    (start, floor_char_boundary(text, start + WINDOW_BYTES))
}

/// The hit that starts the window (the hits from it that end within
/// [`WINDOW_BYTES`] of its start) with the most distinct terms, the earliest
/// of equals. One pass: the window's end only moves on as its start does,
/// and distinct terms are counted as hits enter and leave.
fn best_start(hits: &[Hit]) -> usize {
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
    let mut best = (0usize, 0usize); // (distinct, start)
    for (i, h) in hits.iter().enumerate() {
        while end < hits.len() && hits[end].1 <= h.0 + WINDOW_BYTES {
            counts[ids[end]] += 1;
            distinct += usize::from(counts[ids[end]] == 1);
            end += 1;
        }
        if distinct > best.0 {
            best = (distinct, i);
        }
        if end > i {
            counts[ids[i]] -= 1;
            distinct -= usize::from(counts[ids[i]] == 0);
        } else {
            end = i + 1;
        }
    }
    best.1
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
        let s = cut(&text, &wanted("كرملين بايدن"), None);
        let marked: Vec<&str> = s.highlights.iter().map(|&(f, t)| &s.text[f..t]).collect();
        assert_eq!(marked, vec!["الكرملين", "بايدن"]);
        assert!(s.text.starts_with("… ") && s.text.ends_with(" …"));
        assert!(s.marked("[", "]").contains("[الكرملين]"));
    }

    #[test]
    fn stop_words_match_by_surface_only() {
        let text = "قال إنه في الرياض اليوم وإن الوفد في جدة";
        let surfaces: HashSet<String> = ["في".to_string()].into();
        let s = cut(text, &Wanted::new(stems("الرياض"), surfaces), None);
        let marked: Vec<&str> = s.highlights.iter().map(|&(f, t)| &s.text[f..t]).collect();
        assert_eq!(marked, vec!["في", "الرياض", "في"]);
        let s = cut(text, &wanted("في"), None);
        assert!(s.highlights.is_empty(), "a stop word has no stem to match");
    }

    /// The window search before it was one pass, to check against.
    fn best_start_by_rescanning(hits: &[Hit]) -> usize {
        let mut best = (0usize, 0usize);
        for (i, h) in hits.iter().enumerate() {
            let in_window = hits[i..].iter().take_while(|o| o.1 <= h.0 + WINDOW_BYTES);
            let distinct = in_window.map(|o| o.2).collect::<HashSet<_>>().len();
            if distinct > best.0 {
                best = (distinct, i);
            }
        }
        best.1
    }

    fn spaced(spans: &[(usize, usize, usize)]) -> Vec<Hit<'static>> {
        let names = ["a", "b", "c", "d", "e"];
        let mut at = 0;
        spans
            .iter()
            .map(|&(gap, len, t)| {
                at += gap;
                let hit = (at, at + len, names[t]);
                at += len;
                hit
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn one_pass_window_is_the_rescanning_one(
            spans in proptest::collection::vec((0usize..400, 1usize..30, 0usize..5), 0..60)
        ) {
            let hits = spaced(&spans);
            proptest::prop_assert_eq!(best_start(&hits), best_start_by_rescanning(&hits));
        }

        /// Fed hit by hit, the window first holds as many distinct terms as
        /// the best window at the best window's start; it never holds more.
        #[test]
        fn a_scan_that_stops_at_the_first_full_window_finds_the_best(
            spans in proptest::collection::vec((0usize..400, 1usize..30, 0usize..5), 1..60)
        ) {
            let hits = spaced(&spans);
            let best = best_start(&hits);
            let most = hits[best..]
                .iter()
                .take_while(|o| o.1 <= hits[best].0 + WINDOW_BYTES)
                .map(|o| o.2)
                .collect::<HashSet<_>>()
                .len();
            let mut window = Window::default();
            let first_full = (1..=hits.len()).find(|&k| window.push(&hits[..k]) >= most);
            proptest::prop_assert!(first_full.is_some());
            proptest::prop_assert_eq!(window.start, best);
            let mut window = Window::default();
            proptest::prop_assert!((1..=hits.len()).all(|k| window.push(&hits[..k]) <= most));
        }
    }

    #[test]
    fn a_known_count_of_held_terms_ends_the_scan_early_with_the_same_snippet() {
        let lead = "أكد الكرملين أن بوتين سيلتقي بايدن في جنيف";
        let text = format!("{lead} {} {lead} {}", "كلام آخر ".repeat(60), "ختام ".repeat(60));
        let w = wanted("الكرملين بوتين بايدن جنيف");
        let (all, _) = collect(&text, &w, None);
        let (some, full) = collect(&text, &w, Some(4));
        assert_eq!(
            (all.len(), some.len(), full),
            (8, 4, Some(0)),
            "the scan stops after the lead"
        );
        // Hits after the one that fills the window, up to the window's end,
        // are still highlighted.
        let text = format!("{lead} بوتين {}", "ختام ".repeat(60));
        let (some, _) = collect(&text, &w, Some(4));
        assert_eq!(some.len(), 5);
        assert_eq!(cut(&text, &w, Some(4)), cut(&text, &w, None));
        assert_eq!(cut(&text, &w, Some(4)), cut(&text, &w, None));
        let (_, full) = collect(&text, &w, Some(5));
        assert_eq!(full, None, "a count too high reads everything");
        assert_eq!(cut(&text, &w, Some(5)), cut(&text, &w, None));
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
        let s = cut("نص قصير", &wanted(""), None);
        assert_eq!(s.text, "نص قصير");
        assert!(s.highlights.is_empty());
    }
}
