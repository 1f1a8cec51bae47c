//! The labelling pass: duplicates, cross-source furniture, structure, then
//! per-source learned furniture, in that order.
//!
//! Invariants: exactly one verdict per input line; a verdict has a reason
//! exactly when its label is removed (boilerplate or duplicate); the first
//! occurrence of a repeated line keeps its own label.

use crate::label::{Furniture, Label, Reason};
use crate::line::{is_blank, LineInfo};
use crate::patterns::{furniture, is_tag_list};
use crate::stats::SourceStats;
use crate::structure::{assign, is_heading};
use std::collections::HashMap;

/// A line recurring in at least this many articles of its source ...
pub const MIN_RECURRING_ARTICLES: u64 = 5;
/// ... and in at least this share of them is furniture, unless it looks
/// like content (a subheading, dateline or byline, a line that ends a
/// sentence, or one longer than [`MAX_RECURRING_WORDS`] words).
pub const MIN_RECURRING_SHARE: f64 = 0.002;
/// Longer lines are never learned furniture.
pub const MAX_RECURRING_WORDS: usize = 20;

/// The label of one line and, for removed lines, why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Verdict {
    pub label: Label,
    pub reason: Option<Reason>,
}

impl Verdict {
    fn removed(label: Label, reason: Reason) -> Self {
        Verdict {
            label,
            reason: Some(reason),
        }
    }

    fn pattern(furniture: Furniture) -> Self {
        Verdict::removed(Label::Boilerplate, Reason::Pattern { furniture })
    }
}

/// Labels `lines`; `numbers[i]` is the one-based number reported for line
/// `i` in "duplicate of line N" reasons.
pub(crate) fn classify(
    lines: &[&str],
    numbers: &[usize],
    title: Option<&str>,
    stats: Option<&SourceStats>,
) -> Vec<Verdict> {
    let infos: Vec<LineInfo> = lines.iter().map(|l| LineInfo::new(l)).collect();
    let mut verdicts: Vec<Option<Verdict>> = vec![None; lines.len()];
    mark_duplicates(&infos, lines, numbers, &mut verdicts);
    mark_furniture(&infos, &mut verdicts);
    let kept: Vec<usize> = (0..infos.len()).filter(|&i| verdicts[i].is_none()).collect();
    let refs: Vec<&LineInfo> = kept.iter().map(|&i| &infos[i]).collect();
    let labels = assign(&refs, title);
    let recurring: Vec<Option<Reason>> = refs
        .iter()
        .zip(&labels)
        .map(|(info, &label)| recurring(info, label, stats))
        .collect();
    for (p, &i) in kept.iter().enumerate() {
        let verdict = match recurring[p] {
            None => Verdict {
                label: labels[p],
                reason: None,
            },
            Some(_) if is_heading(refs[p]) && p + 1 < kept.len() && recurring[p + 1].is_none() => Verdict {
                label: Label::Subheading,
                reason: None,
            },
            Some(reason) => Verdict::removed(Label::Boilerplate, reason),
        };
        verdicts[i] = Some(verdict);
    }
    verdicts
        .into_iter()
        .map(|v| v.unwrap_or(Verdict::pattern(Furniture::Empty)))
        .collect()
}

/// Marks word-for-word repeats of earlier lines (after folding).
fn mark_duplicates(infos: &[LineInfo], lines: &[&str], numbers: &[usize], verdicts: &mut [Option<Verdict>]) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, info) in infos.iter().enumerate() {
        if is_blank(lines[i]) || info.folded.is_empty() {
            continue;
        }
        match first.get(info.folded.as_str()) {
            Some(&j) => {
                let line = numbers.get(j).copied().unwrap_or(j + 1);
                verdicts[i] = Some(Verdict::removed(Label::Duplicate, Reason::DuplicateOf { line }));
            }
            None => {
                first.insert(info.folded.as_str(), i);
            }
        }
    }
}

/// Marks cross-source furniture, the name line under a masthead and a tag
/// list closing the article.
fn mark_furniture(infos: &[LineInfo], verdicts: &mut [Option<Verdict>]) {
    let mut after_masthead = false;
    for (i, info) in infos.iter().enumerate() {
        if verdicts[i].is_some() {
            after_masthead = false;
            continue;
        }
        let kind =
            furniture(info).or_else(|| (after_masthead && is_masthead_name(info)).then_some(Furniture::MastheadName));
        after_masthead = kind == Some(Furniture::Masthead);
        verdicts[i] = kind.map(Verdict::pattern);
    }
    let last = (0..infos.len()).rev().find(|&i| verdicts[i].is_none());
    if let Some(i) = last.filter(|&i| is_tag_list(&infos[i])) {
        verdicts[i] = Some(Verdict::pattern(Furniture::TagList));
    }
}

