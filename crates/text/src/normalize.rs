//! Lossless normalization: one canonical spelling for text that *means* the same.
//!
//! This stage never changes which word is written; it only removes encoding noise.
//! Lossy, search-oriented folding (diacritics, hamza forms, ة/ه, ...) is a separate step,
//! see [`mod@crate::fold`].
//!
//! Rules, applied per character:
//!
//! | input | output |
//! | --- | --- |
//! | Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFE), Latin/Hebrew ligatures (U+FB00–FB4F), fullwidth and halfwidth forms (U+FF00–FFEF), typographic spaces (U+2000–200A, U+202F, U+205F, U+3000) | their NFKC form, e.g. `ﻻ` → `لا`, `ﷲ` → `الله` |
//! | zero-width and bidi controls: U+200B–200F, U+202A–202E, U+2066–2069, U+FEFF, U+061C, soft hyphen U+00AD | removed |
//! | no-break space U+00A0 | space |
//! | Arabic-Indic digits U+0660–0669, Eastern (Persian) digits U+06F0–06F9 | ASCII `0`–`9` |
//! | `،` `؛` `؟` `٪` `٫` `٬` | `,` `;` `?` `%` `.` `,` |
//!
//! NFKC is only run on the single characters in the compatibility ranges above, never on the whole
//! text, so the common case (plain Arabic, Latin and digits) is a per-character scan that returns
//! the input borrowed. The result is idempotent: `normalize(normalize(s)) == normalize(s)`.

use std::borrow::Cow;

use unicode_normalization::char::decompose_compatible;
use unicode_normalization::UnicodeNormalization;

/// What lossless normalization does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharNorm {
    /// The character is already canonical.
    Keep,
    /// The character is invisible formatting and is removed.
    Remove,
    /// The character is replaced by another single character.
    Replace(char),
    /// The character is a compatibility character: replace it by its NFKC form.
    Compat,
}

/// Classifies one character for lossless normalization (see the module docs for the rules).
#[inline]
pub fn normalize_char(c: char) -> CharNorm {
    if c.is_ascii() {
        return CharNorm::Keep;
    }
    match c {
        '\u{00A0}' => CharNorm::Replace(' '),
        '\u{00AD}' | '\u{061C}' | '\u{FEFF}' => CharNorm::Remove,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => CharNorm::Remove,
        '\u{0660}'..='\u{0669}' => CharNorm::Replace(ascii_digit(c as u32 - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => CharNorm::Replace(ascii_digit(c as u32 - 0x06F0)),
        '\u{060C}' | '\u{066C}' => CharNorm::Replace(','),
        '\u{061B}' => CharNorm::Replace(';'),
        '\u{061F}' => CharNorm::Replace('?'),
        '\u{066A}' => CharNorm::Replace('%'),
        '\u{066B}' => CharNorm::Replace('.'),
        c if is_compat(c) => CharNorm::Compat,
        _ => CharNorm::Keep,
    }
}

/// True for the characters whose NFKC form replaces them (see the module docs for the ranges).
#[inline]
pub fn is_compat(c: char) -> bool {
    matches!(c,
        '\u{FB00}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFE}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}' | '\u{205F}' | '\u{3000}')
}

fn ascii_digit(d: u32) -> char {
    char::from(b'0' + d as u8)
}

/// Calls `sink` with the normalized characters that stand for `c` (none, one or several).
///
/// Characters produced by an NFKC expansion are themselves passed through the rules again, so the
/// output never contains a character that normalization would change.
#[inline]
pub fn normalize_char_into(c: char, sink: &mut impl FnMut(char)) {
    match normalize_char(c) {
        CharNorm::Keep => sink(c),
        CharNorm::Remove => {}
        CharNorm::Replace(r) => sink(r),
        CharNorm::Compat => expand_compat(c, sink),
    }
}

/// NFKC of a single character, with the simple rules re-applied to its output.
fn expand_compat(c: char, sink: &mut impl FnMut(char)) {
    let mut decomposed = [char::REPLACEMENT_CHARACTER; 24];
    let mut len = 0;
    decompose_compatible(c, |d| {
        if len < decomposed.len() {
            decomposed[len] = d;
            len += 1;
        }
    });
    for d in decomposed[..len].iter().copied().nfc() {
        match normalize_char(d) {
            CharNorm::Keep | CharNorm::Compat => sink(d),
            CharNorm::Remove => {}
            CharNorm::Replace(r) => sink(r),
        }
    }
}

/// Lossless normalization of `text` (rules in the module docs).
///
/// Returns the input borrowed when nothing needs to change, which is the common case.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let Some(first) = text
        .char_indices()
        .find(|&(_, c)| normalize_char(c) != CharNorm::Keep)
        .map(|(i, _)| i)
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        normalize_char_into(c, &mut |n| out.push(n));
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(normalize("قمة بوتين بايدن 2021"), Cow::Borrowed(_)));
    }

    #[test]
    fn presentation_forms_become_letters() {
        assert_eq!(normalize("ﻻ"), "لا");
        assert_eq!(normalize("ﷲ"), "الله");
        assert_eq!(normalize("ﺍﻟﺴﻼﻡ"), "السلام");
        // Lam-alef with madda recomposes to آ.
        assert_eq!(normalize("ﻵ"), "لآ");
    }

    #[test]
    fn invisible_controls_are_removed() {
        assert_eq!(normalize("مر\u{200C}حبا"), "مرحبا");
        assert_eq!(normalize("\u{200F}القاهرة\u{202B}"), "القاهرة");
        assert_eq!(normalize("\u{FEFF}نص"), "نص");
        assert_eq!(normalize("a\u{00AD}b\u{061C}"), "ab");
    }

    #[test]
    fn digits_and_punctuation_become_ascii() {
        assert_eq!(normalize("٢٠١٥"), "2015");
        assert_eq!(normalize("۱۳۹۹"), "1399");
        assert_eq!(normalize("نعم، لا؛ لماذا؟"), "نعم, لا; لماذا?");
        assert_eq!(normalize("٥٠٪"), "50%");
        assert_eq!(normalize("٣٫٥"), "3.5");
    }

    #[test]
    fn spaces_become_plain() {
        assert_eq!(normalize("a\u{00A0}b\u{2009}c\u{3000}d"), "a b c d");
    }

    #[test]
    fn fullwidth_and_ligatures() {
        assert_eq!(normalize("ＡＢＣ１"), "ABC1");
        assert_eq!(normalize("ﬁle"), "file");
    }

    #[test]
    fn diacritics_are_kept() {
        // Harakat are meaningful text; removing them is folding, not normalization.
        assert_eq!(normalize("كَتَبَ"), "كَتَبَ");
    }

    #[test]
    fn idempotent_on_examples() {
        for s in ["ﻻ ﷺ ﷽", "٢٠١٥، ﻟﻠﺮﺋﻴﺲ", "x\u{200B}y"] {
            let once = normalize(s).into_owned();
            assert_eq!(normalize(&once), once);
        }
    }
}
