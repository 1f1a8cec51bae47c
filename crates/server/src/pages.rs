//! The web interface's pages: search at `/` (query, filters, highlighted
//! results, facets and the timeline) and one article at `/article/{id}`.
//! Everything is rendered on the server; the URL holds the whole search,
//! so a results page can be shared.

use crate::api::{bad_path, bad_query};
use crate::article;
use crate::chart;
use crate::error::ApiError;
use crate::html::{article_href, dir_of, escape, ltr, marked, query_string, short_date};
use crate::layout::{error_page, page, query_alert, respond};
use crate::search::{self, SearchPage, SearchParams};
use crate::state::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::fmt::Write;

/// `GET /`: the search page.
pub async fn search_page(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let sources = state.sources().await.unwrap_or_else(|e| {
        tracing::warn!(error = %e.public_message(), "listing sources");
        Default::default()
    });
    let (params, outcome) = match params {
        Err(rejection) => (SearchParams::default(), Some(Err(bad_query(rejection)))),
        Ok(Query(p)) if p.is_empty() => (p, None),
        Ok(Query(p)) => {
            let outcome = match p.request() {
                // The results page shows no quotes.
                Ok(mut request) => {
                    request.opts.quotes = 0;
                    search::run(&state, request).await
                }
                Err(e) => Err(e),
            };
            (p, Some(outcome))
        }
    };
    let mut body = form(&params, &sources);
    let status = match outcome {
        None => StatusCode::OK,
        Some(Ok(results)) => {
            body.push_str(&render_results(&params, &results));
            StatusCode::OK
        }
        Some(Err(ApiError::BadRequest(message))) => {
            body.push_str(&query_alert(&message));
            StatusCode::BAD_REQUEST
        }
        Some(Err(e)) => return error_page(e.status(), "تعذّر البحث", &e.public_message()),
    };
    let title = match params.q.as_deref().map(str::trim) {
        Some(q) if !q.is_empty() => format!("{q} — مرصد"),
        _ => "مرصد — البحث في الأخبار العربية".to_string(),
    };
    respond(status, page(&title, &body))
}

fn value(v: &Option<String>) -> &str {
    v.as_deref().map(str::trim).unwrap_or_default()
}

/// The search a results page shows, for building links to its variants.
struct Current<'a> {
    q: &'a str,
    limit: &'a str,
    sort: &'a str,
    speaker: &'a str,
}

impl Current<'_> {
    /// The link to this search with another source, period or offset.
    fn href(&self, source: &str, from: &str, to: &str, offset: usize) -> String {
        let offset = if offset > 0 { offset.to_string() } else { String::new() };
        let pairs = [("q", self.q), ("source", source), ("from", from), ("to", to)];
        let qs = query_string(pairs.into_iter().chain([
            ("speaker", self.speaker),
            ("sort", self.sort),
            ("limit", self.limit),
            ("offset", offset.as_str()),
        ]));
        format!("/?{qs}")
    }
}

fn form(p: &SearchParams, sources: &[String]) -> String {
    let mut out = String::from("<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">");
    let _ = write!(
        out,
        "<div class=\"q\"><input type=\"search\" name=\"q\" value=\"{}\" dir=\"auto\" autofocus \
         placeholder=\"ابحث في الأخبار: قمة بوتين بايدن\" aria-label=\"نص البحث\">\
         <button type=\"submit\">بحث</button></div>",
        escape(value(&p.q))
    );
    out.push_str("<label>المصدر<select name=\"source\"><option value=\"\">كل المصادر</option>");
    let chosen = value(&p.source);
    for s in sources {
        let selected = if s == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{0}\"{selected} dir=\"auto\">{0}</option>",
            escape(s)
        );
    }
    if !chosen.is_empty() && !sources.iter().any(|s| s == chosen) {
        let _ = write!(out, "<option value=\"{0}\" selected>{0}</option>", escape(chosen));
    }
    out.push_str("</select></label>");
    for (name, label, v) in [("from", "من تاريخ", &p.from), ("to", "إلى تاريخ", &p.to)] {
        let _ = write!(
            out,
            "<label>{label}<input type=\"date\" name=\"{name}\" value=\"{}\" dir=\"ltr\"></label>",
            escape(value(v))
        );
    }
    let _ = write!(
        out,
        "<label>المتحدث<input type=\"text\" name=\"speaker\" value=\"{}\" dir=\"auto\" \
         placeholder=\"بيسكوف\"></label>",
        escape(value(&p.speaker))
    );
    out.push_str("<label>الترتيب<select name=\"sort\">");
    let sort = value(&p.sort);
    for (v, label) in [("", "الأكثر صلة"), ("newest", "الأحدث أولاً"), ("oldest", "الأقدم أولاً")]
    {
        let selected = if v == sort { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{v}\"{selected}>{label}</option>");
    }
    out.push_str("</select></label>");
    out.push_str(
        "</form><p class=\"help\">صيغة البحث: <code dir=\"rtl\">\"عبارة كاملة\"</code> للعبارات، \
         <code dir=\"rtl\">-كلمة</code> للاستبعاد، <code dir=\"rtl\">كلمة OR أخرى</code> للبدائل، \
         <code dir=\"ltr\">source:okaz</code> لمصدر واحد، \
         <code dir=\"ltr\">speaker:بيسكوف</code> للمقالات التي تنقل عن متحدث.</p>",
    );
    out
}

