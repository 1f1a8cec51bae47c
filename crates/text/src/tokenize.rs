//! Tokenization with byte offsets into the *original* text.
//!
//! The [`Scanner`] reads the original text once, normalizing and folding each character on the
//! fly, so a token's `text` is its folded form while its span points at the untouched input.
//!
//! Rules:
//! - A token is a maximal run of characters of one [`TokenKind`]: Arabic letters, other letters
//!   (Latin, Cyrillic, ...), or digits (ASCII, Arabic-Indic U+0660–0669 and Eastern U+06F0–06F9,
//!   all emitted as ASCII). A change of kind splits (`2015م` → `2015`, `م`).
//! - Diacritics, tatweel, zero-width and bidi controls never split a token and never start one;
//!   when they follow a token's last letter they are included in its span.
//! - Everything else (spaces, punctuation, symbols) separates tokens.
//! - Compatibility characters (`ﻻ`, `ﷲ`) are expanded by NFKC and tokenized as their expansion;
//!   all tokens coming from one such character share its span.
//!
//! Invariants: `offset_from < offset_to`, both on char boundaries of the original text, and
//! `offset_from` never decreases from one token to the next.

use std::borrow::Cow;

use crate::fold::{fold_arabic, fold_char_into, fold_common_letter_at, fold_common_letter_str_at, is_ignorable};
use crate::normalize::{normalize_char, normalize_char_into, CharNorm};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Arabic-script letters.
    Arabic,
    /// Letters of any other script (Latin, ...), lowercased.
    Word,
    /// Digits, as ASCII.
    Number,
}

/// Where a token is in the original text and what it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the token's first character in the original text.
    pub offset_from: usize,
    /// Byte offset just past the token's last character in the original text.
    pub offset_to: usize,
    /// The token's kind.
    pub kind: TokenKind,
}

/// A token with its folded form. Build a list with [`tokenize`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character in the original text.
    pub offset_from: usize,
    /// Byte offset just past the last character in the original text.
    pub offset_to: usize,
    /// Index of the token in the text (0, 1, 2, ...).
    pub position: usize,
    /// The token's kind.
    pub kind: TokenKind,
    /// The normalized and folded form (see [`crate::normalize()`] and [`crate::fold()`]).
    pub text: String,
}

impl Token {
    /// The token as written in `original` (the text it was tokenized from).
    pub fn surface<'t>(&self, original: &'t str) -> &'t str {
        &original[self.offset_from..self.offset_to]
    }

    /// The token's light stem (see [`crate::stem()`]); Latin words and numbers are unchanged.
    pub fn stem(&self) -> Cow<'_, str> {
        match self.kind {
            TokenKind::Arabic => crate::stem::stem(&self.text),
            _ => Cow::Borrowed(&self.text),
        }
    }
}

/// Tokenizes `text` into folded tokens (allocates one `String` per token).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut scanner = Scanner::new(text);
    let mut tokens = Vec::new();
    let mut buf = String::new();
    while let Some(span) = scanner.next_into(&mut buf) {
        tokens.push(Token {
            offset_from: span.offset_from,
            offset_to: span.offset_to,
            position: tokens.len(),
            kind: span.kind,
            text: buf.clone(),
        });
    }
    tokens
}

/// How one normalized character takes part in tokenization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Part(TokenKind),
    Ignorable,
    Separator,
}

/// The Arabic letters U+0621–063A and U+0641–064A (no tatweel): normalization keeps them and
/// folding maps them one to one.
#[inline]
pub(crate) fn is_common_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

#[inline]
fn classify(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Class::Part(TokenKind::Word),
            '0'..='9' => Class::Part(TokenKind::Number),
            _ => Class::Separator,
        };
    }
    if is_ignorable(c) {
        return Class::Ignorable;
    }
    match c {
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}' => Class::Part(TokenKind::Arabic),
        '\u{0600}'..='\u{06FF}' => Class::Separator,
        c if c.is_alphabetic() => Class::Part(TokenKind::Word),
        _ => Class::Separator,
    }
}

/// One normalized character with the span of the original character it came from.
type Event = (usize, usize, char);

/// ة: always the last letter of a word.
const TEH_MARBUTA: char = '\u{0629}';

