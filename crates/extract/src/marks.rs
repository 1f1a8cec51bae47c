//! Pairing quotation marks, balanced or not.
//!
//! Arabic news uses guillemets `« »`, curly quotes in either direction (`“ ”`, `” “`) and straight
//! `"`. Rules, applied per paragraph (a line break closes whatever is open):
//! - a quotation opens with any mark and closes with the next mark of the same *family*
//!   (guillemets, curly, straight); marks of other families inside it are nested quotes and are
//!   left alone;
//! - guillemets may be typed reversed (`»نص«`, `:»نص»`): `»` opens unless it is glued to the word
//!   before it, and a guillemet quotation closes with either guillemet;
//! - an opening mark with no closer before the end of its paragraph is closed there (the
//!   unbalanced quote of sloppy pages); a quote with no words inside is dropped.

use crate::token::{Kind, Tokens};

/// One quotation: token indices of the opening mark and of the first token after its content
/// (the closing mark, or the line break/end that closed it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quoted {
    pub open: usize,
    pub close: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Guillemet,
    Curly,
    Straight,
}

fn family(c: char) -> Family {
    match c {
        '«' | '»' => Family::Guillemet,
        '"' => Family::Straight,
        _ => Family::Curly,
    }
}

/// Every quotation of `t`, in text order (outer quotations only).
pub(crate) fn pair_marks(t: &Tokens) -> Vec<Quoted> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Family)> = None;
    for i in 0..t.len() {
        match t.toks[i].kind {
            Kind::Newline => {
                if let Some((o, _)) = open.take() {
                    push_if_words(t, &mut out, o, i);
                }
            }
            Kind::Mark => {
                let c = t.punct(i).unwrap_or('"');
                match open {
                    Some((o, f)) if f == family(c) && (c != '«' || touches_prev(t, i)) => {
                        push_if_words(t, &mut out, o, i);
                        open = None;
                    }
                    Some(_) => {}
                    None if c != '»' || opens_reversed(t, i) => open = Some((i, family(c))),
                    None => {}
                }
            }
            _ => {}
        }
    }
    if let Some((o, _)) = open {
        push_if_words(t, &mut out, o, t.len());
    }
    out
}

/// True when the mark at `i` is glued to the word before it (a closer).
fn touches_prev(t: &Tokens, i: usize) -> bool {
    i > 0 && t.is_word(i - 1) && t.toks[i - 1].end == t.toks[i].start
}

/// A `»` not glued to the word before it opens a reversed quotation.
fn opens_reversed(t: &Tokens, i: usize) -> bool {
    !touches_prev(t, i)
}

fn push_if_words(t: &Tokens, out: &mut Vec<Quoted>, open: usize, close: usize) {
    if (open + 1..close).any(|k| t.is_word(k)) {
        out.push(Quoted { open, close });
    }
}

/// The quotation opened by the mark at token `i`, if any (binary search over `quoted`).
pub(crate) fn opened_at(quoted: &[Quoted], i: usize) -> Option<Quoted> {
    quoted.binary_search_by_key(&i, |q| q.open).ok().map(|k| quoted[k])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<String> {
        let t = Tokens::new(text);
        pair_marks(&t)
            .iter()
            .map(|q| t.slice(q.open + 1, q.close).to_string())
            .collect()
    }

    #[test]
    fn pairs_each_family() {
        let text = "قال «نعم» ثم “لا” و\"ربما\"";
        assert_eq!(inner(text), vec!["نعم", "لا", "ربما"]);
    }

    #[test]
    fn nested_marks_stay_inside() {
        let text = "أن “اللقاء كان «تعارفيا» أكثر” فقط";
        assert_eq!(inner(text), vec!["اللقاء كان «تعارفيا» أكثر"]);
    }

    #[test]
    fn reversed_guillemets_pair() {
        assert_eq!(inner("واضاف :»نبيع دهن العود« ثم"), vec!["نبيع دهن العود"]);
        assert_eq!(inner("واضاف :» هذا العام ارتفع»."), vec!["هذا العام ارتفع"]);
    }

    #[test]
    fn reversed_curly_quotes_pair() {
        assert_eq!(inner("قال ”نرى التأثير“ أمس"), vec!["نرى التأثير"]);
    }

    #[test]
    fn unbalanced_quote_closes_at_paragraph_end() {
        let text = "وأضاف: «سنواصل العمل\nفقرة أخرى";
        assert_eq!(inner(text), vec!["سنواصل العمل"]);
        assert!(inner("نحو العدو\".").is_empty());
    }
}
