//! Cleaning and structure recovery for scraped Arabic news (no I/O).
//!
//! Scraped pages carry the site with the story: mastheads, SMS contact
//! footers, "...المزيد" links, wire end markers, repeated lines. This crate
//! labels every line of an article with a [`Label`] — keeping the story's
//! structure (title, kicker, subheadings, dateline, byline, captions) and
//! dropping furniture with a [`Reason`] — using patterns that hold across
//! sources and [`SourceStats`] learned from what recurs in one source.
//!
//! ```
//! use marsad_clean::{clean, label_lines, Label, SourceStats};
//!
//! let text = "رئيس مجلسى الإدارة والتحرير\nمحمد الباز\n\
//!             الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس\n\
//!             أكد رئيس الاتحاد أن المباراة تعكس تطور الكرة السعودية.\n\
//!             // انتهى //\n16:13 ت م";
//! let mut stats = SourceStats::new();
//! stats.add_article(text);
//! let cleaned = clean(text, Some("أحمد عيد: نهائي السوبر"), Some(&stats));
//!
//! assert_eq!(
//!     cleaned.cleaned_text().as_str(),
//!     "أكد رئيس الاتحاد أن المباراة تعكس تطور الكرة السعودية."
//! );
//! let dateline = cleaned.structure.dateline.as_ref().unwrap();
//! assert_eq!(dateline.agency.as_deref(), Some("واس"));
//! let why: Vec<String> = cleaned.removed().map(|l| l.reason.unwrap().to_string()).collect();
//! assert_eq!(why[0], "masthead pattern");
//! assert_eq!(why[3], "wire transmission time");
//!
//! let labels = label_lines(&["...المزيد"], None, None);
//! assert_eq!(labels, vec![Label::Boilerplate]);
//! ```
//!
//! The stages, one per module, in the order they run:
//! `line` folding, duplicates and cross-source `patterns` and
//! `contact` footers (`labels`), `structure` (with `dateline` and `byline`),
//! then learned furniture from [`SourceStats`].
#![deny(missing_docs)]

mod byline;
mod clean;
mod contact;
mod dateline;
mod label;
mod labels;
mod line;
mod patterns;
mod stats;
mod structure;

pub use clean::{clean, keep_all, CleanLine, Cleaned, MappedText, Span, Structure};
pub use dateline::{parse_dateline, Dateline};
pub use label::{Furniture, Label, Reason};
pub use labels::{MAX_RECURRING_WORDS, MIN_RECURRING_ARTICLES, MIN_RECURRING_SHARE};
pub use stats::{article_keys, SourceStats, DEFAULT_BUCKET_WIDTH, MAX_LINE_BYTES};

/// Labels the given lines of one article, one label per line, in order.
///
/// This is the evaluation entry point: the gold set gives each article's
/// non-blank lines. A given line that is blank is labelled boilerplate.
/// `title` and `stats` are as for [`clean`].
pub fn label_lines(lines: &[&str], title: Option<&str>, stats: Option<&SourceStats>) -> Vec<Label> {
    let numbers: Vec<usize> = (1..=lines.len()).collect();
    let title = title.filter(|t| !t.trim().is_empty());
    labels::classify(lines, &numbers, title, stats)
        .into_iter()
        .map(|v| v.label)
        .collect()
}
