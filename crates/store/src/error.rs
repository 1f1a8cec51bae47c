//! The store's error type.

use std::path::PathBuf;

/// Everything that can go wrong opening, writing or searching a store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The tantivy index failed.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A file-system operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path that could not be read or written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The store was written by a newer Marsad than this one.
    #[error("the store at {path} has schema version {found}, newer than this Marsad understands ({supported}); upgrade Marsad")]
    TooNew {
        /// The data directory.
        path: PathBuf,
        /// Version found in the store.
        found: i64,
        /// Highest version this build knows.
        supported: i64,
    },
    /// Another process holds the index writer.
    #[error("another Marsad process is writing to this store ({0}); wait for it to finish")]
    Busy(String),
    /// A query could not be understood.
    #[error("bad query: {0}")]
    Query(String),
    /// A stored value could not be decoded.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
}

/// The store's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
