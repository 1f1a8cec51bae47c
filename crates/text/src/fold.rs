//! Lossy folding: conflate spellings that readers and writers treat as the same word.
//!
//! Folding runs on [normalized](crate::normalize()) text and is what search matches on. It loses
//! information on purpose. Rules, applied per character:
//!
//! | input | output | why |
//! | --- | --- | --- |
//! | harakat and tanween U+064B–065F, superscript alef U+0670, Quranic marks U+06D6–06ED | removed | vocalisation is rare and optional in news |
//! | tatweel U+0640 | removed | pure elongation (`لـ`, `جـديد`) |
//! | `أ` `إ` `آ` `ٱ` `ٲ` `ٳ` | `ا` | hamza on alef is written inconsistently |
//! | `ؤ` `ئ` | `ء` | one hamza whatever its seat: `مسؤول`/`مسئول`, `شؤون`/`شئون` meet |
//! | `ى` `ی` (Persian yeh) `ے` `ې` | `ي` | final yeh is often written as alef maqsura (`الروسى`) |
//! | `ة` `ۃ` `ہ` `ە` `ۀ` `ھ` | `ه` | taa marbuta is often written as heh; Urdu/Kurdish heh forms |
//! | `ک` `گ` `ڪ` | `ك` | Persian/Urdu kaf and gaf |
//! | `پ` | `ب`, `چ` → `ج`, `ژ` → `ز`, `ڤ` `ڥ` → `ف`, `ڨ` → `ق` | Latin sounds written with Persian/Maghrebi letters in names (`ڤيينا`) |
//! | Latin letters | lowercase (`char::to_lowercase`) | case carries no meaning in search |
//! | combining marks U+0300–036F | removed | accents on Latin letters (`é` written as `e` + U+0301) |
//!
//! Digits are already ASCII after normalization. Folding is idempotent.

use std::borrow::Cow;

/// True for characters that folding removes and that never split a word: diacritics, tatweel,
/// Latin combining accents, and the invisible controls removed by normalization.
#[inline]
pub fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0640}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0300}'..='\u{036F}'
        | '\u{00AD}' | '\u{061C}' | '\u{FEFF}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}')
}

/// Folds one Arabic-block letter (U+0600–06FF); other characters are returned unchanged.
#[inline]
pub const fn fold_arabic(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        'ؤ' | 'ئ' => 'ء',
        'ى' | 'ی' | 'ے' | '\u{06D0}' => 'ي',
        'ة' | 'ۃ' | 'ہ' | 'ە' | 'ۀ' | 'ھ' => 'ه',
        'ک' | 'گ' | 'ڪ' => 'ك',
        'پ' => 'ب',
        'چ' => 'ج',
        'ژ' => 'ز',
        'ڤ' | 'ڥ' => 'ف',
        'ڨ' => 'ق',
        _ => c,
    }
}

/// The folded form of each common Arabic letter U+0621–063A, U+0641–064A
/// (the other entries, tatweel and U+063B–063F, are never read).
static FOLDED_COMMON: [char; 42] = {
    let mut table = ['\0'; 42];
    let mut i = 0;
    while i < table.len() {
        if let Some(c) = char::from_u32(0x0621 + i as u32) {
            table[i] = fold_arabic(c);
        }
        i += 1;
    }
    table
};

/// [`FOLDED_COMMON`] in UTF-8 (U+063B–063F, never read, as ء).
static FOLDED_COMMON_UTF8: [[u8; 2]; 42] = {
    let mut table = [[0xD8, 0xA1]; 42];
    let mut i = 0;
    while i < table.len() {
        let c = FOLDED_COMMON[i] as u32;
        if c != 0 {
            table[i] = [0xC0 | (c >> 6) as u8, 0x80 | (c & 0x3F) as u8];
        }
        i += 1;
    }
    table
};

