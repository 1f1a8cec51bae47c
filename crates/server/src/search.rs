//! Search requests shared by the JSON API and the web interface: query
//! parameters checked and turned into the store's query and options, then
//! run on a search thread (hits with snippets, and facets).

use crate::error::ApiError;
use crate::state::AppState;
use marsad_store::{Facets, FieldSet, Hit, Order, SearchOptions};
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Hits per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 10;
/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest page: `offset + limit` may not exceed this.
pub const MAX_DEPTH: usize = 10_000;
/// Longest query string accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 2048;
/// Quotes per hit unless `quotes` says otherwise: the article's first
/// statement and the count of all (`quotes_total`); the article has the rest.
pub const DEFAULT_QUOTES: usize = 1;
/// Most quotes per hit one request may ask for.
pub const MAX_QUOTES: usize = 20;

/// Query parameters of `/api/search` and `/`, as sent (HTML forms send
/// empty strings for empty fields, so everything is a string here).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchParams {
    /// The query, in the store's query language.
    pub q: Option<String>,
    /// Hits per page.
    pub limit: Option<String>,
    /// Hits skipped.
    pub offset: Option<String>,
    /// First day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Only these sources (comma-separated).
    pub source: Option<String>,
    /// `title,content` (default), `title` or `content`.
    pub fields: Option<String>,
    /// `relevance` (default), `newest` or `oldest`.
    pub sort: Option<String>,
    /// Only articles quoting this speaker (name, surname, alias or role).
    pub speaker: Option<String>,
    /// Whether to count matches per source and day (default: yes).
    pub facets: Option<String>,
    /// Whether to read `q` as plain words, without operators (default: no).
    pub plain: Option<String>,
    /// Quotes per hit, 0 to [`MAX_QUOTES`] (default [`DEFAULT_QUOTES`]).
    pub quotes: Option<String>,
}

/// A checked search request.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query as typed.
    pub q: String,
    /// The query sent to the store (with `source:` filters added).
    pub query: String,
    /// Store options (paging, fields, dates).
    pub opts: SearchOptions,
    /// Whether to compute facets.
    pub facets: bool,
}

/// A page of results: the JSON body of `/api/search`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    /// The query as typed.
    pub query: String,
    /// Number of matching articles.
    pub total: u64,
    /// Hits skipped.
    pub offset: usize,
    /// Hits asked for.
    pub limit: usize,
    /// The hits, best first, with highlighted snippets.
    pub hits: Vec<Hit>,
    /// Matches per source and per day (absent with `facets=false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
}

pub(crate) fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(crate) fn number(name: &str, v: &Option<String>, default: usize) -> Result<usize, ApiError> {
    match non_empty(v) {
        None => Ok(default),
        Some(s) => s
            .parse()
            .map_err(|_| ApiError::BadRequest(format!("{name}: expected a whole number, got {s:?}"))),
    }
}

pub(crate) fn date(name: &str, v: &Option<String>) -> Result<Option<String>, ApiError> {
    let Some(s) = non_empty(v) else { return Ok(None) };
    let b = s.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !ok {
        return Err(ApiError::BadRequest(format!(
            "{name}: expected a date as YYYY-MM-DD, got {s:?}"
        )));
    }
    Ok(Some(s.to_string()))
}

fn flag(name: &str, v: &Option<String>, default: bool) -> Result<bool, ApiError> {
    match non_empty(v) {
        None => Ok(default),
        Some("1" | "true" | "yes") => Ok(true),
        Some("0" | "false" | "no") => Ok(false),
        Some(other) => Err(ApiError::BadRequest(format!(
            "{name}: expected true or false, got {other:?}"
        ))),
    }
}

impl SearchParams {
    /// Whether there is anything to search for.
    pub fn is_empty(&self) -> bool {
        non_empty(&self.q).is_none() && non_empty(&self.source).is_none() && non_empty(&self.speaker).is_none()
    }

