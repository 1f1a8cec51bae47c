//! What the readers report: records, errors, skipped files and file
//! boundaries, streamed to a sink in input order.

use crate::error::Error;
use crate::Format;
use marsad_core::{Article, Origin};
use std::fmt;

/// One parsed record with its verbatim bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// File, archive member and position the record was read from.
    pub origin: Origin,
    /// Format of the record's bytes (needed to re-parse `raw`).
    pub format: Format,
    /// Name of the encoding of `raw` as `encoding_rs` spells it
    /// (`UTF-8`, `windows-1256`, `ISO-8859-6`).
    pub encoding: &'static str,
    /// The record's bytes exactly as in the file, in its original encoding:
    /// a whole `.txt` file (BOM included), one JSON array element, one JSON
    /// Lines line without its line break.
    pub raw: Vec<u8>,
    /// The parsed article, with its id assigned.
    pub article: Article,
    /// Things worth knowing that did not stop the record (`no text`,
    /// unrecognised date, undecodable bytes replaced).
    pub warnings: Vec<String>,
}

/// Category of a [`RecordError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Missing file, permission denied, I/O failure.
    Unreadable,
    /// NUL bytes or mostly control characters.
    Binary,
    /// Bytes invalid in the encoding in use, or text in no supported encoding.
    Encoding,
    /// Malformed JSON in one record.
    Syntax,
    /// The file's structure is broken; the rest of the file was not read.
    Structure,
    /// Well-formed JSON with a value of the wrong type.
    Type,
    /// A record larger than `Options::max_record_bytes`.
    TooLarge,
    /// A damaged or truncated zip archive.
    Archive,
}

/// An error tied to the place it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// File, archive member and record the error is about.
    pub origin: Origin,
    /// Category of the error.
    pub kind: ErrorKind,
    /// What is wrong, for a human.
    pub message: String,
}

impl RecordError {
    /// An error at `origin` from this crate's [`Error`].
    pub fn new(origin: Origin, error: &Error) -> Self {
        RecordError {
            origin,
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for RecordError {}

/// One step of reading, in input order.
///
/// Events are handed to the sink one at a time and never collected by the
/// readers, so the size of the `Record` variant costs nothing.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// A file on disk is about to be read; `bytes` is its size.
    FileStarted {
        /// Path of the file.
        path: String,
        /// Size of the file on disk.
        bytes: u64,
    },
    /// A record was read and parsed.
    Record(Record),
    /// A record, member or file could not be read; reading goes on.
    Error(RecordError),
    /// A file or archive member was passed over (unknown extension, nested
    /// archive, symlinked directory). Not an error.
    Skipped {
        /// Path of the file, `archive.zip!member` for archive members.
        path: String,
        /// Why it was passed over.
        reason: String,
    },
    /// A file on disk has been read; `bytes` is its size, as in `FileStarted`.
    FileFinished {
        /// Path of the file.
        path: String,
        /// Size of the file on disk.
        bytes: u64,
    },
}
