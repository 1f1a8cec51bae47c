//! Who said what: quotes extracted at ingest, searched, reconciled into
//! speakers, and kept exact through re-ingests, updates and crashes.

use crate::util::*;
use serde_json::Value;
use std::path::Path;

fn ingest_seed(data: &Path) {
    let seed = seed_path();
    let out = run(
        data,
        &["ingest", "--quiet", "--date", "2021-04-14", seed.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn quotes(data: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["quotes", "--json", "--limit", "1000"];
    all.extend_from_slice(args);
    let (code, v) = run_json(data, &all);
    assert_eq!(code, 0, "{v}");
    v.as_array().unwrap().clone()
}

fn stat(data: &Path, key: &str) -> u64 {
    let (code, v) = run_json(data, &["stats", "--json"]);
    assert_eq!(code, 0);
    v[key].as_u64().unwrap()
}

#[test]
fn the_seed_page_says_who_said_what_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    ingest_seed(&data);
    let qs = quotes(&data, &[]);
    let by = |speaker: &str| -> Vec<&Value> { qs.iter().filter(|q| q["speaker"] == speaker).collect() };

    let peskov = by("ديمتري بيسكوف");
    assert_eq!(peskov.len(), 1, "{qs:#?}");
    let p = peskov[0];
    assert_eq!(p["kind"], "direct");
    assert_eq!(p["role"], "المتحدث باسم الكرملين");
    assert_eq!(p["via"], "قناة العربية الإخبارية");
    assert!(p["text"]
        .as_str()
        .unwrap()
        .starts_with("من المبكر التحدث عن هذا اللقاء"));

    let kremlin = by("الكرملين");
    let confirmed = kremlin
        .iter()
        .find(|q| q["cue"] == "أكد")
        .expect("the Kremlin's أكد statement");
    assert_eq!(confirmed["kind"], "indirect");
    assert!(confirmed["text"].as_str().unwrap().starts_with("روسيا ستدرس اقتراح"));
    assert_eq!(
        confirmed["date"], "2021-04-14",
        "«اليوم الأربعاء» is the publication day"
    );
    let yesterday = kremlin
        .iter()
        .find(|q| q["cue"] == "أعلن")
        .expect("the Kremlin's أعلن statement");
    assert_eq!(yesterday["date"], "2021-04-13", "«أمس الثلاثاء» is the day before");
    assert_eq!(yesterday["day"], "2021-04-13", "the quote is filed under its own date");

    assert!(
        qs.iter().any(|q| q["speaker"]
            .as_str()
            .is_some_and(|s| s.contains("مصدر في وزارة الخارجية"))),
        "the foreign-ministry source: {qs:#?}"
    );
    for q in &qs {
        assert_eq!(
            q["headline"],
            "الكرملين: بوتين سيدرس اقتراح الرئيس الأمريكي بعقد قمة بينهما"
        );
        assert_eq!(q["published"], "2021-04-14");
    }
}

#[test]
fn spans_point_into_the_cleaned_body_and_the_raw_content() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    ingest_seed(&data);
    let id = quotes(&data, &[])[0]["article_id"].as_str().unwrap().to_string();
    let (code, a) = run_json(&data, &["show", &id, "--json"]);
    assert_eq!(code, 0);
    let body = a["body"].as_str().unwrap();
    let content = a["content"].as_str().unwrap();
    let qs = a["quotes"].as_array().unwrap();
    assert!(qs.len() >= 5, "show --json carries the quotes");
    for q in qs {
        let text = q["text"].as_str().unwrap();
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[s..e], text);
        let (rs, re) = (
            q["raw_start"].as_u64().unwrap() as usize,
            q["raw_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&content[rs..re], text, "the raw span holds the same words");
    }
}

#[test]
fn quotes_are_searched_on_stems_and_by_speaker() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    ingest_seed(&data);
    let peskov = quotes(&data, &["قمة", "--speaker", "بيسكوف"]);
    assert_eq!(peskov.len(), 1);
    assert_eq!(peskov[0]["speaker"], "ديمتري بيسكوف");
    // Clitics and spelling: «والقمة» and «روسيه» match as Marsad analyses Arabic.
    let russia = quotes(&data, &["روسيه"]);
    assert!(russia.iter().any(|q| q["cue"] == "أكد"), "{russia:#?}");
    assert!(!quotes(&data, &["والقمة"]).is_empty());
    assert!(quotes(&data, &["قمة", "--speaker", "أوباما"]).is_empty());
    assert!(quotes(&data, &["--from", "2021-04-15"]).is_empty());
    let day = quotes(&data, &["--from", "2021-04-13", "--to", "2021-04-13"]);
    assert!(!day.is_empty() && day.iter().all(|q| q["day"] == "2021-04-13"));
    let by_role = quotes(&data, &["--speaker", "المتحدث باسم الكرملين"]);
    assert_eq!(by_role.len(), 1, "a role finds the speaker who holds it");
}

fn statement_articles() -> Vec<(String, String)> {
    let lines = [
        "وقال المتحدث باسم الكرملين ديمتري بيسكوف إن موسكو تدرس الاقتراح بعناية.",
        "وقال بيسكوف إن القمة ممكنة في دولة ثالثة.",
        "أكد ديمتري بيسكوف أن روسيا لا تريد التصعيد.",
        "وقال بيسكوف للصحفيين إن الحوار هو الحل الأمثل.",
        "قال وزير الخارجية الروسي سيرغي لافروف إن الاتصالات مستمرة.",
        "وأكد لافروف أن بلاده منفتحة على الحوار.",
    ];
    (0..120)
        .map(|i| {
            (
                format!("st-{i}"),
                format!("{}\nخبر رقم {i} عن القمة.", lines[i % lines.len()]),
            )
        })
        .collect()
}

#[test]
fn mentions_of_one_person_become_one_speaker() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let data = dir.path().join("store");
    write_json_files(&input, &statement_articles(), 50);
    let out = run(&data, &["ingest", "--quiet", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (code, v) = run_json(&data, &["speakers", "--json"]);
    assert_eq!(code, 0);
    let speakers = v.as_array().unwrap();
    let peskov: Vec<&Value> = speakers
        .iter()
        .filter(|s| {
            s["aliases"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a.as_str().unwrap().contains("بيسكوف"))
        })
        .collect();
    assert_eq!(
        peskov.len(),
        1,
        "بيسكوف and ديمتري بيسكوف are one speaker: {speakers:#?}"
    );
    let p = peskov[0];
    assert_eq!(p["name"], "ديمتري بيسكوف");
    assert_eq!(p["quotes"], 80);
    assert_eq!(p["articles"], 80);
    let aliases: Vec<&str> = p["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(
        aliases.contains(&"بيسكوف") && aliases.contains(&"ديمتري بيسكوف"),
        "{aliases:?}"
    );
    assert_eq!(p["roles"][0], "المتحدث باسم الكرملين");
    let lavrov = speakers.iter().find(|s| s["name"] == "سيرغي لافروف").expect("Lavrov");
    assert_eq!(lavrov["quotes"], 40);
    // A surname finds every mention of the person; the canonical name is reported.
    let qs = quotes(&data, &["--speaker", "بيسكوف"]);
    assert_eq!(qs.len(), 80);
    assert!(qs.iter().all(|q| q["speaker_name"] == "ديمتري بيسكوف"));
}

#[test]
fn reingesting_and_updating_never_duplicate_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let data = dir.path().join("store");
    let articles = statement_articles();
    write_json_files(&input, &articles, 50);
    for _ in 0..2 {
        let out = run(&data, &["ingest", "--quiet", input.to_str().unwrap()]);
        assert!(out.status.success());
        assert_eq!(stat(&data, "quotes"), 120);
        assert_eq!(stat(&data, "quotes_indexed"), 120);
    }
    // An updated article's quotes follow its new body.
    let mut changed = articles.clone();
    changed[0].1 = "خبر بلا تصريحات عن القمة.".into();
    changed[1].1 = "وقال بيسكوف إن القمة ممكنة.\nوأضاف أن الموعد لم يحدد.".into();
    write_json_files(&input, &changed, 50);
    let out = run(&data, &["ingest", "--quiet", input.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(stat(&data, "quotes"), 120, "one quote gone, one added");
    assert_eq!(stat(&data, "quotes_indexed"), 120);
    let (_, a) = run_json(&data, &["show", "st-1", "--json"]);
    let qs = a["quotes"].as_array().unwrap();
    assert_eq!(qs.len(), 2);
    assert_eq!(qs[1]["implicit"], true);
    assert_eq!(qs[1]["speaker"], "بيسكوف");
}

#[test]
fn extraction_can_be_off_and_is_caught_up_later() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let seed = seed_path();
    let out = marsad(&data)
        .args(["ingest", "--quiet", seed.to_str().unwrap()])
        .env("MARSAD_NO_QUOTES", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stat(&data, "quotes"), 0);
    // The next writer (here a re-ingest that changes nothing) extracts what is missing.
    let out = run(&data, &["ingest", "--quiet", seed.to_str().unwrap()]);
    assert!(out.status.success());
    let n = stat(&data, "quotes");
    assert!(n >= 5);
    assert!(stat(&data, "speakers") >= 3);
    // Turning extraction off again does not drop the quotes of unchanged articles.
    let out = marsad(&data)
        .args(["ingest", "--quiet", seed.to_str().unwrap()])
        .env("MARSAD_NO_QUOTES", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stat(&data, "quotes"), n);
}

#[test]
fn a_crash_mid_ingest_leaves_no_stray_or_missing_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let data = dir.path().join("store");
    write_json_files(&input, &statement_articles(), 40);
    let out = marsad(&data)
        .args(["ingest", "--quiet"])
        .arg(&input)
        .env("MARSAD_CRASH_AT", "record:70")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the crash point was reached");
    let out = run(&data, &["ingest", "--quiet", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stat(&data, "quotes"), 120);
    assert_eq!(stat(&data, "quotes_indexed"), 120);
    let (_, v) = run_json(&data, &["speakers", "--json"]);
    let total: u64 = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["quotes"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 120, "speakers are rebuilt from every quote");
}
