//! Where a statement's content ends.
//!
//! - Content that opens with a quotation mark is *direct*: the text inside the marks, however many
//!   sentences it spans (an unbalanced quote runs to the end of its paragraph).
//! - Otherwise it is *indirect*: from its first word to the end of the sentence, stepping over
//!   quoted fragments (`سعيه لـ"بناء علاقة مستقرة"`), and stopping early at a comma that starts a
//!   new statement (`، مشيرا إلى أن ...`, `، وأضاف ...`).
//!
//! Spans are trimmed of white space and trailing punctuation and must hold at least two words.

use crate::marks::{opened_at, Quoted};
use crate::quote::QuoteKind;
use crate::token::{Kind, Tokens};
use crate::verbs::{has_conjunction, lookup, Form};

/// A content span: byte range, token range `[first, after)`, and kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Content {
    pub start: usize,
    pub end: usize,
    pub first: usize,
    pub after: usize,
    pub kind: QuoteKind,
}

/// The content starting at token `s` (see the module docs), if it holds two words or more.
pub(crate) fn content_at(t: &Tokens, quoted: &[Quoted], mut s: usize) -> Option<Content> {
    while s < t.len() && t.toks[s].kind == Kind::Punct && !t.ends_sentence(s) {
        s += 1;
    }
    if s >= t.len() {
        return None;
    }
    if t.toks[s].kind == Kind::Mark {
        let q = opened_at(quoted, s)?;
        return direct(t, q);
    }
    if !t.is_word(s) {
        return None;
    }
    let mut e = s;
    while e < t.len() {
        match t.toks[e].kind {
            Kind::Newline => break,
            Kind::Mark => match opened_at(quoted, e) {
                Some(q) if q.close < t.len() && t.toks[q.close].kind == Kind::Mark => {
                    e = q.close + 1;
                    continue;
                }
                _ => break,
            },
            _ if t.ends_sentence(e) => break,
            _ if t.is_comma(e) && starts_statement(t, e + 1) => break,
            _ => {}
        }
        e += 1;
    }
    build(t, s, e, QuoteKind::Indirect)
}

fn direct(t: &Tokens, q: Quoted) -> Option<Content> {
    let c = build(t, q.open + 1, q.close, QuoteKind::Direct)?;
    Some(Content {
        after: (q.close + 1).min(t.len()),
        ..c
    })
}

/// Trims punctuation at the ends of tokens `[s, e)` and builds the span.
fn build(t: &Tokens, s: usize, mut e: usize, kind: QuoteKind) -> Option<Content> {
    let mut s = s;
    while s < e && !t.is_word(s) && t.toks[s].kind != Kind::Mark {
        s += 1;
    }
    while e > s && !t.is_word(e - 1) && t.toks[e - 1].kind != Kind::Mark {
        e -= 1;
    }
    let words = (s..e).filter(|&k| t.is_word(k)).count();
    if words < 2 {
        return None;
    }
    Some(Content {
        start: t.toks[s].start,
        end: t.toks[e - 1].end,
        first: s,
        after: e,
        kind,
    })
}

/// True when token `k` opens a new statement or attribution: a participle, a source phrase
/// (`بحسب`) or a conjoined reporting verb.
pub(crate) fn starts_statement(t: &Tokens, k: usize) -> bool {
    if k >= t.len() || !t.is_word(k) {
        return false;
    }
    let key = t.key(k);
    match lookup(key) {
        Some(c) if c.form != Form::Finite => true,
        Some(c) if c.form == Form::Finite => has_conjunction(key),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::pair_marks;

    fn content(text: &str, from_word: &str) -> (String, QuoteKind) {
        let t = Tokens::new(text);
        let q = pair_marks(&t);
        let s = (0..t.len()).find(|&i| t.surface(i) == from_word).unwrap();
        let c = content_at(&t, &q, s).unwrap();
        (text[c.start..c.end].to_string(), c.kind)
    }

    #[test]
    fn direct_content_is_inside_the_marks() {
        let text = "إنه \"من المبكر التحدث عن هذا اللقاء\". وتابع";
        let (c, k) = content(text, "\"");
        assert_eq!((c.as_str(), k), ("من المبكر التحدث عن هذا اللقاء", QuoteKind::Direct));
    }

    #[test]
    fn indirect_content_runs_to_the_sentence_end_over_quotes() {
        let text = "شدد على سعيه لـ\"بناء علاقة مستقرة\" مع روسيا. ثم";
        let (c, k) = content(text, "سعيه");
        assert_eq!(c, "سعيه لـ\"بناء علاقة مستقرة\" مع روسيا");
        assert_eq!(k, QuoteKind::Indirect);
    }

    #[test]
    fn a_new_cue_after_a_comma_ends_the_content() {
        let text = "أن الهجوم استهدف المنطقة، مشيرا إلى أن العملية مستمرة.";
        assert_eq!(content(text, "الهجوم").0, "الهجوم استهدف المنطقة");
    }

    #[test]
    fn one_word_is_not_a_statement() {
        let t = Tokens::new("أن نعم.");
        assert!(content_at(&t, &pair_marks(&t), 1).is_none());
    }
}
