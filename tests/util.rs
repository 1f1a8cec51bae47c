//! Helpers shared by the integration tests.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `marsad` binary under test.
pub fn marsad(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.arg("--data").arg(data).env_remove("MARSAD_CRASH_AT");
    c
}

/// Runs `marsad` with `args`, returning its output.
pub fn run(data: &Path, args: &[&str]) -> Output {
    marsad(data).args(args).output().expect("marsad runs")
}

/// Runs `marsad ... --json` and parses standard output.
pub fn run_json(data: &Path, args: &[&str]) -> (i32, Value) {
    let out = run(data, args);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "marsad {args:?} printed no JSON ({e}): stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

/// The seed page shipped with the sample.
pub fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/dostor-kremlin-summit.txt")
}

/// The bundled SaudiNewsNet sample.
pub fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/saudinewsnet-2015-08-11-sample.jsonl")
}

/// Deterministic synthetic Arabic articles: `(id, content)` pairs; ids are
/// `syn-{salt length in bytes}-{i}`, so salts of different lengths give
/// different ids.
pub fn synthetic_articles(n: usize, salt: &str) -> Vec<(String, String)> {
    const WORDS: &[&str] = &[
        "أكد",
        "الكرملين",
        "روسيا",
        "الرئيس",
        "الأمريكي",
        "قمة",
        "وزارة",
        "الخارجية",
        "المملكة",
        "الرياض",
        "الاقتصاد",
        "النفط",
        "مجلس",
        "الوزراء",
        "التعليم",
        "الصحة",
        "مشروع",
        "جديد",
        "اليوم",
        "أمس",
    ];
    (0..n)
        .map(|i| {
            let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let words: Vec<&str> = (0..40)
                .map(|_| {
                    x ^= x >> 13;
                    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
                    WORDS[(x % WORDS.len() as u64) as usize]
                })
                .collect();
            (
                format!("syn-{}-{i}", salt.len()),
                format!("{} {salt} {i}", words.join(" ")),
            )
        })
        .collect()
}

/// Writes articles as JSON arrays of `per_file` records into `dir`.
pub fn write_json_files(dir: &Path, articles: &[(String, String)], per_file: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for (k, chunk) in articles.chunks(per_file).enumerate() {
        let arr: Vec<Value> = chunk
            .iter()
            .map(|(id, content)| {
                serde_json::json!({"id": id, "title": format!("عنوان {id}"), "content": content,
                                   "source": "synthetic", "date_extracted": "2015-08-01 10:00:00"})
            })
            .collect();
        std::fs::write(dir.join(format!("part-{k:03}.json")), serde_json::to_vec(&arr).unwrap()).unwrap();
    }
}

/// `(articles, indexed documents)` according to `marsad stats --json`.
pub fn counts(data: &Path) -> (u64, u64) {
    let (code, v) = run_json(data, &["stats", "--json"]);
    assert_eq!(code, 0, "stats opens the store: {v}");
    (v["articles"].as_u64().unwrap(), v["indexed"].as_u64().unwrap())
}
