//! The web interface, as HTML.

use crate::common::{page_record, start, start_with, PAGE_ID, URL_ID, XSS_ID};
use marsad_server::html::encode_component;
use marsad_server::DEFAULT_BODY_LIMIT;

#[tokio::test]
async fn search_page_is_rtl_with_marks_facets_and_chart() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let r = s.get_q("/", &[("q", "بوتين")]).await;
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/html"));
    assert!(r.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    let html = r.body;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(html.contains("name=\"viewport\""));
    assert!(html.contains("<mark>بوتين</mark>"), "{html}");
    assert!(html.contains("<svg class=\"timeline\""));
    assert!(html.contains("href=\"/article/kremlin-1\""));
    assert!(html.contains(&format!("href=\"/article/{}\"", encode_component(URL_ID))));
    assert!(html.contains("value=\"بوتين\""), "the query stays in the form");
    assert!(html.contains("<option value=\"okaz\""), "sources are offered");
    assert!(!html.contains("<script"), "no script, and article markup is escaped");
    assert!(html.contains("&lt;b&gt;عنوان&lt;/b&gt;"));
    let empty = s.get("/").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("<form class=\"search\"") && !empty.body.contains("class=\"results\""));
    s.stop().await;
}

#[tokio::test]
async fn filters_and_paging_links_keep_the_search() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let q = encode_component("بوتين");
    let html = s
        .get_q("/", &[("q", "بوتين"), ("to", "2021-06-30"), ("limit", "1")])
        .await
        .body;
    assert!(html.contains("name=\"to\" value=\"2021-06-30\""));
    assert!(
        html.contains(&format!(
            "href=\"/?q={q}&amp;source=okaz&amp;to=2021-06-30&amp;limit=1\""
        )),
        "{html}"
    );
    let html = s
        .get_q("/", &[("q", "بوتين"), ("source", "okaz"), ("limit", "1")])
        .await
        .body;
    assert!(html.contains("<option value=\"okaz\" selected"));
    let next = format!("/?q={q}&amp;source=okaz&amp;limit=1&amp;offset=1");
    assert!(html.contains(&format!("rel=\"next\" href=\"{next}\"")), "{html}");
    let html = s.get(&next.replace("&amp;", "&")).await.body;
    assert!(
        html.contains("rel=\"prev\"") && !html.contains("rel=\"next\""),
        "{html}"
    );
    // The order chosen stays selected and travels with the paging links.
    let html = s
        .get_q("/", &[("q", "بوتين"), ("sort", "oldest"), ("limit", "1")])
        .await
        .body;
    assert!(html.contains("<option value=\"oldest\" selected>"), "{html}");
    let next = format!("/?q={q}&amp;sort=oldest&amp;limit=1&amp;offset=1");
    assert!(html.contains(&format!("rel=\"next\" href=\"{next}\"")), "{html}");
    assert!(
        html.contains("href=\"/article/kremlin-1\""),
        "the oldest match comes first: {html}"
    );
    // So does the speaker: the source facet's link keeps it.
    let html = s.get_q("/", &[("q", "بوتين"), ("speaker", "بيسكوف")]).await.body;
    let speaker = encode_component("بيسكوف");
    assert!(
        html.contains(&format!("href=\"/?q={q}&amp;source=dostor&amp;speaker={speaker}\"")),
        "{html}"
    );
    let bad = s.get_q("/", &[("q", "بوتين"), ("sort", "date")]).await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("sort"), "{}", bad.body);
    s.stop().await;
}

#[tokio::test]
async fn article_pages_escape_script_and_isolate_urls() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let r = s.get(&format!("/article/{XSS_ID}")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!r.body.contains("<script>alert"));
    assert!(r
        .body
        .contains("<h1 dir=\"rtl\">&lt;b&gt;عنوان&lt;/b&gt; عن بوتين</h1>"));
    assert!(r.body.contains("فقرة ثانية"));
    let r = s.get(&format!("/article/{}", encode_component(URL_ID))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .contains("dir=\"ltr\" href=\"https://aawsat.com/home/article/123?ref=a b\"")
            || r.body.contains("<bdi dir=\"ltr\">https://aawsat.com"),
        "{}",
        r.body
    );
    let r = s.get("/article/no-such-id").await;
    assert_eq!(r.status, 404);
    assert!(r.content_type.starts_with("text/html") && r.body.contains("dir=\"rtl\""));
    s.stop().await;
}

#[tokio::test]
async fn bad_queries_show_an_error_in_the_page() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let r = s.get_q("/", &[("q", "\"unclosed")]).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("class=\"error\"") && r.body.contains("missing closing"));
    assert!(r.body.contains("value=\"&quot;unclosed\""));
    let r = s.get("/no/such/page").await;
    assert_eq!(r.status, 404);
    assert!(r.content_type.starts_with("text/html"));
    assert_eq!(s.get_q("/", &[("q", "أمطار")]).await.status, 200);
    s.stop().await;
}

#[tokio::test]
async fn scraped_pages_show_their_structure_and_what_was_removed() {
    let s = start_with(None, DEFAULT_BODY_LIMIT, &[page_record()]).await;
    let api = s.get(&format!("/api/articles/{PAGE_ID}")).await.json();
    let html = s.get(&format!("/article/{PAGE_ID}")).await.body;
    let headline = api["headline"].as_str().unwrap_or_default();
    if !headline.is_empty() {
        assert!(html.contains(&format!(">{headline}</h1>")), "{html}");
    }
    assert!(html.contains("قال الكرملين اليوم"), "{html}");
    if api["clean"]["lines"]
        .as_array()
        .is_some_and(|l| l.iter().any(|l| l["label"] == "boilerplate"))
    {
        assert!(html.contains("<details class=\"removed\">"), "{html}");
    }
    s.stop().await;
}

#[tokio::test]
async fn stories_page_lists_stories_escaped() {
    let s = start_with(None, DEFAULT_BODY_LIMIT, &crate::common::story_records()).await;
    let r = s.get("/stories").await;
    assert_eq!(r.status, 200);
    let html = r.body;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(html.contains("href=\"/article/health-spa\""), "{html}");
    assert!(html.contains("2 مقالات"));
    assert!(html.contains("okaz، spa"));
    assert!(!html.contains("<i>"), "headlines are escaped");
    let empty = s.get_q("/stories", &[("source", "<b>x</b>")]).await;
    assert!(empty.body.contains("لا توجد قصص") && empty.body.contains("&lt;b&gt;x&lt;/b&gt;"));
    s.stop().await;
}