/// [`FOLDED_COMMON`] as strings, to append without encoding characters.
static FOLDED_COMMON_STR: [&str; 42] = {
    let mut table = [""; 42];
    let mut i = 0;
    while i < table.len() {
        table[i] = match std::str::from_utf8(&FOLDED_COMMON_UTF8[i]) {
            Ok(s) => s,
            Err(_) => panic!("a folded letter is one character"),
        };
        i += 1;
    }
    table
};

/// [`fold_common_letter_at`] as a string.
#[inline]
pub fn fold_common_letter_str_at(bytes: &[u8]) -> Option<&'static str> {
    common_letter_index(bytes).map(|i| FOLDED_COMMON_STR[i])
}

/// What folding does to the common Arabic letter whose UTF-8 encoding
/// starts `bytes`: `None` if no such letter starts it, `Some(None)` if the
/// letter folds to itself (most do), else `Some(Some(folded))`. The quote
/// extractor's tokenizer appends runs of letters that fold to themselves as
/// slices of its text: one copy per run instead of one per letter (8% of
/// extraction). The search analyzer's scanner, which stops at every ة, was
/// slower that way (82.9 against 87.5 MB/s) and appends letter by letter.
#[inline]
pub fn fold_common_letter_change_at(bytes: &[u8]) -> Option<Option<&'static str>> {
    let i = common_letter_index(bytes)?;
    Some((FOLDED_COMMON_UTF8[i] != bytes[..2]).then_some(FOLDED_COMMON_STR[i]))
}

/// The index in [`FOLDED_COMMON`] of the common Arabic letter whose UTF-8
/// encoding starts `bytes`, if one does.
#[inline]
fn common_letter_index(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [0xD8, b @ 0xA1..=0xBA, ..] => Some(usize::from(b - 0xA1)),
        [0xD9, b @ 0x81..=0x8A, ..] => Some(usize::from(b - 0x81) + 0x20),
        _ => None,
    }
}

/// The folded form of the common Arabic letter (U+0621–063A, U+0641–064A:
/// normalization keeps them, folding maps them one to one) whose two-byte
/// UTF-8 encoding starts `bytes`, if one does: the hot path of tokenizers,
/// which read such letters without decoding characters.
#[inline]
pub fn fold_common_letter_at(bytes: &[u8]) -> Option<char> {
    common_letter_index(bytes).map(|i| FOLDED_COMMON[i])
}

/// Appends the folded form of `c` to `out` (nothing for ignorable characters).
///
/// This is the per-character hot path used by the tokenizer: it never allocates except to grow
/// `out`.
#[inline]
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_ignorable(c) {
    } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
        out.push(fold_arabic(c));
    } else {
        out.extend(c.to_lowercase().filter(|&l| !is_ignorable(l)));
    }
}

/// True when folding would change `c`.
#[inline]
fn folds(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else if is_ignorable(c) {
        true
    } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
        fold_arabic(c) != c
    } else {
        c.is_uppercase() || c.to_lowercase().next() != Some(c)
    }
}

/// Lossy folding of (normalized) `text`; returns the input borrowed when nothing changes.
pub fn fold(text: &str) -> Cow<'_, str> {
    let Some(first) = text.char_indices().find(|&(_, c)| folds(c)).map(|(i, _)| i) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        fold_char_into(c, &mut out);
    }
    Cow::Owned(out)
}

