//! The crate's error type.

/// What can go wrong: only parsing inputs (dates, gold lines); extraction itself never fails.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A date that is not `YYYY-MM-DD` (optionally followed by a time) or not a real day.
    #[error("not an ISO date: {0:?}")]
    BadDate(String),
    /// A gold-format line that is not valid JSON of the expected shape.
    #[error("bad gold line: {0}")]
    Json(#[from] serde_json::Error),
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