/// A short name right under a masthead line ("محمد الباز").
fn is_masthead_name(info: &LineInfo) -> bool {
    info.words <= 4 && !info.ends_sentence() && !crate::line::has_digit(&info.folded)
}

/// Learned furniture: a paragraph-like line that recurs across the source.
/// A recurring heading-like line followed by a line that does not recur is
/// a column heading and is kept (as a subheading) by the caller.
fn recurring(info: &LineInfo, label: Label, stats: Option<&SourceStats>) -> Option<Reason> {
    let stats = stats?;
    if label != Label::Paragraph || info.words > MAX_RECURRING_WORDS || info.ends_sentence() {
        return None;
    }
    let articles = stats.count(info.text);
    let of = stats.articles();
    let frequent = articles >= MIN_RECURRING_ARTICLES && articles as f64 >= MIN_RECURRING_SHARE * of as f64;
    frequent.then_some(Reason::Recurring { articles, of })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(lines: &[&str], title: Option<&str>, stats: Option<&SourceStats>) -> Vec<Label> {
        let numbers: Vec<usize> = (1..=lines.len()).collect();
        classify(lines, &numbers, title, stats)
            .into_iter()
            .map(|v| v.label)
            .collect()
    }

    const PARA: &str = "وقال المتحدث باسم الكرملين ديمتري بيسكوف إنه من المبكر التحدث عن هذا اللقاء.";

    #[test]
    fn masthead_then_its_name_then_duplicates() {
        let lines = [
            "رئيس مجلسى الإدارة والتحرير",
            "محمد الباز",
            "رئيس مجلسى الإدارة والتحرير",
            "محمد الباز",
            PARA,
        ];
        let v = classify(&lines, &[1, 2, 3, 4, 5], Some("عنوان"), None);
        use Label::*;
        let got: Vec<Label> = v.iter().map(|v| v.label).collect();
        assert_eq!(got, vec![Boilerplate, Boilerplate, Duplicate, Duplicate, Paragraph]);
        assert_eq!(v[3].reason.unwrap().to_string(), "duplicate of line 2");
        assert_eq!(v[0].reason.unwrap().to_string(), "masthead pattern");
        assert!(v[4].reason.is_none());
    }

    #[test]
    fn wire_story_footer() {
        let lines = [
            " الخرطوم 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس",
            PARA,
            " // انتهى //",
            " 11:03 ت م ",
        ];
        use Label::*;
        assert_eq!(
            labels(&lines, Some("عام"), None),
            vec![Dateline, Paragraph, Boilerplate, Boilerplate]
        );
    }

    #[test]
    fn learned_furniture_spares_content() {
        let mut stats = SourceStats::new();
        for i in 0..100 {
            stats.add_article(&format!("{PARA}{i}\nإلى اللقاء..\nمذكرات فاتن حمامة (1): طفولتي"));
        }
        let lines = [PARA, "إلى اللقاء..", "مذكرات فاتن حمامة (1): طفولتي"];
        let v = classify(&lines, &[1, 2, 3], Some("عنوان"), Some(&stats));
        assert_eq!(v[2].label, Label::Boilerplate);
        assert_eq!(
            v[2].reason.unwrap().to_string(),
            "repeats in 100% of this source's articles"
        );
        assert_eq!(v[1].label, Label::Paragraph, "a sign-off ending a sentence is content");
    }

    #[test]
    fn recurring_column_heading_is_a_subheading() {
        let mut stats = SourceStats::new();
        for i in 0..100 {
            stats.add_article(&format!("{PARA}\nالسطـر الأخـير :\nسطر أخير رقم {}", "ب".repeat(i)));
        }
        let lines = [PARA, "السطر الأخير :", "العشاق كالفقراء لهم أحلام"];
        let v = classify(&lines, &[1, 2, 3], Some("عنوان"), Some(&stats));
        assert_eq!(v[1].label, Label::Subheading);
    }

    #[test]
    fn tag_list_only_at_the_end() {
        let lines = [PARA, "سمات تحرش جدة كورنيش"];
        assert_eq!(labels(&lines, Some("ع"), None)[1], Label::Boilerplate);
    }
}
