//! Who said what, over HTTP: `GET /api/quotes` and `GET /api/speakers`
//! (JSON), and the pages `/quotes` (statements by words, speaker and date)
//! and `/speakers` (speakers reconciled across articles). Every piece of
//! text is escaped.

use crate::api::bad_query;
use crate::error::ApiError;
use crate::html::{article_href, dir_of, escape, ltr, query_string};
use crate::layout::{error_page, page, query_alert, respond};
use crate::search::{date, non_empty, number, MAX_QUERY_BYTES};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use marsad_store::{QuoteHit, QuoteQuery, Speaker, StoredQuote};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// Statements per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 20;
/// Most statements or speakers one request may ask for.
pub const MAX_LIMIT: usize = 200;

/// Query parameters of `/api/quotes` and `/quotes`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct QuoteParams {
    /// Words of the statement (matched on stems).
    pub q: Option<String>,
    /// A speaker's name, surname, alias or role.
    pub speaker: Option<String>,
    /// First day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Statements to return.
    pub limit: Option<String>,
}

/// Query parameters of `/api/speakers` and `/speakers`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SpeakerParams {
    /// Speakers to return.
    pub limit: Option<String>,
    /// Speakers to skip.
    pub offset: Option<String>,
}

/// The JSON body of `/api/quotes`.
#[derive(Debug, Clone, Serialize)]
pub struct QuotesPage {
    /// The words asked for.
    pub query: String,
    /// The speaker asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The statements, best first (newest first without words).
    pub quotes: Vec<QuoteHit>,
}

fn limit(v: &Option<String>, default: usize) -> Result<usize, ApiError> {
    let n = number("limit", v, default)?;
    if !(1..=MAX_LIMIT).contains(&n) {
        return Err(ApiError::BadRequest(format!(
            "limit: must be between 1 and {MAX_LIMIT}"
        )));
    }
    Ok(n)
}

impl QuoteParams {
    /// Whether anything was asked for.
    pub fn is_empty(&self) -> bool {
        [&self.q, &self.speaker, &self.from, &self.to]
            .iter()
            .all(|v| non_empty(v).is_none())
    }

    /// Checks the parameters and builds the store's query.
    pub fn query(&self) -> Result<QuoteQuery, ApiError> {
        let text = non_empty(&self.q).unwrap_or_default().to_string();
        let speaker = non_empty(&self.speaker).map(String::from);
        if text.len() + speaker.as_ref().map_or(0, String::len) > MAX_QUERY_BYTES {
            return Err(ApiError::BadRequest(format!("q: longer than {MAX_QUERY_BYTES} bytes")));
        }
        Ok(QuoteQuery {
            text,
            speaker,
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            limit: limit(&self.limit, DEFAULT_LIMIT)?,
        })
    }
}

async fn find(state: &AppState, query: QuoteQuery) -> Result<QuotesPage, ApiError> {
    let (text, speaker) = (query.text.clone(), query.speaker.clone());
    let quotes = state.read(move |s| Ok(s.store().quotes(&query)?)).await?;
    Ok(QuotesPage {
        query: text,
        speaker,
        quotes,
    })
}

async fn speakers(state: &AppState, p: &SpeakerParams) -> Result<Vec<Speaker>, ApiError> {
    let n = limit(&p.limit, 50)?;
    let offset = number("offset", &p.offset, 0)?;
    state.read(move |s| Ok(s.store().speakers(n, offset)?)).await
}

/// `GET /api/quotes?q=&speaker=&from=&to=&limit=`.
pub async fn api_quotes(
    State(state): State<AppState>,
    params: Result<Query<QuoteParams>, QueryRejection>,
) -> Result<Json<QuotesPage>, ApiError> {
    let Query(params) = params.map_err(bad_query)?;
    Ok(Json(find(&state, params.query()?).await?))
}

/// `GET /api/speakers?limit=&offset=`: speakers, most quoted first.
pub async fn api_speakers(
    State(state): State<AppState>,
    params: Result<Query<SpeakerParams>, QueryRejection>,
) -> Result<Json<Vec<Speaker>>, ApiError> {
    let Query(params) = params.map_err(bad_query)?;
    Ok(Json(speakers(&state, &params).await?))
}

