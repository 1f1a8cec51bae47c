//! Cleaning at ingest: each source's boilerplate statistics, kept in memory
//! while writing and saved with every batch, and the cleaned body and
//! structure derived for each new or changed article.
//!
//! Invariant: the stored statistics of a source count exactly the articles
//! of that source stored so far (they are saved in the batch's transaction).

use crate::db::{Derived, Deriver};
use crate::quotes;
use marsad_clean::{clean, CleanLine, Cleaned, SourceStats, Structure, MIN_RECURRING_ARTICLES};
use marsad_core::Article;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Bump when the cleaning rules change: stored articles cleaned by older
/// rules are cleaned again when a writer opens the store.
pub const CLEAN_VERSION: i64 = 1;

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
    /// Sources whose statistics changed since this cleaner was made.
    touched: BTreeSet<String>,
    /// Learn from the articles cleaned (false when re-cleaning stored ones).
    pub learn: bool,
    /// Extract quotes from each cleaned body (see [`quotes::extraction_enabled`]).
    pub extract: bool,
}

impl Cleaner {
    /// A cleaner starting from stored statistics `(source, json)`.
    pub fn new(stored: Vec<(String, String)>) -> Cleaner {
        let stats = stored
            .into_iter()
            .filter_map(|(source, json)| Some((source, serde_json::from_str(&json).ok()?)))
            .collect();
        Cleaner {
            stats,
            dirty: BTreeSet::new(),
            touched: BTreeSet::new(),
            learn: true,
            extract: quotes::extraction_enabled(),
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
        let cleaned = clean(&article.content, Some(&article.title), self.stats.get(source));
        let headline = if article.title.trim().is_empty() {
            cleaned.structure.title.clone().unwrap_or_default()
        } else {
            article.title.clone()
        };
        let record = CleanRecord {
            lines: cleaned.lines.clone(),
            structure: cleaned.structure.clone(),
        };
        let mut derived = Derived {
            headline,
            body: cleaned.cleaned_text().as_str().to_string(),
            clean: serde_json::to_string(&record).expect("clean record serialises"),
            clean_version: CLEAN_VERSION,
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
        if stored.contains(r#""kind":"recurring""#) {
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

    /// Sources whose statistics changed since this cleaner was made.
    pub fn take_touched(&mut self) -> Vec<String> {
        std::mem::take(&mut self.touched).into_iter().collect()
    }
}

impl Deriver for Cleaner {
    /// Learns from the whole batch first (in order), then cleans its
    /// articles in parallel against the same statistics.
    fn derive_all(&mut self, articles: &[&Article]) -> Vec<Derived> {
        if self.learn {
            for article in articles {
                let source = article.source.as_deref().unwrap_or(NO_SOURCE).to_string();
                self.stats
                    .entry(source.clone())
                    .or_default()
                    .add_article(&article.content);
                self.touched.insert(source.clone());
                self.dirty.insert(source);
            }
        }
        let this = &*self;
        articles.par_iter().map(|a| this.clean(a).1).collect()
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
