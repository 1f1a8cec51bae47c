//! Structure of the kept lines: title, kicker, dateline, byline, caption,
//! subheading or paragraph.
//!
//! - With a given title, a line equal to it (after folding) is the title and
//!   a line that is a strict prefix of it ("الكرملين:" under "الكرملين: بوتين
//!   سيدرس ...") is a caption left over from the photo.
//! - Without one (raw page text), the leading run of heading-like lines (not
//!   ending a sentence, at most 20 words) before the first prose line is the
//!   headline block: prefixes of a later block line are captions, the last
//!   remaining line is the title and the ones before it are kickers.
//! - Datelines among the first three body lines, bylines by place (see
//!   [`crate::byline`]; the lead is the first three lines before any
//!   paragraph), photo credits as captions.
//! - A subheading is a short line (at most 7 words, at most 3 when it ends
//!   with a colon) with no inner comma, not opened by a function word, and
//!   followed (after at most one more such line) by prose: a line that ends
//!   a sentence or with a colon, or has at least 10 words. Runs of three or
//!   more such lines are verse or lists, not subheadings.

use crate::byline::{is_byline, Place};
use crate::dateline::parse_dateline;
use crate::label::Label;
use crate::line::{fold, has_inner_comma, is_particle, LineInfo};

/// Labels for the kept lines `lines` (in order), one per line.
pub(crate) fn assign(lines: &[&LineInfo], title: Option<&str>) -> Vec<Label> {
    let mut labels = vec![Label::Paragraph; lines.len()];
    let body_start = match title.map(fold).filter(|t| !t.is_empty()) {
        Some(t) => {
            mark_given_title(lines, &t, &mut labels);
            0
        }
        None => mark_headline_block(lines, &mut labels),
    };
    mark_body(lines, body_start, &mut labels);
    labels
}

/// Labels the body lines still marked as paragraphs, from `body_start`.
fn mark_body(lines: &[&LineInfo], body_start: usize, labels: &mut [Label]) {
    let mut lead = true;
    let last = lines.len().saturating_sub(1);
    for (p, label) in labels.iter_mut().enumerate().skip(body_start) {
        if *label == Label::Paragraph {
            let place = if p == last && p > body_start {
                Place::Tail
            } else if lead && p < body_start + 3 {
                Place::Lead
            } else {
                Place::Middle
            };
            *label = body_label(lines, p, place, p < body_start + 3);
        }
        lead &= *label != Label::Paragraph;
    }
}

/// Marks lines equal to the given title, and strict prefixes of it.
fn mark_given_title(lines: &[&LineInfo], title: &str, labels: &mut [Label]) {
    for (l, label) in lines.iter().zip(labels.iter_mut()) {
        if l.folded == title {
            *label = Label::Title;
        } else if is_strict_prefix(&l.folded, title) {
            *label = Label::Caption;
        }
    }
}

/// Finds the headline block of raw page text; returns where the body starts.
fn mark_headline_block(lines: &[&LineInfo], labels: &mut [Label]) -> usize {
    let end = lines.iter().take_while(|l| is_headline_like(l)).take(5).count();
    if end == 0 || end == lines.len() || !is_prose(lines[end]) {
        return 0;
    }
    let mut heads = Vec::new();
    for i in 0..end {
        let prefix = lines[i + 1..end]
            .iter()
            .any(|l| is_strict_prefix(&lines[i].folded, &l.folded))
            || lines[..i].iter().any(|l| is_strict_prefix(&lines[i].folded, &l.folded));
        if prefix {
            labels[i] = Label::Caption;
        } else {
            heads.push(i);
        }
    }
    if let Some((&last, kickers)) = heads.split_last() {
        labels[last] = Label::Title;
        for &k in kickers {
            labels[k] = Label::Kicker;
        }
    }
    end
}

/// A candidate headline line: no sentence end, at most 20 words, not a
/// dateline or a byline.
fn is_headline_like(l: &LineInfo) -> bool {
    !l.ends_sentence() && l.words <= 20 && parse_dateline(l.text).is_none() && !is_byline(l, Place::Lead)
}

/// The label of a body line at position `p`; `early` among the first three.
fn body_label(lines: &[&LineInfo], p: usize, place: Place, early: bool) -> Label {
    let l = lines[p];
    if early && parse_dateline(l.text).is_some() {
        return Label::Dateline;
    }
    if is_byline(l, place) {
        return Label::Byline;
    }
    if is_photo_credit(l) {
        return Label::Caption;
    }
    if is_heading(l) && followed_by_prose(lines, p) && heading_run(lines, p) < 3 {
        return Label::Subheading;
    }
    Label::Paragraph
}

/// True when `line` is a shorter prefix of `of`, ending at a word boundary
/// or with a colon.
fn is_strict_prefix(line: &str, of: &str) -> bool {
    line.len() < of.len() && of.starts_with(line) && (line.ends_with(':') || of[line.len()..].starts_with(' '))
}

