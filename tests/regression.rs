//! One test per bug found.

use crate::util::*;

/// A kill while the very first ingest was creating the database left a
/// SQLite file without tables; read-only commands then failed with
/// "no such table" instead of seeing an empty store.
#[test]
fn a_store_killed_before_its_schema_was_written_opens() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("marsad.sqlite"), b"").unwrap();
    assert_eq!(counts(&data), (0, 0));
}

/// Adding the cleaning columns shifted the column numbers `show` read, so
/// `show` failed on every article.
#[test]
fn show_reads_provenance_after_the_cleaning_columns() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let out = run(
        &data,
        &[
            "ingest",
            "--quiet",
            "--url",
            "http://dostor/seed",
            seed_path().to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let (code, v) = run_json(&data, &["show", "http://dostor/seed", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["format"], "text");
}

/// A source or date filter made the query's words optional: every article
/// the filter let through matched, with score 0.
#[test]
fn filters_narrow_matches_instead_of_replacing_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let out = run(&data, &["ingest", "--quiet", sample_path().to_str().unwrap()]);
    assert!(out.status.success());
    let (code, v) = run_json(&data, &["search", "بيسكوف source:was", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(v["total"], 0, "no was article mentions Peskov: {v}");
    let (_, v) = run_json(&data, &["search", "بيسكوف", "--json", "--from", "2015-01-01"]);
    assert_eq!(v["total"], 0, "{v}");
}
