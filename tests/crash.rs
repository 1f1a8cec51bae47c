//! Nothing lost: a crash at any moment of an ingest leaves a store that
//! opens, and running the same ingest again completes it exactly.

use crate::util::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

const N: usize = 9000;

fn expected() -> Vec<(String, String)> {
    synthetic_articles(N, "نسخة")
}

/// Checks the store holds exactly the expected articles, indexed once each.
fn check_complete(data: &Path) {
    let (articles, indexed) = counts(data);
    assert_eq!(articles, N as u64, "every article stored exactly once");
    assert_eq!(indexed, N as u64, "every article indexed exactly once");
    let out = run(data, &["export", "--format", "jsonl"]);
    assert!(out.status.success());
    let got: BTreeMap<String, String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_string(),
                v["content"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: BTreeMap<String, String> = expected().into_iter().collect();
    assert!(got == want, "exported contents differ from the input");
    let (code, v) = run_json(data, &["search", "نسخة", "--json", "--limit", "1"]);
    assert_eq!(code, 0);
    assert_eq!(v["total"].as_u64(), Some(N as u64), "the index finds every article");
    let (_, stats) = run_json(data, &["stats", "--json"]);
    assert_eq!(
        stats["semantic_articles"].as_u64(),
        Some(N as u64),
        "the semantic model has a vector for every article"
    );
}

fn crash_then_recover(point: &str) {
    crash_then_recover_with(point, &[]);
}

fn crash_then_recover_with(point: &str, env: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let data = dir.path().join("store");
    write_json_files(&input, &expected(), 3000);
    let out = marsad(&data)
        .args(["ingest", "--quiet"])
        .arg(&input)
        .env("MARSAD_CRASH_AT", point)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the crash point {point} was reached");
    let (articles, indexed) = counts(&data);
    assert!(
        indexed <= articles,
        "after a crash at {point} the store opens ({articles} stored, {indexed} indexed)"
    );
    let out = run(&data, &["ingest", "--quiet", input.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "rerun after {point}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_complete(&data);
}

#[test]
fn crash_early_in_the_first_batch() {
    crash_then_recover("record:10");
}

#[test]
fn crash_mid_batch_inside_a_transaction() {
    crash_then_recover("record:3500");
}

#[test]
fn crash_between_batches() {
    crash_then_recover("after-batch:3");
}

#[test]
fn crash_during_index_commit() {
    crash_then_recover("index-commit");
}

#[test]
fn crash_while_storing_the_semantic_model() {
    crash_then_recover("semantic");
}

#[test]
fn crash_before_merging_the_new_segments() {
    // The smallest index memory budget makes the ingest write several
    // segments, which its finish merges.
    crash_then_recover_with("index-merge", &[("MARSAD_INDEX_MEMORY_MIB", "15")]);
}

#[test]
fn kill_9_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write_json_files(&input, &expected(), 1500);
    for (i, delay_ms) in [10u64, 30, 120, 700].iter().enumerate() {
        let data = dir.path().join(format!("store-{i}"));
        let mut child = marsad(&data).args(["ingest", "--quiet"]).arg(&input).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(*delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if data.join("marsad.sqlite").exists() {
            let (articles, indexed) = counts(&data);
            assert!(indexed <= articles);
        }
        let out = run(&data, &["ingest", "--quiet", input.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "rerun after kill at {delay_ms} ms: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        check_complete(&data);
    }
}

#[test]
fn reingest_is_a_no_op_and_changes_replace() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let data = dir.path().join("store");
    let mut articles = synthetic_articles(50, "أصل");
    let id7 = articles[7].0.clone();
    write_json_files(&input, &articles, 50);
    let (code, v) = run_json(&data, &["ingest", "--json", input.to_str().unwrap()]);
    assert_eq!((code, v["summary"]["new"].as_u64()), (0, Some(50)));
    let (_, v) = run_json(&data, &["ingest", "--json", input.to_str().unwrap()]);
    assert_eq!(v["summary"]["unchanged"].as_u64(), Some(50));
    articles[7].1 = "نص معدل تماما".into();
    write_json_files(&input, &articles, 50);
    let (_, v) = run_json(&data, &["ingest", "--json", input.to_str().unwrap()]);
    assert_eq!(
        (v["summary"]["updated"].as_u64(), v["summary"]["unchanged"].as_u64()),
        (Some(1), Some(49))
    );
    assert_eq!(counts(&data), (50, 50));
    let (_, v) = run_json(&data, &["show", &id7, "--json"]);
    assert_eq!(v["content"], "نص معدل تماما");
    assert_eq!(v["versions"], 2, "the old raw record is kept");
    let (_, v) = run_json(&data, &["search", "معدل", "--json"]);
    assert_eq!(v["hits"][0]["id"], id7.as_str());
    assert_eq!(v["total"], 1, "the old version left the index");
}

#[test]
fn search_runs_while_ingest_writes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let data = dir.path().join("store");
    write_json_files(&input, &synthetic_articles(200, "أول"), 200);
    assert!(run(&data, &["ingest", "--quiet", input.to_str().unwrap()])
        .status
        .success());
    let more = dir.path().join("more");
    write_json_files(&more, &synthetic_articles(N, "ثانية"), 3000);
    let mut child = marsad(&data).args(["ingest", "--quiet"]).arg(&more).spawn().unwrap();
    let mut searches = 0;
    while child.try_wait().unwrap().is_none() && searches < 200 {
        let (code, v) = run_json(&data, &["search", "أول", "--json", "--limit", "1"]);
        assert_eq!(code, 0, "search during ingest: {v}");
        assert_eq!(v["total"].as_u64(), Some(200), "readers see the last committed state");
        searches += 1;
    }
    assert!(child.wait().unwrap().success());
    assert!(searches > 0);
}

#[test]
fn crash_while_folding_new_articles_into_the_semantic_model() {
    let dir = tempfile::tempdir().unwrap();
    let (first, more) = (dir.path().join("first"), dir.path().join("more"));
    let data = dir.path().join("store");
    let articles = synthetic_articles(400, "نسخة");
    write_json_files(&first, &articles[..390], 400);
    write_json_files(&more, &articles[390..], 400);
    let out = run(&data, &["ingest", "--quiet", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = marsad(&data)
        .args(["ingest", "--quiet"])
        .arg(&more)
        .env("MARSAD_CRASH_AT", "semantic")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the crash point was reached");
    let semantic = || {
        let (_, v) = run_json(&data, &["stats", "--json"]);
        (
            v["indexed"].as_u64().unwrap(),
            v["semantic_articles"].as_u64().unwrap(),
            v["semantic_learned_from"].as_u64().unwrap(),
        )
    };
    assert_eq!(semantic(), (400, 390, 390), "the model as it was before the crash");
    let out = run(&data, &["ingest", "--quiet", more.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(semantic(), (400, 400, 390), "the rerun folds them in");
}
