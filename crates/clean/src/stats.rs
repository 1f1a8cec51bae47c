//! Per-source line statistics: in how many of a source's articles each
//! normalized short line occurs.
//!
//! # Memory bound: lossy counting
//! Lines are keyed by a 64-bit FNV-1a hash of their stats key (the matching
//! fold of [`crate::line`] with every run of digits replaced by `0`, so
//! "تبدأ بالرمز (47)" and "تبدأ بالرمز (100)" count as one line). Lines longer
//! than [`MAX_LINE_BYTES`] bytes are never counted: they are prose.
//!
//! Counts follow Manku and Motwani's lossy counting over articles. Articles
//! are grouped in buckets of `bucket_width` (w); after each full bucket `b`
//! every entry whose `count + slack <= b` is dropped, and a line first seen in
//! bucket `b` starts with `slack = b - 1`. Hence, with N articles seen:
//! - `count` never exceeds the true number of articles containing the line,
//!   and falls short of it by at most N / w;
//! - every line in more than N / w articles is kept;
//! - the table holds at most about `(w · L) · ln(N / w)` entries for L distinct
//!   short lines per article, whatever N is.
//!
//! The default w = 1000 keeps every line found in more than 0.1% of the
//! source's articles, well below the shares that make a line furniture.

use crate::line::fold_char;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already FNV hashes: the table uses them as they are.
#[derive(Debug, Clone, Copy, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Counts = HashMap<u64, Entry, BuildHasherDefault<KeyHasher>>;

/// Lines longer than this many bytes (about 200 Arabic letters) are not
/// counted.
pub const MAX_LINE_BYTES: usize = 400;

/// Default bucket width of the lossy counting (articles per bucket).
pub const DEFAULT_BUCKET_WIDTH: u32 = 1000;

/// A counted line: lower-bound count and maximum undercount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    count: u32,
    slack: u32,
}

/// Statistics of one source's lines (see the module docs for the bounds).
///
/// Invariants: `count(line) <= true count <= count(line) + articles() / w`;
/// adding the same articles in any order, or in parts that are then
/// [`merge`](SourceStats::merge)d, gives counts within the same bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "StatsRepr", from = "StatsRepr")]
pub struct SourceStats {
    articles: u64,
    bucket_width: u32,
    counts: Counts,
}

/// The serialised form: entries sorted by key, so equal stats serialise equally.
#[derive(Serialize, Deserialize)]
struct StatsRepr {
    articles: u64,
    bucket_width: u32,
    /// `(key, count, slack)` triples sorted by key.
    lines: Vec<(u64, u32, u32)>,
}

impl From<SourceStats> for StatsRepr {
    fn from(s: SourceStats) -> Self {
        let mut lines: Vec<(u64, u32, u32)> = s.counts.into_iter().map(|(k, e)| (k, e.count, e.slack)).collect();
        lines.sort_unstable();
        StatsRepr {
            articles: s.articles,
            bucket_width: s.bucket_width,
            lines,
        }
    }
}

impl From<StatsRepr> for SourceStats {
    fn from(r: StatsRepr) -> Self {
        let counts = r
            .lines
            .into_iter()
            .map(|(k, count, slack)| (k, Entry { count, slack }))
            .collect();
        SourceStats {
            articles: r.articles,
            bucket_width: r.bucket_width.max(1),
            counts,
        }
    }
}

impl Default for SourceStats {
    fn default() -> Self {
        SourceStats::with_bucket_width(DEFAULT_BUCKET_WIDTH)
    }
}

impl SourceStats {
    /// Empty statistics with the default bucket width.
    pub fn new() -> Self {
        SourceStats::default()
    }

    /// Empty statistics pruned every `width` articles (at least 1).
    pub fn with_bucket_width(width: u32) -> Self {
        SourceStats {
            articles: 0,
            bucket_width: width.max(1),
            counts: Counts::default(),
        }
    }

    /// Number of articles added.
    pub fn articles(&self) -> u64 {
        self.articles
    }

    /// Number of lines currently counted (the memory in use).
    pub fn tracked_lines(&self) -> usize {
        self.counts.len()
    }

    /// Counts one article's body text (lines split on `'\n'`); each distinct
    /// line counts once per article.
    pub fn add_article(&mut self, text: &str) {
        self.add_keys(&article_keys(text));
    }

    /// Counts one article given as its [`article_keys`] (which can be
    /// computed in parallel, away from the statistics).
    pub fn add_keys(&mut self, keys: &[u64]) {
        self.articles += 1;
        let slack = self.bucket().saturating_sub(1);
        for &k in keys {
            let e = self.counts.entry(k).or_insert(Entry { count: 0, slack });
            e.count += 1;
        }
        if self.articles.is_multiple_of(u64::from(self.bucket_width)) {
            self.prune();
        }
    }

    /// Adds another source's (or another part's) statistics into these.
    /// A line missing from one side may have been pruned there, so it gets
    /// that side's bucket count as extra slack.
    pub fn merge(&mut self, other: &SourceStats) {
        let (mine, theirs) = (self.bucket_index(), other.bucket_index());
        for e in self.counts.values_mut() {
            e.slack += theirs;
        }
        for (k, o) in &other.counts {
            match self.counts.get_mut(k) {
                Some(e) => {
                    e.count += o.count;
                    e.slack = e.slack - theirs + o.slack;
                }
                None => {
                    let slack = mine + o.slack;
                    self.counts.insert(*k, Entry { count: o.count, slack });
                }
            }
        }
        self.articles += other.articles;
        self.prune();
    }

