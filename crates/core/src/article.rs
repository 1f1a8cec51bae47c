//! The parsed article: the fields every later stage reads.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One news article as parsed from a raw record.
///
/// Invariant: `id` is never empty once [`Article::assign_id`] has run. It is
/// the record's own `id` field, else its URL, else a hash of its text, so
/// re-ingesting the same article finds the same id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier (see the type's invariant).
    pub id: String,
    /// Headline, empty when the input has none.
    #[serde(default)]
    pub title: String,
    /// Body text as given by the input (raw page text for `.txt` pages).
    #[serde(default)]
    pub content: String,
    /// Canonical URL of the article, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date as ISO 8601 (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`) when
    /// it could be read, else the input's text verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Outlet name (e.g. `aawsat`, `almadina`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Author or byline as given by the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Fields of the input that Marsad does not interpret, kept as they came.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// How an article's id was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleKey {
    /// The record's own `id` field.
    Id,
    /// The article's URL.
    Url,
    /// A hash of the title and content.
    TextHash,
}

impl Article {
    /// True when the article has any title or body text.
    pub fn has_text(&self) -> bool {
        !self.title.trim().is_empty() || !self.content.trim().is_empty()
    }

    /// Sets `id` when empty: the URL if there is one, else a hash of the text.
    pub fn assign_id(&mut self) -> ArticleKey {
        if !self.id.trim().is_empty() {
            return ArticleKey::Id;
        }
        if let Some(url) = self.url.as_deref().filter(|u| !u.trim().is_empty()) {
            self.id = url.to_string();
            return ArticleKey::Url;
        }
        let mut h = blake3::Hasher::new();
        h.update(self.title.as_bytes());
        h.update(&[0]);
        h.update(self.content.as_bytes());
        self.id = format!("sha:{}", &h.finalize().to_hex()[..32]);
        ArticleKey::TextHash
    }

    /// A fingerprint of every field: two versions of an article with the same
    /// fingerprint are the same version, so re-ingesting it is a no-op.
    pub fn fingerprint(&self) -> [u8; 16] {
        // Each field is length-prefixed, so no two different articles feed
        // the hash the same bytes; absent and empty optional fields differ.
        let mut h = blake3::Hasher::new();
        let mut field = |value: Option<&str>| {
            match value {
                Some(v) => h.update(&(v.len() as u64 + 1).to_le_bytes()).update(v.as_bytes()),
                None => h.update(&0u64.to_le_bytes()),
            };
        };
        field(Some(&self.id));
        field(Some(&self.title));
        field(Some(&self.content));
        field(self.url.as_deref());
        field(self.date.as_deref());
        field(self.source.as_deref());
        field(self.author.as_deref());
        if !self.extra.is_empty() {
            let extra = serde_json::to_string(&self.extra).expect("a JSON map always serialises");
            field(Some(&extra));
        }
        let mut out = [0u8; 16];
        out.copy_from_slice(&h.finalize().as_bytes()[..16]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_falls_back_from_field_to_url_to_hash() {
        let mut a = Article {
            id: "x1".into(),
            url: Some("u".into()),
            ..Default::default()
        };
        assert_eq!(a.assign_id(), ArticleKey::Id);
        assert_eq!(a.id, "x1");

        let mut b = Article {
            url: Some("http://a/b".into()),
            ..Default::default()
        };
        assert_eq!(b.assign_id(), ArticleKey::Url);
        assert_eq!(b.id, "http://a/b");

        let mut c = Article {
            content: "نص".into(),
            ..Default::default()
        };
        let mut d = c.clone();
        assert_eq!(c.assign_id(), ArticleKey::TextHash);
        d.assign_id();
        assert_eq!(c.id, d.id, "the text hash is stable");
        assert!(c.id.starts_with("sha:"));
    }

    #[test]
    fn fingerprint_changes_with_content() {
        let a = Article {
            id: "1".into(),
            content: "أ".into(),
            ..Default::default()
        };
        let mut b = a.clone();
        assert_eq!(a.fingerprint(), b.fingerprint());
        b.content.push('ب');
        assert_ne!(a.fingerprint(), b.fingerprint());
        let moved = Article {
            id: "1".into(),
            title: "أ".into(),
            ..Default::default()
        };
        assert_ne!(
            a.fingerprint(),
            moved.fingerprint(),
            "the same text in another field differs"
        );
        let none = Article { url: None, ..a.clone() };
        let empty = Article {
            url: Some(String::new()),
            ..a.clone()
        };
        assert_ne!(none.fingerprint(), empty.fingerprint());
    }

    #[test]
    fn empty_article_has_no_text() {
        let a = Article {
            title: "  ".into(),
            content: "\n".into(),
            ..Default::default()
        };
        assert!(!a.has_text());
    }
}
