//! Finding, in raw text, the few places a query's terms may be.
//!
//! Snippets and highlights look for a handful of terms in a whole article,
//! and most of its words can be ruled out before they are tokenized at all.
//! A [`ChunkFilter`] reads the raw bytes between ASCII separators (a
//! *chunk*: the tokenizer never carries a token or any state across an
//! ASCII space or punctuation mark) with one table look-up per letter, and
//! says whether the chunk may hold:
//! - a token that the [`StemSieve`] would let through: two adjacent letters
//!   of one token that fold to the first two letters of a wanted stem;
//! - a token whose folded surface is a wanted surface term (stop words): a
//!   run of as many letters, starting with the same folded letter.
//!
//! Only chunks that may are tokenized ([`crate::scan_wanted`]). The filter
//! never rules out a chunk that holds a wanted token: whatever it cannot
//! read exactly (presentation forms, Persian letters, other scripts,
//! invisible controls, Latin when a wanted term has Latin or digits) lets the
//! chunk through.

use std::sync::LazyLock;

use crate::fold::{fold_arabic, is_ignorable};
use crate::normalize::{normalize_char, CharNorm};
use crate::sieve::StemSieve;
use crate::tokenize::is_common_arabic_letter;

/// Letters counted in a surface run; longer wanted surfaces turn the filter off.
const MAX_RUN: usize = 16;

/// Classes of the characters U+0600–067F (two UTF-8 bytes, D8 or D9 first;
/// [`CLASSES`]), as one byte each: a common letter is its folded letter's index from
/// U+0621 (below [`TEH_MARBUTA`]), teh marbuta is `TEH_MARBUTA` + the index
/// of heh (a letter after it starts a new token), and the rest are the
/// constants below.
const TEH_MARBUTA: u8 = 64;
/// Removed by folding, never splits a token (diacritics, tatweel).
const IGNORABLE: u8 = 128;
/// A Latin letter or digit, ASCII or normalized to one (Arabic-Indic digits).
const LATIN: u8 = 129;
/// Normalized to ASCII punctuation (Arabic comma, semicolon, question mark).
const SEPARATOR: u8 = 130;
/// Anything else: the chunk is tokenized.
const OTHER: u8 = 255;
/// "No previous letter", as an index of [`ChunkFilter::pairs`].
const NONE: usize = 64;

/// Entries of [`CLASSES`]: the two bytes of U+0600–067F, D880–D8BF and
/// D980–D9BF, less D880 (the codes between are not UTF-8).
const CODES: usize = 0x140;

/// The class of each character of U+0600–067F, by its [`code`], computed
/// from the tokenizer's own rules.
static CLASSES: LazyLock<[u8; CODES]> = LazyLock::new(|| {
    std::array::from_fn(|code| {
        let c = match code {
            0..0x40 => 0x0600 + code as u32,
            0x100.. => 0x0640 + (code - 0x100) as u32,
            _ => return OTHER,
        };
        let c = char::from_u32(c).expect("Arabic block");
        if is_common_arabic_letter(c) {
            let id = letter_id(fold_arabic(c)).expect("common letters fold to common letters");
            return if c == '\u{0629}' { TEH_MARBUTA + id } else { id };
        }
        match normalize_char(c) {
            CharNorm::Replace(r) if r.is_ascii_digit() => LATIN,
            CharNorm::Replace(r) if r.is_ascii() && !r.is_ascii_alphanumeric() => SEPARATOR,
            CharNorm::Keep | CharNorm::Remove if is_ignorable(c) => IGNORABLE,
            _ => OTHER,
        }
    })
});

/// The index in [`CLASSES`] of the character whose UTF-8 starts with bytes
/// `a`, `b` (at least [`CODES`] when it is not in U+0600–067F).
#[inline]
fn code(a: u8, b: u8) -> usize {
    ((usize::from(a) << 8) | usize::from(b)).wrapping_sub(0xD880)
}

/// Index of a folded common letter from U+0621 (`None` for anything else).
fn letter_id(c: char) -> Option<u8> {
    is_common_arabic_letter(c).then(|| (c as u32 - 0x0621) as u8)
}

