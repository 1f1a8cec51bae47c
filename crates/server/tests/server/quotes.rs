//! Who said what over HTTP: `/api/quotes`, `/api/speakers`, quotes in
//! `/api/articles/{id}`, and the `/quotes` and `/speakers` pages.

use crate::common::{start, start_with, XSS_ID};
use marsad_core::Article;
use marsad_server::DEFAULT_BODY_LIMIT;
use marsad_store::NewRecord;

#[tokio::test]
async fn quotes_are_found_by_stems_and_speaker() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let r = s.get_q("/api/quotes", &[("q", "القمة"), ("speaker", "بيسكوف")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["speaker"], "بيسكوف");
    let quotes = v["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 1, "{v:#}");
    let q = &quotes[0];
    assert_eq!(q["article_id"], "kremlin-1");
    assert_eq!(q["speaker"], "بيسكوف");
    assert_eq!(
        q["speaker_name"], "دميتري بيسكوف",
        "the surname is reconciled with the full name"
    );
    assert_eq!(q["kind"], "indirect");
    assert_eq!(q["headline"], "الكرملين يرحب بقمة بوتين وبايدن");
    assert!(q["text"].as_str().unwrap().starts_with("القمة ستبحث"));
    // A speaker with a role: all of Peskov's statements, by his role.
    let v = s
        .get_q("/api/quotes", &[("speaker", "المتحدث باسم الكرملين")])
        .await
        .json();
    assert!(v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["role"] == "المتحدث باسم الكرملين"));
    let none = s
        .get_q("/api/quotes", &[("q", "أمطار"), ("speaker", "بيسكوف")])
        .await
        .json();
    assert_eq!(none["quotes"].as_array().unwrap().len(), 0);
    // Articles by who is quoted in them: the search's `speaker` filter.
    let articles = |params: &'static [(&'static str, &'static str)]| {
        let s = &s;
        async move {
            let v = s.get_q("/api/search", params).await.json();
            let ids: Vec<String> = v["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_str().unwrap().to_string())
                .collect();
            ids
        }
    };
    assert_eq!(articles(&[("speaker", "بيسكوف")]).await, ["kremlin-1"]);
    assert_eq!(
        articles(&[("q", "بوتين"), ("speaker", "دميتري بيسكوف")]).await,
        ["kremlin-1"]
    );
    assert_eq!(articles(&[("q", "بوتين speaker:بيسكوف")]).await, ["kremlin-1"]);
    assert!(!articles(&[("q", "بوتين -speaker:بيسكوف")])
        .await
        .contains(&"kremlin-1".to_string()));
    assert!(articles(&[("q", "أمطار"), ("speaker", "بيسكوف")]).await.is_empty());
    for bad in [
        &[("from", "yesterday")][..],
        &[("limit", "0")][..],
        &[("limit", "x")][..],
    ] {
        let r = s.get_q("/api/quotes", bad).await;
        assert_eq!(r.status, 400, "{bad:?}: {}", r.body);
        assert!(r.json()["error"].is_string());
    }
    s.stop().await;
}

#[tokio::test]
async fn speakers_and_article_quotes() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let v = s.get_q("/api/speakers", &[("limit", "10")]).await.json();
    let list = v.as_array().unwrap();
    let peskov = list.iter().find(|s| s["name"] == "دميتري بيسكوف").expect("Peskov");
    assert_eq!(peskov["quotes"], 2);
    let aliases: Vec<&str> = peskov["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(aliases.contains(&"بيسكوف"), "{aliases:?}");
    assert_eq!(peskov["roles"][0], "المتحدث باسم الكرملين");
    let a = s.get("/api/articles/kremlin-1").await.json();
    let quotes = a["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 2);
    let body = a["body"].as_str().unwrap();
    for q in quotes {
        let (from, to) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[from..to], q["text"].as_str().unwrap());
    }
    s.stop().await;
}

#[tokio::test]
async fn search_hits_carry_as_many_quotes_as_asked() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let hit = |v: serde_json::Value| {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == "kremlin-1")
            .cloned()
            .expect("the Kremlin article is found")
    };
    let q = ("q", "الكرملين بيسكوف");
    let one = hit(s.get_q("/api/search", &[q]).await.json());
    assert_eq!(
        one["quotes"].as_array().unwrap().len(),
        1,
        "one quote by default: {one:#}"
    );
    assert_eq!(one["quotes_total"], 2);
    let article = s.get("/api/articles/kremlin-1").await.json();
    assert_eq!(one["quotes"][0], article["quotes"][0], "the article's first quote");
    let all = hit(s.get_q("/api/search", &[q, ("quotes", "5")]).await.json());
    assert_eq!(all["quotes"], article["quotes"]);
    let none = hit(s.get_q("/api/search", &[q, ("quotes", "0")]).await.json());
    assert!(
        none.get("quotes").is_none() && none.get("quotes_total").is_none(),
        "{none:#}"
    );
    for bad in ["21", "-1", "two"] {
        let r = s.get_q("/api/search", &[q, ("quotes", bad)]).await;
        assert_eq!(r.status, 400, "quotes={bad}: {}", r.body);
        assert!(r.json()["error"].as_str().unwrap().starts_with("quotes:"), "{}", r.body);
    }
    s.stop().await;
}

