//! Errors: [`ApiError`], what a request can fail with (turned into a JSON
//! response with a fitting status), and [`Error`], what starting or running
//! the server can fail with.
//!
//! Clients never see internal messages: a 500 says "internal error" and the
//! cause goes to the log.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Why a request failed. Each variant has one status code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// A malformed query, parameter or body (400).
    #[error("{0}")]
    BadRequest(String),
    /// A missing or wrong bearer token (401).
    #[error("a valid bearer token is required (Authorization: Bearer TOKEN)")]
    Unauthorized,
    /// An action the server is not configured to allow (403).
    #[error("{0}")]
    Forbidden(String),
    /// No such article or route (404).
    #[error("{0}")]
    NotFound(String),
    /// A body larger than the server accepts (413).
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    /// Another process is writing to the store (503).
    #[error("another process is writing to the store; retry later")]
    Busy,
    /// Anything else (500). The message is logged, never sent.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// The status code sent for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message a client may see (logs the cause of internal errors).
    pub fn public_message(&self) -> String {
        if let ApiError::Internal(cause) = self {
            tracing::error!(%cause, "request failed");
        }
        self.to_string()
    }

    /// An internal error from anything displayable.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal(cause.to_string())
    }
}

impl From<marsad_store::Error> for ApiError {
    fn from(e: marsad_store::Error) -> Self {
        match e {
            marsad_store::Error::Query(m) => ApiError::BadRequest(format!("bad query: {m}")),
            marsad_store::Error::Busy(_) => ApiError::Busy,
            e => ApiError::internal(e),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::internal(format!("a blocking task failed: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = Json(serde_json::json!({ "error": self.public_message() }));
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        match self {
            ApiError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::Busy => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            _ => {}
        }
        response
    }
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be opened or created.
    #[error("opening the store at {path}: {source}")]
    Store {
        /// The data directory.
        path: PathBuf,
        /// What went wrong.
        source: marsad_store::Error,
    },
    /// The address could not be bound.
    #[error("listening on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("serving HTTP: {0}")]
    Io(#[from] std::io::Error),
}

/// The server's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_fit_and_internals_stay_private() {
        assert_eq!(ApiError::TooLarge(10).status(), StatusCode::PAYLOAD_TOO_LARGE);
        let e = ApiError::from(marsad_store::Error::Query("missing closing \"".into()));
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
        assert!(e.public_message().contains("missing closing"));
        let e = ApiError::internal("/secret/path: disk on fire");
        assert_eq!(e.public_message(), "internal error");
        assert_eq!(ApiError::from(marsad_store::Error::Busy("x".into())), ApiError::Busy);
    }
}