/// Which chunks of a raw text may hold a wanted token (see the module docs).
#[derive(Debug, Clone)]
pub struct ChunkFilter {
    /// Bit `b` of `pairs[a]`: letters `a`, `b` start a wanted stem, or `b`
    /// is a wanted stem of one letter (then in every row, [`NONE`] too;
    /// 128 rows so that a masked index needs no bounds check).
    pairs: [u64; 128],
    /// Bit `a` of `surfaces[n]`: a wanted surface has `n` letters, the first `a`.
    surfaces: [u64; MAX_RUN],
    /// A wanted term has Latin letters or digits: chunks with them go through.
    latin: bool,
    /// Every chunk goes through.
    all: bool,
}

impl ChunkFilter {
    /// A filter for the tokens `sieve` lets through and the tokens whose
    /// folded surface is one of `surfaces`.
    pub fn new<'a>(sieve: &StemSieve, surfaces: impl IntoIterator<Item = &'a str>) -> Self {
        let mut filter = ChunkFilter {
            pairs: [0; 128],
            surfaces: [0; MAX_RUN],
            latin: false,
            all: sieve.lets_all_through(),
        };
        for prefix in sieve.prefixes().map(u32::to_le_bytes) {
            filter.add_stem_start(&prefix);
        }
        for short in sieve.short_stems() {
            filter.add_stem_start(short);
        }
        for surface in surfaces {
            filter.add_surface(surface);
        }
        filter
    }

    fn add_stem_start(&mut self, bytes: &[u8]) {
        let Ok(text) = std::str::from_utf8(bytes) else {
            self.all = true;
            return;
        };
        let ids: Option<Vec<u8>> = text.chars().map(letter_id).collect();
        match ids.as_deref() {
            Some([a, b]) => self.pairs[usize::from(*a)] |= 1 << b,
            Some([a]) => self.pairs.iter_mut().for_each(|row| *row |= 1 << a),
            _ if text.chars().any(|c| c.is_ascii_alphanumeric()) => self.latin = true,
            _ => self.all = true,
        }
    }

    fn add_surface(&mut self, surface: &str) {
        let ids: Option<Vec<u8>> = surface.chars().map(letter_id).collect();
        match ids {
            Some(ids) if !ids.is_empty() && ids.len() < MAX_RUN => self.surfaces[ids.len()] |= 1 << ids[0],
            _ if surface.chars().all(|c| c.is_ascii_alphanumeric()) => self.latin = true,
            _ => self.all = true,
        }
    }

    /// The chunks of `text` that may hold a token the filter is for, with
    /// their start offsets, in order.
    pub fn chunks<'a>(&'a self, text: &'a str) -> WantedChunks<'a> {
        WantedChunks {
            filter: self,
            classes: &CLASSES,
            text,
            at: 0,
        }
    }

    /// False when `chunk` (raw text without ASCII separators) holds no
    /// token the filter is for.
    pub fn may_match(&self, chunk: &str) -> bool {
        self.chunks(chunk).next().is_some()
    }

    /// Whether `run` (two-byte letters, teh marbuta last if at all, and
    /// ignorable characters if `ignorables`) may be a wanted surface.
    #[inline]
    fn surface_run(&self, classes: &[u8; CODES], run: &[u8], ignorables: bool) -> bool {
        // Most runs have a length no wanted surface has.
        if !ignorables && self.surfaces.get(run.len() / 2).is_none_or(|&s| s == 0) {
            return false;
        }
        let class = |pair: &[u8]| classes[code(pair[0], pair[1]).min(CODES - 1)];
        let mut letters = run.chunks_exact(2).map(class);
        let (first, len) = if ignorables {
            let mut letters = letters.filter(|&c| c != IGNORABLE);
            match letters.next() {
                Some(first) => (first, 1 + letters.count()),
                None => return false,
            }
        } else {
            match letters.next() {
                Some(first) => (first, run.len() / 2),
                None => return false,
            }
        };
        len < MAX_RUN && self.surfaces[len] & (1 << (first % TEH_MARBUTA)) != 0
    }
}

