//! Clitic-aware light stemming of folded Arabic words.
//!
//! In the spirit of Larkey's Light10 (the stemmer behind Lucene's `ArabicStemFilter`), with
//! proclitic combinations and stricter guards. The input is a *folded* word (see
//! [`crate::fold()`]: `ة` is already `ه`, hamza seats are `ء`, alef forms are `ا`). Steps:
//!
//! 1. Words in [`KEEP`] are returned unchanged.
//! 2. **Article prefixes** ([`ARTICLE_PREFIXES`]): the first that matches is removed if at least
//!    [`MIN_AFTER_ARTICLE`] letters remain. `لل` is `ل` + `ال` with the alef elided (`للرئيس`).
//! 3. Otherwise, **conjunction prefixes** ([`CONJUNCTION_PREFIXES`], `و` `ف`): removed if at least
//!    [`MIN_AFTER_CONJUNCTION`] letters remain. The bare prepositions `ب` `ك` `ل` are *not* removed
//!    without an article: too many roots start with them (`بيت`, `كتاب`, `لبنان`).
//! 4. **Suffixes** ([`SUFFIXES`]): tried in order, each removed at most once, each only if its own
//!    minimum of letters remains. Pronouns first, then number and gender endings, then nisba `ي`.
//! 5. **Spelling variants** ([`VARIANTS`]): substring rewrites for transliterated names
//!    (`اميركي` → `امريك`).
//!
//! Stemming only removes letters from the ends (step 5 aside), so the stem of a word is never
//! longer than the word and is never empty. Stemming is deterministic but not idempotent.
//! All tables are `pub` constants so the rules can be read and tuned in one place.

use std::borrow::Cow;

/// Folded words that are never stemmed.
pub const KEEP: &[&str] = &["الله", "اللهم"];

/// Letters that must remain after removing an article prefix.
pub const MIN_AFTER_ARTICLE: usize = 2;

/// Letters that must remain after removing a bare conjunction `و` / `ف`.
pub const MIN_AFTER_CONJUNCTION: usize = 3;

/// Prefixes that contain the definite article, longest first (first match wins).
pub const ARTICLE_PREFIXES: &[&str] = &[
    "وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
];

/// Conjunctions removed from words without an article.
pub const CONJUNCTION_PREFIXES: &[&str] = &["و", "ف"];

/// A suffix and the number of letters that must remain after removing it.
#[derive(Debug, Clone, Copy)]
pub struct Suffix {
    /// The folded suffix.
    pub suffix: &'static str,
    /// Minimum letters left after removal.
    pub min_rest: usize,
}

const fn sfx(suffix: &'static str, min_rest: usize) -> Suffix {
    Suffix { suffix, min_rest }
}

/// Suffixes, tried in this order; each is removed at most once.
pub const SUFFIXES: &[Suffix] = &[
    // Pronouns: their, her/its, our.
    sfx("هما", 3),
    sfx("هم", 3),
    sfx("هن", 3),
    sfx("ها", 3),
    sfx("نا", 3),
    // Number and gender (Light10 order).
    sfx("ان", 3),
    sfx("ات", 2),
    sfx("ون", 2),
    sfx("ين", 2),
    sfx("يه", 2),
    sfx("ه", 2),
    sfx("ي", 2),
];

/// Spelling-variant rewrites applied to stems: (variant, canonical).
pub const VARIANTS: &[(&str, &str)] = &[("اميرك", "امريك")];

/// Byte range of the light stem inside `word` (before spelling variants are applied).
pub fn stem_range(word: &str) -> (usize, usize) {
    if KEEP.contains(&word) {
        return (0, word.len());
    }
    let start = strip_prefix(word);
    let end = start + strip_suffixes(&word[start..]);
    (start, end)
}

/// Light stem of a folded word, with spelling variants applied.
pub fn stem(word: &str) -> Cow<'_, str> {
    let (start, end) = stem_range(word);
    let stemmed = &word[start..end];
    match VARIANTS.iter().find(|(v, _)| stemmed.contains(v)) {
        Some((v, canonical)) => Cow::Owned(stemmed.replacen(v, canonical, 1)),
        None => Cow::Borrowed(stemmed),
    }
}

