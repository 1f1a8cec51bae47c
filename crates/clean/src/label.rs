//! The labels a line can get, and why a line was removed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What one non-blank line of a scraped article is.
///
/// The serde names are those of the cleaning gold set
/// (`eval/clean/SPEC.md`): `"title"`, `"kicker"`, ... `"duplicate"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// The article's headline (only in raw page text that includes it).
    Title,
    /// A short strapline above or below the headline.
    Kicker,
    /// A short heading inside the body introducing the next paragraphs.
    Subheading,
    /// Body text.
    Paragraph,
    /// Place and/or date and/or agency of the report.
    Dateline,
    /// A credit line naming the author, correspondent, desk or syndication.
    Byline,
    /// A photo/video caption or a label left over from one.
    Caption,
    /// Site furniture that is not part of the article.
    Boilerplate,
    /// A word-for-word repeat of an earlier line of the same article.
    Duplicate,
}

impl Label {
    /// Every label, in the order of the gold specification.
    pub const ALL: [Label; 9] = [
        Label::Title,
        Label::Kicker,
        Label::Subheading,
        Label::Paragraph,
        Label::Dateline,
        Label::Byline,
        Label::Caption,
        Label::Boilerplate,
        Label::Duplicate,
    ];

    /// True for the labels a cleaner drops: boilerplate and duplicates.
    pub fn is_removed(self) -> bool {
        matches!(self, Label::Boilerplate | Label::Duplicate)
    }

    /// True for body text: paragraphs and the subheadings between them.
    pub fn is_body(self) -> bool {
        matches!(self, Label::Paragraph | Label::Subheading)
    }

    /// The gold-set name of the label (`"title"`, `"boilerplate"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Title => "title",
            Label::Kicker => "kicker",
            Label::Subheading => "subheading",
            Label::Paragraph => "paragraph",
            Label::Dateline => "dateline",
            Label::Byline => "byline",
            Label::Caption => "caption",
            Label::Boilerplate => "boilerplate",
            Label::Duplicate => "duplicate",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind of site furniture recognised by a pattern that holds across sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Furniture {
    /// "رئيس مجلس الإدارة والتحرير" and the like.
    Masthead,
    /// The short name line right under a masthead line.
    MastheadName,
    /// "...المزيد", "اقرأ أيضاً", "انقر هنا" links.
    ReadMore,
    /// "// انتهى //", "// يتبع //".
    WireEndMarker,
    /// "11:03 ت م" after a wire end marker.
    TransmissionTime,
    /// "[email protected]" left by a page's e-mail obfuscation.
    EmailProtection,
    /// "تعليقات ()", "شارك", "Next Previous" and other widgets.
    ShareWidget,
    /// "للتواصل مع الكاتب ارسل رسالة SMS ..." and its phone-number lines.
    SmsFooter,
    /// A contact line with a phone or fax number.
    PhoneFooter,
    /// A line made only of e-mail addresses, URLs or social handles.
    ContactAddress,
    /// "اشترك في النشرة البريدية" and the like.
    Newsletter,
    /// A line of symbols only ("** ** **").
    Separator,
    /// A list of tags ("سمات ...", "الوسوم: ...").
    TagList,
    /// "رابط الخبر بصحيفة ...: ..." on its own line.
    Permalink,
    /// A line of invisible formatting characters only.
    Empty,
}

impl Furniture {
    /// A short human explanation, used in [`Reason`]'s display.
    pub fn describe(self) -> &'static str {
        match self {
            Furniture::Masthead => "masthead pattern",
            Furniture::MastheadName => "name under a masthead",
            Furniture::ReadMore => "read-more link",
            Furniture::WireEndMarker => "wire end marker",
            Furniture::TransmissionTime => "wire transmission time",
            Furniture::EmailProtection => "e-mail protection leftover",
            Furniture::ShareWidget => "share/comment widget",
            Furniture::SmsFooter => "SMS contact footer",
            Furniture::PhoneFooter => "contact footer with a phone number",
            Furniture::ContactAddress => "e-mail/URL/handle only",
            Furniture::Newsletter => "newsletter prompt",
            Furniture::Separator => "separator of symbols only",
            Furniture::TagList => "tag list",
            Furniture::Permalink => "permalink line",
            Furniture::Empty => "invisible characters only",
        }
    }
}

/// Why a line was removed (labelled boilerplate or duplicate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A pattern that holds across sources.
    Pattern {
        /// Which kind of furniture.
        furniture: Furniture,
    },
    /// The line recurs across many of its source's articles.
    Recurring {
        /// Articles of the source containing the line (a lower bound).
        articles: u64,
        /// Articles of the source seen.
        of: u64,
    },
    /// A word-for-word repeat of an earlier line.
    DuplicateOf {
        /// One-based number of the earlier line (in the original text for
        /// [`crate::clean`], in the given slice for [`crate::label_lines`]).
        line: usize,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::Pattern { furniture } => f.write_str(furniture.describe()),
            Reason::Recurring { articles, of } => {
                let pct = (articles * 100) / of.max(1);
                write!(f, "repeats in {pct}% of this source's articles")
            }
            Reason::DuplicateOf { line } => write!(f, "duplicate of line {line}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names_match_the_gold_spec() {
        let names: Vec<String> = Label::ALL.iter().map(|l| serde_json::to_string(l).unwrap()).collect();
        assert_eq!(names[0], "\"title\"");
        assert_eq!(names[8], "\"duplicate\"");
        for l in Label::ALL {
            assert_eq!(serde_json::to_string(&l).unwrap(), format!("\"{l}\""));
        }
    }

    #[test]
    fn reasons_read_as_sentences() {
        let r = Reason::Recurring { articles: 38, of: 100 };
        assert_eq!(r.to_string(), "repeats in 38% of this source's articles");
        assert_eq!(Reason::DuplicateOf { line: 3 }.to_string(), "duplicate of line 3");
        let p = Reason::Pattern {
            furniture: Furniture::WireEndMarker,
        };
        assert_eq!(p.to_string(), "wire end marker");
    }

    #[test]
    fn only_boilerplate_and_duplicates_are_removed() {
        let removed: Vec<Label> = Label::ALL.into_iter().filter(|l| l.is_removed()).collect();
        assert_eq!(removed, vec![Label::Boilerplate, Label::Duplicate]);
    }
}
