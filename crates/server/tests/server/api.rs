//! The JSON API's read side.

use crate::common::{start, URL_ID};
use marsad_server::html::encode_component;
use marsad_server::DEFAULT_BODY_LIMIT;
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_returns_hits_snippets_and_facets() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let r = s.get_q("/api/search", &[("q", "بوتين")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.content_type.starts_with("application/json"));
    let v = r.json();
    assert_eq!(v["query"], "بوتين");
    assert_eq!(v["total"], 4);
    assert_eq!((v["offset"].as_u64(), v["limit"].as_u64()), (Some(0), Some(10)));
    let hit = &v["hits"][0];
    assert!(hit["id"].is_string() && hit["score"].is_number() && hit["title"].is_string());
    let snippet = &hit["snippet"];
    let text = snippet["text"].as_str().unwrap();
    let (from, to) = (
        snippet["highlights"][0][0].as_u64().unwrap(),
        snippet["highlights"][0][1].as_u64().unwrap(),
    );
    assert!(text[from as usize..to as usize].contains("بوتين"), "{snippet}");
    let facets = &v["facets"];
    assert_eq!(facets["total"], 4);
    assert_eq!(facets["sources"][0], serde_json::json!({ "value": "okaz", "count": 2 }));
    let days: Vec<&str> = facets["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["value"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2021-06-01", "2021-06-03"]);
    assert_eq!(facets["days"][1]["count"], 2);
    s.stop().await;
}

#[tokio::test]
async fn query_language_filters_and_paging() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let q = |params: &'static [(&'static str, &'static str)]| {
        let s = &s;
        async move { s.get_q("/api/search", params).await.json() }
    };
    assert_eq!(ids(&q(&[("q", "بوتين"), ("source", "aawsat")]).await), [URL_ID]);
    assert_eq!(ids(&q(&[("q", "بوتين source:dostor")]).await), ["kremlin-1"]);
    assert_eq!(ids(&q(&[("source", "sabq")]).await), ["rain-1"]);
    assert_eq!(ids(&q(&[("q", "\"موتمر صحفي\"")]).await), Vec::<String>::new());
    assert_eq!(ids(&q(&[("q", "\"مؤتمر صحفي\"")]).await), ["undated-1"]);
    let v = q(&[("q", "بوتين -جنيف"), ("facets", "false")]).await;
    assert!(v.get("facets").is_none());
    assert!(!ids(&v).iter().any(|id| id == "kremlin-1" || id == URL_ID), "{v}");
    assert_eq!(v["total"], 2);
    assert_eq!(q(&[("q", "أمطار OR الكرملين")]).await["total"], 2);
    let page1 = q(&[("q", "بوتين"), ("limit", "2")]).await;
    let page2 = q(&[("q", "بوتين"), ("limit", "2"), ("offset", "2")]).await;
    assert_eq!((ids(&page1).len(), ids(&page2).len()), (2, 2));
    assert!(ids(&page1).iter().all(|id| !ids(&page2).contains(id)));
    assert_eq!(page2["total"], 4);
    // By publication day: the two of 3 June, then 1 June, the undated last.
    let newest = ids(&q(&[("q", "بوتين"), ("sort", "newest")]).await);
    let oldest = ids(&q(&[("q", "بوتين"), ("sort", "oldest")]).await);
    assert_eq!(newest.len(), 4);
    let mut june3 = newest[..2].to_vec();
    june3.sort();
    let mut expected = vec![URL_ID.to_string(), crate::common::XSS_ID.to_string()];
    expected.sort();
    assert_eq!(june3, expected);
    assert_eq!(&newest[2..], ["kremlin-1", "undated-1"]);
    assert_eq!((oldest[0].as_str(), oldest[3].as_str()), ("kremlin-1", "undated-1"));
    assert_eq!(
        ids(&q(&[("q", "بوتين"), ("sort", "relevance")]).await),
        ids(&q(&[("q", "بوتين")]).await)
    );
    s.stop().await;
}

