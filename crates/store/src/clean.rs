//! Cleaning at ingest: each source's boilerplate statistics, kept in memory
//! while writing and saved with every batch, and the cleaned body and
//! structure derived for each new or changed article.
//!
//! Invariant: the stored statistics of a source count exactly the articles
//! of that source stored so far (they are saved in the batch's transaction).

use crate::db::{Derived, Deriver};
use crate::quotes;
use marsad_clean::{article_keys, clean, keep_all, CleanLine, Cleaned, SourceStats, Structure, MIN_RECURRING_ARTICLES};
use marsad_core::Article;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Bump when the cleaning rules change: stored articles cleaned by older
/// rules are cleaned again when a writer opens the store. (3: headlines'
/// HTML character references decoded.)
pub const CLEAN_VERSION: i64 = 3;

/// Environment variable that turns cleaning off at ingest (`1`), for
/// measuring what it costs: articles are stored as they came (every line
/// kept, no structure, `clean_version` 0), so a writer cleans them when it
/// next opens the store with cleaning on.
pub const NO_CLEAN_ENV: &str = "MARSAD_NO_CLEAN";

/// Whether ingest cleans articles (see [`NO_CLEAN_ENV`]).
pub fn cleaning_enabled() -> bool {
    std::env::var(NO_CLEAN_ENV).map_or(true, |v| v.is_empty() || v == "0")
}

/// Source name used for articles without one.
const NO_SOURCE: &str = "";

/// What is stored of an article's cleaning (its body is stored apart).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CleanRecord {
    /// Every non-blank line of the content with its label (and reason when removed).
    pub lines: Vec<CleanLine>,
    /// Recovered structure: title, kickers, subheadings, dateline, byline, captions.
    pub structure: Structure,
}

/// Cleans articles against per-source statistics.
#[derive(Debug, Default)]
pub struct Cleaner {
    stats: HashMap<String, SourceStats>,
    /// Sources whose statistics changed since they were last saved.
    dirty: BTreeSet<String>,
    /// Learn from the articles cleaned (false when re-cleaning stored ones).
    pub learn: bool,
    /// Extract quotes from each cleaned body (see [`quotes::extraction_enabled`]).
    pub extract: bool,
    /// Clean at all (see [`cleaning_enabled`]); without, bodies are kept whole.
    pub cleans: bool,
    /// Articles each source had before this cleaner learned from it.
    earlier: HashMap<String, u64>,
    /// Articles cleaned while learning, since this cleaner was made.
    learned: Vec<Learned>,
    /// Sources with earlier articles where a line became frequent enough
    /// ([`MIN_RECURRING_ARTICLES`]) to matter since this cleaner was made.
    crossed: BTreeSet<String>,
}

/// An article cleaned while learning: enough to tell later whether the
/// statistics grown since could change its cleaning.
#[derive(Debug)]
struct Learned {
    id: String,
    source: String,
    /// Its lines' statistics keys.
    keys: Vec<u64>,
    /// Whether a line was removed as recurring.
    recurring: bool,
}

/// The stored articles whose cleaning the statistics learned by a cleaner
/// may have changed (see [`Cleaner::take_recheck`]).
#[derive(Debug, Default)]
pub struct Recheck {
    /// Articles cleaned by this cleaner that may clean differently now.
    pub ids: Vec<String>,
    /// Sources whose earlier articles must all be checked with
    /// [`Cleaner::may_change`]: a line of theirs may have become frequent.
    pub scan: Vec<String>,
    /// Sources whose earlier articles need checking only where a line was
    /// removed as recurring (the source's size changed, so may the verdict).
    pub recurring: Vec<String>,
}

impl Cleaner {
    /// A cleaner starting from stored statistics `(source, json)`.
    pub fn new(stored: Vec<(String, String)>) -> Cleaner {
        let stats: HashMap<String, SourceStats> = stored
            .into_iter()
            .filter_map(|(source, json)| Some((source, serde_json::from_str(&json).ok()?)))
            .collect();
        let earlier = stats.iter().map(|(s, st)| (s.clone(), st.articles())).collect();
        Cleaner {
            stats,
            earlier,
            learn: true,
            extract: quotes::extraction_enabled(),
            cleans: cleaning_enabled(),
            ..Default::default()
        }
    }

    /// Cleans one article with its source's current statistics, and
    /// extracts its quotes when [`Cleaner::extract`] is on.
    pub fn clean(&self, article: &Article) -> (Cleaned, Derived) {
        self.clean_with(article, self.extract)
    }

    /// Extracts the quotes of a cleaned article into `derived`, with spans
    /// mapped back to the raw content.
    pub fn add_quotes(&self, cleaned: &Cleaned, article: &Article, derived: &mut Derived) {
        let body = cleaned.cleaned_text();
        let to_raw = |start, end| {
            let s = body.span_to_original(marsad_clean::Span { start, end })?;
            Some((s.start, s.end))
        };
        let (published, headline) = (article.date.as_deref(), derived.headline.as_str());
        derived.quotes = Some(quotes::extract(body.as_str(), published, headline, to_raw));
    }

