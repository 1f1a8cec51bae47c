//! Cleaning one article's text: per-line labels with byte spans into the
//! original, the recovered structure, and the cleaned body text with a map
//! back to the original offsets.

use crate::dateline::{parse_dateline, Dateline};
use crate::label::{Label, Reason};
use crate::labels::classify;
use crate::stats::SourceStats;
use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` of the original text.
///
/// Invariant: `start <= end <= text.len()` and both fall on `char`
/// boundaries, so `&text[span.start..span.end]` never panics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The spanned text.
    ///
    /// # Panics
    /// When the span is not a valid span of `text`.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// One non-blank line of the original text and what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CleanLine {
    /// The line without its surrounding whitespace.
    pub span: Span,
    /// One-based line number in the original text.
    pub number: usize,
    /// What the line is.
    pub label: Label,
    /// Why it was removed; `Some` exactly when the label is removed.
    pub reason: Option<Reason>,
}

/// The structure recovered from an article's lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Structure {
    /// The given title if there was one, else the recovered headline.
    pub title: Option<String>,
    /// Straplines around the headline, in order.
    pub kickers: Vec<String>,
    /// Subheadings, in order.
    pub subheadings: Vec<String>,
    /// The first dateline, parsed.
    pub dateline: Option<Dateline>,
    /// The first byline, without list bullets or gallery widgets.
    pub byline: Option<String>,
    /// Captions and photo credits, in order.
    pub captions: Vec<String>,
}

/// Cleaned text whose offsets map back to the original text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MappedText {
    text: String,
    /// `(offset in text, offset in original, length)` of each copied line.
    pieces: Vec<(usize, usize, usize)>,
}

impl MappedText {
    /// The cleaned text: the kept lines joined with `'\n'`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original offset of a cleaned-text offset (`None` past the end).
    /// An offset on a joining `'\n'` maps to the end of the line before it.
    pub fn to_original(&self, offset: usize) -> Option<usize> {
        if offset > self.text.len() {
            return None;
        }
        let i = self.pieces.partition_point(|p| p.0 <= offset);
        let Some(&(clean, orig, len)) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return Some(0);
        };
        Some(orig + (offset - clean).min(len))
    }

    /// The original span of a cleaned-text span.
    pub fn span_to_original(&self, span: Span) -> Option<Span> {
        let start = self.to_original(span.start)?;
        let end = self.to_original(span.end)?;
        (start <= end).then_some(Span { start, end })
    }

    fn push(&mut self, original: &str, span: Span) {
        if !self.pieces.is_empty() {
            self.text.push('\n');
        }
        self.pieces.push((self.text.len(), span.start, span.end - span.start));
        self.text.push_str(span.of(original));
    }
}

/// An article after cleaning (see [`clean`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cleaned {
    /// Every non-blank line, in order.
    pub lines: Vec<CleanLine>,
    /// The recovered structure.
    pub structure: Structure,
    body: MappedText,
}

impl Cleaned {
    /// The body: paragraph and subheading lines joined with `'\n'`, with
    /// offsets that map back to the original text.
    pub fn cleaned_text(&self) -> &MappedText {
        &self.body
    }

    /// The lines a cleaner drops (boilerplate and duplicates).
    pub fn removed(&self) -> impl Iterator<Item = &CleanLine> {
        self.lines.iter().filter(|l| l.label.is_removed())
    }
}

/// Cleans one article: labels every non-blank line of `text` (lines are split
/// on `'\n'`; lines of only whitespace, no-break spaces included, are not
/// lines), recovers its structure and builds the cleaned body.
///
/// `title` is the input's own title, if any (an empty one counts as none):
/// with it, the article keeps it; without it, the headline is looked for in
/// the text. `stats` are the statistics of the article's source.
pub fn clean(text: &str, title: Option<&str>, stats: Option<&SourceStats>) -> Cleaned {
    let (spans, numbers) = line_spans(text);
    let lines: Vec<&str> = spans.iter().map(|s| s.of(text)).collect();
    let title = title.filter(|t| !t.trim().is_empty());
    let verdicts = classify(&lines, &numbers, title, stats);
    let lines: Vec<CleanLine> = spans
        .iter()
        .zip(numbers)
        .zip(verdicts)
        .map(|((&span, number), v)| CleanLine {
            span,
            number,
            label: v.label,
            reason: v.reason,
        })
        .collect();
    let mut body = MappedText::default();
    for l in lines.iter().filter(|l| l.label.is_body()) {
        // A share widget glued before the first words is not the article's.
        let start = l.span.start + crate::patterns::widget_prefix(l.span.of(text));
        body.push(text, Span { start, ..l.span });
    }
    let structure = structure_of(text, &lines, title);
    Cleaned { lines, structure, body }
}

/// The text as it came: every non-blank line kept as a paragraph, no
/// structure. What ingest stores when cleaning is switched off to measure
/// its cost (`MARSAD_NO_CLEAN`).
pub fn keep_all(text: &str) -> Cleaned {
    let (spans, numbers) = line_spans(text);
    let mut body = MappedText::default();
    let lines = spans
        .into_iter()
        .zip(numbers)
        .map(|(span, number)| {
            body.push(text, span);
            CleanLine {
                span,
                number,
                label: Label::Paragraph,
                reason: None,
            }
        })
        .collect();
    Cleaned {
        lines,
        structure: Structure::default(),
        body,
    }
}

/// Trimmed spans and one-based numbers of the non-blank lines.
fn line_spans(text: &str) -> (Vec<Span>, Vec<usize>) {
    let (mut spans, mut numbers, mut at) = (Vec::new(), Vec::new(), 0);
    for (i, line) in text.split('\n').enumerate() {
        let start = at + (line.len() - line.trim_start().len());
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            spans.push(Span {
                start,
                end: start + trimmed.len(),
            });
            numbers.push(i + 1);
        }
        at += line.len() + 1;
    }
    (spans, numbers)
}

/// Collects the structure from the labelled lines.
fn structure_of(text: &str, lines: &[CleanLine], title: Option<&str>) -> Structure {
    let mut s = Structure {
        title: title.map(|t| t.trim().to_string()),
        ..Structure::default()
    };
    for l in lines {
        let t = l.span.of(text).to_string();
        match l.label {
            Label::Title if s.title.is_none() => s.title = Some(t),
            Label::Kicker => s.kickers.push(t),
            Label::Subheading => s.subheadings.push(t),
            Label::Caption => s.captions.push(t),
            Label::Dateline if s.dateline.is_none() => s.dateline = parse_dateline(&t),
            Label::Byline if s.byline.is_none() => s.byline = Some(byline_text(&t)),
            _ => {}
        }
    }
    s
}

/// A byline without bullets, dashes or a leading "Next Previous" widget.
fn byline_text(line: &str) -> String {
    let t = line.trim();
    let t = t.strip_prefix("Next Previous").unwrap_or(t);
    t.trim_start_matches(['*', '-', '–', '•', ' ']).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "عين اليوم – متابعات\n\u{a0}\nأكد الوزير أن المشروع اكتمل.\r\n// انتهى //\n";

    #[test]
    fn spans_are_trimmed_and_numbered() {
        let c = clean(TEXT, Some("عنوان"), None);
        let got: Vec<(&str, usize, Label)> = c.lines.iter().map(|l| (l.span.of(TEXT), l.number, l.label)).collect();
        assert_eq!(
            got,
            vec![
                ("عين اليوم – متابعات", 1, Label::Byline),
                ("أكد الوزير أن المشروع اكتمل.", 3, Label::Paragraph),
                ("// انتهى //", 4, Label::Boilerplate),
            ]
        );
        assert_eq!(c.structure.byline.as_deref(), Some("عين اليوم – متابعات"));
        assert_eq!(c.removed().count(), 1);
    }

    #[test]
    fn cleaned_offsets_map_back() {
        let text = "رئيس التحرير\nمحمد الباز\nالفقرة الأولى من الخبر.\nالفقرة الثانية من الخبر.";
        let c = clean(text, Some("عنوان"), None);
        let body = c.cleaned_text();
        assert_eq!(body.as_str(), "الفقرة الأولى من الخبر.\nالفقرة الثانية من الخبر.");
        let at = body.as_str().find("الثانية").unwrap();
        let orig = body.to_original(at).unwrap();
        assert!(text[orig..].starts_with("الثانية"));
        let span = body
            .span_to_original(Span {
                start: at,
                end: body.as_str().len(),
            })
            .unwrap();
        assert_eq!(span.of(text), "الثانية من الخبر.");
        assert_eq!(body.to_original(body.as_str().len() + 1), None);
    }

    /// Okaz pages glue a share widget to the first paragraph on one line
    /// (157 articles of SaudiNewsNet): the body began with it.
    #[test]
    fn a_share_widget_glued_before_a_paragraph_is_cut_from_the_body() {
        let text = " شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد نائب خادم الحرمين أن الأمن مستتب.\nفقرة ثانية.";
        let c = clean(text, Some("عنوان"), None);
        assert_eq!(c.lines[0].label, Label::Paragraph);
        let body = c.cleaned_text();
        assert_eq!(body.as_str(), "أكد نائب خادم الحرمين أن الأمن مستتب.\nفقرة ثانية.");
        assert!(text[body.to_original(0).unwrap()..].starts_with("أكد نائب"));
        // A sentence that merely starts with a widget word keeps it.
        let text = "شارك من خلال تويتر مئات المغردين في الحملة الوطنية.";
        assert_eq!(clean(text, Some("عنوان"), None).cleaned_text().as_str(), text);
    }

    #[test]
    fn keep_all_keeps_every_line_as_it_came() {
        let c = keep_all(TEXT);
        assert_eq!(c.removed().count(), 0);
        assert_eq!(c.structure, Structure::default());
        let body = c.cleaned_text();
        assert_eq!(
            body.as_str(),
            "عين اليوم – متابعات\nأكد الوزير أن المشروع اكتمل.\n// انتهى //"
        );
        let at = body.as_str().find("أكد").unwrap();
        assert!(TEXT[body.to_original(at).unwrap()..].starts_with("أكد"));
    }

    #[test]
    fn given_title_is_kept() {
        let c = clean("نص الخبر هنا.", Some(" عنوان الخبر "), None);
        assert_eq!(c.structure.title.as_deref(), Some("عنوان الخبر"));
        let c = clean("نص الخبر هنا.", Some(""), None);
        assert_eq!(c.structure.title, None);
    }
}