#[tokio::test]
async fn bad_requests_get_json_errors_and_the_server_keeps_serving() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let long = "قمة ".repeat(1000);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("q", "\"unclosed")], "missing closing"),
        (vec![("q", "-بوتين")], "nothing to look for"),
        (vec![("q", "بوتين"), ("limit", "abc")], "limit"),
        (vec![("q", "بوتين"), ("limit", "1000")], "limit"),
        (vec![("q", "بوتين"), ("offset", "-1")], "offset"),
        (vec![("q", "بوتين"), ("from", "yesterday")], "from"),
        (vec![("q", "بوتين"), ("fields", "author")], "fields"),
        (
            vec![("q", "بوتين"), ("sort", "date")],
            "sort: expected relevance, newest or oldest",
        ),
        (vec![("q", &long)], "longer than"),
    ];
    for (params, expected) in cases {
        let r = s.get_q("/api/search", &params).await;
        assert_eq!(r.status, 400, "{params:?}: {}", r.body);
        let error = r.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(expected), "{params:?}: {error}");
    }
    assert_eq!(s.get("/api/search").await.status, 400);
    let r = s.get("/api/search?q=%FF%FE").await;
    assert!(matches!(r.status, 200 | 400), "{}", r.body);
    for hostile in [
        "\u{202e}\"x",
        "«",
        "OR OR",
        "source:",
        "+ - OR",
        "\0\u{1}",
        "<script>",
        "a:b:c",
        "*?~^",
    ] {
        let r = s.get_q("/api/search", &[("q", hostile)]).await;
        assert!(matches!(r.status, 200 | 400), "{hostile:?}: {} {}", r.status, r.body);
        r.json();
    }
    let r = s.get("/healthz").await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("ok")));
    assert_eq!(s.get_q("/api/search", &[("q", "بوتين")]).await.json()["total"], 4);
    s.stop().await;
}

#[tokio::test]
async fn articles_by_id_with_raw_records() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let v = s.get("/api/articles/kremlin-1").await.json();
    assert_eq!(v["id"], "kremlin-1");
    assert_eq!(v["source"], "dostor");
    assert!(v["content"].as_str().unwrap().contains("بيسكوف"));
    assert!(v.get("raw").is_none());
    let r = s
        .get(&format!("/api/articles/{}?raw=1", encode_component(URL_ID)))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["id"], URL_ID);
    let raw: Value = serde_json::from_str(v["raw"].as_str().unwrap()).unwrap();
    assert_eq!(raw["id"], URL_ID);
    let r = s.get("/api/articles/no-such-id").await;
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("no-such-id"));
    s.stop().await;
}

#[tokio::test]
async fn stats_openapi_and_unknown_routes() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let stats = s.get("/api/stats").await.json();
    assert_eq!(stats["articles"], 5);
    assert_eq!(stats["indexed"], 5);
    let doc = s.get("/api/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (method, path) in marsad_server::openapi::ROUTES {
        let path = path.replace("{id}", "kremlin-1");
        let url = format!("{}{path}", s.base);
        let r = match *method {
            "get" => s.send(s.client.get(url)).await,
            _ => s.send(s.client.post(url).body("{}")).await,
        };
        assert_ne!(r.status, 404, "{method} {path} is described but not served");
    }
    let r = s.get("/api/nothing/here").await;
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("/api/nothing/here"));
    s.stop().await;
}

/// Filters must narrow a query's matches, never widen them (regression: a
/// required filter (source, from/to) beside only optional words
/// once made the words optional, so every article the filter let through
/// matched.
#[tokio::test]
async fn filters_narrow_matches() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let v = s
        .get_q(
            "/api/search",
            &[("q", "بوتين"), ("from", "2021-06-02"), ("to", "2021-06-30")],
        )
        .await
        .json();
    assert_eq!(v["total"], 2, "{v}");
    let v = s
        .get_q("/api/search", &[("q", "جنيف"), ("source", "okaz")])
        .await
        .json();
    assert_eq!(v["total"], 0, "{v}");
    let v = s.get_q("/api/search", &[("q", "الرياض source:okaz")]).await.json();
    assert_eq!(v["total"], 0, "{v}");
    s.stop().await;
}

#[tokio::test]
async fn stories_list_and_article_story() {
    let s = crate::common::start_with(None, DEFAULT_BODY_LIMIT, &crate::common::story_records()).await;
    let v = s.get("/api/stories").await.json();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 1, "{v}");
    assert_eq!(list[0]["id"], "health-spa", "the earliest article names the story");
    assert_eq!(
        (list[0]["size"].as_i64(), list[0]["outlets"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(list[0]["sources"], serde_json::json!(["okaz", "spa"]));
    let none = s.get_q("/api/stories", &[("source", "sabq")]).await.json();
    assert_eq!(none.as_array().unwrap().len(), 0);
    let later = s.get_q("/api/stories", &[("from", "2021-07-03")]).await.json();
    assert_eq!(later.as_array().unwrap().len(), 0);
    let a = s.get("/api/articles/health-okaz").await.json();
    assert_eq!(a["story"]["id"], "health-spa");
    let copy = a["story"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "health-okaz")
        .cloned();
    assert_eq!(copy.unwrap()["copy_of"], "health-spa");
    let alone = s.get("/api/articles/rain-1").await.json();
    assert_eq!(alone["story"]["size"], 1);
    s.stop().await;
}