/// "(أ. ف. ب)", "(رويترز)", "(تصوير: المحرر)", "الصورة: ...".
fn is_photo_credit(l: &LineInfo) -> bool {
    let f = l.folded.as_str();
    let wrapped = f.starts_with('(') && f.ends_with(')') && l.words <= 5;
    let photo = ["تصوير", "صوره", "الصوره", "ارشيفيه"];
    let inner = f.trim_matches(['(', ')', ' ']);
    if wrapped && (photo.iter().any(|p| inner.contains(p)) || is_agency_credit(inner)) {
        return true;
    }
    l.words <= 10
        && ["تصوير:", "تصوير ", "الصوره:", "صوره:"]
            .iter()
            .any(|p| f.starts_with(p))
}

/// "أ. ف. ب", "رويترز", "واس": an agency named alone.
fn is_agency_credit(inner: &str) -> bool {
    let letters: String = inner.chars().filter(|c| crate::line::is_letter(*c)).collect();
    ["افب", "رويترز", "واس", "اب", "دبا", "afp", "reuters", "ap", "epa"].contains(&letters.as_str())
}

/// A short heading-like line (see the module docs).
pub(crate) fn is_heading(l: &LineInfo) -> bool {
    let bare = l.folded.trim_start_matches(['*', '-', '–', '•', '.', ' ']);
    let words = bare.split_whitespace().filter(|w| crate::line::has_letters(w)).count();
    let first = bare.split_whitespace().next().unwrap_or("");
    let limit = if bare.ends_with(':') { 3 } else { 7 };
    (1..=limit).contains(&words)
        && !l.ends_sentence()
        && !has_inner_comma(bare)
        && !is_particle(first)
        && bare.chars().any(crate::line::is_letter)
}

/// Length of the run of consecutive heading-like lines through `p`: runs of
/// three or more are verse or lists, not subheadings.
fn heading_run(lines: &[&LineInfo], p: usize) -> usize {
    let before = lines[..p].iter().rev().take_while(|l| is_heading(l)).count();
    let after = lines[p + 1..].iter().take_while(|l| is_heading(l)).count();
    before + 1 + after
}

/// Prose: ends a sentence or with a colon, or has at least 10 words.
fn is_prose(l: &LineInfo) -> bool {
    l.ends_sentence() || l.folded.ends_with(':') || l.words >= 10
}

/// True when prose follows line `p` after at most two more heading lines
/// (the run limit of [`heading_run`] leaves one in practice).
fn followed_by_prose(lines: &[&LineInfo], p: usize) -> bool {
    for next in lines.iter().skip(p + 1).take(3) {
        if is_prose(next) {
            return true;
        }
        if !is_heading(next) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(lines: &[&str], title: Option<&str>) -> Vec<Label> {
        let infos: Vec<LineInfo> = lines.iter().map(|l| LineInfo::new(l)).collect();
        let refs: Vec<&LineInfo> = infos.iter().collect();
        assign(&refs, title)
    }

    const PARA: &str = "أكد الكرملين، اليوم الأربعاء، أن روسيا ستدرس اقتراح الرئيس الأمريكي.";

    #[test]
    fn raw_page_headline_block() {
        let got = labels(
            &[
                "بايدن شدد على سعيه لبناء علاقة مستقرة مع روسيا",
                "الكرملين: بوتين سيدرس اقتراح الرئيس الأمريكي بعقد قمة بينهما",
                "الكرملين:",
                PARA,
                "قمة أمريكية -روسية",
                PARA,
            ],
            None,
        );
        use Label::*;
        assert_eq!(got, vec![Kicker, Title, Caption, Paragraph, Subheading, Paragraph]);
    }

    #[test]
    fn given_title_and_its_prefix() {
        let t = "الكرملين: بوتين سيدرس اقتراح";
        let got = labels(&["الكرملين: بوتين سيدرس اقتراح", "الكرملين:", PARA], Some(t));
        assert_eq!(got, vec![Label::Title, Label::Caption, Label::Paragraph]);
    }

    #[test]
    fn headings_need_prose_after_them() {
        let got = labels(
            &["الفضة ", "قالت لي صديقتي الصغيرة والجميلة (بدرية): ", PARA],
            Some("ياهلا"),
        );
        assert_eq!(got[..2], [Label::Subheading, Label::Paragraph]);
        let verse = "وجهك يا عمرو فيه طول،، وفي وجوه الكلاب طول";
        let got = labels(&[PARA, "أو طول الوجه:", verse, PARA], Some("أدب"));
        assert_eq!(got[1..3], [Label::Paragraph, Label::Paragraph]);
        let got = labels(&[PARA, "•• ومضة:", "العشاق كالفقراء لهم أحلام لا تتحقق!."], Some("س"));
        assert_eq!(got[1], Label::Subheading);
        let verse = [
            "يدق على باب رب البشر",
            "ويطلب رحمته في رجاء",
            "فمثل الصواعق كان الخبر",
            PARA,
        ];
        assert!(labels(&verse, Some("س")).iter().all(|l| *l == Label::Paragraph));
    }

    #[test]
    fn datelines_bylines_credits() {
        let got = labels(
            &[
                " الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس",
                PARA,
                "(أ. ف. ب)",
                PARA,
                "بدر العبدان ",
            ],
            Some("عنوان"),
        );
        use Label::*;
        assert_eq!(got, vec![Dateline, Paragraph, Caption, Paragraph, Byline]);
    }
}
