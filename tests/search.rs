//! Search behaviour on the bundled sample and the seed page.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A store with the sample and the seed page, built once for these tests.
fn store() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, data) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("store");
        let out = run(&data, &["ingest", "--quiet", sample_path().to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let seed = seed_path();
        let out = run(
            &data,
            &[
                "ingest",
                "--quiet",
                "--source",
                "dostor",
                "--date",
                "2021-04-14",
                "--url",
                "http://dostor/seed",
                seed.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (dir, data)
    });
    data
}

fn ids(query: &str) -> Vec<String> {
    let (code, v) = run_json(store(), &["search", query, "--json", "--limit", "20"]);
    assert_eq!(code, 0, "{query}: {v}");
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

const SEED: &str = "http://dostor/seed";

#[test]
fn seed_is_first_for_the_summit_query() {
    assert_eq!(ids("قمة بوتين بايدن").first().map(String::as_str), Some(SEED));
}

#[test]
fn seed_is_found_across_spellings() {
    for q in [
        "الرئيس الروسى",
        "بيسكوف",
        "الأميركي",
        "\"حوار استراتيجي\"",
        "والكرملين",
        "للكرملين",
    ] {
        assert!(ids(q).contains(&SEED.to_string()), "{q} finds the seed page");
    }
}

#[test]
fn the_seed_pages_names_keep_their_letters() {
    // `marsad analyze`: the stemmer takes no clitics out of a name.
    let dir = tempfile::tempdir().unwrap();
    let text = "قمة بوتين وبايدن في الكرملين، وقال بيسكوف";
    let (code, v) = run_json(dir.path(), &["analyze", text, "--json"]);
    assert_eq!(code, 0);
    let stem_of = |surface: &str| -> String {
        let tokens = v.as_array().unwrap();
        let token = tokens.iter().find(|t| t["surface"] == surface).unwrap();
        token["stem"].as_str().unwrap().to_string()
    };
    assert_eq!(stem_of("بوتين"), "بوتين");
    assert_eq!(stem_of("الكرملين"), "كرملين");
    assert_eq!(stem_of("بيسكوف"), "بيسكوف");
    // `وبايدن` is `و` + `بايدن`, not `وب` + `ايدن` (Eden).
    assert_eq!(stem_of("وبايدن"), "بايدن");
}

#[test]
fn exclusion_removes_the_seed() {
    assert!(!ids("\"حوار استراتيجي\" -بيسكوف").contains(&SEED.to_string()));
}

#[test]
fn source_filter_and_dates() {
    let (_, v) = run_json(store(), &["search", "الرياض source:was", "--json", "--limit", "50"]);
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["source"] == "was"));
    let (_, v) = run_json(store(), &["search", "الكرملين", "--json", "--to", "2016-01-01"]);
    assert!(v["hits"].as_array().unwrap().iter().all(|h| h["id"] != SEED));
}

