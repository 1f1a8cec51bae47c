//! Readers for raw Arabic news: they turn files into parsed [`Article`]s
//! together with each record's verbatim bytes, and report bad input with
//! where it is and what is wrong, reading on past it.
//!
//! Formats: raw page text (`.txt`, one article per file), JSON (`.json`: one
//! article object or an array of them), JSON Lines (`.jsonl`, `.ndjson`),
//! and `.zip` archives of these. Encodings: UTF-8 with or without BOM,
//! Windows-1256 and ISO-8859-6, detected or forced. Memory stays bounded:
//! JSON arrays are split element by element at the byte level, zip members
//! are streamed, and a record above [`Options::max_record_bytes`] is measured
//! and skipped without being held.
//!
//! ```
//! use marsad_ingest::{read_reader, Event, Format, Options};
//!
//! let dump = r#"[{"title": "قمة بوتين بايدن", "text": "أكد الكرملين",
//!                 "date_extracted": "2015-07-21 02:51:32", "id": 7},
//!                {"title": 5}]"#;
//! let (mut records, mut errors) = (Vec::new(), Vec::new());
//! read_reader("dump.json", Format::Json, &mut dump.as_bytes(), &Options::default(), &mut |event| match event {
//!     Event::Record(r) => records.push(r),
//!     Event::Error(e) => errors.push(e.to_string()),
//!     _ => {}
//! });
//! assert_eq!(records[0].article.id, "7");
//! assert_eq!(records[0].article.date.as_deref(), Some("2015-07-21T02:51:32"));
//! assert_eq!(errors, ["dump.json record 1: field `title`: expected a string, found number 5"]);
//! ```
//!
//! Events come in input order: paths as given, directory entries sorted by
//! name, archive members in archive order, records in file order.
#![deny(missing_docs)]

mod date;
mod encoding;
mod error;
mod event;
mod fields;
mod format;
mod json;
mod jsonl;
mod record;
mod splitter;
mod text;
mod walk;
mod zip;

pub use date::normalize_date;
pub use encoding::parse_encoding;
pub use error::{Error, Result};
pub use event::{ErrorKind, Event, Record, RecordError};
pub use format::Format;

use encoding_rs::Encoding;
use marsad_core::{Article, Origin};
use record::{parse_record, Ctx};
use std::io::BufRead;
use std::path::PathBuf;

/// Size of the read buffers; also how much of a file encoding detection sees.
pub(crate) const BUFFER: usize = 256 * 1024;

/// How to read input.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Encoding of every input; `None` detects it per file.
    pub encoding: Option<&'static Encoding>,
    /// Source (outlet) for records that have none.
    pub source: Option<String>,
    /// Publication date for records that have none (normalised like dates read).
    pub date: Option<String>,
    /// URL for records that have none (useful for a single `.txt` page).
    pub url: Option<String>,
    /// Largest record kept, in bytes; a larger one is skipped with an error.
    pub max_record_bytes: usize,
}

impl Default for Options {
    /// Detected encodings, no defaults, records up to 16 MiB.
    fn default() -> Self {
        Options {
            encoding: None,
            source: None,
            date: None,
            url: None,
            max_record_bytes: 16 << 20,
        }
    }
}

/// Reads files and directories (recursively), sending every event to `sink`
/// in a deterministic order: `paths` as given, directory entries sorted by
/// name. Files found in directories with unknown extensions are skipped; a
/// file named in `paths` with an unknown extension is sniffed. Never fails:
/// every problem is an [`Event::Error`], and reading goes on.
pub fn read_paths(paths: &[PathBuf], options: &Options, sink: &mut dyn FnMut(Event)) {
    let mut ctx = Ctx::new(options, sink);
    for path in paths {
        walk::read_path(path, true, &mut ctx);
    }
}

/// Reads one stream (stdin, a buffer) in `format`, naming records after
/// `name`. Emits records and errors only, no file events.
pub fn read_reader(
    name: &str,
    format: Format,
    reader: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Event),
) {
    let mut ctx = Ctx::new(options, sink);
    read_format(format, reader, &Origin::file(name), &mut ctx);
}

/// Re-parses a stored raw record (as in [`Record::raw`], with its
/// [`Record::format`] and [`Record::encoding`]) into the same article the
/// reader produced, given the same options.
pub fn parse_raw(format: Format, encoding: &str, raw: &[u8], options: &Options) -> Result<Article> {
    let enc = Encoding::for_label(encoding.as_bytes()).ok_or_else(|| Error::Unknown {
        what: "encoding",
        name: encoding.to_string(),
    })?;
    Ok(parse_record(format, enc, raw, options)?.article)
}

/// Dispatches to the reader of `format`.
pub(crate) fn read_format(format: Format, reader: &mut dyn BufRead, base: &Origin, ctx: &mut Ctx) {
    match format {
        Format::Text => text::read_text(reader, base, ctx),
        Format::Json => json::read_json(reader, base, ctx),
        Format::JsonLines => jsonl::read_jsonl(reader, base, ctx),
    }
}