fn hostile() -> NewRecord {
    let article = Article {
        id: "hostile-1".into(),
        title: "تصريح <i>خطير</i>".into(),
        content: "قال <b>المتحدث</b> إن \"<script>alert(1)</script> سيحدث غدا في المدينة\".".into(),
        source: Some("test".into()),
        date: Some("2021-06-05".into()),
        ..Default::default()
    };
    NewRecord {
        origin: "hostile".into(),
        format: "json".into(),
        encoding: "UTF-8".into(),
        raw: b"{}".to_vec(),
        article,
        warnings: vec![],
    }
}

#[tokio::test]
async fn quote_pages_are_rtl_and_escaped() {
    let s = start_with(None, DEFAULT_BODY_LIMIT, &[hostile()]).await;
    let r = s.get_q("/quotes", &[("speaker", "بيسكوف")]).await;
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/html"));
    let html = &r.body;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(html.contains("<blockquote dir=\"rtl\">القمة ستبحث"), "{html}");
    assert!(html.contains("href=\"/article/kremlin-1\""));
    assert!(html.contains("value=\"بيسكوف\""), "the speaker stays in the form");
    let all = s.get("/quotes").await.body;
    assert!(
        !all.contains("<script>") && !all.contains("<b>") && !all.contains("<i>"),
        "{all}"
    );
    assert!(all.contains("alert(1)&lt;/script&gt;"), "{all}");
    let speakers = s.get("/speakers").await;
    assert_eq!(speakers.status, 200);
    assert!(speakers.body.contains("دميتري بيسكوف"));
    assert!(speakers.body.contains("href=\"/quotes?speaker="));
    // Each speaker's article count links to the articles quoting them.
    let link = format!(
        "href=\"/?speaker={}\"",
        marsad_server::html::encode_component("دميتري بيسكوف")
    );
    assert!(speakers.body.contains(&link), "{}", speakers.body);
    let page = s.get(&link[6..link.len() - 1]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("href=\"/article/kremlin-1\""), "{}", page.body);
    assert!(page.body.contains("name=\"speaker\" value=\"دميتري بيسكوف\""));
    let article = s.get("/article/kremlin-1").await.body;
    assert!(article.contains("<section class=\"quotes\">"), "{article}");
    let bad = s.get_q("/quotes", &[("from", "<script>")]).await;
    assert_eq!(bad.status, 400);
    assert!(!bad.body.contains("<script>"));
    let xss = s.get(&format!("/article/{XSS_ID}")).await;
    assert_eq!(xss.status, 200);
    s.stop().await;
}
