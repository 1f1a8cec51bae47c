//! One line as the labelling stages see it, and the matching fold.
//!
//! The fold used for matching patterns (never for output) is lossy:
//! - Arabic diacritics (U+064B–U+065F, U+0670) and tatweel (U+0640) dropped;
//! - invisible bidi and zero-width characters dropped;
//! - أ إ آ ٱ → ا, ى → ي, ة → ه;
//! - Arabic-Indic and extended Arabic-Indic digits → ASCII digits;
//! - ASCII letters lower-cased;
//! - every run of whitespace (including no-break spaces) → one space, trimmed.

/// A trimmed, non-blank line with its fold and a few measures.
#[derive(Debug, Clone)]
pub(crate) struct LineInfo<'a> {
    /// The line without surrounding whitespace, as in the input.
    pub text: &'a str,
    /// [`fold`] of `text`.
    pub folded: String,
    /// Number of whitespace-separated words.
    pub words: usize,
}

impl<'a> LineInfo<'a> {
    /// Describes one line (the caller skips blank ones).
    pub fn new(line: &'a str) -> Self {
        let text = line.trim();
        LineInfo {
            text,
            folded: fold(text),
            words: text.split_whitespace().count(),
        }
    }

    /// True when the line ends a sentence (see [`ends_sentence`]).
    pub fn ends_sentence(&self) -> bool {
        ends_sentence(&self.folded)
    }
}

/// True for characters that carry no visible text (bidi marks, zero-width).
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
}

/// True for Arabic diacritics and tatweel, dropped by the fold.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Folds one character, or drops it (`None`). Whitespace is kept as ' '.
pub(crate) fn fold_char(c: char) -> Option<char> {
    if is_mark(c) || is_invisible(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        c if c.is_whitespace() => ' ',
        c => c.to_ascii_lowercase(),
    })
}

/// The matching fold of a string (see the module docs).
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().filter_map(fold_char) {
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Function words that open sentences, never names or headings, folded.
const PARTICLES: [&str; 34] = [
    "و", "او", "ثم", "لكن", "في", "من", "علي", "الي", "عن", "ان", "لا", "ما", "لم", "لن", "قد", "لقد", "هل", "كما",
    "اذا", "حيث", "قال", "قالت", "هذا", "هذه", "ذلك", "التي", "الذي", "بل", "حتي", "مع", "يا", "كل", "اما", "لان",
];

/// Words that, after a prefixed و, make a sentence opener ("وقال", "والله").
const AFTER_WAW: [&str; 22] = [
    "ال", "في", "قد", "لا", "ما", "ان", "هو", "هي", "من", "علي", "قال", "اضاف", "كان", "لكن", "لم", "لن", "هذا", "هذه",
    "ذلك", "بعد", "اكد", "اشار",
];

/// True when a folded word is a sentence-opening function word.
pub(crate) fn is_particle(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    if PARTICLES.contains(&word) {
        return true;
    }
    word.strip_prefix('و')
        .is_some_and(|rest| rest.chars().count() > 1 && AFTER_WAW.iter().any(|p| rest.starts_with(p)))
}

/// True when the text has only whitespace.
pub(crate) fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// True when the folded line's last character (looking through closing
/// quotes and brackets) ends a sentence: `. ! ? ؟ … ؛`.
pub(crate) fn ends_sentence(folded: &str) -> bool {
    let closers = ['»', '"', '”', '’', ')', ']', '}', '\'', ' '];
    let core = folded.trim_end_matches(closers);
    matches!(core.chars().last(), Some('.' | '!' | '?' | '؟' | '…' | '؛'))
}

/// True when the line has a comma or semicolon inside it (not at the end).
pub(crate) fn has_inner_comma(folded: &str) -> bool {
    let body = folded.trim_end_matches(|c: char| !c.is_alphanumeric());
    body.contains(['،', ',', '؛', ';'])
}

/// True for Arabic or Latin letters.
pub(crate) fn has_letters(s: &str) -> bool {
    s.chars().any(is_letter)
}

/// `char::is_alphabetic` with a fast path for ASCII and the Arabic block,
/// where nearly all of this crate's text lies.
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7f' => false,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        '\u{0660}'..='\u{0669}' | '\u{060C}' | '\u{061B}' | '\u{061F}' => false,
        c => c.is_alphabetic(),
    }
}

/// True when the text has a digit.
pub(crate) fn has_digit(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// Words of a fold with surrounding punctuation stripped, empty ones skipped.
pub(crate) fn bare_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| c.is_whitespace() || matches!(c, '،' | ',' | '(' | ')' | '«' | '»'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '#'))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_letter_agrees_with_is_alphabetic() {
        for c in (0u32..0x2000).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn fold_unifies_spelling_and_space() {
        assert_eq!(fold("  اقرأ أيضاً\u{00A0} "), "اقرا ايضا");
        assert_eq!(fold("السطـر الأخـير"), "السطر الاخير");
        assert_eq!(fold("رئيس مجلسى الإدارة"), "رئيس مجلسي الاداره");
        assert_eq!(fold("١١:٠٣ ت م"), "11:03 ت م");
        assert_eq!(fold("SMS\u{200F}"), "sms");
    }

    #[test]
    fn sentence_ends_look_through_quotes() {
        assert!(ends_sentence(&fold("داعياً موسكو إلى \"خفض التوترات\".")));
        assert!(ends_sentence("هل تنصرون؟»"));
        assert!(!ends_sentence(&fold("قمة أمريكية -روسية")));
        assert!(!ends_sentence(&fold("مدارج أخيرة:")));
    }

    #[test]
    fn inner_commas_are_found() {
        assert!(has_inner_comma("لك انف يا ابن حرب،، انفت منه الانوف"));
        assert!(!has_inner_comma("الحوار الحل الامثل،"));
    }

    #[test]
    fn line_info_counts_words() {
        let l = LineInfo::new(" الكرملين: بوتين سيدرس اقتراح الرئيس الأمريكي ");
        assert_eq!(l.words, 6);
        assert!(!l.ends_sentence());
    }

    #[test]
    fn particles_open_sentences_not_names() {
        assert!(is_particle("او"));
        assert!(is_particle("وفيما"));
        assert!(is_particle("والله"));
        assert!(!is_particle("وليد"));
        assert!(!is_particle("بدر"));
    }

    #[test]
    fn bare_words_strip_punctuation() {
        let w: Vec<&str> = bare_words("تعليقات ()").collect();
        assert_eq!(w, vec!["تعليقات"]);
        let w: Vec<&str> = bare_words("88591 - stc").collect();
        assert_eq!(w, vec!["88591", "stc"]);
    }
}
