//! The stories page at `/stories`: the largest stories first, each with its
//! representative (earliest) article, period, size and outlets. Filters by
//! period, outlet and size travel in the URL. All text is escaped.

use crate::api::{bad_query, StoriesParams};
use crate::html::{article_href, dir_of, escape, short_date};
use crate::layout::{error_page, page, respond};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::fmt::Write;

/// `GET /stories`.
pub async fn stories_page(
    State(state): State<AppState>,
    params: Result<Query<StoriesParams>, QueryRejection>,
) -> Response {
    let params = match params {
        Ok(Query(p)) => p,
        Err(rejection) => {
            let e = bad_query(rejection);
            return error_page(e.status(), "تعذّر فهم الطلب", &e.public_message());
        }
    };
    let filter = params.filter();
    let stories = match state.read(move |s| Ok(s.store().stories(&filter)?)).await {
        Ok(s) => s,
        Err(e) => return error_page(e.status(), "تعذّر عرض القصص", &e.public_message()),
    };
    respond(StatusCode::OK, page("القصص — مرصد", &render(&params, &stories)))
}

fn render(params: &StoriesParams, stories: &[marsad_store::StorySummary]) -> String {
    let v = |x: &Option<String>| escape(x.as_deref().unwrap_or_default());
    let mut out = format!(
        "<h1>القصص</h1>\n<form class=\"search\" method=\"get\" action=\"/stories\">\
         <label>من <input type=\"date\" name=\"from\" value=\"{}\"></label> \
         <label>إلى <input type=\"date\" name=\"to\" value=\"{}\"></label> \
         <label>المصدر <input type=\"text\" name=\"source\" value=\"{}\"></label> \
         <button type=\"submit\">عرض</button></form>\n",
        v(&params.from),
        v(&params.to),
        v(&params.source)
    );
    if stories.is_empty() {
        out.push_str("<p class=\"empty\">لا توجد قصص تطابق الطلب.</p>\n");
        return out;
    }
    out.push_str("<ol class=\"results stories\">\n");
    for s in stories {
        let _ = writeln!(
            out,
            "<li class=\"story\"><h2 dir=\"{}\"><a href=\"{}\">{}</a></h2>\
             <p class=\"meta\"><span class=\"size\">{} مقالات</span> · <span class=\"outlets\">{} مصادر: {}</span> · \
             <span dir=\"ltr\">{} – {}</span></p></li>",
            dir_of(&s.headline),
            escape(&article_href(&s.id)),
            escape(&s.headline),
            s.size,
            s.outlets,
            escape(&s.sources.join("، ")),
            escape(&short_date(s.first.as_deref().unwrap_or("-"))),
            escape(&short_date(s.last.as_deref().unwrap_or("-"))),
        );
    }
    out.push_str("</ol>\n");
    out
}