/// The chunks a [`ChunkFilter`] lets through ([`ChunkFilter::chunks`]).
#[derive(Debug)]
pub struct WantedChunks<'a> {
    filter: &'a ChunkFilter,
    classes: &'a [u8; CODES],
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for WantedChunks<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() {
            if is_ascii_separator(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            if self.filter.all || self.wanted(bytes, &mut i) {
                while i < bytes.len() && !is_ascii_separator(bytes[i]) {
                    i += 1;
                }
                self.at = i;
                // ASCII bytes are always character boundaries.
                return Some((start, &self.text[start..i]));
            }
        }
        self.at = bytes.len();
        None
    }
}

impl WantedChunks<'_> {
    /// Reads the chunk of `bytes` that starts at `*at`, moving `*at` to its
    /// end, or to where the chunk is known to hold a wanted token (then true).
    #[inline]
    fn wanted(&self, bytes: &[u8], at: &mut usize) -> bool {
        let (filter, classes) = (self.filter, self.classes);
        let mut i = *at;
        // The current run of letters starts at `run`; whether it holds an
        // ignorable character, and its last letter.
        let (mut run, mut ignorables, mut prev) = (i, false, NONE);
        let wanted = loop {
            // Most characters are two-byte Arabic letters: one table
            // look-up and one bit test each.
            while i + 1 < bytes.len() {
                let code = code(bytes[i], bytes[i + 1]);
                let Some(&class) = classes.get(code) else { break };
                if class >= TEH_MARBUTA {
                    break;
                }
                if filter.pairs[prev & 127] & (1 << class) != 0 {
                    *at = i;
                    return true;
                }
                prev = usize::from(class);
                i += 2;
            }
            let Some(&b) = bytes.get(i) else {
                break filter.surface_run(classes, &bytes[run..i], ignorables);
            };
            if b.is_ascii() {
                if is_ascii_separator(b) {
                    break filter.surface_run(classes, &bytes[run..i], ignorables);
                }
                // A Latin letter or digit ends a run.
                if filter.latin || filter.surface_run(classes, &bytes[run..i], ignorables) {
                    break true;
                }
                i += 1;
            } else {
                let class = match bytes.get(i + 1) {
                    Some(&c) => classes.get(code(b, c)).copied().unwrap_or(OTHER),
                    None => OTHER,
                };
                match class {
                    IGNORABLE => {
                        ignorables = true;
                        i += 2;
                        continue;
                    }
                    LATIN if filter.latin => break true,
                    LATIN | SEPARATOR => {
                        if filter.surface_run(classes, &bytes[run..i], ignorables) {
                            break true;
                        }
                        i += 2;
                    }
                    c if (TEH_MARBUTA..TEH_MARBUTA + 64).contains(&c) => {
                        // Teh marbuta: the last letter of its run.
                        i += 2;
                        if filter.pairs[prev & 127] & (1 << (c - TEH_MARBUTA)) != 0
                            || filter.surface_run(classes, &bytes[run..i], ignorables)
                        {
                            break true;
                        }
                    }
                    _ => break true,
                }
            }
            (run, ignorables, prev) = (i, false, NONE);
        };
        *at = i;
        wanted
    }
}