    /// Lower bound of the number of articles containing `line` (0 for long
    /// or blank lines).
    pub fn count(&self, line: &str) -> u64 {
        line_key(line)
            .and_then(|k| self.counts.get(&k))
            .map_or(0, |e| u64::from(e.count))
    }

    /// Lower bound of the number of articles containing the line whose key
    /// is `key` (see [`article_keys`]).
    pub fn count_key(&self, key: u64) -> u64 {
        self.counts.get(&key).map_or(0, |e| u64::from(e.count))
    }

    /// Share of the source's articles containing `line`, from 0 to 1.
    pub fn share(&self, line: &str) -> f64 {
        self.count(line) as f64 / self.articles.max(1) as f64
    }

    /// The current bucket, counted from 1.
    fn bucket(&self) -> u32 {
        let w = u64::from(self.bucket_width);
        u32::try_from(self.articles.div_ceil(w)).unwrap_or(u32::MAX)
    }

    /// Number of complete buckets.
    fn bucket_index(&self) -> u32 {
        u32::try_from(self.articles / u64::from(self.bucket_width)).unwrap_or(u32::MAX)
    }

    /// Drops every entry that cannot be frequent (`count + slack <= b`).
    fn prune(&mut self) {
        let b = self.bucket_index();
        self.counts.retain(|_, e| e.count + e.slack > b);
    }
}

/// The FNV-1a hash of a line's stats key, or `None` for blank or long lines.
/// The keys of an article's countable lines (lines split on `'\n'`), each
/// once, sorted: what [`SourceStats::add_keys`] counts.
pub fn article_keys(text: &str) -> Vec<u64> {
    let mut keys: Vec<u64> = text.split('\n').filter_map(line_key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

pub(crate) fn line_key(line: &str) -> Option<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    if line.len() > MAX_LINE_BYTES {
        return None;
    }
    let mut h = OFFSET;
    let (mut pending_space, mut in_digits, mut empty) = (false, false, true);
    for c in line.chars().filter_map(fold_char) {
        if c == ' ' {
            pending_space = !empty;
            in_digits = false;
            continue;
        }
        if c.is_ascii_digit() && in_digits {
            continue;
        }
        in_digits = c.is_ascii_digit();
        let c = if in_digits { '0' } else { c };
        let mut buf = [0u8; 4];
        let space = if pending_space { &b" "[..] } else { &[][..] };
        for &byte in space.iter().chain(c.encode_utf8(&mut buf).as_bytes()) {
            h = (h ^ u64::from(byte)).wrapping_mul(PRIME);
        }
        pending_space = false;
        empty = false;
    }
    (!empty).then_some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOOTER: &str = "للتواصل مع الكاتب ارسل رسالة SMS";

    #[test]
    fn keys_fold_digits_spaces_and_tatweel() {
        assert_eq!(
            line_key("تبدأ بالرمز (47) ثم مسافة"),
            line_key(" تبدأ  بالرمز (100) ثم مسافة ")
        );
        assert_eq!(line_key("السطـر الأخـير :"), line_key("السطر الاخير :"));
        assert_ne!(line_key("// انتهى //"), line_key("// يتبع //"));
        assert_eq!(line_key(" \u{00A0} "), None);
        assert_eq!(line_key(&"ب".repeat(MAX_LINE_BYTES / 2 + 1)), None);
    }

    #[test]
    fn counts_articles_not_occurrences() {
        let mut s = SourceStats::new();
        s.add_article(&format!("نص أول\n{FOOTER}\n{FOOTER}"));
        s.add_article(&format!("نص ثان\n{FOOTER}"));
        assert_eq!(s.articles(), 2);
        assert_eq!(s.count(FOOTER), 2);
        assert_eq!(s.count("نص أول"), 1);
        assert!((s.share(FOOTER) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn pruning_keeps_frequent_lines_and_bounds_memory() {
        let mut s = SourceStats::with_bucket_width(10);
        for i in 0..1000 {
            s.add_article(&format!("سطر فريد رقم {}\n{FOOTER}", "ب".repeat(i % 50 + 1)));
        }
        assert_eq!(s.count(FOOTER), 1000);
        assert!(s.tracked_lines() < 60, "{}", s.tracked_lines());
    }

    #[test]
    fn merge_equals_adding_everything() {
        let (mut a, mut b, mut all) = (SourceStats::new(), SourceStats::new(), SourceStats::new());
        for (i, t) in ["أ\nب", "ب\nج", "ج\nد"].iter().enumerate() {
            all.add_article(t);
            if i == 0 {
                a.add_article(t)
            } else {
                b.add_article(t)
            }
        }
        a.merge(&b);
        assert_eq!(a.articles(), 3);
        for l in ["أ", "ب", "ج", "د"] {
            assert_eq!(a.count(l), all.count(l), "{l}");
        }
    }

    #[test]
    fn serde_round_trip() {
        let mut s = SourceStats::new();
        s.add_article(&format!("{FOOTER}\n// انتهى //"));
        let json = serde_json::to_string(&s).unwrap();
        let back: SourceStats = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.count("// انتهى //"), 1);
    }
}
