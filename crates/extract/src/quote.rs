//! The extracted statement and the gold-format JSON Lines it is written as.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into the article text, always on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The text this span covers in `text` (empty when out of bounds).
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Direct (inside quotation marks) or indirect (reported) speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The speaker's words inside quotation marks.
    Direct,
    /// Reported speech after `أن`/`إن`, a colon or a preposition.
    Indirect,
}

/// One attributed statement: who said what, how, and through whom.
///
/// `text` is always `&article[span.start..span.end]`. `speaker`, `role` and `via` are copied from
/// the article (a `via` after `لـ` loses its `ل`). When the statement's subject is a pronoun or
/// implicit (`وأضاف`, `مؤكدا`), `speaker` is the most recent explicit mention of that speaker and
/// `implicit` is true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The shortest mention naming the speaker (`ديمتري بيسكوف`, `الكرملين`), if one was found.
    pub speaker: Option<String>,
    /// Title or description attached to the speaker (`المتحدث باسم الكرملين`).
    pub role: Option<String>,
    /// The reporting verb or phrase as written (`وقال`, `أشار إلى`, `بحسب`, `:`).
    pub cue: String,
    /// What was said, verbatim.
    pub text: String,
    /// Where `text` is in the article.
    pub span: Span,
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// The medium the statement came through (`قناة العربية الإخبارية`).
    pub via: Option<String>,
    /// True when the speaker was resolved from an earlier mention.
    pub implicit: bool,
    /// ISO date (`YYYY-MM-DD`) of the statement when the attribution dates it (`اليوم الأربعاء`).
    pub date: Option<String>,
}

/// One quote as the gold file spells it (see `eval/quotes/SPEC.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldQuote {
    /// Speaker mention.
    pub speaker: Option<String>,
    /// Role or title.
    pub role: Option<String>,
    /// Reporting cue.
    pub cue: Option<String>,
    /// Verbatim statement.
    pub text: String,
    /// `direct` or `indirect`.
    pub kind: QuoteKind,
    /// Medium.
    pub via: Option<String>,
    /// Present and true only for resolved pronoun/implicit subjects.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implicit: bool,
}

/// One line of the gold file: an article id and its quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldLine {
    /// Article id (its URL in the dev set).
    pub id: String,
    /// The article's quotes.
    pub quotes: Vec<GoldQuote>,
}

impl From<&Quote> for GoldQuote {
    fn from(q: &Quote) -> Self {
        GoldQuote {
            speaker: q.speaker.clone(),
            role: q.role.clone(),
            cue: Some(q.cue.clone()),
            text: q.text.clone(),
            kind: q.kind,
            via: q.via.clone(),
            implicit: q.implicit,
        }
    }
}

/// The JSON line (without the trailing newline) for article `id` in the gold format.
pub fn gold_line(id: &str, quotes: &[Quote]) -> String {
    let line = GoldLine {
        id: id.to_string(),
        quotes: quotes.iter().map(GoldQuote::from).collect(),
    };
    serde_json::to_string(&line).expect("plain strings always serialise")
}

/// Parses one gold-format line.
pub fn parse_gold_line(line: &str) -> crate::Result<GoldLine> {
    Ok(serde_json::from_str(line)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Quote {
        Quote {
            speaker: Some("ديمتري بيسكوف".into()),
            role: Some("المتحدث باسم الكرملين".into()),
            cue: "وقال".into(),
            text: "من المبكر التحدث".into(),
            span: Span { start: 0, end: 30 },
            kind: QuoteKind::Direct,
            via: Some("قناة العربية الإخبارية".into()),
            implicit: false,
            date: None,
        }
    }

    #[test]
    fn gold_line_matches_the_spec_fields() {
        let line = gold_line("u1", &[sample()]);
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let q = &v["quotes"][0];
        assert_eq!(v["id"], "u1");
        assert_eq!(q["speaker"], "ديمتري بيسكوف");
        assert_eq!(q["kind"], "direct");
        assert_eq!(q["via"], "قناة العربية الإخبارية");
        assert!(q.get("implicit").is_none(), "implicit is omitted when false");
        assert!(q.get("span").is_none());
    }

    #[test]
    fn gold_lines_round_trip() {
        let mut q = sample();
        q.implicit = true;
        let line = gold_line("u2", &[q]);
        assert!(line.contains("\"implicit\":true"));
        let back = parse_gold_line(&line).unwrap();
        assert_eq!(back.quotes[0].role.as_deref(), Some("المتحدث باسم الكرملين"));
        assert!(back.quotes[0].implicit);
    }

    #[test]
    fn span_of_is_total() {
        let s = Span { start: 1, end: 99 };
        assert_eq!(s.of("قال"), "");
        assert_eq!(Span { start: 0, end: 2 }.of("قال"), "ق");
    }
}
