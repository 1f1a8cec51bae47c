//! Ingest over HTTP: token, limits, formats.

use crate::common::start;
use marsad_server::DEFAULT_BODY_LIMIT;

const TOKEN: &str = "s3cret-token";

#[tokio::test]
async fn ingest_is_off_without_a_token() {
    let s = start(None, DEFAULT_BODY_LIMIT).await;
    let r = s
        .send(
            s.client
                .post(format!("{}/api/articles", s.base))
                .bearer_auth("x")
                .body("{}"),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json()["error"].as_str().unwrap().contains("off"));
    s.stop().await;
}

#[tokio::test]
async fn wrong_or_missing_tokens_get_401() {
    let s = start(Some(TOKEN), DEFAULT_BODY_LIMIT).await;
    let url = format!("{}/api/articles", s.base);
    for request in [
        s.client.post(&url).body("{}"),
        s.client.post(&url).bearer_auth("wrong").body("{}"),
        s.client
            .post(&url)
            .header("authorization", format!("Basic {TOKEN}"))
            .body("{}"),
    ] {
        let r = s.send(request).await;
        assert_eq!(r.status, 401);
        assert_eq!(r.headers["www-authenticate"], "Bearer");
        r.json();
    }
    s.stop().await;
}

#[tokio::test]
async fn oversized_and_malformed_bodies_are_refused() {
    let s = start(Some(TOKEN), 4096).await;
    let url = format!("{}/api/articles", s.base);
    let big = format!("{{\"title\": \"{}\"}}", "ب".repeat(50_000));
    let r = s.send(s.client.post(&url).bearer_auth(TOKEN).body(big)).await;
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(r.json()["error"].as_str().unwrap().contains("4096"));
    for bad in ["", "   ", "{\"title\": ", "not json at all", "[1, 2]"] {
        let r = s.send(s.client.post(&url).bearer_auth(TOKEN).body(bad)).await;
        assert_eq!(r.status, 400, "{bad:?}: {}", r.body);
        r.json();
    }
    assert_eq!(s.get("/healthz").await.status, 200);
    s.stop().await;
}

#[tokio::test]
async fn ndjson_and_json_ingest_become_searchable_at_once() {
    let s = start(Some(TOKEN), DEFAULT_BODY_LIMIT).await;
    let url = format!("{}/api/articles", s.base);
    let ndjson = "{\"id\": \"n1\", \"title\": \"افتتاح معرض الكتاب\", \"text\": \"افتتح معرض الرياض الدولي للكتاب أبوابه للزوار.\", \"source\": \"spa\", \"date\": \"2021-06-05\"}\n\
                  {\"title\": 5}\n\
                  {\"id\": \"n2\", \"title\": \"زوار معرض الكتاب\", \"text\": \"توافد الزوار على معرض الكتاب في يومه الثاني.\", \"source\": \"spa\"}\n";
    let r = s
        .send(
            s.client
                .post(&url)
                .bearer_auth(TOKEN)
                .header("content-type", "application/x-ndjson")
                .body(ndjson),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let v = r.json();
    assert_eq!(
        (v["records"].as_u64(), v["new"].as_u64(), v["failed"].as_u64()),
        (Some(2), Some(2), Some(1))
    );
    assert_eq!(v["ids"], serde_json::json!(["n1", "n2"]));
    assert!(v["errors"][0].as_str().unwrap().contains("line 2"), "{v}");
    let found = s.get_q("/api/search", &[("q", "معرض الكتاب")]).await.json();
    assert_eq!(found["total"], 2, "{found}");
    let one =
        "{\"id\": \"j1\", \"title\": \"مهرجان الجنادرية\", \"text\": \"انطلق مهرجان الجنادرية للتراث والثقافة.\"}";
    let r = s
        .send(
            s.client
                .post(&url)
                .bearer_auth(TOKEN)
                .header("content-type", "application/json")
                .body(one),
        )
        .await;
    assert_eq!((r.status, r.json()["new"].as_u64()), (201, Some(1)));
    let r = s.send(s.client.post(&url).bearer_auth(TOKEN).body(one)).await;
    assert_eq!((r.status, r.json()["unchanged"].as_u64()), (200, Some(1)));
    assert_eq!(s.get_q("/api/search", &[("q", "الجنادرية")]).await.json()["total"], 1);
    assert_eq!(s.get("/api/stats").await.json()["articles"], 8);
    s.stop().await;
}
