//! Headline attributions: a line `الكرملين: بوتين سيدرس اقتراح ...`.
//!
//! A line whose first one to three words, none of them a cue or a furniture word (`رابط`,
//! `المصدر`, `اقرأ`), are followed by a colon and then at least three words on the same line,
//! is a statement by those words, with the colon as cue. Lines that already hold a statement from
//! a cue are left alone.

use crate::quote::{Quote, QuoteKind, Span};
use crate::quotes::{Cand, Mention};
use crate::token::{fold_key, Kind, Tokens};

const FURNITURE: &[&str] = &[
    "رابط",
    "المصدر",
    "اقرأ",
    "اقرا",
    "شاهد",
    "للمزيد",
    "تابع",
    "ملاحظة",
    "تنويه",
    "تحديث",
    "عاجل",
    "صور",
    "فيديو",
    "بالصور",
    "بالفيديو",
    "تاريخ",
    "اقرأ أيضا",
];

/// Adds the headline attributions of `t` to `out`.
pub(crate) fn add(t: &Tokens, out: &mut Vec<Cand>) {
    let mut line = 0;
    while line < t.len() {
        let end = (line..t.len())
            .find(|&k| t.toks[k].kind == Kind::Newline)
            .unwrap_or(t.len());
        if let Some(c) = headline(t, line, end) {
            if !out.iter().any(|o| o.content.first >= line && o.content.first < end) {
                out.push(c);
            }
        }
        line = end + 1;
    }
}

fn headline(t: &Tokens, line: usize, end: usize) -> Option<Cand> {
    let colon = (line..end.min(line + 5)).find(|&k| t.punct(k) == Some(':'))?;
    let head = line..colon;
    if head.is_empty() || head.clone().any(|k| !t.is_word(k)) || colon - line > 3 {
        return None;
    }
    let furniture = FURNITURE.iter().any(|f| fold_key(f) == t.key(line));
    if furniture || head.clone().any(|k| crate::verbs::lookup(t.key(k)).is_some()) {
        return None;
    }
    let first = colon + 1;
    let mut last = end;
    while last > first && !t.is_word(last - 1) {
        last -= 1;
    }
    if (first..last).filter(|&k| t.is_word(k)).count() < 3 {
        return None;
    }
    let m = Mention::from_speaker(t.slice(line, colon));
    let (start, stop) = (t.toks[first].start, t.toks[last - 1].end);
    let quote = Quote {
        speaker: m.speaker,
        role: m.role,
        cue: ":".into(),
        text: t.text[start..stop].to_string(),
        span: Span { start, end: stop },
        kind: QuoteKind::Indirect,
        via: None,
        implicit: false,
        date: None,
    };
    let content = crate::content::Content {
        start,
        end: stop,
        first,
        after: last,
        kind: QuoteKind::Indirect,
    };
    Some(Cand {
        quote,
        attr_start: line,
        attr_start_byte: t.toks[line].start,
        content,
        nested: false,
        dropped: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::token::Tokens;

    fn find(text: &str) -> Vec<crate::quotes::Cand> {
        crate::quotes::find(&Tokens::new(text))
    }

    #[test]
    fn headline_colon_is_an_attribution() {
        let c = find("الكرملين: بوتين سيدرس اقتراح الرئيس الأمريكي\nنص");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].quote.speaker.as_deref(), Some("الكرملين"));
        assert_eq!(c[0].quote.text, "بوتين سيدرس اقتراح الرئيس الأمريكي");
    }

    #[test]
    fn furniture_and_empty_lines_are_not() {
        assert!(find("رابط الخبر بصحيفة الوئام: العراق ينتصر اليوم").is_empty());
        assert!(find("الكرملين:\nالكرملين:").is_empty());
    }
}
