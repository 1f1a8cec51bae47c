//! Bad input never crashes Marsad and never loses the good records: each
//! bad record gets one error naming its file and record.

use crate::util::*;
use std::io::Write;

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn truncated_zip() -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for k in 0..3 {
            z.start_file(format!("part{k}.json"), opts).unwrap();
            let arr: Vec<serde_json::Value> = (0..20)
                .map(|i| serde_json::json!({"url": format!("http://zip/{k}/{i}"), "content": format!("خبر مضغوط رقم {i} {}", "كلمة ".repeat(200))}))
                .collect();
            z.write_all(&serde_json::to_vec(&arr).unwrap()).unwrap();
        }
        z.finish().unwrap();
    }
    let mut bytes = buf.into_inner();
    bytes.truncate(bytes.len() * 2 / 3);
    bytes
}

#[test]
fn every_bad_record_is_named_and_the_rest_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    write(
        &input,
        "good.json",
        r#"[{"url":"http://g/1","content":"خبر أول"},{"url":"http://g/2","content":"خبر ثان"}]"#.as_bytes(),
    );
    write(
        &input,
        "malformed.json",
        r#"[{"url":"http://m/0","content":"سليم"}, {"url": "http://m/1", "content": "مكسور" "x"}, {"url":"http://m/2","content":"سليم أيضا"}]"#.as_bytes(),
    );
    write(
        &input,
        "types.jsonl",
        "{\"url\":\"http://t/1\",\"title\":5,\"content\":\"نص\"}\n{\"url\":\"http://t/2\",\"content\":\"نص سليم\"}\n"
            .as_bytes(),
    );
    let mut invalid = b"{\"url\":\"http://i/1\",\"content\":\"\xff\xfe bad\"}\n".to_vec();
    invalid.extend_from_slice("{\"url\":\"http://i/2\",\"content\":\"نص جيد\"}\n".as_bytes());
    write(&input, "invalid.jsonl", &invalid);
    write(&input, "binary.txt", &[0u8, 1, 2, 3, 0, 0, 255, 0, 7, 0, 0, 0, 9, 0]);
    std::os::unix::fs::symlink(dir.path().join("nowhere.json"), input.join("gone.json")).unwrap();
    write(&input, "truncated.zip", &truncated_zip());
    let huge = format!(
        "[{{\"url\":\"http://h/0\",\"content\":\"{}\"}},{{\"url\":\"http://h/1\",\"content\":\"صغير\"}}]",
        "ب".repeat(25 << 20)
    );
    write(&input, "huge.json", huge.as_bytes());
    write(
        &input,
        "empty.json",
        br#"[{"url":"http://e/1","date_extracted":"2015-08-01 10:00:00","title":"","content":""}]"#,
    );

    let data = dir.path().join("store");
    let (code, v) = run_json(&data, &["ingest", "--json", input.to_str().unwrap()]);
    assert_eq!(code, 1, "failed records make the exit code non-zero: {v}");
    let errors = v["errors"].as_array().unwrap();
    let names: Vec<String> = errors
        .iter()
        .map(|e| e["origin"].as_str().unwrap().to_string())
        .collect();
    let has = |needle: &str| names.iter().any(|n| n.contains(needle));
    assert!(has("malformed.json record 1"), "{names:?}");
    assert!(has("types.jsonl line 1"), "{names:?}");
    assert!(has("invalid.jsonl line 1"), "{names:?}");
    assert!(has("binary.txt"), "{names:?}");
    assert!(has("gone.json"), "{names:?}");
    assert!(has("truncated.zip"), "{names:?}");
    assert!(has("huge.json record 0"), "{names:?}");
    let types = errors
        .iter()
        .find(|e| e["origin"].as_str().unwrap().contains("types.jsonl"))
        .unwrap();
    assert!(
        types["message"].as_str().unwrap().contains("title"),
        "names the field: {types}"
    );

    for id in [
        "http://g/1",
        "http://g/2",
        "http://m/0",
        "http://m/2",
        "http://t/2",
        "http://i/2",
        "http://h/1",
        "http://e/1",
        "http://zip/0/0",
    ] {
        let out = run(&data, &["show", id]);
        assert!(out.status.success(), "{id} was ingested");
    }
    assert_eq!(
        v["summary"]["warnings"].as_u64(),
        Some(1),
        "the empty record is a warning, not a failure"
    );
    let (_, s) = run_json(&data, &["stats", "--json"]);
    assert_eq!(s["articles"], s["indexed"]);
}

#[test]
fn a_missing_path_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &dir.path().join("store"),
        &["ingest", "--quiet", dir.path().join("absent").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("absent"));
}

#[test]
fn legacy_encoded_page_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(seed_path()).unwrap();
    let (bytes, _, bad) = encoding_rs::WINDOWS_1256.encode(&text);
    assert!(!bad);
    let page = dir.path().join("page-1256.txt");
    std::fs::write(&page, &bytes).unwrap();
    let data = dir.path().join("store");
    let out = run(
        &data,
        &["ingest", "--quiet", "--url", "http://dostor/1", page.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_, v) = run_json(&data, &["show", "http://dostor/1", "--json"]);
    assert!(v["content"].as_str().unwrap().contains("بيسكوف"));
    assert_eq!(v["encoding"], "windows-1256");
    let raw = run(&data, &["show", "--raw", "http://dostor/1"]).stdout;
    assert_eq!(raw, bytes.to_vec(), "the raw record is kept verbatim");
}

#[test]
fn output_closed_early_ends_quietly() {
    // `marsad analyze ... | head -1`: the reader goes away after a line.
    let dir = tempfile::tempdir().unwrap();
    let text = "قال المتحدث باسم الكرملين ".repeat(2_000);
    let mut child = marsad(dir.path())
        .args(["analyze", &text])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_damaged_semantic_model_is_told_and_search_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let out = run(&data, &["ingest", "--quiet", sample_path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let conn = rusqlite::Connection::open(data.join("marsad.sqlite")).unwrap();
    let changed = conn
        .execute("UPDATE semantic SET data = x'00' WHERE part = 'idf'", [])
        .unwrap();
    assert_eq!(changed, 1, "the store has a semantic model to damage");
    drop(conn);
    // More than 50 hits of a bag of words: the tail is where the model is read.
    let search = |log: Option<&str>| {
        let mut c = marsad(&data);
        c.env_remove("MARSAD_LOG");
        if let Some(log) = log {
            c.env("MARSAD_LOG", log);
        }
        c.args(["search", "المملكة", "--limit", "60", "--json"])
            .output()
            .unwrap()
    };
    let out = search(None);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("semantic model is inconsistent"),
        "told by default: {err:?}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 60, "the search goes on without it");
    let quiet = search(Some("error"));
    assert!(quiet.status.success());
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("inconsistent"));
}
