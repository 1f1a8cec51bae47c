//! The test store and server.

use marsad_core::Article;
use marsad_server::{ServeConfig, Server};
use marsad_store::{NewRecord, Writer};
use serde_json::Value;
use std::net::SocketAddr;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// The id of the article whose text carries a script.
pub const XSS_ID: &str = "xss-1";
/// An article whose id is its URL.
pub const URL_ID: &str = "https://aawsat.com/home/article/123?ref=a b";

fn article(id: &str, source: &str, date: Option<&str>, title: &str, content: &str) -> NewRecord {
    let article = Article {
        id: id.into(),
        title: title.into(),
        content: content.into(),
        url: id.starts_with("http").then(|| id.to_string()),
        date: date.map(String::from),
        source: Some(source.into()),
        ..Default::default()
    };
    NewRecord {
        origin: format!("fixture.jsonl record {id}"),
        format: "jsonl".into(),
        encoding: "UTF-8".into(),
        raw: serde_json::to_vec(&article).unwrap(),
        article,
        warnings: vec![],
    }
}

/// A raw scraped page (no title field): masthead, headline, dateline,
/// paragraphs, a subheading and a contact footer.
pub const PAGE_ID: &str = "page-1";

/// The scraped page as a record.
pub fn page_record() -> NewRecord {
    let content = "رئيس التحرير\nأحمد محمود\nرئيس التحرير\nأحمد محمود\n\n\
                   الكرملين: بوتين سيدرس اقتراح قمة مع بايدن\n\n\
                   موسكو - وكالات\n\n\
                   قال الكرملين اليوم إن الرئيس فلاديمير بوتين سيدرس اقتراح نظيره الأمريكي جو بايدن بعقد قمة في دولة ثالثة.\n\
                   وأضاف المتحدث باسم الكرملين أن الاقتراح جديد ويحتاج إلى دراسة متأنية قبل الرد عليه.\n\n\
                   ردود الفعل\n\n\
                   رحبت عواصم أوروبية عدة بالاقتراح الأمريكي ودعت الطرفين إلى خفض التوتر على الحدود الأوكرانية.\n\
                   للتواصل مع المحرر أرسل رسالة نصية إلى الرقم 0123456789";
    article(PAGE_ID, "dostor", Some("2021-06-02"), "", content)
}

/// Writes the fixture store into `dir`, with `extra` records.
pub fn build_store(dir: &std::path::Path, extra: &[NewRecord]) {
    let mut w = Writer::open(dir).unwrap();
    w.write(extra).unwrap();
    w.write(&[
        article(
            "kremlin-1",
            "dostor",
            Some("2021-06-01"),
            "الكرملين يرحب بقمة بوتين وبايدن",
            "أكد المتحدث باسم الكرملين دميتري بيسكوف أن الرئيس فلاديمير بوتين مستعد للقاء الرئيس الأمريكي جو بايدن في جنيف.\n\
             وقال بيسكوف إن القمة ستبحث الاستقرار الاستراتيجي والعلاقات الثنائية بين البلدين.",
        ),
        article(
            URL_ID,
            "aawsat",
            Some("2021-06-03"),
            "بايدن يستعد لقمة جنيف مع بوتين",
            "قال البيت الأبيض إن الرئيس بايدن سيلتقي نظيره الروسي بوتين في جنيف الشهر المقبل لبحث العلاقات المتوترة.",
        ),
        article(
            XSS_ID,
            "okaz",
            Some("2021-06-03"),
            "<b>عنوان</b> عن بوتين",
            "نص يحتوي على شيفرة <script>alert(1)</script> وسط خبر عن الرئيس بوتين والقمة المرتقبة.\n\
             فقرة ثانية تتحدث عن ردود الفعل الدولية على القمة.",
        ),
        article(
            "rain-1",
            "sabq",
            Some("2021-06-10"),
            "أمطار غزيرة على الرياض",
            "شهدت مدينة الرياض أمطارا غزيرة اليوم مع تحذيرات الدفاع المدني من السيول في الأودية.",
        ),
        article(
            "undated-1",
            "okaz",
            None,
            "بوتين يتحدث عن الغرب",
            "تحدث الرئيس الروسي بوتين عن العلاقات مع الغرب في مؤتمر صحفي عقده في موسكو مساء أمس.",
        ),
    ])
    .unwrap();
    w.finish().unwrap();
}

/// A running server over its own store.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The store's directory (kept alive with the server).
    _store: TempDir,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// Starts a server over a fresh fixture store.
pub async fn start(token: Option<&str>, body_limit: usize) -> TestServer {
    start_with(token, body_limit, &[]).await
}

/// Starts a server over a fresh fixture store with `extra` records.
pub async fn start_with(token: Option<&str>, body_limit: usize, extra: &[NewRecord]) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    build_store(dir.path(), extra);
    let mut config = ServeConfig::new(dir.path(), SocketAddr::from(([127, 0, 0, 1], 0)));
    config.token = token.map(String::from);
    config.body_limit = body_limit;
    let server = Server::bind(&config).await.unwrap();
    let base = format!("http://{}", server.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        server
            .run(async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
    });
    TestServer {
        base,
        _store: dir,
        client: reqwest::Client::new(),
        stop: Some(stop),
        task: Some(task),
    }
}

/// The response's status and body.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl TestServer {
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let r = request.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let content_type = headers
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        Reply {
            status,
            content_type,
            headers,
            body: r.text().await.unwrap(),
        }
    }

    /// GET a path (already encoded).
    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(format!("{}{path}", self.base))).await
    }

    /// GET a path with query parameters (encoded here).
    pub async fn get_q(&self, path: &str, params: &[(&str, &str)]) -> Reply {
        let qs = marsad_server::html::query_string(params.iter().copied());
        self.get(&format!("{path}?{qs}")).await
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.task.take().unwrap().await.unwrap();
    }
}

/// Two outlets' copies of one release (the second a day later, its headline
/// carrying markup), for the story tests.
pub fn story_records() -> Vec<NewRecord> {
    let body = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة جدة بسعة خمسمائة سرير ويضم المستشفى أقساما \
                للطوارئ والعناية المركزة والأطفال والولادة وسيخدم سكان المحافظة والقرى المجاورة ابتداء من الشهر \
                المقبل بحسب ما ذكر المتحدث باسم الوزارة في بيان صحفي";
    vec![
        article(
            "health-spa",
            "spa",
            Some("2021-07-01T08:00:00"),
            "افتتاح مستشفى جديد في جدة",
            body,
        ),
        article(
            "health-okaz",
            "okaz",
            Some("2021-07-02T09:00:00"),
            "<i>مستشفى</i> جديد في جدة",
            body,
        ),
    ]
}
