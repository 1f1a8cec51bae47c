//! Times reading and parsing the SaudiNewsNet corpus and checks the counts.
//!
//! `cargo run --release -p marsad-ingest --example read_corpus [DIR]`
//! (default `../shared/corpus/saudinewsnet` beside the checkout).

use marsad_ingest::{read_paths, Event, Options};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/saudinewsnet").into());
    let start = Instant::now();
    let (mut records, mut no_text, mut errors, mut raw_bytes) = (0usize, 0usize, 0usize, 0usize);
    read_paths(&[PathBuf::from(&dir)], &Options::default(), &mut |event| match event {
        Event::Record(r) => {
            records += 1;
            raw_bytes += r.raw.len();
            no_text += usize::from(r.warnings.iter().any(|w| w == "no text"));
        }
        Event::Error(e) => {
            errors += 1;
            eprintln!("{e}");
        }
        _ => {}
    });
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{records} records ({no_text} without text), {errors} errors, {:.1} MB of JSON in {secs:.2} s ({:.0} MB/s)",
        raw_bytes as f64 / 1e6,
        raw_bytes as f64 / 1e6 / secs
    );
    if dir.ends_with("saudinewsnet") {
        assert_eq!((records, no_text, errors), (31_030, 57, 0), "SaudiNewsNet counts");
    }
}