    /// Checks the parameters and builds the store's query and options.
    pub fn request(&self) -> Result<SearchRequest, ApiError> {
        let q = non_empty(&self.q).unwrap_or_default().to_string();
        if q.len() > MAX_QUERY_BYTES {
            return Err(ApiError::BadRequest(format!("q: longer than {MAX_QUERY_BYTES} bytes")));
        }
        let limit = number("limit", &self.limit, DEFAULT_LIMIT)?;
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::BadRequest(format!(
                "limit: must be between 1 and {MAX_LIMIT}"
            )));
        }
        let offset = number("offset", &self.offset, 0)?;
        let quotes = number("quotes", &self.quotes, DEFAULT_QUOTES)?;
        if quotes > MAX_QUOTES {
            return Err(ApiError::BadRequest(format!(
                "quotes: must be between 0 and {MAX_QUOTES}"
            )));
        }
        if offset.saturating_add(limit) > MAX_DEPTH {
            return Err(ApiError::BadRequest(format!(
                "offset + limit may not exceed {MAX_DEPTH}"
            )));
        }
        let fields = match non_empty(&self.fields) {
            None | Some("title,content" | "all") => FieldSet::TitleAndContent,
            Some("title") => FieldSet::Title,
            Some("content") => FieldSet::Content,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "fields: expected title,content, title or content, got {other:?}"
                )))
            }
        };
        let order = match non_empty(&self.sort) {
            None | Some("relevance") => Order::Relevance,
            Some("newest") => Order::Newest,
            Some("oldest") => Order::Oldest,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "sort: expected relevance, newest or oldest, got {other:?}"
                )))
            }
        };
        let facets = flag("facets", &self.facets, true)?;
        let plain = flag("plain", &self.plain, false)?;
        if plain && non_empty(&self.source).is_some() {
            return Err(ApiError::BadRequest(
                "source: cannot be combined with plain=true".into(),
            ));
        }
        let mut query = q.clone();
        for source in non_empty(&self.source).into_iter().flat_map(|s| s.split(',')) {
            let source = source.trim();
            if source.is_empty() {
                continue;
            }
            if source.contains(|c: char| c.is_whitespace() || "\"«»“”".contains(c)) {
                return Err(ApiError::BadRequest(format!("source: not a source name: {source:?}")));
            }
            query.push_str(" source:");
            query.push_str(source);
        }
        let opts = SearchOptions {
            limit,
            offset,
            fields,
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            snippets: true,
            count: !facets,
            plain,
            quotes,
            order,
            speaker: non_empty(&self.speaker).map(String::from),
            ..SearchOptions::default()
        };
        Ok(SearchRequest { q, query, opts, facets })
    }
}

/// Runs a search request on a search thread.
pub async fn run(state: &AppState, req: SearchRequest) -> Result<SearchPage, ApiError> {
    state
        .read(move |searcher| {
            let started = Instant::now();
            let (results, facets) = if req.facets {
                let (results, facets) = searcher.search_faceted(&req.query, &req.opts)?;
                (results, Some(facets))
            } else {
                (searcher.search(&req.query, &req.opts)?, None)
            };
            let total = match (&facets, results.total) {
                (Some(f), _) => f.total,
                (None, Some(n)) => n as u64,
                (None, None) => results.hits.len() as u64,
            };
            Ok(SearchPage {
                query: req.q,
                total,
                offset: req.opts.offset,
                limit: req.opts.limit,
                hits: results.hits,
                facets,
                took_ms: started.elapsed().as_secs_f64() * 1000.0,
            })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let mut p = SearchParams::default();
        for &(k, v) in pairs {
            let v = Some(v.to_string());
            match k {
                "q" => p.q = v,
                "limit" => p.limit = v,
                "offset" => p.offset = v,
                "from" => p.from = v,
                "source" => p.source = v,
                "facets" => p.facets = v,
                "plain" => p.plain = v,
                "quotes" => p.quotes = v,
                _ => unreachable!(),
            }
        }
        p
    }

    #[test]
    fn builds_queries_with_source_filters() {
        let r = params(&[("q", " قمة "), ("source", "okaz,aawsat"), ("from", ""), ("limit", "")])
            .request()
            .unwrap();
        assert_eq!(r.query, "قمة source:okaz source:aawsat");
        assert_eq!((r.opts.limit, r.opts.offset, r.opts.from), (DEFAULT_LIMIT, 0, None));
        assert!(r.facets && !r.opts.count && r.opts.snippets);
        assert!(!params(&[("q", "x"), ("facets", "0")]).request().unwrap().facets);
        assert!(params(&[("q", "\"x"), ("plain", "1")]).request().unwrap().opts.plain);
        assert_eq!(r.opts.quotes, DEFAULT_QUOTES);
        assert_eq!(params(&[("q", "x"), ("quotes", "0")]).request().unwrap().opts.quotes, 0);
    }

    #[test]
    fn rejects_bad_parameters() {
        for bad in [
            params(&[("q", "x"), ("limit", "0")]),
            params(&[("q", "x"), ("limit", "abc")]),
            params(&[("q", "x"), ("offset", "99999")]),
            params(&[("q", "x"), ("from", "21/07/2015")]),
            params(&[("q", "x"), ("source", "a b")]),
            params(&[("q", &"ب".repeat(2000))]),
            params(&[("q", "x"), ("plain", "maybe")]),
            params(&[("q", "x"), ("quotes", "21")]),
            params(&[("q", "x"), ("quotes", "-1")]),
            params(&[("q", "x"), ("plain", "1"), ("source", "okaz")]),
        ] {
            assert!(matches!(bad.request(), Err(ApiError::BadRequest(_))), "{bad:?}");
        }
    }
}