/// Replaces the folded word in `buf` by its stem without allocating (except for variants).
pub fn stem_in_place(buf: &mut String) {
    let (start, end) = stem_range(buf);
    buf.truncate(end);
    buf.drain(..start);
    if let Some((v, canonical)) = VARIANTS.iter().find(|(v, _)| buf.contains(v)) {
        *buf = buf.replacen(v, canonical, 1);
    }
}

#[inline]
fn letters(s: &str) -> usize {
    s.chars().count()
}

/// Byte length of the proclitics to remove from the front of `word`.
fn strip_prefix(word: &str) -> usize {
    for p in ARTICLE_PREFIXES {
        if let Some(rest) = word.strip_prefix(p) {
            if letters(rest) >= MIN_AFTER_ARTICLE {
                return p.len();
            }
        }
    }
    for p in CONJUNCTION_PREFIXES {
        if let Some(rest) = word.strip_prefix(p) {
            if letters(rest) >= MIN_AFTER_CONJUNCTION {
                return p.len();
            }
        }
    }
    0
}

/// Byte length of `word` once its suffixes are removed.
fn strip_suffixes(word: &str) -> usize {
    let mut end = word.len();
    let mut left = letters(word);
    for s in SUFFIXES {
        if word[..end].ends_with(s.suffix) {
            let n = letters(s.suffix);
            if left >= n + s.min_rest {
                end -= s.suffix.len();
                left -= n;
            }
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::normalize_and_fold;

    fn st(word: &str) -> String {
        stem(&normalize_and_fold(word)).into_owned()
    }

    #[test]
    fn article_and_its_combinations() {
        let base = st("رئيس");
        for w in ["الرئيس", "والرئيس", "بالرئيس", "للرئيس", "فالرئيس", "وللرئيس", "وبالرئيس"] {
            assert_eq!(st(w), base, "{w}");
        }
    }

    #[test]
    fn conjunction_with_guard() {
        assert_eq!(st("وقال"), "قال");
        assert_eq!(st("وزير"), "زير"); // known loss: bare و on a 4-letter word
        assert_eq!(st("وضع"), "وضع");
    }

    #[test]
    fn roots_starting_with_clitic_letters() {
        for w in ["بيت", "كتاب", "لبنان", "فلسطين", "ليبيا"] {
            assert!(st(w).starts_with(&normalize_and_fold(w)[..2]), "{w}");
        }
    }

    #[test]
    fn plural_feminine_and_nisba() {
        assert_eq!(st("الروسى"), st("الروسي"));
        assert_eq!(st("المصريين"), "مصر");
        assert_eq!(st("المصريون"), "مصر");
        assert_eq!(st("مصرية"), "مصر");
        assert_eq!(st("الاقتصادية"), "اقتصاد");
        assert_eq!(st("سيارات"), st("سيارة"));
    }

    #[test]
    fn pronoun_suffixes() {
        assert_eq!(st("سياراتهم"), st("سيارات"));
        assert_eq!(st("بلادنا"), "بلاد");
        assert_eq!(st("مهم"), "مهم");
    }

    #[test]
    fn spelling_variants() {
        assert_eq!(st("أمريكي"), st("أميركي"));
        assert_eq!(st("امريكي"), st("الأميركية"));
    }

    #[test]
    fn short_words_stay() {
        assert_eq!(st("الله"), "الله");
        assert_eq!(st("بيان"), "بيان");
        assert_eq!(st("مكان"), "مكان");
        assert_eq!(st("ال"), "ال");
        assert_eq!(st("و"), "و");
    }

    #[test]
    fn in_place_matches_stem() {
        for w in ["والأميركيين", "بالمدرسة", "قمة"] {
            let mut buf = normalize_and_fold(w);
            stem_in_place(&mut buf);
            assert_eq!(buf, st(w));
        }
    }
}