/// ة in UTF-8.
const TEH_MARBUTA_UTF8: [u8; 2] = [0xD8, 0xA9];

/// Streaming tokenizer over the original text; reuses the caller's buffer for the folded form.
#[derive(Debug, Clone)]
pub struct Scanner<'a> {
    text: &'a str,
    /// Byte offset of the next character to read.
    pos: usize,
    pushback: Option<Event>,
    expansion: [char; 24],
    expansion_len: u8,
    expansion_next: u8,
    expansion_span: (usize, usize),
    /// Reads runs of common Arabic letters byte by byte (off only to test
    /// that it changes nothing).
    fast: bool,
}

impl<'a> Scanner<'a> {
    /// A scanner over `text`.
    pub fn new(text: &'a str) -> Self {
        Scanner {
            text,
            pos: 0,
            pushback: None,
            expansion: ['\0'; 24],
            expansion_len: 0,
            expansion_next: 0,
            expansion_span: (0, 0),
            fast: true,
        }
    }

    /// Reads the run of common Arabic letters at the current position into
    /// `out` (the hot path: most of a text is such runs), up to and including
    /// a ة, which ends a word. Returns the end of the run and whether it ended
    /// with ة.
    #[inline]
    fn arabic_run(&mut self, out: &mut String) -> (usize, bool) {
        let bytes = &self.text.as_bytes()[self.pos..];
        let mut at = 0;
        let mut teh_marbuta = false;
        while let Some(folded) = fold_common_letter_str_at(&bytes[at..]) {
            out.push_str(folded);
            teh_marbuta = bytes[at..at + 2] == TEH_MARBUTA_UTF8;
            at += 2;
            if teh_marbuta {
                break;
            }
        }
        self.pos += at;
        (self.pos, teh_marbuta)
    }

    /// Finds the next token: clears `out`, writes its folded form there and returns its span.
    ///
    /// An Arabic word ends at ة (teh marbuta), which only ever ends a word: a letter right after
    /// it starts the next word, glued on by a missing space (`كرةالقدم`, `الأمنيةبعد`; ~300 times
    /// in SaudiNewsNet).
    pub fn next_into(&mut self, out: &mut String) -> Option<Span> {
        out.clear();
        if self.fast && self.idle() {
            if let Some(span) = self.plain_arabic_word(out) {
                return Some(span);
            }
        }
        let mut current = None;
        self.read_token(out, &mut current, false);
        current
    }

    /// The most common token, read byte by byte: after ASCII spaces, a run of
    /// common Arabic letters ended by an ASCII separator (consumed, as the
    /// character-by-character path consumes a separator), by an ASCII letter or
    /// digit, or by a letter glued after ة (both left for the next token).
    /// Anything else (marks, other letters) goes on character by character
    /// from the letters read so far; `None` when no Arabic letter starts here.
    #[inline]
    fn plain_arabic_word(&mut self, out: &mut String) -> Option<Span> {
        let bytes = self.text.as_bytes();
        while bytes
            .get(self.pos)
            .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
        {
            self.pos += 1;
        }
        fold_common_letter_at(&bytes[self.pos..])?;
        let from = self.pos;
        let (to, after_teh_marbuta) = self.arabic_run(out);
        let span = Span {
            offset_from: from,
            offset_to: to,
            kind: TokenKind::Arabic,
        };
        match bytes.get(to) {
            None => return Some(span),
            Some(b) if b.is_ascii_alphanumeric() => return Some(span),
            Some(b) if b.is_ascii() => {
                self.pos += 1;
                return Some(span);
            }
            _ if after_teh_marbuta && fold_common_letter_at(&bytes[to..]).is_some() => return Some(span),
            _ => {}
        }
        let mut current = Some(span);
        self.read_token(out, &mut current, after_teh_marbuta);
        current
    }

