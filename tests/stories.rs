//! Story grouping through the `marsad` binary: stories, show, search --group
//! and eval stories on a small store of copies, a rewrite and unrelated news.

use crate::util::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const RELEASE: &str = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة جدة بسعة خمسمائة سرير ويضم المستشفى \
    أقساما للطوارئ والعناية المركزة والأطفال والولادة وسيخدم سكان المحافظة والقرى المجاورة ابتداء من الشهر المقبل \
    بحسب ما ذكر المتحدث باسم الوزارة في بيان صحفي";

fn articles() -> Vec<Value> {
    let mut out = vec![
        json!({"id": "spa-1", "source": "spa", "date": "2015-08-01T08:00:00",
               "title": "افتتاح مستشفى جديد في جدة", "content": RELEASE}),
        json!({"id": "okaz-1", "source": "okaz", "date": "2015-08-01T12:00:00",
               "title": "الصحة تفتتح مستشفى جديدا في جدة", "content": RELEASE}),
        json!({"id": "sabq-1", "source": "sabq", "date": "2015-08-02T09:00:00",
               "title": "افتتاح مستشفى جديد في جدة", "content": RELEASE.replace("أعلنت", "اعلنت")}),
        json!({"id": "rain-1", "source": "sabq", "date": "2015-08-01T10:00:00",
               "title": "أمطار رعدية على الباحة وعسير",
               "content": "توقعت الرئاسة العامة للأرصاد هطول أمطار رعدية على مرتفعات الباحة وعسير وجازان"}),
    ];
    // Unrelated articles, each with its own made-up words.
    for i in 0..30 {
        let words: Vec<String> = (0..40).map(|w| word(i * 40 + w)).collect();
        let (title, content) = (words[..4].join(" "), words[4..].join(" "));
        out.push(
            json!({"id": format!("f{i:02}"), "source": "x", "date": "2015-08-03T10:00:00",
                        "title": title, "content": content}),
        );
    }
    out
}

/// A distinct three-letter Arabic word for each `n` below 8,000.
fn word(n: usize) -> String {
    const LETTERS: [char; 20] = [
        'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف', 'ق',
    ];
    [n / 400 % 20, n / 20 % 20, n % 20]
        .iter()
        .map(|i| LETTERS[*i])
        .collect()
}

fn store(dir: &Path) -> PathBuf {
    let input = dir.join("in.jsonl");
    let lines: Vec<String> = articles().iter().map(|a| a.to_string()).collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let data = dir.join("store");
    let out = run(&data, &["ingest", "--quiet", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    data
}

#[test]
fn stories_show_and_grouped_search() {
    let dir = tempfile::tempdir().unwrap();
    let data = store(dir.path());
    let (code, v) = run_json(&data, &["stories", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["id"], "spa-1");
    assert_eq!((v[0]["size"].as_i64(), v[0]["outlets"].as_i64()), (Some(3), Some(3)));
    let (_, none) = run_json(&data, &["stories", "--json", "--min-size", "4"]);
    assert_eq!(none, json!([]));

    let (_, a) = run_json(&data, &["show", "sabq-1", "--json"]);
    assert_eq!(a["story"]["id"], "spa-1");
    let members: Vec<(&str, Option<&str>)> = a["story"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["id"].as_str().unwrap(), m["copy_of"].as_str()))
        .collect();
    assert_eq!(
        members,
        [("spa-1", None), ("okaz-1", Some("spa-1")), ("sabq-1", Some("spa-1"))]
    );
    let text = String::from_utf8(run(&data, &["show", "okaz-1"]).stdout).unwrap();
    assert!(
        text.contains("copy of:  spa-1") && text.contains("3 articles, 3 outlets"),
        "{text}"
    );

    let (_, g) = run_json(&data, &["search", "مستشفى جدة", "--group", "--json"]);
    let groups = g["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{g}");
    assert_eq!(groups[0]["more"], 2);
    let text = String::from_utf8(run(&data, &["search", "مستشفى جدة", "--group"]).stdout).unwrap();
    assert!(text.contains("and 2 more from"), "{text}");
}

#[test]
fn eval_stories_writes_a_label_per_pair_and_scores_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = store(dir.path());
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        [
            json!({"a": "spa-1", "b": "sabq-1", "label": "same"}),
            json!({"a": "okaz-1", "b": "rain-1", "label": "related"}),
            json!({"a": "rain-1", "b": "f01", "label": "same"}),
        ]
        .map(|v| v.to_string())
        .join("\n"),
    )
    .unwrap();
    let pred = dir.path().join("pred.jsonl");
    let out = run(
        &data,
        &[
            "eval",
            "stories",
            "--gold",
            gold.to_str().unwrap(),
            "--predictions",
            pred.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "pairs=3 answered=3 same_P=1.000 same_R=0.500 same_F1=0.667"
    );
    let labels: Vec<String> = std::fs::read_to_string(&pred)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["label"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(labels, ["same", "different", "different"]);
    let failing = run(
        &data,
        &[
            "eval",
            "stories",
            "--gold",
            gold.to_str().unwrap(),
            "--predictions",
            pred.to_str().unwrap(),
            "--min-f1",
            "0.9",
        ],
    );
    assert_eq!(failing.status.code(), Some(1));
}

#[test]
fn reingesting_keeps_the_stories() {
    let dir = tempfile::tempdir().unwrap();
    let data = store(dir.path());
    let (_, before) = run_json(&data, &["stories", "--json", "--min-size", "1", "--limit", "100"]);
    let input = dir.path().join("in.jsonl");
    let out = run(&data, &["ingest", "--quiet", input.to_str().unwrap()]);
    assert!(out.status.success());
    let (_, after) = run_json(&data, &["stories", "--json", "--min-size", "1", "--limit", "100"]);
    assert_eq!(before, after);
    assert_eq!(after.as_array().unwrap().len(), 32, "one story of three, 31 alone");
}