/// Normalization followed by folding: the form every token is matched on.
pub fn normalize_and_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        crate::normalize::normalize_char_into(c, &mut |n| fold_char_into(n, &mut out));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_letters_as_strings_are_the_folded_letters() {
        for lead in 0..=255u8 {
            for second in 0..=255u8 {
                let bytes = [lead, second, b' '];
                let as_char = fold_common_letter_at(&bytes).map(String::from);
                assert_eq!(
                    fold_common_letter_str_at(&bytes).map(String::from),
                    as_char,
                    "{bytes:?}"
                );
            }
        }
        assert_eq!(fold_common_letter_str_at("أ".as_bytes()), Some("ا"));
        assert_eq!(fold_common_letter_str_at("ة".as_bytes()), Some("ه"));
    }

    #[test]
    fn a_letter_changes_exactly_when_it_folds_to_another() {
        for lead in 0..=255u8 {
            for second in 0..=255u8 {
                let bytes = [lead, second, b' '];
                let folded = fold_common_letter_at(&bytes);
                let change = fold_common_letter_change_at(&bytes);
                let expected = folded.map(|c| {
                    let own = std::str::from_utf8(&bytes[..2]).ok().and_then(|s| s.chars().next());
                    (own != Some(c)).then(|| c.to_string())
                });
                assert_eq!(change.map(|c| c.map(String::from)), expected, "{bytes:?}");
            }
        }
        assert_eq!(fold_common_letter_change_at("أ".as_bytes()), Some(Some("ا")));
        assert_eq!(fold_common_letter_change_at("ة".as_bytes()), Some(Some("ه")));
        assert_eq!(fold_common_letter_change_at("ب".as_bytes()), Some(None));
        assert_eq!(fold_common_letter_change_at(b"b"), None);
    }

    #[test]
    fn diacritics_and_tatweel_are_removed() {
        assert_eq!(fold("كَتَبَ"), "كتب");
        assert_eq!(fold("مُتحف"), "متحف");
        assert_eq!(fold("إقبالاً"), "اقبالا");
        assert_eq!(fold("جـــديد"), "جديد");
        assert_eq!(fold("القُرْآنُ"), "القران");
    }

    #[test]
    fn alef_forms_meet() {
        assert_eq!(fold("أمريكي"), fold("امريكي"));
        assert_eq!(fold("إسلام"), "اسلام");
        assert_eq!(fold("آثار"), "اثار");
        assert_eq!(fold("ٱلله"), "الله");
    }

    #[test]
    fn hamza_seats_meet() {
        assert_eq!(fold("مسؤول"), fold("مسئول"));
        assert_eq!(fold("شؤون"), fold("شئون"));
    }

    #[test]
    fn yeh_and_teh_marbuta() {
        assert_eq!(fold("الروسى"), fold("الروسي"));
        assert_eq!(fold("مدرسة"), "مدرسه");
        assert_eq!(fold("على"), "علي");
    }

    #[test]
    fn persian_letters() {
        assert_eq!(fold("کتاب"), "كتاب");
        assert_eq!(fold("ڤيينا"), "فيينا");
        assert_eq!(fold("پاکستان"), "باكستان");
        assert_eq!(fold("فارسی"), "فارسي");
    }

    #[test]
    fn latin_is_lowercased() {
        assert_eq!(fold("NASA Écoles"), "nasa écoles");
        assert_eq!(fold("e\u{0301}"), "e");
        assert!(matches!(fold("already folded"), Cow::Borrowed(_)));
    }

    #[test]
    fn normalize_then_fold() {
        assert_eq!(normalize_and_fold("ﻟﻠﺮﺋﻴﺲ"), "للرءيس");
        assert_eq!(normalize_and_fold("٢٠١٥م"), "2015م");
    }

    #[test]
    fn common_letters_fold_from_their_bytes_as_from_their_chars() {
        for c in ('\u{0600}'..='\u{06FF}').chain(['a', ' ', 'é']) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let common = matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}');
            assert_eq!(fold_common_letter_at(bytes), common.then(|| fold_arabic(c)), "{c:?}");
        }
        assert_eq!(fold_common_letter_at("ة".as_bytes()), Some('ه'));
        assert_eq!(fold_common_letter_at(&[0xD8]), None);
    }

    #[test]
    fn idempotent_on_examples() {
        for s in ["İstanbul ǅ", "أؤئى ة", "ΣΑΣ"] {
            let once = fold(s).into_owned();
            assert_eq!(fold(&once), once);
        }
    }
}