#[test]
fn results_can_come_newest_or_oldest_first() {
    let page = |sort: &str| -> (u64, Vec<(String, String)>) {
        let (code, v) = run_json(
            store(),
            &["search", "الأميركي", "--json", "--limit", "30", "--sort", sort],
        );
        assert_eq!(code, 0, "{sort}: {v}");
        let hits = v["hits"].as_array().unwrap();
        let hits = hits.iter().map(|h| {
            let day = h["date"]
                .as_str()
                .unwrap_or_default()
                .get(..10)
                .unwrap_or_default()
                .to_string();
            (h["id"].as_str().unwrap().to_string(), day)
        });
        (v["total"].as_u64().unwrap(), hits.collect())
    };
    let (total, relevance) = page("relevance");
    let (newest_total, newest) = page("newest");
    let (oldest_total, oldest) = page("oldest");
    assert!(relevance.len() >= 10, "{relevance:?}");
    assert_eq!(
        (newest_total, oldest_total),
        (total, total),
        "the order does not change the matches"
    );
    // The seed page (2021) is the newest match of the 2015 sample.
    assert_eq!(newest[0].0, SEED);
    assert_ne!(relevance[0].0, SEED);
    let dated = |hits: &[(String, String)]| {
        hits.iter()
            .map(|h| h.1.clone())
            .filter(|d| !d.is_empty())
            .collect::<Vec<_>>()
    };
    assert!(dated(&newest).windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    assert!(dated(&oldest).windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");
    assert!(oldest[0].1 < newest[0].1);
    let out = run(store(), &["search", "الأميركي", "--sort", "random"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newest"));
}

#[test]
fn articles_can_be_filtered_by_who_is_quoted() {
    let (code, v) = run_json(store(), &["quotes", "--speaker", "بيسكوف", "--json", "--limit", "100"]);
    assert_eq!(code, 0, "{v}");
    let quoted: std::collections::BTreeSet<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["article_id"].as_str().unwrap().to_string())
        .collect();
    assert!(quoted.contains(SEED), "{quoted:?}");
    // Every article with a statement by him, and only those.
    let (code, v) = run_json(store(), &["search", "--speaker", "بيسكوف", "--json", "--limit", "50"]);
    assert_eq!(code, 0, "{v}");
    let found: std::collections::BTreeSet<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(found, quoted);
    assert_eq!(v["total"].as_u64(), Some(quoted.len() as u64));
    // The same in the query language, beside words, and excluded.
    let with_words = ids("قمة speaker:بيسكوف");
    assert!(with_words.contains(&SEED.to_string()));
    assert!(with_words.iter().all(|id| quoted.contains(id)), "{with_words:?}");
    assert!(ids("بوتين").contains(&SEED.to_string()));
    assert!(!ids("بوتين -speaker:بيسكوف").contains(&SEED.to_string()));
    // A name nobody is quoted under matches nothing, and is no error.
    let (code, v) = run_json(store(), &["search", "قمة", "--speaker", "زززز", "--json"]);
    assert_eq!((code, v["total"].as_u64()), (0, Some(0)), "{v}");
}

#[test]
fn snippets_highlight_the_original_text() {
    let (_, v) = run_json(store(), &["search", "بيسكوف", "--json"]);
    let hit = &v["hits"][0];
    let text = hit["snippet"]["text"].as_str().unwrap();
    let (from, to) = (
        hit["snippet"]["highlights"][0][0].as_u64().unwrap() as usize,
        hit["snippet"]["highlights"][0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[from..to], "بيسكوف");
}

#[test]
fn malformed_queries_get_a_message_not_a_panic() {
    for q in ["\"حوار", "-بيسكوف", "source:", "OR"] {
        let out = run(store(), &["search", q]);
        assert_eq!(out.status.code(), Some(2), "{q}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked") && !err.is_empty(), "{q}: {err}");
    }
}

#[test]
fn a_word_without_terms_matches_nothing_rather_than_everything() {
    assert!(ids("؟").is_empty(), "punctuation alone matches nothing");
    assert!(ids("، ...").is_empty());
    assert!(ids("بيسكوف ؟").contains(&SEED.to_string()));
}

#[test]
fn stop_words_add_to_other_words_and_match_alone() {
    let total = |q: &str| {
        let (code, v) = run_json(store(), &["search", q, "--json"]);
        assert_eq!(code, 0, "{q}: {v}");
        v["total"].as_u64().unwrap()
    };
    // "في" alone finds what it matches: most of the sample.
    let stop = total("في");
    assert!(stop > 50, "في alone matches {stop} articles");
    // Beside another word it only scores: the hits are the other word's.
    assert_eq!(total("في بيسكوف"), total("بيسكوف"));
    assert_eq!(ids("في بيسكوف").first().map(String::as_str), Some(SEED));
    // The same holds for a stop word glued to another token in one query
    // word ("بـ" before a number, "و" before a bracket): it matched on its
    // own and made most of the store a hit.
    assert_eq!(total("بيسكوف بـ10"), total("بيسكوف 10"));
    assert_eq!(total("بيسكوف و(الكرملين)"), total("بيسكوف الكرملين"));
}

#[test]
fn bench_search_reads_the_store_given_by_data() {
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("queries.tsv");
    std::fs::write(&queries, "q1\tقمة بوتين بايدن\nq2\tالرياض\n").unwrap();
    let out = run(
        store(),
        &["bench", "search", queries.to_str().unwrap(), "--rounds", "2"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("2 queries"), "{stdout}");
}

#[test]
fn headline_queries_of_the_store_find_their_articles() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (queries, qrels, run_file) = (path("h.tsv"), path("h.qrels"), path("h.run"));
    let out = run(
        store(),
        &["eval", "headlines", "--queries", &queries, "--qrels", &qrels],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = std::fs::read_to_string(&queries).unwrap();
    let n = lines.lines().count();
    assert!(n >= 50, "only {n} headline queries from the sample");
    // Every query has its answers; the seed page, whose raw text holds its
    // own headline, is none.
    let rels = std::fs::read_to_string(&qrels).unwrap();
    let answered: std::collections::HashSet<&str> = rels.lines().filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(answered.len(), n);
    assert!(!rels.contains(SEED), "{rels}");
    let out = run(
        store(),
        &[
            "search", "--batch", &queries, "--format", "trec", "--top", "100", "--fields", "content", "-o", &run_file,
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(
        store(),
        &["eval", "run", "--qrels", &qrels, "--run", &run_file, "--min-mrr", "0.8"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(&format!("queries={n} ")), "{stdout}");
}

#[test]
fn a_present_tense_verb_counts_less_than_other_words() {
    // Headlines put the news in the present (يعايد), bodies in the past:
    // the verb's own form scores at `present` (0.75) of another word's.
    let dir = tempfile::tempdir().unwrap();
    let articles: Vec<(String, String)> = vec![
        ("a".into(), "مدير المستشفى يعايد نزلاء القسم في أول أيام العيد".into()),
        ("b".into(), "زار الوزير المرضى في المستشفى وقدم لهم الهدايا".into()),
        ("c".into(), "أعلنت الوزارة نتائج القبول في الجامعات اليوم".into()),
    ];
    write_json_files(&dir.path().join("in"), &articles, 10);
    let data = dir.path().join("store");
    let out = run(&data, &["ingest", "--quiet", dir.path().join("in").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let score = |query: &str, weights: &str| {
        let (code, v) = run_json(&data, &["search", query, "--json", "--weights", weights]);
        assert_eq!(code, 0, "{v}");
        v["hits"][0]["score"].as_f64().unwrap()
    };
    let ratio = score("يعايد", "present=0.75") / score("يعايد", "present=1");
    assert!((ratio - 0.75).abs() < 1e-3, "verb: {ratio}");
    let ratio = score("المستشفى", "present=0.75") / score("المستشفى", "present=1");
    assert!((ratio - 1.0).abs() < 1e-6, "noun: {ratio}");
}

#[test]
fn demo_runs_on_the_bundled_sample_and_names_a_store_that_stays() {
    // The quick start's main job, without serving. Its hint must name a
    // store that outlives the demo: a temporary one is gone at exit.
    let dir = tempfile::tempdir().unwrap();
    let hint = |stdout: &str| -> Option<PathBuf> {
        let line = stdout.lines().find(|l| l.starts_with("Try:"))?;
        let rest = line.split("--data ").nth(1)?;
        Some(PathBuf::from(rest.split(" search").next()?))
    };
    let out = marsad(dir.path()).args(["demo", "--no-serve"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("قمة بوتين بايدن"), "{stdout}");
    assert!(
        stdout.contains("only articles quoting a speaker: 1 results"),
        "{stdout}"
    );
    if let Some(store) = hint(&stdout) {
        assert!(
            store.exists(),
            "the hint names {} which the demo removed",
            store.display()
        );
    }
    let kept = dir.path().join("kept");
    let out = marsad(dir.path())
        .args(["demo", "--no-serve", "--demo-data", kept.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let store = hint(&stdout).expect("a hint for a kept store");
    let (code, v) = run_json(&store, &["search", "بيسكوف", "--json"]);
    assert_eq!(code, 0, "{v}");
    assert!(!v["hits"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn the_semantic_model_orders_the_hits_below_the_best_fifty() {
    // A vector for every article version in the index, the seed page's too.
    let (_, stats) = run_json(store(), &["stats", "--json"]);
    assert_eq!(stats["semantic_articles"], stats["indexed"], "{stats}");
    assert!(stats["semantic_stems"].as_u64().unwrap() > 1000, "{stats}");
    // Learned from the sample; the seed page, ingested after, folded in.
    assert_eq!(stats["semantic_learned_from"].as_u64(), Some(289), "{stats}");
    let hits = |weights: &str| -> Vec<(String, f64)> {
        let (code, v) = run_json(
            store(),
            &[
                "search",
                "المملكة العربية السعودية",
                "--json",
                "--limit",
                "100",
                "--weights",
                weights,
            ],
        );
        assert_eq!(code, 0, "{v}");
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["id"].as_str().unwrap().to_string(), h["score"].as_f64().unwrap()))
            .collect()
    };
    let (lexical, semantic) = (hits("semantic=0"), hits("semantic=0.8"));
    assert_eq!(lexical.len(), 100);
    assert_eq!(semantic.len(), 100);
    assert_eq!(
        lexical[..50],
        semantic[..50],
        "the best fifty keep their order and scores"
    );
    let ids = |h: &[(String, f64)]| h.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    assert_ne!(
        ids(&lexical[50..]),
        ids(&semantic[50..]),
        "the model re-orders the tail"
    );
    assert!(
        semantic.windows(2).all(|w| w[0].1 >= w[1].1),
        "scores fall with the rank: {semantic:?}"
    );
    // A page of ten never consults the model (and is ranked as before).
    let (_, v) = run_json(
        store(),
        &["search", "المملكة العربية السعودية", "--json", "--limit", "10"],
    );
    let page: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(page, ids(&lexical[..10]));
}

#[test]
fn the_semantic_model_is_learned_again_when_the_store_grows_by_a_tenth() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = std::fs::read_to_string(sample_path())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let data = dir.path().join("store");
    let stats = |part: &[String], name: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, part.join("\n")).unwrap();
        let out = run(&data, &["ingest", "--quiet", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let (_, v) = run_json(&data, &["stats", "--json"]);
        let get = |k: &str| v[k].as_u64().unwrap();
        (get("indexed"), get("semantic_articles"), get("semantic_learned_from"))
    };
    assert_eq!(
        stats(&lines[..200], "a.jsonl"),
        (200, 200, 200),
        "learned from the first ones"
    );
    assert_eq!(
        stats(&lines[200..210], "b.jsonl"),
        (210, 210, 200),
        "a twentieth more: folded in"
    );
    assert_eq!(
        stats(&lines[210..], "c.jsonl"),
        (289, 289, 289),
        "over a tenth more: learned again"
    );
}
