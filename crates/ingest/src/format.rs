//! Input formats, chosen from file extensions or, for an explicitly named
//! file of unknown extension, sniffed from its first bytes.

use crate::encoding::BOM;
use crate::error::{Error, Result};
use std::fmt;
use std::str::FromStr;

/// The format of a record's raw bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A whole raw text page (`.txt`).
    Text,
    /// A JSON object, alone or as an array element (`.json`).
    Json,
    /// One line of JSON Lines (`.jsonl`, `.ndjson`).
    JsonLines,
}

impl Format {
    /// The format's name: `text`, `json` or `jsonl`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Parses a name as written by [`Format::name`] (or `txt`, `ndjson`).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "jsonl" | "ndjson" | "jsonlines" => Ok(Format::JsonLines),
            _ => Err(Error::Unknown {
                what: "format",
                name: s.to_string(),
            }),
        }
    }
}

/// What a file is, judged by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Format(Format),
    Zip,
    Unknown,
}

/// Classifies a file or member name by its extension, ignoring case.
pub(crate) fn kind_of(name: &str) -> Kind {
    let ext = name
        .rsplit_once('.')
        .map(|(stem, ext)| (stem, ext.to_ascii_lowercase()));
    match ext {
        Some((stem, ext)) if !stem.is_empty() && !stem.ends_with('/') => match ext.as_str() {
            "txt" | "text" => Kind::Format(Format::Text),
            "json" => Kind::Format(Format::Json),
            "jsonl" | "ndjson" => Kind::Format(Format::JsonLines),
            "zip" => Kind::Zip,
            _ => Kind::Unknown,
        },
        _ => Kind::Unknown,
    }
}

/// Guesses the format of a file from its first bytes: JSON if it starts
/// with `[` or `{` after whitespace and BOM (JSON Lines if its first line is
/// a complete object and the next non-blank line starts another), else text.
pub(crate) fn sniff(sample: &[u8]) -> Format {
    let s = sample.strip_prefix(BOM).unwrap_or(sample).trim_ascii_start();
    match s.first() {
        Some(b'[') => Format::Json,
        Some(b'{') if looks_like_lines(s) => Format::JsonLines,
        Some(b'{') => Format::Json,
        _ => Format::Text,
    }
}

fn looks_like_lines(s: &[u8]) -> bool {
    let Some(nl) = memchr::memchr(b'\n', s) else {
        return false;
    };
    let first_is_object = serde_json::from_slice::<serde_json::Value>(&s[..nl]).is_ok_and(|v| v.is_object());
    first_is_object && s[nl..].trim_ascii_start().first() == Some(&b'{')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(kind_of("a/b.TXT"), Kind::Format(Format::Text));
        assert_eq!(kind_of("x.json"), Kind::Format(Format::Json));
        assert_eq!(kind_of("x.ndjson"), Kind::Format(Format::JsonLines));
        assert_eq!(kind_of("2015-07-21.zip"), Kind::Zip);
        assert_eq!(kind_of("README"), Kind::Unknown);
        assert_eq!(kind_of(".json"), Kind::Unknown);
        assert_eq!(kind_of("x.csv"), Kind::Unknown);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"\xEF\xBB\xBF \n[{}]"), Format::Json);
        assert_eq!(sniff(b"{\"a\":\n1}"), Format::Json);
        assert_eq!(sniff(b"{\"a\":1}\n\n{\"a\":2}\n"), Format::JsonLines);
        assert_eq!(sniff("الكرملين".as_bytes()), Format::Text);
        assert_eq!(sniff(b""), Format::Text);
    }

    #[test]
    fn names_round_trip() {
        for f in [Format::Text, Format::Json, Format::JsonLines] {
            assert_eq!(f.name().parse::<Format>().unwrap(), f);
        }
        assert!("xml".parse::<Format>().is_err());
    }
}
