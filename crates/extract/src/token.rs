//! Tokens with byte offsets and folded match keys: the one pass every later stage reads.
//!
//! A *word* is a maximal run of letters, digits, diacritics and tatweel. Everything else that is
//! not white space is a one-character *punctuation* token; quotation marks and line breaks get
//! their own kinds because quotes and paragraphs are delimited by them. Each word carries a
//! folded key (normalized and folded with `marsad_text`, so `أكّد`, `اكد` and `أكـد` share the
//! key `اكد`); keys live in one arena string so tokenizing allocates twice per text, not per word.

use marsad_text::fold::{fold_arabic, fold_char_into, fold_common_letter_change_at, is_ignorable};
use marsad_text::normalize::normalize_char_into;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, digits, diacritics.
    Word,
    /// A quotation mark of any style (see [`is_quote_mark`]).
    Mark,
    /// A line break: ends sentences and unbalanced quotations.
    Newline,
    /// Any other non-space character.
    Punct,
}

/// One token: its kind, byte range in the text and key range in the arena.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    key: (u32, u32),
}

/// The tokens of one text with their folded keys.
pub(crate) struct Tokens<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    keys: String,
}

/// True for the quotation marks the extractor pairs: guillemets, straight and curly double quotes.
pub(crate) fn is_quote_mark(c: char) -> bool {
    matches!(c, '«' | '»' | '"' | '“' | '”' | '„' | '‟' | '″')
}

/// Letters, digits, diacritics and tatweel; the Arabic block is decided by range (the generic
/// Unicode tables are the hot spot of the whole extractor otherwise).
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7F}' => false,
        '\u{0621}'..='\u{065F}' | '\u{0660}'..='\u{0669}' | '\u{066E}'..='\u{06D3}' => true,
        '\u{06D5}'..='\u{06FF}' => true,
        '\u{0600}'..='\u{06FF}' => false,
        _ => c.is_alphanumeric() || is_ignorable(c),
    }
}

/// A `.`/`,` between two digits (`2.8`, `95.4%`) belongs to the number.
fn is_decimal_point(text: &str, j: usize, d: char) -> bool {
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_numeric());
    matches!(d, '.' | ',' | '٫')
        && digit(text[..j].chars().next_back())
        && digit(text[j + d.len_utf8()..].chars().next())
}

/// Ends a sentence: full stop, question and exclamation marks, Arabic semicolon.
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | '…')
}

impl<'a> Tokens<'a> {
    /// Tokenizes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut toks = Vec::with_capacity(text.len() / 6);
        let mut keys = String::with_capacity(text.len() / 2);
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            if is_word_char(c) {
                let k0 = keys.len();
                let mut end = i;
                // `text[copied..end]` is its own key, not yet appended.
                let mut copied = i;
                loop {
                    // Most of a word is common Arabic letters: read them from their bytes.
                    if let Some(change) = fold_common_letter_change_at(&bytes[end..]) {
                        if let Some(folded) = change {
                            keys.push_str(&text[copied..end]);
                            keys.push_str(folded);
                            copied = end + 2;
                        }
                        end += 2;
                        continue;
                    }
                    keys.push_str(&text[copied..end]);
                    match text[end..].chars().next() {
                        Some(d) if end == i || is_word_char(d) || is_decimal_point(text, end, d) => {
                            push_key(d, &mut keys);
                            end += d.len_utf8();
                            copied = end;
                        }
                        _ => break,
                    }
                }
                let key = (k0 as u32, keys.len() as u32);
                toks.push(Tok {
                    kind: Kind::Word,
                    start: i,
                    end,
                    key,
                });
                i = end;
                continue;
            }
            i += c.len_utf8();
            if !c.is_whitespace() || c == '\n' {
                let kind = match c {
                    '\n' => Kind::Newline,
                    c if is_quote_mark(c) => Kind::Mark,
                    _ => Kind::Punct,
                };
                let key = (keys.len() as u32, keys.len() as u32);
                toks.push(Tok {
                    kind,
                    start: i - c.len_utf8(),
                    end: i,
                    key,
                });
            }
        }
        Tokens { text, toks, keys }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The folded key of token `i` (empty for non-words).
    pub fn key(&self, i: usize) -> &str {
        let (a, b) = self.toks[i].key;
        &self.keys[a as usize..b as usize]
    }

    /// The surface text of token `i`.
    pub fn surface(&self, i: usize) -> &'a str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }

    /// True when token `i` is a word.
    pub fn is_word(&self, i: usize) -> bool {
        self.toks[i].kind == Kind::Word
    }

    /// The punctuation character of token `i`, if it is one.
    pub fn punct(&self, i: usize) -> Option<char> {
        match self.toks[i].kind {
            Kind::Word => None,
            _ => self.surface(i).chars().next(),
        }
    }

    /// True when token `i` ends a sentence or a paragraph.
    pub fn ends_sentence(&self, i: usize) -> bool {
        match self.toks[i].kind {
            Kind::Newline => true,
            Kind::Punct => self.punct(i).is_some_and(is_sentence_end) && !self.after_initial(i),
            _ => false,
        }
    }

    /// True for the `.` of an abbreviation: right after a one-letter word (`د.`, `م.`).
    fn after_initial(&self, i: usize) -> bool {
        i > 0
            && self.punct(i) == Some('.')
            && self.is_word(i - 1)
            && self.toks[i - 1].end == self.toks[i].start
            && self.surface(i - 1).chars().count() == 1
    }

    /// True when token `i` is a comma (Arabic or Latin).
    pub fn is_comma(&self, i: usize) -> bool {
        matches!(self.punct(i), Some('،' | ','))
    }

    /// The surface text from the start of token `a` to the end of token `b - 1`.
    pub fn slice(&self, a: usize, b: usize) -> &'a str {
        &self.text[self.toks[a].start..self.toks[b - 1].end]
    }
}