fn value(v: &Option<String>) -> &str {
    v.as_deref().map(str::trim).unwrap_or_default()
}

fn form(p: &QuoteParams) -> String {
    let mut out = String::from("<form class=\"search\" action=\"/quotes\" method=\"get\" role=\"search\">");
    let _ = write!(
        out,
        "<div class=\"q\"><input type=\"search\" name=\"q\" value=\"{}\" dir=\"auto\" autofocus \
         placeholder=\"ابحث في التصريحات: قمة\" aria-label=\"نص التصريح\">\
         <button type=\"submit\">بحث</button></div>\
         <label>المتحدث<input type=\"text\" name=\"speaker\" value=\"{}\" dir=\"auto\" \
         placeholder=\"بيسكوف\"></label>",
        escape(value(&p.q)),
        escape(value(&p.speaker))
    );
    for (name, label, v) in [("from", "من تاريخ", &p.from), ("to", "إلى تاريخ", &p.to)] {
        let _ = write!(
            out,
            "<label>{label}<input type=\"date\" name=\"{name}\" value=\"{}\" dir=\"ltr\"></label>",
            escape(value(v))
        );
    }
    out.push_str("</form>");
    out
}

/// One statement as a list item's inner HTML: who, how, through whom, what.
pub fn quote_html(q: &StoredQuote) -> String {
    let mut out = String::from("<p class=\"who\">");
    match &q.speaker {
        Some(s) => {
            let href = format!("/quotes?{}", query_string([("speaker", s.as_str())]));
            let _ = write!(
                out,
                "<a class=\"speaker\" href=\"{}\"><bdi>{}</bdi></a>",
                escape(&href),
                escape(s)
            );
        }
        None => out.push_str("<span class=\"speaker\">(غير معروف)</span>"),
    }
    if let Some(r) = q.role.as_deref().filter(|r| Some(*r) != q.speaker.as_deref()) {
        let _ = write!(out, "، <span class=\"role\"><bdi>{}</bdi></span>", escape(r));
    }
    let kind = match q.kind {
        marsad_store::quotes::QuoteKind::Direct => "مباشر",
        marsad_store::quotes::QuoteKind::Indirect => "غير مباشر",
    };
    let _ = write!(
        out,
        " <span class=\"cue\"><bdi>{}</bdi></span> <span class=\"kind\">({kind}{})</span>",
        escape(&q.cue),
        if q.implicit { "، فاعل مستنتج" } else { "" }
    );
    if let Some(v) = &q.via {
        let _ = write!(out, " <span class=\"via\">عبر <bdi>{}</bdi></span>", escape(v));
    }
    if let Some(d) = &q.date {
        let _ = write!(out, " <span class=\"date\">{}</span>", ltr(d));
    }
    let _ = write!(
        out,
        "</p><blockquote dir=\"{}\">{}</blockquote>",
        dir_of(&q.text),
        escape(&q.text)
    );
    out
}

fn render_quotes(r: &QuotesPage) -> String {
    if r.quotes.is_empty() {
        return "<p class=\"summary\">لا توجد تصريحات مطابقة.</p>".into();
    }
    let mut out = format!(
        "<p class=\"summary\">عدد التصريحات: <strong>{}</strong></p><ol class=\"results quotes\">",
        r.quotes.len()
    );
    for h in &r.quotes {
        let _ = write!(out, "<li>{}<div class=\"meta\">", quote_html(&h.quote));
        if let Some(name) = h
            .speaker_name
            .as_deref()
            .filter(|n| Some(*n) != h.quote.speaker.as_deref())
        {
            let _ = write!(out, "<span>المتحدث: <bdi>{}</bdi></span>", escape(name));
        }
        if let Some(s) = &h.source {
            let _ = write!(out, "<span class=\"source\"><bdi>{}</bdi></span>", escape(s));
        }
        if let Some(d) = &h.day {
            let _ = write!(out, "<span class=\"date\">{}</span>", ltr(d));
        }
        let _ = write!(
            out,
            "<a href=\"{}\" dir=\"{}\">{}</a></div></li>",
            escape(&article_href(&h.article_id)),
            dir_of(&h.headline),
            escape(&h.headline)
        );
    }
    out.push_str("</ol>");
    out
}