    /// Reads characters into the token `current` (starting one if `None`)
    /// until it ends; `after_teh_marbuta` says the token ends with ة.
    fn read_token(&mut self, out: &mut String, current: &mut Option<Span>, mut after_teh_marbuta: bool) {
        while let Some(event @ (from, to, c)) = self.next_event() {
            // Fast path: a common Arabic letter continuing an Arabic token.
            if let Some(span) = current.as_mut().filter(|s| s.kind == TokenKind::Arabic) {
                if self.fast && !after_teh_marbuta && is_common_arabic_letter(c) && self.idle() {
                    out.push(fold_arabic(c));
                    span.offset_to = to;
                    if c == TEH_MARBUTA {
                        after_teh_marbuta = true;
                    } else {
                        (span.offset_to, after_teh_marbuta) = self.arabic_run(out);
                        span.offset_to = span.offset_to.max(to);
                    }
                    continue;
                }
                if is_common_arabic_letter(c) {
                    if after_teh_marbuta {
                        self.pushback = Some(event);
                        break;
                    }
                    out.push(fold_arabic(c));
                    span.offset_to = to;
                    after_teh_marbuta = c == TEH_MARBUTA;
                    continue;
                }
            }
            match (classify(c), current.as_mut()) {
                (Class::Ignorable, Some(span)) => span.offset_to = to,
                (Class::Ignorable, None) | (Class::Separator, None) => {}
                (Class::Separator, Some(_)) => break,
                (Class::Part(kind), None) => {
                    fold_char_into(c, out);
                    *current = Some(Span {
                        offset_from: from,
                        offset_to: to,
                        kind,
                    });
                    after_teh_marbuta = c == TEH_MARBUTA;
                }
                (Class::Part(TokenKind::Arabic), Some(_)) if after_teh_marbuta => {
                    self.pushback = Some(event);
                    break;
                }
                (Class::Part(kind), Some(span)) if span.kind == kind => {
                    fold_char_into(c, out);
                    span.offset_to = to;
                    after_teh_marbuta = c == TEH_MARBUTA;
                }
                (Class::Part(_), Some(_)) => {
                    self.pushback = Some(event);
                    break;
                }
            }
        }
    }

    /// True when the next character comes straight from the text (no
    /// pushed-back character, no expansion being read out).
    #[inline]
    fn idle(&self) -> bool {
        self.pushback.is_none() && self.expansion_next >= self.expansion_len
    }

    /// The next normalized character; removed characters come back as an ignorable ZWSP.
    #[inline]
    fn next_event(&mut self) -> Option<Event> {
        if let Some(event) = self.pushback.take() {
            return Some(event);
        }
        if self.expansion_next < self.expansion_len {
            let c = self.expansion[self.expansion_next as usize];
            self.expansion_next += 1;
            return Some((self.expansion_span.0, self.expansion_span.1, c));
        }
        let from = self.pos;
        let c = self.text[from..].chars().next()?;
        let to = from + c.len_utf8();
        self.pos = to;
        if is_common_arabic_letter(c) || c.is_ascii() {
            return Some((from, to, c));
        }
        let n = match normalize_char(c) {
            CharNorm::Keep => c,
            CharNorm::Remove => '\u{200B}',
            CharNorm::Replace(r) => r,
            CharNorm::Compat => self.expand(c, from, to),
        };
        Some((from, to, n))
    }

