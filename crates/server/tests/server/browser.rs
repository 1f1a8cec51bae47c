//! A real headless Chromium against a running server: runs a search, checks
//! results, highlights and the chart in the DOM it built, opens articles
//! (one carrying `<script>` in its text) and saves screenshots.
//!
//! Runs only with `MARSAD_BROWSER_TEST=1` (needs Debian's `chromium`);
//! screenshots go to `$MARSAD_SCREENSHOTS` (default: a temp dir, printed).

use crate::common::{page_record, start_with, PAGE_ID, URL_ID, XSS_ID};
use marsad_server::html::{encode_component, query_string};
use marsad_server::DEFAULT_BODY_LIMIT;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> String {
    std::env::var("MARSAD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// Runs headless Chromium on `url` with `mode` (`--dump-dom` or
/// `--screenshot=PATH`) and returns its standard output.
fn run_chromium(url: &str, mode: &str, size: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg("--hide-scrollbars")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={size}"))
        .arg(mode)
        .arg(url)
        .output()
        .expect("running chromium (apt-get install chromium)");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn browse(url: String, mode: String, size: &'static str) -> String {
    tokio::task::spawn_blocking(move || run_chromium(&url, &mode, size))
        .await
        .unwrap()
}

fn screenshot_dir() -> PathBuf {
    let dir = match std::env::var_os("MARSAD_SCREENSHOTS") {
        Some(d) => PathBuf::from(d),
        None => std::env::temp_dir().join("marsad-screenshots"),
    };
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shoot(url: &str, path: &Path, size: &'static str) {
    browse(url.to_string(), format!("--screenshot={}", path.display()), size).await;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    assert!(bytes > 1000, "no screenshot at {}", path.display());
    eprintln!("screenshot: {}", path.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_searches_highlights_charts_and_escapes() {
    if std::env::var("MARSAD_BROWSER_TEST").as_deref() != Ok("1") {
        eprintln!("skipped: set MARSAD_BROWSER_TEST=1 to run the browser test");
        return;
    }
    let s = start_with(None, DEFAULT_BODY_LIMIT, &[page_record()]).await;
    let shots = screenshot_dir();
    let search = format!("{}/?{}", s.base, query_string([("q", "بوتين")]));

    let dom = browse(search.clone(), "--dump-dom".into(), "1280,900").await;
    assert!(dom.contains("dir=\"rtl\""), "{dom}");
    assert_eq!(dom.matches("<li><h2").count(), 5, "five results: {dom}");
    assert!(dom.contains("<mark>بوتين</mark>"));
    assert!(dom.contains("<svg class=\"timeline\"") && dom.contains("class=\"bar\""));
    assert!(dom.contains(&format!("/article/{}", encode_component(URL_ID))));
    assert!(!dom.contains("<script"), "the article's script never became an element");
    shoot(&search, &shots.join("search-desktop.png"), "1280,900").await;
    shoot(&search, &shots.join("search-phone.png"), "390,844").await;

    let xss = format!("{}/article/{XSS_ID}", s.base);
    let dom = browse(xss.clone(), "--dump-dom".into(), "1280,900").await;
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{dom}");
    assert!(!dom.contains("<script"));
    shoot(&xss, &shots.join("article-script.png"), "1280,900").await;
    let url_article = format!("{}/article/{}", s.base, encode_component(URL_ID));
    let dom = browse(url_article.clone(), "--dump-dom".into(), "390,844").await;
    assert!(dom.contains("بايدن يستعد لقمة جنيف"));
    shoot(&url_article, &shots.join("article-phone.png"), "390,844").await;
    let page = format!("{}/article/{PAGE_ID}", s.base);
    let dom = browse(page.clone(), "--dump-dom".into(), "1280,900").await;
    assert!(dom.contains("<h1 dir=\"rtl\">"), "{dom}");
    shoot(&page, &shots.join("article-structure.png"), "1280,1000").await;
    s.stop().await;
}