/// `GET /quotes`: find statements.
pub async fn quotes_page(
    State(state): State<AppState>,
    params: Result<Query<QuoteParams>, QueryRejection>,
) -> Response {
    let (params, outcome) = match params {
        Err(rejection) => (QuoteParams::default(), Some(Err(bad_query(rejection)))),
        Ok(Query(p)) => {
            let outcome = match p.query() {
                Ok(q) => find(&state, q).await,
                Err(e) => Err(e),
            };
            (p, Some(outcome))
        }
    };
    let mut body = form(&params);
    let status = match outcome {
        None => StatusCode::OK,
        Some(Ok(r)) => {
            body.push_str(&render_quotes(&r));
            StatusCode::OK
        }
        Some(Err(ApiError::BadRequest(message))) => {
            body.push_str(&query_alert(&message));
            StatusCode::BAD_REQUEST
        }
        Some(Err(e)) => return error_page(e.status(), "تعذّر البحث في التصريحات", &e.public_message()),
    };
    respond(status, page("من قال ماذا — مرصد", &body))
}

/// `GET /speakers`: speakers reconciled across articles, most quoted first.
pub async fn speakers_page(
    State(state): State<AppState>,
    params: Result<Query<SpeakerParams>, QueryRejection>,
) -> Response {
    let list = match params.map_err(bad_query) {
        Ok(Query(p)) => speakers(&state, &p).await,
        Err(e) => Err(e),
    };
    let list = match list {
        Ok(l) => l,
        Err(e) => return error_page(e.status(), "تعذّر عرض المتحدثين", &e.public_message()),
    };
    let mut body = String::from(
        "<h1>المتحدثون</h1><table class=\"speakers\"><thead><tr><th>المتحدث</th><th>أسماء أخرى</th>\
         <th>الصفة</th><th>التصريحات</th><th>المقالات</th></tr></thead><tbody>",
    );
    for s in &list {
        let href = format!("/quotes?{}", query_string([("speaker", s.name.as_str())]));
        let articles = format!("/?{}", query_string([("speaker", s.name.as_str())]));
        let others: Vec<String> = s
            .aliases
            .iter()
            .filter(|a| **a != s.name)
            .take(5)
            .map(|a| format!("<bdi>{}</bdi>", escape(a)))
            .collect();
        let roles: Vec<String> = s
            .roles
            .iter()
            .take(3)
            .map(|r| format!("<bdi>{}</bdi>", escape(r)))
            .collect();
        let _ = write!(
            body,
            "<tr><td><a href=\"{}\"><bdi>{}</bdi></a></td><td>{}</td><td>{}</td><td>{}</td>\
             <td><a href=\"{}\">{}</a></td></tr>",
            escape(&href),
            escape(&s.name),
            others.join("، "),
            roles.join("، "),
            s.quotes,
            escape(&articles),
            s.articles
        );
    }
    body.push_str("</tbody></table>");
    if list.is_empty() {
        body.push_str("<p class=\"summary\">لا يوجد متحدثون بعد.</p>");
    }
    respond(StatusCode::OK, page("المتحدثون — مرصد", &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_escaped() {
        let q = StoredQuote {
            speaker: Some("<b>بيسكوف</b>".into()),
            role: Some("المتحدث & الناطق".into()),
            cue: "وقال".into(),
            text: "نص طويل بالعربية فيه <script>x</script>".into(),
            kind: marsad_store::quotes::QuoteKind::Direct,
            via: Some("قناة \"العربية\"".into()),
            implicit: true,
            date: Some("2021-04-14".into()),
            start: 0,
            end: 1,
            raw_start: None,
            raw_end: None,
        };
        let html = quote_html(&q);
        assert!(!html.contains("<script>") && !html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;x") && html.contains("المتحدث &amp; الناطق"));
        assert!(html.contains("فاعل مستنتج"));
        assert!(html.contains("<blockquote dir=\"rtl\">"));
    }
}