    /// Stores the NFKC expansion of `c` and returns its first character.
    #[cold]
    fn expand(&mut self, c: char, from: usize, to: usize) -> char {
        let mut len = 0usize;
        let buf = &mut self.expansion;
        normalize_char_into(c, &mut |n| {
            if len < buf.len() {
                buf[len] = n;
                len += 1;
            }
        });
        if len == 0 {
            return '\u{200B}';
        }
        self.expansion_len = len as u8;
        self.expansion_next = 1;
        self.expansion_span = (from, to);
        self.expansion[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    /// Tokens as (span, folded) from a scanner with or without the fast path.
    fn scan(s: &str, fast: bool) -> Vec<(Span, String)> {
        let mut scanner = Scanner::new(s);
        scanner.fast = fast;
        let mut out = String::new();
        let mut tokens = Vec::new();
        while let Some(span) = scanner.next_into(&mut out) {
            tokens.push((span, out.clone()));
        }
        tokens
    }

    proptest::proptest! {
        /// Reading runs of Arabic letters byte by byte gives exactly the
        /// tokens of the character-by-character path.
        #[test]
        fn fast_path_changes_nothing(
            s in "([ءآأؤإئابةتثجحخدذرسشصضطظعغفقكلمنهوىيـًٌٍَُِّْٰ ،.a-zA-Z0-9٠-٩\u{200C}\u{200F}ﻻﷲﺮی]{0,12} ?){0,8}"
        ) {
            proptest::prop_assert_eq!(scan(&s, true), scan(&s, false));
        }
    }

    #[test]
    fn fast_path_on_examples() {
        for s in [
            "وفاة عراب كرةالقدم الأمريكية",
            "خطةًعاجلة ﻻﷲ الأمنيةبعد لـ «قاتل الأسد» 2015م COVID-19",
            "ﻟﻠﺮﺋﻴﺲ مُتحف جـــديد مر\u{200C}حبا",
        ] {
            assert_eq!(scan(s, true), scan(s, false), "{s}");
        }
    }

    #[test]
    fn a_word_glued_after_teh_marbuta_is_split() {
        assert_eq!(
            texts("وفاة عراب كرةالقدم الأمريكية"),
            ["وفاه", "عراب", "كره", "القدم", "الامريكيه"]
        );
        assert_eq!(texts("الأمنيةبعد"), ["الامنيه", "بعد"]);
        // Diacritics and tatweel after ة do not hide the glued word.
        assert_eq!(texts("خطةًعاجلة"), ["خطه", "عاجله"]);
        assert_eq!(texts("أولمبيةـ"), ["اولمبيه"]);
        let s = "الأمنيةبعد";
        let t = tokenize(s);
        assert_eq!(t[1].surface(s), "بعد");
        assert_eq!((t[0].position, t[1].position), (0, 1));
        // ه (not ة) is an ordinary letter.
        assert_eq!(texts("وجههم"), ["وجههم"]);
    }

    #[test]
    fn arabic_latin_and_numbers() {
        let s = "قمة بوتين-بايدن في Geneva عام ٢٠١٥.";
        assert_eq!(texts(s), ["قمه", "بوتين", "بايدن", "في", "geneva", "عام", "2015"]);
        let tokens = tokenize(s);
        assert_eq!(tokens[0].surface(s), "قمة");
        assert_eq!(tokens[6].surface(s), "٢٠١٥");
        assert_eq!(tokens[6].position, 6);
    }

    #[test]
    fn marks_inside_a_word_do_not_split() {
        let s = "مُتحف جـــديد مر\u{200C}حبا";
        assert_eq!(texts(s), ["متحف", "جديد", "مرحبا"]);
        assert_eq!(tokenize(s)[2].surface(s), "مر\u{200C}حبا");
    }

    #[test]
    fn trailing_tanween_is_in_the_span() {
        let s = "إقبالاً من";
        let tokens = tokenize(s);
        assert_eq!(tokens[0].surface(s), "إقبالاً");
        assert_eq!(tokens[0].text, "اقبالا");
    }

    #[test]
    fn kind_change_splits() {
        assert_eq!(texts("2015م"), ["2015", "م"]);
        assert_eq!(texts("COVID-19"), ["covid", "19"]);
        assert_eq!(texts("Foxنيوز"), ["fox", "نيوز"]);
    }

    #[test]
    fn presentation_forms_share_the_span() {
        let s = "ﻻ ﷲ";
        let tokens = tokenize(s);
        assert_eq!(texts(s), ["لا", "الله"]);
        assert_eq!(tokens[0].surface(s), "ﻻ");
        assert_eq!(tokens[1].surface(s), "ﷲ");
        assert_eq!(texts("ﷺ").len(), 4);
    }

    #[test]
    fn tatweel_after_clitic_and_punctuation() {
        assert_eq!(texts("لـ «قاتل الأسد»"), ["ل", "قاتل", "الاسد"]);
        assert_eq!(texts("نعم،لا؟"), ["نعم", "لا"]);
    }

    #[test]
    fn empty_and_separators_only() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" ،. \u{200F} ").is_empty());
    }

    #[test]
    fn token_stem() {
        let tokens = tokenize("والرئيس");
        assert_eq!(tokens[0].stem(), crate::stem::stem("رءيس"));
    }
}
