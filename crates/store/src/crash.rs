//! Crash points for the kill tests: `MARSAD_CRASH_AT=NAME[:N]` aborts the
//! process (as `kill -9` would: no destructors, no flush) the N-th time the
//! named point is reached (first time when N is omitted). Unset, a crash
//! point costs one relaxed atomic load.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

static TARGET: OnceLock<Option<(String, u64)>> = OnceLock::new();
static HITS: AtomicU64 = AtomicU64::new(0);

/// Aborts the process here if `MARSAD_CRASH_AT` names this point.
pub fn crash_point(name: &str) {
    let target = TARGET.get_or_init(|| {
        let spec = std::env::var("MARSAD_CRASH_AT").ok()?;
        let (point, n) = match spec.split_once(':') {
            Some((p, n)) => (p.to_string(), n.parse().unwrap_or(1)),
            None => (spec, 1),
        };
        Some((point, n))
    });
    if let Some((point, n)) = target {
        if point == name && HITS.fetch_add(1, Ordering::Relaxed) + 1 >= *n {
            eprintln!("MARSAD_CRASH_AT: aborting at {name}");
            std::process::abort();
        }
    }
}
