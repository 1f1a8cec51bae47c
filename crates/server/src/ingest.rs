//! `POST /api/articles`: ingest over HTTP, behind a bearer token.
//!
//! The body is one JSON article object, a JSON array of them, or NDJSON
//! (one object per line). `Content-Type: application/x-ndjson` (or
//! `application/jsonl`) forces NDJSON; otherwise a body that parses as one
//! JSON value is JSON, anything else NDJSON. Records are parsed by the same
//! readers as `marsad ingest`; bad records are reported with where they are
//! and the others are stored. The store has one writer at a time: HTTP
//! ingests take turns, and one that finds another process writing gets 503.

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use marsad_ingest::{Event, Format, Options};
use marsad_store::{NewRecord, Outcome, Writer};
use serde::Serialize;

/// Name given to records read from a request (their origin in the store).
const ORIGIN: &str = "http";

/// What an ingest request did.
#[derive(Debug, Default, Serialize)]
pub struct IngestSummary {
    /// Records read from the body.
    pub records: u64,
    /// New articles.
    pub new: u64,
    /// Articles whose content changed.
    pub updated: u64,
    /// Articles already stored as they are.
    pub unchanged: u64,
    /// Records that could not be read.
    pub failed: u64,
    /// Ids of the articles read, in body order.
    pub ids: Vec<String>,
    /// What was wrong with each failed record.
    pub errors: Vec<String>,
}

/// Middleware: lets a request through only with the configured token.
/// Without a token, ingest over HTTP is off (403).
pub async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Result<Response, ApiError> {
    let Some(token) = state.token() else {
        return Err(ApiError::Forbidden(
            "ingest over HTTP is off: start the server with --token or MARSAD_TOKEN".into(),
        ));
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(given) if same(given.as_bytes(), token.as_bytes()) => Ok(next.run(request).await),
        _ => Err(ApiError::Unauthorized),
    }
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Handler of `POST /api/articles`.
pub async fn post_articles(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<IngestSummary>), ApiError> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(state.body_limit()),
        _ => ApiError::BadRequest(rejection.body_text()),
    })?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadRequest(
            "the body is empty: send a JSON article or NDJSON".into(),
        ));
    }
    let format = format_of(&headers, &body);
    let (records, mut summary) = tokio::task::spawn_blocking(move || parse(format, &body)).await?;
    if records.is_empty() {
        let first = summary.errors.first().cloned().unwrap_or_default();
        return Err(ApiError::BadRequest(format!("no article could be read: {first}")));
    }
    let _turn = state.ingest_lock().lock().await;
    let dir = state.dir().to_path_buf();
    let outcomes = tokio::task::spawn_blocking(move || -> Result<Vec<Outcome>, ApiError> {
        let mut writer = Writer::open(&dir)?;
        let outcomes = writer.write(&records)?;
        writer.finish()?;
        Ok(outcomes)
    })
    .await??;
    state.store_changed();
    for outcome in outcomes {
        match outcome {
            Outcome::New => summary.new += 1,
            Outcome::Updated => summary.updated += 1,
            Outcome::Unchanged => summary.unchanged += 1,
        }
    }
    tracing::info!(
        records = summary.records,
        new = summary.new,
        failed = summary.failed,
        "ingested over HTTP"
    );
    let status = if summary.new > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(summary)))
}

/// The body's format, from its content type or its shape.
fn format_of(headers: &HeaderMap, body: &[u8]) -> Format {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let ndjson = ["ndjson", "jsonl", "json-seq", "jsonlines"];
    if ndjson.iter().any(|t| content_type.contains(t)) {
        return Format::JsonLines;
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Ok(_) => Format::Json,
        Err(_) => Format::JsonLines,
    }
}

/// Reads the records of a body.
fn parse(format: Format, body: &[u8]) -> (Vec<NewRecord>, IngestSummary) {
    let mut records = Vec::new();
    let mut summary = IngestSummary::default();
    let mut reader = body;
    marsad_ingest::read_reader(
        ORIGIN,
        format,
        &mut reader,
        &Options::default(),
        &mut |event| match event {
            Event::Record(r) => {
                summary.records += 1;
                summary.ids.push(r.article.id.clone());
                records.push(NewRecord::from(r));
            }
            Event::Error(e) => {
                summary.failed += 1;
                summary.errors.push(e.to_string());
            }
            _ => {}
        },
    );
    (records, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn formats_come_from_content_type_or_shape() {
        let mut h = HeaderMap::new();
        assert_eq!(format_of(&h, br#"{"title": "x"}"#), Format::Json);
        assert_eq!(format_of(&h, b"[{\"a\":1},\n{\"a\":2}]"), Format::Json);
        assert_eq!(format_of(&h, b"{\"a\":1}\n{\"a\":2}\n"), Format::JsonLines);
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-ndjson"));
        assert_eq!(format_of(&h, br#"{"title": "x"}"#), Format::JsonLines);
    }

    #[test]
    fn parses_good_records_and_reports_bad_ones() {
        let body = "{\"id\": \"a\", \"title\": \"قمة\", \"text\": \"نص\"}\n{\"title\": 5}\n";
        let (records, summary) = parse(Format::JsonLines, body.as_bytes());
        assert_eq!(records.len(), 1);
        assert_eq!(summary.ids, ["a"]);
        assert_eq!(summary.failed, 1);
        assert!(summary.errors[0].contains("title"), "{:?}", summary.errors);
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"secret", b"secret"));
        assert!(!same(b"secret", b"secreT"));
        assert!(!same(b"secret", b"secret2"));
    }
}
