//! The JSON API's read side: search, one article, store statistics, health
//! and the OpenAPI description. Ingest is in [`crate::ingest`].

use crate::error::ApiError;
use crate::search::{self, SearchPage, SearchParams};
use crate::state::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{OriginalUri, Path, Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

/// Query parameters of `GET /api/articles/{id}`.
#[derive(Debug, Default, Deserialize)]
pub struct ArticleParams {
    /// `1` or `true` to include the raw record.
    pub raw: Option<String>,
}

/// A query-string rejection as a 400.
pub(crate) fn bad_query(rejection: QueryRejection) -> ApiError {
    ApiError::BadRequest(rejection.body_text())
}

/// A path rejection (e.g. bad percent-encoding) as a 400.
pub(crate) fn bad_path(rejection: PathRejection) -> ApiError {
    ApiError::BadRequest(rejection.body_text())
}

/// `GET /api/search`.
pub async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchPage>, ApiError> {
    let Query(params) = params.map_err(bad_query)?;
    let request = params.request()?;
    Ok(Json(search::run(&state, request).await?))
}

/// `GET /api/articles/{id}`: the stored article with its provenance, and
/// with `?raw=1` the raw record decoded from its encoding.
pub async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    params: Result<Query<ArticleParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Path(id) = id.map_err(bad_path)?;
    let Query(params) = params.map_err(bad_query)?;
    let with_raw = matches!(params.raw.as_deref(), Some("1" | "true" | "yes"));
    let value = state
        .read(move |searcher| {
            let store = searcher.store();
            let Some(stored) = store.article(&id)? else {
                return Err(ApiError::NotFound(format!("no article with id {id:?}")));
            };
            let mut value = serde_json::to_value(&stored).map_err(ApiError::internal)?;
            value["story"] = serde_json::to_value(store.story_of(&id)?).map_err(ApiError::internal)?;
            if with_raw {
                let raw = store.raw(&id)?.unwrap_or_default();
                value["raw"] = Value::String(decode(&raw, &stored.encoding));
            }
            Ok(value)
        })
        .await?;
    Ok(Json(value))
}

/// A raw record's bytes as text, decoded from the encoding it was read in.
fn decode(raw: &[u8], encoding: &str) -> String {
    let encoding = encoding_rs::Encoding::for_label(encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    encoding.decode_without_bom_handling(raw).0.into_owned()
}

/// Query parameters of `GET /api/stories` (and the stories page).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct StoriesParams {
    /// Stories seen on or after this day.
    pub from: Option<String>,
    /// Stories seen on or before this day.
    pub to: Option<String>,
    /// Stories carried by this outlet.
    pub source: Option<String>,
    /// Smallest story (default 2).
    pub min_size: Option<i64>,
    /// At most this many (default 20, at most 200).
    pub limit: Option<usize>,
}

impl StoriesParams {
    /// The store filter these parameters ask for.
    pub fn filter(&self) -> marsad_store::StoryFilter {
        let day = |d: &Option<String>| d.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(String::from);
        marsad_store::StoryFilter {
            from: day(&self.from),
            to: day(&self.to),
            source: day(&self.source),
            min_size: self.min_size.unwrap_or(2),
            limit: self.limit.unwrap_or(20).clamp(1, 200),
        }
    }
}

/// `GET /api/stories`: stories, largest first.
pub async fn stories(
    State(state): State<AppState>,
    params: Result<Query<StoriesParams>, QueryRejection>,
) -> Result<Json<Vec<marsad_store::StorySummary>>, ApiError> {
    let Query(params) = params.map_err(bad_query)?;
    let filter = params.filter();
    Ok(Json(state.read(move |s| Ok(s.store().stories(&filter)?)).await?))
}

/// `GET /api/stats`.
pub async fn stats(State(state): State<AppState>) -> Result<Json<marsad_store::Stats>, ApiError> {
    Ok(Json(state.read(|s| Ok(s.store().stats()?)).await?))
}

/// `GET /healthz`: the server is up and can reach its store.
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.read(|_| Ok(())).await?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}

/// Unknown `/api/...` routes.
pub async fn not_found(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NotFound(format!("no route {}", uri.path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_records_decode_from_their_encoding() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("قمة");
        assert_eq!(decode(&bytes, "windows-1256"), "قمة");
        assert_eq!(decode("نص".as_bytes(), "UTF-8"), "نص");
        assert_eq!(decode(b"x", "no-such-encoding"), "x");
    }
}
