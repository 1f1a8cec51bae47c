//! HTML building blocks: escaping, URL encoding, highlighted snippets and
//! safe links.
//!
//! Every piece of article text reaches a page through [`escape`] (or
//! [`marked`], which escapes around its `<mark>`s): scraped pages may hold
//! markup or script, and it must show as text. Links to article URLs go
//! through [`safe_href`], so a `javascript:` URL is never clickable.

use marsad_store::snippet::Snippet;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt::Write;

/// Characters left as they are in a URL component: the unreserved ones.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Escapes text for HTML element content and quoted attribute values.
///
/// ```
/// use marsad_server::html::escape;
/// assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

/// Appends `text`, escaped, to `out`.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Percent-encodes a URL component (a path segment or a query value).
///
/// ```
/// use marsad_server::html::encode_component;
/// assert_eq!(encode_component("https://x.com/a?b=1"), "https%3A%2F%2Fx.com%2Fa%3Fb%3D1");
/// ```
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// A query string (`a=1&b=2`) of the pairs whose value is not empty.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs.into_iter().filter(|(_, v)| !v.is_empty()) {
        if !out.is_empty() {
            out.push('&');
        }
        let _ = write!(out, "{}={}", encode_component(name), encode_component(value));
    }
    out
}

/// The link to an article's page (its id encoded: ids are often URLs).
pub fn article_href(id: &str) -> String {
    format!("/article/{}", encode_component(id))
}

/// A snippet's text, escaped, with its highlights wrapped in `<mark>`.
/// Highlight ranges that are out of order, out of bounds or not on
/// character boundaries are ignored.
///
/// ```
/// use marsad_server::html::marked;
/// use marsad_store::snippet::Snippet;
/// let s = Snippet { text: "قال <b>بوتين</b> اليوم".into(), highlights: vec![(10, 20)] };
/// assert_eq!(marked(&s), "قال &lt;b&gt;<mark>بوتين</mark>&lt;/b&gt; اليوم");
/// ```
pub fn marked(snippet: &Snippet) -> String {
    let text = snippet.text.as_str();
    let mut out = String::with_capacity(text.len() + 16 * snippet.highlights.len());
    let mut at = 0;
    for &(from, to) in &snippet.highlights {
        let (Some(before), Some(hit)) = (text.get(at..from), text.get(from..to)) else {
            continue;
        };
        if from < at || hit.is_empty() {
            continue;
        }
        push_escaped(&mut out, before);
        out.push_str("<mark>");
        push_escaped(&mut out, hit);
        out.push_str("</mark>");
        at = to;
    }
    push_escaped(&mut out, &text[at..]);
    out
}

/// The URL, if it is one a page may link to (`http` or `https`).
///
/// ```
/// use marsad_server::html::safe_href;
/// assert_eq!(safe_href(" https://x.com/a "), Some("https://x.com/a"));
/// assert_eq!(safe_href("javascript:alert(1)"), None);
/// ```
pub fn safe_href(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = url.split_once(':')?.0.to_ascii_lowercase();
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (matches!(scheme.as_str(), "http" | "https") && clean).then_some(url)
}

/// The direction of a text by the script of most of its letters: `rtl`
/// unless Latin (or other left-to-right) letters outnumber Arabic ones.
/// Unlike `dir="auto"`, which follows the first letter, a snippet or title
/// that opens with a Latin name or stray markup still reads right to left.
///
/// ```
/// use marsad_server::html::dir_of;
/// assert_eq!(dir_of("<b>عنوان</b> عن بوتين"), "rtl");
/// assert_eq!(dir_of("Putin meets Biden في جنيف"), "ltr");
/// ```
pub fn dir_of(text: &str) -> &'static str {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        match c as u32 {
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF => rtl += 1,
            _ => ltr += 1,
        }
    }
    if ltr > rtl {
        "ltr"
    } else {
        "rtl"
    }
}

/// A stored date for display: `2015-07-24T15:54:31` as `2015-07-24 15:54`;
/// anything else as it is.
///
/// ```
/// use marsad_server::html::short_date;
/// assert_eq!(short_date("2015-07-24T15:54:31"), "2015-07-24 15:54");
/// assert_eq!(short_date("2015-07-24"), "2015-07-24");
/// ```
pub fn short_date(date: &str) -> String {
    match date.split_once('T') {
        Some((day, time)) if day.len() == 10 && time.len() >= 5 && time.is_char_boundary(5) => {
            format!("{day} {}", &time[..5])
        }
        _ => date.to_string(),
    }
}

/// Latin text (an id, a URL, a date) isolated left-to-right inside Arabic.
pub fn ltr(text: &str) -> String {
    format!("<bdi dir=\"ltr\">{}</bdi>", escape(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_is_text() {
        let e = escape("<script>alert(1)</script>");
        assert_eq!(e, "&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    #[test]
    fn bad_highlights_are_skipped_not_panicked_on() {
        let s = Snippet {
            text: "بوتين".into(),
            highlights: vec![(1, 3), (0, 4), (4, 99), (2, 1), (0, 10)],
        };
        // (1, 3) splits a character; (0, 4) is fine; the rest are bad.
        assert_eq!(marked(&s), "<mark>بو</mark>تين");
    }

    #[test]
    fn query_strings_skip_empty_values() {
        let q = query_string([("q", "قمة \"بوتين\""), ("source", ""), ("offset", "10")]);
        assert_eq!(
            q,
            "q=%D9%82%D9%85%D8%A9%20%22%D8%A8%D9%88%D8%AA%D9%8A%D9%86%22&offset=10"
        );
    }

    #[test]
    fn only_web_urls_are_links() {
        assert!(safe_href("HTTPS://x.com").is_some());
        assert!(safe_href("data:text/html,<script>").is_none());
        assert!(safe_href("java\nscript:x").is_none());
        assert!(safe_href("/relative").is_none());
    }
}
