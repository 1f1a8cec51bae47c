//! The page shell shared by every page of the web interface: Arabic,
//! right-to-left, one small stylesheet, no script, and headers that keep a
//! browser from running anything a page might carry.

use crate::html::escape;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Content-Security-Policy of every page: inline styles only, no script.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
                       form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const STYLE: &str = r#"
:root { --ink: #1d2430; --muted: #5b6472; --line: #dde2ea; --accent: #0f6b5c; --mark: #ffe58a; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 17px/1.7 "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", Tahoma, "Segoe UI", sans-serif; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.site { background: var(--accent); color: #fff; padding: .6rem 1rem; display: flex; gap: 1rem;
  align-items: baseline; flex-wrap: wrap; }
header.site a { color: #fff; }
header.site .name { font-size: 1.4rem; font-weight: bold; }
header.site nav { margin-inline-start: auto; display: flex; gap: 1rem; font-size: .9rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
form.search { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; background: #fff;
  border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; }
form.search .q { flex: 1 1 100%; display: flex; gap: .5rem; }
form.search input, form.search select, form.search button { font: inherit; padding: .35rem .6rem;
  border: 1px solid var(--line); border-radius: .35rem; background: #fff; color: inherit; max-width: 100%; }
form.search input[type=search] { flex: 1; min-width: 0; }
form.search button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
form.search label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
.help { color: var(--muted); font-size: .85rem; margin: .4rem 0 0; }
.help code { unicode-bidi: isolate; white-space: nowrap; background: #eef1f5; padding: 0 .25rem; border-radius: .2rem; }
.error { background: #fdecea; border: 1px solid #f5c2bd; color: #8a1f11; padding: .6rem .8rem; border-radius: .4rem; }
.summary { color: var(--muted); margin: .8rem 0 .4rem; }
.took { white-space: nowrap; }
.grid { display: grid; grid-template-columns: minmax(0, 1fr) 15rem; gap: 1.2rem; align-items: start; }
ol.results { list-style: none; margin: 0; padding: 0; }
ol.results li { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: .7rem .9rem;
  margin-bottom: .7rem; }
ol.results h2 { font-size: 1.1rem; margin: 0 0 .2rem; }
.meta { color: var(--muted); font-size: .85rem; display: flex; gap: .8rem; flex-wrap: wrap; }
.snippet { margin: .3rem 0 0; }
mark { background: var(--mark); color: inherit; padding: 0 .1rem; border-radius: .15rem; }
aside.facets { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .9rem; }
aside.facets h2 { font-size: 1rem; margin: .2rem 0 .4rem; }
aside.facets ul { list-style: none; margin: 0; padding: 0; }
aside.facets li { display: flex; justify-content: space-between; gap: .5rem; font-size: .9rem; }
aside.facets .n { color: var(--muted); }
figure.chart { margin: .5rem 0 1rem; background: #fff; border: 1px solid var(--line); border-radius: .5rem;
  padding: .5rem; }
figure.chart figcaption { font-size: .85rem; color: var(--muted); }
svg.timeline { width: 100%; height: 7rem; display: block; border-bottom: 1px solid var(--line); }
svg.timeline .bar { fill: var(--accent); }
svg.timeline .slot { fill: transparent; }
svg.timeline a:hover .bar { fill: #e0a100; }
svg.timeline a:hover .slot { fill: #eef4f2; }
.ticks { display: flex; justify-content: space-between; gap: .5rem; font-size: .8rem; color: var(--muted); }
nav.pager { display: flex; justify-content: space-between; margin: 1rem 0; }
article.full { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.2rem; }
article.full h1 { font-size: 1.5rem; line-height: 1.5; margin: 0 0 .5rem; }
article.full .url { overflow-wrap: anywhere; }
article.full .kicker { color: var(--accent); font-weight: bold; margin: 0 0 .3rem; }
article.full h2.sub { font-size: 1.15rem; margin: 1rem 0 .3rem; }
article.full .dateline, article.full .byline { color: var(--muted); font-size: .95rem; }
article.full .caption { color: var(--muted); font-style: italic; font-size: .9rem; }
details.removed { margin-top: 1rem; color: var(--muted); font-size: .85rem; }
details.removed li small { opacity: .8; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; font-size: .9rem;
  color: var(--muted); margin: 0 0 1rem; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ol.quotes .who { margin: 0; font-size: .95rem; }
.who .speaker { font-weight: bold; }
.who .role, .who .kind, .who .via, .who .date { color: var(--muted); font-size: .85rem; }
blockquote { margin: .3rem 0; padding: .2rem .8rem; border-inline-start: 3px solid var(--accent); background: #f3f7f6; }
section.quotes { margin-top: 1rem; }
section.quotes ol { padding-inline-start: 1.2rem; }
table.speakers { width: 100%; border-collapse: collapse; background: #fff; font-size: .9rem; }
table.speakers th, table.speakers td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: start; }
@media (max-width: 44rem) {
  body { font-size: 16px; }
  main { padding: .6rem; }
  .grid { grid-template-columns: 1fr; }
  aside.facets { order: -1; }
}
"#;

/// A complete page: `<html lang="ar" dir="rtl">` around `body`.
/// `title` is plain text (escaped here); `body` is HTML.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header class=\"site\"><a class=\"name\" href=\"/\">مرصد</a><span>مرصد الأخبار العربية</span>\
         <nav><a href=\"/\">البحث</a><a href=\"/stories\">القصص</a><a href=\"/quotes\">من قال ماذا</a>\
         <a href=\"/speakers\">المتحدثون</a><a href=\"/api/openapi.json\">واجهة البرمجة</a>\
         <a href=\"/api/stats\">إحصاءات المخزن</a></nav></header>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        title = escape(title),
    )
}

/// An HTML response with the page's status and security headers.
pub fn respond(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// The alert shown above a search form whose query could not be understood.
pub fn query_alert(message: &str) -> String {
    format!(
        "<div class=\"error\" role=\"alert\"><strong>تعذّر فهم البحث:</strong> {}</div>",
        crate::html::ltr(message)
    )
}

/// An error page: the message in Arabic, the detail as given.
pub fn error_page(status: StatusCode, message: &str, detail: &str) -> Response {
    let body = format!(
        "<div class=\"error\" role=\"alert\"><strong>{}</strong><p dir=\"auto\">{}</p></div>\
         <p><a href=\"/\">العودة إلى البحث</a></p>",
        escape(message),
        escape(detail)
    );
    respond(status, page(message, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_arabic_rtl_and_escape_titles() {
        let p = page("<script>", "<p>x</p>");
        assert!(p.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(p.contains("name=\"viewport\""));
        assert!(p.contains("<title>&lt;script&gt;</title>"));
        let r = error_page(StatusCode::NOT_FOUND, "غير موجود", "<b>");
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(r.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("default-src 'none'"));
    }
}