    /// Cleans one article, extracting its quotes only with `extract`.
    pub fn clean_with(&self, article: &Article, extract: bool) -> (Cleaned, Derived) {
        let source = article.source.as_deref().unwrap_or(NO_SOURCE);
        let cleaned = if self.cleans {
            clean(&article.content, Some(&article.title), self.stats.get(source))
        } else {
            keep_all(&article.content)
        };
        let headline = if article.title.trim().is_empty() {
            cleaned.structure.title.clone().unwrap_or_default()
        } else {
            headline_of(&article.title)
        };
        let record = CleanRecord {
            lines: cleaned.lines.clone(),
            structure: cleaned.structure.clone(),
        };
        let mut derived = Derived {
            headline,
            body: cleaned.cleaned_text().as_str().to_string(),
            clean: serde_json::to_string(&record).expect("clean record serialises"),
            clean_version: if self.cleans { CLEAN_VERSION } else { 0 },
            quotes: None,
        };
        if extract {
            self.add_quotes(&cleaned, article, &mut derived);
        }
        (cleaned, derived)
    }

    /// Whether cleaning `article` again could change its stored cleaning
    /// `stored`. Statistics only matter through lines found in at least
    /// [`MIN_RECURRING_ARTICLES`] of the source's articles: an article with
    /// no such line now, and none removed as recurring before, cleans the
    /// same. (Lossy counting may forget a line that was frequent in a small
    /// source and later became rare; such an article keeps its older, still
    /// sound, cleaning until `marsad reclean`.)
    pub fn may_change(&self, article: &Article, stored: Option<&str>) -> bool {
        let Some(stored) = stored else { return true };
        if stored.contains(RECURRING_MARK) {
            return true;
        }
        let source = article.source.as_deref().unwrap_or(NO_SOURCE);
        let Some(stats) = self.stats.get(source) else {
            return false;
        };
        article
            .content
            .lines()
            .any(|l| stats.count(l) >= MIN_RECURRING_ARTICLES)
    }

    /// What the statistics learned since this cleaner was made may have
    /// changed, by the same test as [`Cleaner::may_change`]; forgets it.
    /// Articles this cleaner cleaned are checked from memory; earlier ones
    /// need a look only when their source grew.
    pub fn take_recheck(&mut self) -> Recheck {
        let learned = std::mem::take(&mut self.learned);
        let mut ids: Vec<String> = learned
            .into_iter()
            .filter(|l| {
                l.recurring
                    || self
                        .stats
                        .get(&l.source)
                        .is_some_and(|stats| l.keys.iter().any(|&k| stats.count_key(k) >= MIN_RECURRING_ARTICLES))
            })
            .map(|l| l.id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let crossed = std::mem::take(&mut self.crossed);
        let (mut scan, mut recurring) = (Vec::new(), Vec::new());
        for (source, &before) in &self.earlier {
            let grew = self.stats.get(source).is_some_and(|s| s.articles() > before);
            if before == 0 || !grew {
                continue;
            }
            if crossed.contains(source) {
                scan.push(source.clone());
            } else {
                recurring.push(source.clone());
            }
        }
        scan.sort_unstable();
        recurring.sort_unstable();
        self.earlier = self.stats.iter().map(|(s, st)| (s.clone(), st.articles())).collect();
        Recheck { ids, scan, recurring }
    }
}

/// How a line removed as recurring appears in a stored cleaning record.
pub(crate) const RECURRING_MARK: &str = r#""kind":"recurring""#;

impl Deriver for Cleaner {
    /// Learns from the whole batch first (in order), then cleans its
    /// articles in parallel against the same statistics.
    fn derive_all(&mut self, articles: &[&Article]) -> Vec<Derived> {
        let keys: Vec<Vec<u64>> = if self.learn && self.cleans {
            articles.par_iter().map(|a| article_keys(&a.content)).collect()
        } else {
            Vec::new()
        };
        for (article, keys) in articles.iter().zip(&keys) {
            let source = article.source.as_deref().unwrap_or(NO_SOURCE);
            let stats = self.stats.entry(source.to_string()).or_default();
            stats.add_keys(keys);
            let earlier = self.earlier.get(source).copied().unwrap_or(0);
            if earlier > 0 && keys.iter().any(|&k| stats.count_key(k) == MIN_RECURRING_ARTICLES) {
                self.crossed.insert(source.to_string());
            }
            self.dirty.insert(source.to_string());
        }
        let this = &*self;
        let derived: Vec<Derived> = articles.par_iter().map(|a| this.clean(a).1).collect();
        for ((article, keys), d) in articles.iter().zip(keys).zip(&derived) {
            self.learned.push(Learned {
                id: article.id.clone(),
                source: article.source.clone().unwrap_or_default(),
                keys,
                recurring: d.clean.contains(RECURRING_MARK),
            });
        }
        derived
    }

    fn take_dirty_stats(&mut self) -> Vec<(String, u64, String)> {
        let dirty = std::mem::take(&mut self.dirty);
        dirty
            .into_iter()
            .filter_map(|s| {
                let stats = self.stats.get(&s)?;
                Some((s, stats.articles(), serde_json::to_string(stats).ok()?))
            })
            .collect()
    }
}

/// An input's title as shown and searched: scraped titles keep the page's
/// HTML character references (`&#8220;ظريف&#8221;`, `&quot;`), which are
/// decoded; the body text never has them.
fn headline_of(title: &str) -> String {
    html_escape::decode_html_entities(title).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_decode_html_character_references() {
        let article = Article {
            title: "توزيع &#8220;موسوعة خطب الجمعة&#8221; على &quot;الخطباء&quot; &amp; الأئمة".into(),
            content: "نص الخبر".into(),
            ..Default::default()
        };
        let (_, derived) = Cleaner::default().clean_with(&article, false);
        assert_eq!(derived.headline, "توزيع “موسوعة خطب الجمعة” على \"الخطباء\" & الأئمة");
        assert_eq!(headline_of("بلا مراجع & ولا رموز"), "بلا مراجع & ولا رموز");
    }
}
