//! Cleaning at ingest, seen from the command line.

use crate::util::*;

/// The seed page's masthead line.
const MASTHEAD: &str = "رئيس مجلسى الإدارة";

fn body_of(data: &std::path::Path, id: &str) -> String {
    let (code, v) = run_json(data, &["show", id, "--json"]);
    assert_eq!(code, 0);
    v["body"].as_str().expect("show --json has the body").to_string()
}

/// `MARSAD_NO_CLEAN=1` (for measuring what cleaning costs) stores the page
/// whole; the next writer with cleaning on cleans it.
#[test]
fn cleaning_can_be_off_and_is_caught_up_later() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let seed = seed_path();
    let ingest = |no_clean: &str| {
        marsad(&data)
            .args([
                "ingest",
                "--quiet",
                "--url",
                "http://dostor/seed",
                seed.to_str().unwrap(),
            ])
            .env("MARSAD_NO_CLEAN", no_clean)
            .output()
            .unwrap()
    };
    assert!(ingest("1").status.success());
    let whole = body_of(&data, "http://dostor/seed");
    assert!(whole.contains(MASTHEAD), "the masthead is kept: {whole}");
    assert!(ingest("0").status.success());
    let cleaned = body_of(&data, "http://dostor/seed");
    assert!(!cleaned.contains(MASTHEAD), "the masthead is gone: {cleaned}");
    assert!(cleaned.contains("بيسكوف"));
    assert!(cleaned.len() < whole.len());
}
