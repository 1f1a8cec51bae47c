//! The crate's error type: everything that can go wrong with one record or
//! one file, each variant mapped to an [`ErrorKind`] for callers that count
//! or filter errors.

use crate::event::ErrorKind;

/// What went wrong while reading or parsing input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file or archive member could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The file holds NUL bytes or mostly control characters.
    #[error("binary file, not text")]
    Binary,
    /// The bytes are not valid in the encoding in use.
    #[error("{0}")]
    Encoding(String),
    /// A record is not well-formed JSON.
    #[error("malformed JSON: {0}")]
    Syntax(String),
    /// The JSON array (or file) structure is broken; the rest of the file is not read.
    #[error("{0}; the rest of this file is not read")]
    Structure(String),
    /// The record is well-formed JSON but a value has the wrong type.
    #[error("{0}")]
    Type(String),
    /// The record is larger than `Options::max_record_bytes`.
    #[error("record of {size} bytes exceeds the limit of {limit} bytes (max_record_bytes); skipped")]
    TooLarge {
        /// Size of the record in bytes.
        size: u64,
        /// The configured limit.
        limit: usize,
    },
    /// A zip archive is damaged or truncated.
    #[error("{0}")]
    Archive(String),
    /// A format or encoding name was not recognised.
    #[error("unknown {what} `{name}`")]
    Unknown {
        /// What kind of name (`format`, `encoding`).
        what: &'static str,
        /// The name given.
        name: String,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The category of the error, as carried by [`crate::RecordError`].
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io(_) => ErrorKind::Unreadable,
            Error::Binary => ErrorKind::Binary,
            Error::Encoding(_) => ErrorKind::Encoding,
            Error::Syntax(_) => ErrorKind::Syntax,
            Error::Structure(_) => ErrorKind::Structure,
            Error::Type(_) | Error::Unknown { .. } => ErrorKind::Type,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::Archive(_) => ErrorKind::Archive,
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Syntax(e.to_string())
    }
}
