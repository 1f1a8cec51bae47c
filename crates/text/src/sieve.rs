//! A cheap test that rules out most tokens before they are stemmed.
//!
//! Matching a text against a few wanted stems (snippets, highlighting) would
//! stem every token of the text. But a light stem is a piece of its folded
//! word ([`crate::stem()`] only removes letters from the ends; its spelling
//! variants aside), so a token can only stem to a wanted stem if the folded
//! token contains that stem. The sieve looks for the stems' first four bytes
//! (two Arabic letters) at every character of the token, through a small
//! bloom filter, compares the rest of a stem where one starts, and lets only
//! the tokens that hold one go on to stemming. It never rules out a token that
//! stems to a wanted stem.

use crate::stem::VARIANTS;

/// Bits of the bloom filter over four-byte prefixes.
const BLOOM_BITS: usize = 1024;

/// A few wanted stems, looked for in tokens (see the module docs).
#[derive(Debug, Clone)]
pub struct StemSieve {
    bloom: [u64; BLOOM_BITS / 64],
    /// Stems of four bytes or more, with their first four bytes.
    long: Vec<(u32, Box<[u8]>)>,
    /// Stems shorter than four bytes, looked for whole.
    short: Vec<Box<[u8]>>,
    /// Lets every token through.
    all: bool,
}

impl StemSieve {
    /// A sieve for tokens that may stem to one of `stems`.
    pub fn new<'a>(stems: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sieve = StemSieve {
            bloom: [0; BLOOM_BITS / 64],
            long: Vec::new(),
            short: Vec::new(),
            all: false,
        };
        for stem in stems {
            sieve.add(stem.as_bytes());
            // A stem with a canonical spelling came from a word that may
            // have the variant spelling in its place (at any one of them).
            for (variant, canonical) in VARIANTS {
                for (at, _) in stem.match_indices(canonical) {
                    let respelled = [&stem[..at], variant, &stem[at + canonical.len()..]].concat();
                    sieve.add(respelled.as_bytes());
                }
            }
        }
        sieve
    }

    /// A sieve that lets every token through.
    pub fn all() -> Self {
        StemSieve {
            all: true,
            ..StemSieve::new([])
        }
    }

    fn add(&mut self, stem: &[u8]) {
        match stem.first_chunk::<4>() {
            Some(prefix) => {
                let prefix = u32::from_le_bytes(*prefix);
                let bit = bloom_bit(prefix);
                self.bloom[bit / 64] |= 1 << (bit % 64);
                self.long.push((prefix, stem.into()));
            }
            None if stem.is_empty() => {}
            None => self.short.push(stem.into()),
        }
    }

    /// Whether every token goes through ([`StemSieve::all`]).
    pub(crate) fn lets_all_through(&self) -> bool {
        self.all
    }

    /// The four-byte prefixes of the wanted stems (and their variants).
    pub(crate) fn prefixes(&self) -> impl Iterator<Item = u32> + '_ {
        self.long.iter().map(|(prefix, _)| *prefix)
    }

    /// The wanted stems shorter than four bytes.
    pub(crate) fn short_stems(&self) -> impl Iterator<Item = &[u8]> {
        self.short.iter().map(AsRef::as_ref)
    }

    /// False when `folded` (a folded token) cannot stem to a wanted stem.
    #[inline]
    pub fn may_match(&self, folded: &str) -> bool {
        if self.all {
            return true;
        }
        let bytes = folded.as_bytes();
        // A stem starts on a character: windows starting inside one (half
        // of an Arabic word's) cannot hold its prefix.
        for (at, window) in bytes.windows(4).enumerate().filter(|(_, w)| !is_continuation(w[0])) {
            let prefix = u32::from_le_bytes([window[0], window[1], window[2], window[3]]);
            let bit = bloom_bit(prefix);
            if self.bloom[bit / 64] & (1 << (bit % 64)) != 0
                && self
                    .long
                    .iter()
                    .any(|(p, stem)| *p == prefix && bytes[at..].starts_with(stem))
            {
                return true;
            }
        }
        // Stems under four bytes (numbers, a Latin letter and digit) are few
        // and rare; comparing the first byte first keeps `memcmp` calls for
        // the windows that may hold one (every token was a call per window).
        self.short
            .iter()
            .any(|s| bytes.windows(s.len()).any(|w| w[0] == s[0] && w == s.as_ref()))
    }
}

/// A UTF-8 byte that continues a character (0b10xx_xxxx).
#[inline]
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

#[inline]
fn bloom_bit(prefix: u32) -> usize {
    (prefix.wrapping_mul(0x9E37_79B1) >> (32 - BLOOM_BITS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fold, stem};
    use proptest::prelude::*;

    #[test]
    fn lets_through_the_words_of_a_stem_and_few_others() {
        let wanted: Vec<String> = ["الرئيس", "أمريكي", "g7"]
            .iter()
            .map(|w| stem(&fold(w)).into_owned())
            .collect();
        let sieve = StemSieve::new(wanted.iter().map(String::as_str));
        for word in ["والرئيس", "للرئيس", "رئيسها", "الامريكي", "الاميركيه", "g7", "قمه-g7"]
        {
            let folded = fold(word);
            assert!(sieve.may_match(&folded), "{word}");
        }
        // "رئاسة" starts like "رئيس", but does not hold it.
        for word in ["الحكومه", "وزير", "بايدن", "g20", "رئاسة"] {
            assert!(!sieve.may_match(&fold(word)), "{word}");
        }
        assert!(StemSieve::all().may_match("وزير"));
        assert!(!StemSieve::new([]).may_match("وزير"));
        assert!(!StemSieve::new([""]).may_match("وزير"), "an empty stem is no stem");
        let numbers = StemSieve::new(["10", "g7"]);
        assert!(numbers.may_match("10") && numbers.may_match("2010") && !numbers.may_match("1"));
    }

    proptest! {
        /// Whatever a word stems to, a sieve for that stem lets the word through.
        #[test]
        fn never_rules_out_a_word_that_stems_to_a_wanted_stem(
            word in "(و|ف|ب|ل|ك|ال|وال|بال|لل){0,1}[ابتثجحخدذرسشصضطظعغفقكلمنهويءةى]{1,7}(ها|هم|نا|ات|ون|ين|ية|ي|ه|ا|تها){0,1}",
            others in proptest::collection::vec("[ابتثجحخدذرسشصضطظعغفقكلمنهوي]{1,6}", 0..6),
        ) {
            let folded = fold(&word);
            let stemmed = stem(&folded).into_owned();
            let mut wanted: Vec<String> = others.iter().map(|o| stem(&fold(o)).into_owned()).collect();
            wanted.push(stemmed.clone());
            let sieve = StemSieve::new(wanted.iter().map(String::as_str));
            prop_assert!(sieve.may_match(&folded), "{word} -> {folded} -> {stemmed}");
        }
    }
}
