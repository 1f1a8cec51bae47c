//! What grouping compares of an article, computed once from its headline and
//! cleaned body and stored beside it:
//! - `exact`: a hash of the whole body's bytes, whitespace aside (exact copies);
//! - `minhash`: a MinHash signature of the shingles of the body's first
//!   folded words (near copies: spelling variants, light edits);
//! - `terms`: stems of the headline and the lead with their counts (same event,
//!   other words), weighted by IDF only when compared.
//!
//! Words are folded ([`marsad_text::fold()`]), so spelling variants,
//! diacritics and presentation forms do not separate near copies.

use crate::hash::{hash_bytes, mix, term_id};
use crate::minhash::{signature, MINHASH_LEN};
use marsad_text::{is_stop_token, stem, Scanner};

/// Words of the body that make up the lead (about two sentences).
pub const LEAD_WORDS: usize = 60;
/// Weight of a headline stem relative to a lead stem.
pub const HEADLINE_WEIGHT: f32 = 2.0;
/// Bodies shorter than this (in words) are too short to call copies.
pub const MIN_COPY_WORDS: usize = 25;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;
/// Shingles read from the body for the signature (near copies share their start).
pub const MAX_SHINGLES: usize = 150;

/// An article's grouping features.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// Hash of the body's bytes without whitespace, if it has at least [`MIN_COPY_WORDS`] words.
    pub exact: Option<u64>,
    /// MinHash of the body's shingles, if it has at least [`MIN_COPY_WORDS`] words.
    pub minhash: Option<[u32; MINHASH_LEN]>,
    /// `(term id, weight)` of headline and lead stems, sorted by term id.
    pub terms: Vec<(u32, f32)>,
}

/// Computes the features of an article from its headline and cleaned body.
pub fn features(headline: &str, body: &str) -> Features {
    let mut terms: Vec<(u32, f32)> = Vec::new();
    let mut scanner = Scanner::new(headline);
    let mut word = String::new();
    while scanner.next_into(&mut word).is_some() {
        push_term(&mut terms, &word, HEADLINE_WEIGHT);
    }
    // The body's start: lead terms and word hashes for shingles (analysis is
    // the costly part, so the rest of the body is only hashed as bytes).
    let mut scanner = Scanner::new(body);
    let mut hashes: Vec<u64> = Vec::new();
    while hashes.len() < MAX_SHINGLES + SHINGLE_WORDS - 1 && scanner.next_into(&mut word).is_some() {
        if hashes.len() < LEAD_WORDS {
            push_term(&mut terms, &word, 1.0);
        }
        hashes.push(hash_bytes(word.as_bytes()));
    }
    let (exact, minhash) = if hashes.len() >= MIN_COPY_WORDS {
        let exact = exact_hash(body);
        let shingles: Vec<u64> = hashes
            .windows(SHINGLE_WORDS)
            .map(|w| w.iter().fold(0u64, |acc, h| mix(acc.rotate_left(7) ^ h)))
            .collect();
        (Some(exact), Some(signature(&shingles)))
    } else {
        (None, None)
    };
    terms.sort_unstable_by_key(|t| t.0);
    terms.dedup_by(|b, a| {
        let same = a.0 == b.0;
        if same {
            a.1 += b.1;
        }
        same
    });
    Features { exact, minhash, terms }
}

/// Hash of the body's bytes without whitespace: equal for copies that differ
/// only in spacing and line breaks.
fn exact_hash(body: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.bytes().filter(|b| !b.is_ascii_whitespace()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

fn push_term(terms: &mut Vec<(u32, f32)>, folded: &str, weight: f32) {
    if folded.chars().count() < 2 || is_stop_token(folded) {
        return;
    }
    terms.push((term_id(&stem(folded)), weight));
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة جدة بسعة خمسمائة سرير \
        ويضم المستشفى أقساما للطوارئ والعناية المركزة والأطفال والولادة وسيخدم سكان المحافظة \
        والقرى المجاورة ابتداء من الشهر المقبل بحسب ما ذكر المتحدث باسم الوزارة";

    #[test]
    fn spelling_variants_keep_the_signature_and_spacing_keeps_the_hash() {
        let a = features("", BODY);
        let b = features("", &BODY.replace("أعلنت", "اعلنت").replace("مستشفى", "مستشفي"));
        assert!(a.exact.is_some());
        assert_eq!(a.minhash, b.minhash);
        assert_ne!(a.exact, b.exact);
        assert_eq!(a.exact, features("", &BODY.replace(' ', "\n  ")).exact);
    }

    #[test]
    fn short_bodies_have_no_copy_features() {
        let f = features("عنوان", "خبر قصير جدا");
        assert_eq!((f.exact, f.minhash), (None, None));
        assert!(!f.terms.is_empty());
    }

    #[test]
    fn headline_stems_weigh_double_and_stop_words_are_dropped() {
        let f = features("افتتاح مستشفى", "افتتاح في جدة");
        let w = |s: &str| f.terms.iter().find(|t| t.0 == term_id(&stem(s))).map(|t| t.1);
        assert_eq!(w("افتتاح"), Some(HEADLINE_WEIGHT + 1.0));
        assert_eq!(w("جده"), Some(1.0));
        assert_eq!(w("في"), None);
    }
}

impl Features {
    /// A compact, stable byte encoding (for storing beside the article).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(9 + 4 * MINHASH_LEN + 8 * self.terms.len());
        out.push(u8::from(self.exact.is_some()) | (u8::from(self.minhash.is_some()) << 1));
        out.extend_from_slice(&self.exact.unwrap_or(0).to_le_bytes());
        if let Some(sig) = &self.minhash {
            sig.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        }
        for (t, w) in &self.terms {
            out.extend_from_slice(&t.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Decodes [`Features::to_bytes`]; None if the bytes are not such an encoding.
    pub fn from_bytes(bytes: &[u8]) -> Option<Features> {
        let (&flags, rest) = bytes.split_first()?;
        let exact = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
        let mut rest = &rest[8..];
        let minhash = if flags & 2 != 0 {
            let mut sig = [0u32; MINHASH_LEN];
            for (i, v) in sig.iter_mut().enumerate() {
                *v = u32::from_le_bytes(rest.get(4 * i..4 * i + 4)?.try_into().ok()?);
            }
            rest = &rest[4 * MINHASH_LEN..];
            Some(sig)
        } else {
            None
        };
        if rest.len() % 8 != 0 {
            return None;
        }
        let terms = rest
            .chunks_exact(8)
            .map(|c| {
                let t = u32::from_le_bytes(c[..4].try_into().expect("4 bytes"));
                (t, f32::from_le_bytes(c[4..].try_into().expect("4 bytes")))
            })
            .collect();
        Some(Features {
            exact: (flags & 1 != 0).then_some(exact),
            minhash,
            terms,
        })
    }
}

#[cfg(test)]
mod encoding_tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        for f in [features("عنوان", "نص"), features("قمة", &"كلمة أخرى هنا ".repeat(20))] {
            assert_eq!(Features::from_bytes(&f.to_bytes()), Some(f));
        }
        assert_eq!(Features::from_bytes(&[2, 0]), None);
    }
}