fn render_results(p: &SearchParams, r: &SearchPage) -> String {
    let (source, from, to) = (value(&p.source), value(&p.from), value(&p.to));
    let here = Current {
        q: value(&p.q),
        limit: value(&p.limit),
        sort: value(&p.sort),
        speaker: value(&p.speaker),
    };
    let mut out = String::new();
    if r.total == 0 {
        out.push_str("<p class=\"summary\">لا توجد مقالات مطابقة.</p>");
        return out;
    }
    let last = (r.offset + r.hits.len()) as u64;
    let _ = write!(
        out,
        "<p class=\"summary\">عدد المقالات المطابقة: <strong>{}</strong> — النتائج من {} إلى {} \
         <bdi class=\"took\" dir=\"ltr\">({:.0} ms)</bdi></p>",
        r.total,
        (r.offset + 1).min(last as usize),
        last,
        r.took_ms
    );
    if let Some(f) = &r.facets {
        out.push_str(&chart::figure(&chart::bars(&f.days), |from, to| {
            here.href(source, from, to, 0)
        }));
    }
    out.push_str("<div class=\"grid\"><ol class=\"results\">");
    for hit in &r.hits {
        let title = hit
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or("(بلا عنوان)");
        let _ = write!(
            out,
            "<li><h2 dir=\"{}\"><a href=\"{}\">{}</a></h2><div class=\"meta\">",
            dir_of(title),
            escape(&article_href(&hit.id)),
            escape(title)
        );
        if let Some(s) = &hit.source {
            let _ = write!(out, "<span class=\"source\"><bdi>{}</bdi></span>", escape(s));
        }
        if let Some(d) = &hit.date {
            let _ = write!(out, "<span class=\"date\">{}</span>", ltr(&short_date(d)));
        }
        out.push_str("</div>");
        if let Some(s) = &hit.snippet {
            let _ = write!(
                out,
                "<p class=\"snippet\" dir=\"{}\">{}</p>",
                dir_of(&s.text),
                marked(s)
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ol><aside class=\"facets\"><h2>المصادر</h2><ul>");
    if let Some(f) = &r.facets {
        if !source.is_empty() {
            let _ = write!(
                out,
                "<li><a href=\"{}\">كل المصادر</a></li>",
                escape(&here.href("", from, to, 0))
            );
        }
        for c in &f.sources {
            let _ = write!(
                out,
                "<li><a href=\"{}\"><bdi>{}</bdi></a><span class=\"n\">{}</span></li>",
                escape(&here.href(&c.value, from, to, 0)),
                escape(&c.value),
                c.count
            );
        }
    }
    out.push_str("</ul></aside></div><nav class=\"pager\">");
    if r.offset > 0 {
        let prev = r.offset.saturating_sub(r.limit);
        let _ = write!(
            out,
            "<a rel=\"prev\" href=\"{}\">الصفحة السابقة</a>",
            escape(&here.href(source, from, to, prev))
        );
    } else {
        out.push_str("<span></span>");
    }
    if last < r.total && r.offset + r.limit < search::MAX_DEPTH {
        let next = r.offset + r.limit;
        let _ = write!(
            out,
            "<a rel=\"next\" href=\"{}\">الصفحة التالية</a>",
            escape(&here.href(source, from, to, next))
        );
    }
    out.push_str("</nav>");
    out
}

/// `GET /article/{id}`: one article, all of its text escaped.
pub async fn article_page(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Response {
    let id = match id.map_err(bad_path) {
        Ok(Path(id)) => id,
        Err(e) => return error_page(e.status(), "رابط غير صالح", &e.public_message()),
    };
    let lookup = id.clone();
    match state.read(move |s| Ok(s.store().article(&lookup)?)).await {
        Ok(Some(a)) => respond(StatusCode::OK, page(&article::headline(&a), &article::render(&a))),
        Ok(None) => error_page(
            StatusCode::NOT_FOUND,
            "المقالة غير موجودة",
            &format!("لا توجد مقالة بالمعرّف {id}"),
        ),
        Err(e) => error_page(e.status(), "تعذّر عرض المقالة", &e.public_message()),
    }
}

/// Unknown pages.
pub async fn not_found() -> Response {
    error_page(StatusCode::NOT_FOUND, "الصفحة غير موجودة", "لا توجد صفحة بهذا العنوان.")
}