/// Appends the folded key of `c`: base Arabic letters and ASCII directly (normalization leaves
/// them alone), diacritics and tatweel dropped, everything else through `marsad_text`.
fn push_key(c: char, keys: &mut String) {
    match c {
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => keys.push(fold_arabic(c)),
        '\u{064B}'..='\u{065F}' | '\u{0640}' => {}
        '0'..='9' | 'a'..='z' => keys.push(c),
        _ => normalize_char_into(c, &mut |n| fold_char_into(n, keys)),
    }
}

/// Folds a whole string the way word keys are folded (for building tables).
pub(crate) fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_key(c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_offsets_and_fold_keys() {
        let text = "وأكّد الكرملين، «نعم»";
        let t = Tokens::new(text);
        let kinds: Vec<Kind> = t.toks.iter().map(|t| t.kind).collect();
        use Kind::*;
        assert_eq!(kinds, vec![Word, Word, Punct, Mark, Word, Mark]);
        assert_eq!(t.surface(0), "وأكّد");
        assert_eq!(t.key(0), "واكد");
        assert!(t.is_comma(2));
        assert_eq!(t.slice(3, 6), "«نعم»");
    }

    #[test]
    fn fast_path_agrees_with_marsad_text() {
        let text = "أَكَّدَ الرئيسُ الروسى ﻻ ٢٠١٥ Putin مؤتمرٌ إسرائيل آب ـ";
        let t = Tokens::new(text);
        for i in (0..t.len()).filter(|&i| t.is_word(i)) {
            assert_eq!(
                t.key(i),
                marsad_text::normalize_and_fold(t.surface(i)),
                "{}",
                t.surface(i)
            );
        }
    }

    /// Tokens as (kind, start, end, key) from `Tokens::new`.
    fn listed(text: &str) -> Vec<(Kind, usize, usize, String)> {
        let t = Tokens::new(text);
        (0..t.len())
            .map(|i| (t.toks[i].kind, t.toks[i].start, t.toks[i].end, t.key(i).to_string()))
            .collect()
    }

    /// The same, character by character (the tokenizer before its byte-level path).
    fn reference(text: &str) -> Vec<(Kind, usize, usize, String)> {
        let mut out = Vec::new();
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if is_word_char(c) {
                let mut key = String::new();
                push_key(c, &mut key);
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if !is_word_char(d) && !is_decimal_point(text, j, d) {
                        break;
                    }
                    push_key(d, &mut key);
                    end = j + d.len_utf8();
                    iter.next();
                }
                out.push((Kind::Word, i, end, key));
            } else if !c.is_whitespace() || c == '\n' {
                let kind = match c {
                    '\n' => Kind::Newline,
                    c if is_quote_mark(c) => Kind::Mark,
                    _ => Kind::Punct,
                };
                out.push((kind, i, i + c.len_utf8(), String::new()));
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn byte_level_words_match_the_character_path(
            text in "([ءآأؤإئابةتثجحخدذرسشصضطظعغفقكلمنهوىيـًٌَُّ ،.,«»\"\n2٠-٩a-zA-Zé\u{200C}ﻻ]{0,10} ?){0,8}"
        ) {
            proptest::prop_assert_eq!(listed(&text), reference(&text));
        }
    }

    #[test]
    fn tatweel_and_digits_stay_inside_words() {
        let t = Tokens::new("لـ ٢٠١٥\nجديد.");
        assert_eq!(t.key(0), "ل");
        assert_eq!(t.key(1), "2015");
        assert!(t.ends_sentence(2));
        assert!(t.ends_sentence(4));
        assert_eq!(t.len(), 5);
    }

    #[test]
    fn decimals_and_initials_do_not_end_sentences() {
        let t = Tokens::new("عرضت 2.8 مليون وقال د.مارم");
        assert_eq!(t.surface(1), "2.8");
        assert!(!t.ends_sentence(5));
    }

    #[test]
    fn arabic_decimal_separator_is_two_bytes() {
        let t = Tokens::new("بنسبة ٢٫٥ في المائة");
        assert_eq!(t.surface(1), "٢٫٥");
        assert_eq!(t.len(), 4);
    }
}
