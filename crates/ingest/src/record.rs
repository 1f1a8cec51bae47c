//! From one record's bytes to an [`Article`]: decoding, field mapping, date
//! normalisation, defaults from [`Options`], id assignment, warnings. Shared by
//! every reader and by [`crate::parse_raw`], so a stored raw record re-parses
//! to the same article.

use crate::date::normalize_date;
use crate::encoding::decode;
use crate::error::Result;
use crate::event::{Event, Record, RecordError};
use crate::fields::article_from_value;
use crate::{Error, Format, Options};
use encoding_rs::Encoding;
use marsad_core::{Article, Origin};

/// An article and the warnings raised while parsing it.
pub(crate) struct Parsed {
    pub article: Article,
    pub warnings: Vec<String>,
}

/// Parses one record's bytes in `format` and `enc`.
pub(crate) fn parse_record(format: Format, enc: &'static Encoding, raw: &[u8], options: &Options) -> Result<Parsed> {
    let text = decode(raw, enc)?;
    let article = match format {
        Format::Text => Article {
            content: text.into_owned(),
            ..Article::default()
        },
        Format::Json | Format::JsonLines => {
            let value: serde_json::Value = serde_json::from_str(&text)?;
            article_from_value(value)?
        }
    };
    Ok(finish(article, options))
}

/// Applies option defaults, normalises the date, assigns the id.
fn finish(mut article: Article, options: &Options) -> Parsed {
    let mut warnings = Vec::new();
    fill(&mut article.source, &options.source);
    fill(&mut article.url, &options.url);
    fill(&mut article.date, &options.date);
    if let Some(date) = article.date.as_mut() {
        match normalize_date(date) {
            Some(iso) => *date = iso,
            None => warnings.push(format!("date {date:?} not recognised; kept as given")),
        }
    }
    if !article.has_text() {
        warnings.push("no text".to_string());
    }
    article.assign_id();
    Parsed { article, warnings }
}

fn fill(field: &mut Option<String>, default: &Option<String>) {
    if field.as_deref().is_none_or(|s| s.trim().is_empty()) {
        if let Some(d) = default {
            *field = Some(d.clone());
        }
    }
}

/// Where events go, with the options every reader needs.
pub(crate) struct Ctx<'a> {
    pub options: &'a Options,
    sink: &'a mut dyn FnMut(Event),
}

impl<'a> Ctx<'a> {
    pub fn new(options: &'a Options, sink: &'a mut dyn FnMut(Event)) -> Self {
        Ctx { options, sink }
    }

    pub fn emit(&mut self, event: Event) {
        (self.sink)(event)
    }

    pub fn error(&mut self, origin: Origin, error: &Error) {
        self.emit(Event::Error(RecordError::new(origin, error)));
    }

    pub fn skipped(&mut self, path: String, reason: impl Into<String>) {
        self.emit(Event::Skipped {
            path,
            reason: reason.into(),
        });
    }

    /// Parses `raw` and emits the record, or the error that stopped it.
    pub fn record(&mut self, origin: Origin, format: Format, enc: &'static Encoding, raw: Vec<u8>) {
        match parse_record(format, enc, &raw, self.options) {
            Ok(Parsed { article, warnings }) => self.emit(Event::Record(Record {
                origin,
                format,
                encoding: enc.name(),
                raw,
                article,
                warnings,
            })),
            Err(e) => self.error(origin, &e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::UTF_8;

    #[test]
    fn options_fill_only_missing_fields() {
        let opts = Options {
            source: Some("dostor".into()),
            date: Some("21/07/2015".into()),
            ..Options::default()
        };
        let p = parse_record(Format::Text, UTF_8, "نص".as_bytes(), &opts).unwrap();
        assert_eq!(p.article.source.as_deref(), Some("dostor"));
        assert_eq!(p.article.date.as_deref(), Some("2015-07-21"));
        assert!(p.article.id.starts_with("sha:"));
        let raw = br#"{"source":"okaz","date":"someday","title":"t"}"#;
        let p = parse_record(Format::Json, UTF_8, raw, &opts).unwrap();
        assert_eq!(p.article.source.as_deref(), Some("okaz"));
        assert_eq!(p.article.date.as_deref(), Some("someday"));
        assert_eq!(p.warnings, ["date \"someday\" not recognised; kept as given"]);
    }

    #[test]
    fn empty_records_warn() {
        let p = parse_record(
            Format::Json,
            UTF_8,
            br#"{"title":"","content":" "}"#,
            &Options::default(),
        )
        .unwrap();
        assert_eq!(p.warnings, ["no text"]);
    }
}