#[inline]
fn is_ascii_separator(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fold, query_terms, scan_terms, scan_wanted, stem};
    use proptest::prelude::*;

    fn filter(stems: &[&str], surfaces: &[&str]) -> ChunkFilter {
        let stems: Vec<String> = stems.iter().map(|w| stem(&fold(w)).into_owned()).collect();
        let sieve = StemSieve::new(stems.iter().map(String::as_str));
        let surfaces: Vec<String> = surfaces.iter().map(|w| fold(w).into_owned()).collect();
        ChunkFilter::new(&sieve, surfaces.iter().map(String::as_str))
    }

    #[test]
    fn passes_chunks_with_a_wanted_word_and_few_others() {
        let f = filter(&["الرئيس", "بوتين"], &["في"]);
        for chunk in ["والرئيس", "لرئيسها", "بوتين،", "في", "فى", "فِي", "الرئيـس", "مدرسةفي"]
        {
            assert!(f.may_match(chunk), "{chunk}");
        }
        for chunk in ["الحكومة", "وزير", "بايدن", "فيها", "2015", "g7", "،", "مدرسةوزير"]
        {
            assert!(!f.may_match(chunk), "{chunk}");
        }
    }

    #[test]
    fn lets_through_what_it_cannot_read() {
        let f = filter(&["الرئيس"], &[]);
        for chunk in ["ﻻ", "پوتین", "وزير\u{200F}", "κρεμλίνο"] {
            assert!(f.may_match(chunk), "{chunk}");
        }
        let latin = filter(&["g7"], &[]);
        assert!(latin.may_match("قمةg7") && latin.may_match("٢٠١٥"));
        assert!(!latin.may_match("قمة"));
        assert!(ChunkFilter::new(&StemSieve::all(), []).may_match("x"));
    }

    #[test]
    fn gives_whole_chunks_between_ascii_separators() {
        let f = filter(&["بوتين", "2021"], &[]);
        let found: Vec<_> = f.chunks(" قال: بوتين،g7 (2021) وزير").collect();
        assert_eq!(found, [(9, "بوتين،g7"), (25, "2021")]);
    }

    /// The tokens of `text` whose stem is in `stems` or surface in `surfaces`,
    /// found by `scan` (`scan_terms` or `scan_wanted`).
    fn hits(
        text: &str,
        stems: &[String],
        surfaces: &[String],
        scan: impl FnOnce(&str, &StemSieve, &mut dyn FnMut(crate::Span, &str, Option<&str>)),
    ) -> Vec<(usize, usize, String)> {
        let sieve = StemSieve::new(stems.iter().map(String::as_str));
        let mut found = Vec::new();
        scan(text, &sieve, &mut |span, surface, stem| {
            let wanted = stem.is_some_and(|s| stems.iter().any(|w| w == s)) || surfaces.iter().any(|w| w == surface);
            if wanted {
                found.push((span.offset_from, span.offset_to, surface.to_string()));
            }
        });
        found
    }

    proptest! {
        /// Scanning only the chunks the filter lets through finds exactly the
        /// wanted tokens a full scan finds, at the same offsets.
        #[test]
        fn finds_what_a_full_scan_finds(
            pieces in proptest::collection::vec(prop_oneof![
                4 => "(و|ف|ب|ل|ك|ال|وال|بال|لل){0,1}([ابتثجحخدذرسشصضطظعغفقكلمنهويءةىأإآؤئ][\u{064E}\u{0651}ـ]{0,1}){1,7}(ها|هم|ات|ون|ين|ية|ة|ي){0,1}",
                1 => prop::sample::select(vec![
                    " ", " ", " ", "\n", "، ", ": ", "(", ")", "ـ", "\u{064E}", "\u{0651}", "ة", "g7", "COVID-19",
                    "2015", "٢٠٢١", "پ", "ی", "ﻻ", "\u{200F}", "\u{00A0}", "في", "فى", "إلى", "من", "α", "٫", "؟",
                ]).prop_map(str::to_string),
            ], 0..40),
            picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..5),
            surface_picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..3),
        ) {
            let text = pieces.concat();
            let terms = query_terms(&text);
            let mut stems: Vec<String> = picks.iter().filter(|_| !terms.is_empty()).map(|i| i.get(&terms).clone()).collect();
            stems.push("رءيس".to_string());
            let tokens = crate::tokenize(&text);
            let mut surfaces: Vec<String> = surface_picks
                .iter()
                .filter(|_| !tokens.is_empty())
                .map(|i| i.get(&tokens).text.clone())
                .collect();
            surfaces.push("في".to_string());
            let full = hits(&text, &stems, &surfaces, |t, sieve, f| scan_terms(t, Some(sieve), f));
            let filtered = hits(&text, &stems, &surfaces, |t, sieve, f| {
                let filter = ChunkFilter::new(sieve, surfaces.iter().map(String::as_str));
                scan_wanted(t, Some(sieve), &filter, |span, surface, stem| {
                    f(span, surface, stem);
                    std::ops::ControlFlow::Continue(())
                })
            });
            prop_assert_eq!(full, filtered);
        }
    }
}
