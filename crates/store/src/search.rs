//! Search: the query language of [`crate::query`] turned into tantivy
//! queries over the stemmed and surface fields, BM25-ranked, with
//! highlighted snippets cut from the original text.
//!
//! Scoring: every word matches by stem (weight 1) and by exact surface form
//! (an extra [`Weights::exact`]), so exact forms rank above stem-only
//! matches; title fields weigh [`Weights::title`] times content fields. A
//! present-tense verb also matches its past forms ([`Weights::past`]), a
//! transliterated name its other spellings ([`Weights::variant`]).

use crate::first_phase;
use crate::index::{self, Fields};
use crate::query::{self, Clause, Item, Occur as QOccur, ParsedQuery};
use crate::rescore::{self, Bm25, NearWords, WeightedTerm};
use crate::retention::Retention;
use crate::snippet::{self, Snippet};
use crate::{db, Error, Result, Store, INDEX_DIR};
use marsad_text::{STEM_ANALYZER, SURFACE_ANALYZER};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Bound;
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, Bm25StatisticsProvider, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

/// Relative weights of the parts of a query's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Weight of title fields relative to content fields.
    pub title: f32,
    /// Extra weight of an exact surface-form match over a stem match.
    pub exact: f32,
    /// Extra weight of a content match in the article's lead.
    pub lead: f32,
    /// Weight of neighbouring query words found near each other.
    pub proximity: f32,
    /// How far apart (in words) neighbouring query words may be to count as near.
    pub slop: f32,
    /// BM25 term-frequency saturation (second phase: the best hits scored
    /// again with BM25 of these parameters, not tantivy's fixed 1.2).
    pub k1: f32,
    /// BM25 length normalisation (second phase).
    pub b: f32,
    /// Weight of the past-tense stems of a present-tense query verb
    /// ([`marsad_text::past_stems`]) relative to the verb's own stem.
    pub past: f32,
    /// Weight of a present-tense query verb's own forms (a word with past
    /// stems), relative to other words': a headline's present-tense verb
    /// (`يعايد`) is in its article's body 40% of the time, other words
    /// 83–92% (the store's headlines, `marsad eval headlines`).
    pub present: f32,
    /// Weight of a hit's similarity to the query ([`crate::semantic`]),
    /// relative to the best hit's score, below the best
    /// [`crate::semantic::KEEP`] of a bag of words.
    pub semantic: f32,
    /// Strength of a query word's headline retention
    /// ([`crate::retention`]): its terms weigh the retention relative to
    /// the mean to this power (0: not at all).
    pub retention: f32,
    /// Weight of a transliterated name's other spellings
    /// ([`marsad_text::spelling_variants`]) relative to the typed word's stem.
    pub variant: f32,
    /// Weight, relative to the best hit's score, of the query's body terms
    /// (stems, surface forms, the lead's stems) that few of the best
    /// [`LOCAL_DEPTH`] hits hold: each weighs its IDF and query weight times
    /// `ln(LOCAL_DEPTH / (k + 0.5))`, `k` of those hits holding it, over the
    /// same weights summed over the terms.
    pub local: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            title: 2.0,
            exact: 0.3,
            lead: 0.3,
            proximity: 0.2,
            slop: 2.0,
            k1: 0.6,
            b: 0.75,
            past: 0.5,
            present: 0.75,
            semantic: 0.8,
            retention: 1.5,
            variant: 0.5,
            local: 0.3,
        }
    }
}

impl std::str::FromStr for Weights {
    type Err = String;

    /// Parses `name=value,...` over the defaults
    /// (`title=2,exact=0.3,lead=0.3,proximity=0.2,slop=2,k1=0.6,b=0.75,past=0.5,present=0.75,semantic=0.8,retention=1.5,variant=0.5,local=0.3`).
    fn from_str(s: &str) -> Result<Self, String> {
        let mut w = Weights::default();
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("expected name=value, got {part:?}"))?;
            let value: f32 = value
                .trim()
                .parse()
                .map_err(|_| format!("{name}: not a number: {value:?}"))?;
            match name.trim() {
                "title" => w.title = value,
                "exact" => w.exact = value,
                "proximity" => w.proximity = value,
                "lead" => w.lead = value,
                "slop" => w.slop = value,
                "k1" => w.k1 = value,
                "b" => w.b = value,
                "past" => w.past = value,
                "present" => w.present = value,
                "semantic" => w.semantic = value,
                "retention" => w.retention = value,
                "variant" => w.variant = value,
                "local" => w.local = value,
                other => {
                    return Err(format!(
                        "unknown weight {other:?} (known: title, exact, lead, proximity, slop, k1, b, past, present, semantic, retention, variant, local)"
                    ))
                }
            }
        }
        Ok(w)
    }
}

/// Which fields a query searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldSet {
    /// Title and content (title weighted).
    #[default]
    TitleAndContent,
    /// Content only (the known-item evaluation's setting).
    Content,
    /// Title only.
    Title,
}

/// Options of one search.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// Number of hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Fields searched.
    pub fields: FieldSet,
    /// First day included (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Last day included (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Cut highlighted snippets (needs the article text).
    pub snippets: bool,
    /// Count all matching articles (costs a pass over the matches).
    pub count: bool,
    /// Read the query as plain words, without operators.
    pub plain: bool,
    /// Quotes each hit carries (its article's first ones, with `snippets`);
    /// with none, `quotes_total` is not counted either.
    pub quotes: usize,
    /// Scoring weights.
    pub weights: Weights,
    /// How the hits are ordered.
    pub order: Order,
    /// Only articles quoting this speaker (a name, surname, alias or role;
    /// the query's `speaker:NAME` takes one word, this any).
    pub speaker: Option<String>,
}

/// How a search orders its hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Best match first (the ranking the known-item evaluation measures).
    #[default]
    Relevance,
    /// Latest publication day first; within a day, best match first.
    /// Articles without a date come last.
    Newest,
    /// Earliest publication day first; within a day, best match first.
    /// Articles without a date come last.
    Oldest,
}

/// One search hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// BM25 score.
    pub score: f32,
    /// Title (when details were fetched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Highlighted passage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
    /// Who said what in the article: its first quotes, as many as
    /// [`SearchOptions::quotes`] asks for (`marsad show` and `/api/articles`
    /// have them all).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<crate::StoredQuote>,
    /// How many quotes the article has in all (when quotes were asked for).
    #[serde(skip_serializing_if = "is_zero")]
    pub quotes_total: usize,
}

/// Quotes a hit carries in `marsad search` and `marsad bench search`.
pub const HIT_QUOTES: usize = 3;

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The result of a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Number of matching articles (when counted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
}

/// A searcher over a store's last committed state.
pub struct Searcher {
    store: Store,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    facet_tables: crate::facets::FacetTables,
    terms: rescore::TermCache,
    /// The semantic model, read on first use and again when a writer has
    /// learned a new one.
    semantic: std::sync::Mutex<Option<std::sync::Arc<crate::semantic::Model>>>,
    /// Headline stems' retention ([`crate::retention`]), counted on first
    /// use for the searcher generation it was counted from.
    retention: std::sync::Mutex<Option<(u64, std::sync::Arc<Retention>)>>,
}

/// Terms a query looks for, used to highlight snippets.
#[derive(Debug, Default)]
struct Wanted {
    stems: HashSet<String>,
    surfaces: HashSet<String>,
}

impl Searcher {
    /// Opens the store in `dir` for searching.
    pub fn open(dir: &Path) -> Result<Searcher> {
        let store = Store::open(dir)?;
        db::map_for_search(store.connection())?;
        let (index, fields) = index::open_for_read(&dir.join(INDEX_DIR))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        Ok(Searcher {
            store,
            index,
            reader,
            fields,
            facet_tables: Default::default(),
            terms: Default::default(),
            semantic: Default::default(),
            retention: Default::default(),
        })
    }

    /// The facet arrays this searcher keeps per segment.
    pub(crate) fn facet_tables(&self) -> &crate::facets::FacetTables {
        &self.facet_tables
    }

    /// The underlying store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Picks up the latest commit now (it is also picked up shortly after).
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Runs a query string.
    ///
    /// Ranking runs in two phases: the words' BM25 scores (tantivy's) select
    /// the best [`RERANK_DEPTH`] articles (or twice the page); for a bag of
    /// words, whose first phase matches and scores the words' stems alone
    /// ([`FIRST_PHASE_PAGES`] pages of them), those are scored again, every
    /// term of every word, with BM25 of our own parameters
    /// ([`Weights::k1`], [`Weights::b`]), then the proximity of neighbouring
    /// query words is added for the best twice-the-page of them alone (their
    /// positions are read at those hits, not in every article with both
    /// words; see `rescore::add_near`).
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        Ok(self.ranked(query, opts, false)?.0)
    }

    /// Searches and counts the matches per source and day in the same pass
    /// over the index (see [`Searcher::facets`]); `opts.count` is implied.
    pub fn search_faceted(&self, query: &str, opts: &SearchOptions) -> Result<(SearchResults, crate::Facets)> {
        let (results, facets) = self.ranked(query, opts, true)?;
        Ok((results, facets.unwrap_or_default()))
    }

    fn ranked(
        &self,
        query: &str,
        opts: &SearchOptions,
        facets: bool,
    ) -> Result<(SearchResults, Option<crate::Facets>)> {
        let mut wanted = Wanted::default();
        let built = self.parse_and_build(query, opts, &mut wanted)?;
        let searcher = self.reader.searcher();
        let want = opts.offset + opts.limit.max(1);
        if opts.order != Order::Relevance {
            return self.by_day(&built, &searcher, opts, want, facets, wanted);
        }
        let depth = if built.words.is_some() {
            (FIRST_PHASE_PAGES * want).max(RERANK_DEPTH)
        } else if built.near.is_some() {
            (2 * want).max(RERANK_DEPTH)
        } else {
            want
        };
        let top = TopDocs::with_limit(depth).order_by_score();
        // A bag of words' terms are looked up once, for both phases.
        let stats = built
            .words
            .as_ref()
            .map(|words| rescore::TermStats::look_up(&searcher, words, &self.terms))
            .transpose()?;
        let statistics: &dyn Bm25StatisticsProvider = match &stats {
            Some(stats) => stats,
            None => &searcher,
        };
        let (mut docs, total, facets) = if let (Some(bag), Some(stats)) = (&built.bag, &stats) {
            let counter = facets.then(|| self.facet_tables.collector(self.fields, &searcher));
            let found = first_phase::run(&searcher, stats, bag, &top, counter.as_ref())?;
            let total = (facets || opts.count).then_some(found.total as usize);
            (found.top, total, found.counted)
        } else if facets {
            let counter = self.facet_tables.collector(self.fields, &searcher);
            let (docs, f) = searcher.search_with_statistics_provider(&built.query, &(top, counter), statistics)?;
            (docs, Some(f.total as usize), Some(f))
        } else {
            // Counting also keeps tantivy from pruning the union with
            // block-max WAND, which is slower over this many term scorers.
            let (docs, n) = searcher.search_with_statistics_provider(&built.query, &(top, Count), statistics)?;
            (docs, opts.count.then_some(n), None)
        };
        // How many distinct terms a snippet looks for each hit holds: its
        // scan ends at the first window holding them all.
        let mut held: FxHashMap<DocAddress, usize> = FxHashMap::default();
        // Which of the query's body terms each hit holds, for the local weights.
        let mut matched: FxHashMap<DocAddress, u64> = FxHashMap::default();
        let tracked = match &built.words {
            Some(words) if opts.weights.local > 0.0 => self.local_terms(words),
            _ => Vec::new(),
        };
        if let (Some(stats), Some(words)) = (&stats, &built.words) {
            let bm25 = Bm25 {
                k1: opts.weights.k1,
                b: opts.weights.b,
            };
            let counted = self.snippet_terms(words, opts, &wanted);
            let scored = rescore::score(stats, bm25, &mut docs, &counted, &tracked)?;
            if !counted.is_empty() {
                held.extend(docs.iter().map(|d| d.1).zip(scored.held));
            }
            if !tracked.is_empty() {
                matched.extend(docs.iter().map(|d| d.1).zip(scored.matched));
            }
        }
        if let Some(near) = &built.near {
            // Proximity re-orders the best twice-the-page of the rescored
            // hits only (it reads positions at each hit it scores): known-item
            // dev MRR@10 and R@100 are the same as over all of them.
            docs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let n = docs.len().min(2 * want);
            rescore::add_near(&searcher, near, opts.weights.slop as u32, &mut docs[..n], &self.terms)?;
        }
        if built.near.is_some() || built.words.is_some() {
            docs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        }
        if let Some(stats) = stats.as_ref().filter(|_| !matched.is_empty()) {
            let k = docs.len().min(LOCAL_DEPTH);
            let best = &mut docs[..k];
            let masks: Vec<u64> = best.iter().map(|d| matched.get(&d.1).copied().unwrap_or(0)).collect();
            rescore::add_local(stats, &tracked, best, &masks, opts.weights.local);
        }
        if let Some(words) = &built.words {
            if want > crate::semantic::KEEP && opts.weights.semantic > 0.0 {
                self.order_tail(&searcher, words, opts.weights.semantic, &mut docs)?;
            }
        }
        let wanted = snippet::Wanted::new(wanted.stems, wanted.surfaces);
        let page = docs.get(opts.offset..).unwrap_or_default();
        let hits = self.hits(&searcher, &page[..page.len().min(opts.limit)], opts, &wanted, &held)?;
        Ok((SearchResults { total, hits }, facets))
    }

    /// The hits in publication order ([`Order::Newest`] or [`Order::Oldest`]),
    /// matches of the same day by their BM25 score: one pass over the matches
    /// with the day read from its fast field, no second phase.
    fn by_day(
        &self,
        built: &Built,
        searcher: &tantivy::Searcher,
        opts: &SearchOptions,
        want: usize,
        facets: bool,
        wanted: Wanted,
    ) -> Result<(SearchResults, Option<crate::Facets>)> {
        let newest = opts.order == Order::Newest;
        let day_field = searcher.schema().get_field_name(self.fields.day).to_string();
        let top = TopDocs::with_limit(want).tweak_score(move |segment: &tantivy::SegmentReader| {
            let days = segment
                .fast_fields()
                .u64(&day_field)
                .ok()
                .map(|c| c.first_or_default_col(0));
            move |doc: tantivy::DocId, score: tantivy::Score| {
                // 0 (no date) sorts last either way.
                let day = days.as_ref().map_or(0, |d| d.get_val(doc));
                let key = if newest || day == 0 { day } else { u64::MAX - day };
                (key, score)
            }
        });
        let (docs, total, facets) = if facets {
            let counter = self.facet_tables.collector(self.fields, searcher);
            let (docs, f) = searcher.search(&built.query, &(top, counter))?;
            (docs, Some(f.total as usize), Some(f))
        } else {
            let (docs, n) = searcher.search(&built.query, &(top, Count))?;
            (docs, opts.count.then_some(n), None)
        };
        let docs: Vec<(f32, DocAddress)> = docs.into_iter().map(|((_, score), addr)| (score, addr)).collect();
        let wanted = snippet::Wanted::new(wanted.stems, wanted.surfaces);
        let page = docs.get(opts.offset..).unwrap_or_default();
        let page = &page[..page.len().min(opts.limit)];
        let hits = self.hits(searcher, page, opts, &wanted, &FxHashMap::default())?;
        Ok((SearchResults { total, hits }, facets))
    }

    /// Orders the hits below the best [`crate::semantic::KEEP`] (sorted best
    /// first) by their score relative to the best plus `weight` times their
    /// similarity to the query's stems (see [`crate::semantic`]). Without a
    /// model, or a query stem it knows, the order stays.
    fn order_tail(
        &self,
        searcher: &tantivy::Searcher,
        words: &[WeightedTerm],
        weight: f32,
        docs: &mut [(f32, DocAddress)],
    ) -> Result<()> {
        let keep = crate::semantic::KEEP;
        let best = docs.first().map_or(0.0, |d| d.0);
        if docs.len() <= keep || best <= 0.0 {
            return Ok(());
        }
        let Some(model) = self.semantic_model()? else {
            return Ok(());
        };
        let mut stems: Vec<String> = words
            .iter()
            .filter(|w| w.term.field() == self.fields.content)
            .filter_map(|w| w.term.value().as_str().map(str::to_owned))
            .collect();
        stems.sort_unstable();
        stems.dedup();
        let Some(query) = model.query_vector(stems.iter().map(String::as_str)) else {
            return Ok(());
        };
        let mut columns = FxHashMap::default();
        let tail = &mut docs[keep..];
        for (score, addr) in tail.iter_mut() {
            // An index without seqs (written before them) has no vectors.
            let column = columns.entry(addr.segment_ord).or_insert_with(|| {
                searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64(index::SEQ_FIELD)
                    .ok()
            });
            let similarity = column
                .as_ref()
                .and_then(|c| c.first(addr.doc_id))
                .map_or(0.0, |seq| model.similarity(seq, &query));
            *score = *score / best + weight * similarity;
        }
        tail.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // A tail score is relative: mapped in order below the kept hits'
        // scores, so that the scores still fall with the rank.
        let (floor, top) = (docs[keep - 1].0 * 0.999, docs[keep].0);
        for d in &mut docs[keep..] {
            d.0 = floor * (d.0 - top).exp();
        }
        Ok(())
    }

    /// The headline stems' retention in the last commit, counted once per
    /// commit.
    fn retention(&self) -> Result<std::sync::Arc<Retention>> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let mut held = self.retention.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((g, r)) = held.as_ref() {
            if *g == generation {
                return Ok(r.clone());
            }
        }
        let started = std::time::Instant::now();
        let r = std::sync::Arc::new(Retention::learn(&searcher, &self.fields)?);
        tracing::debug!(
            "retention: {} headline stems, mean {:.3}, counted in {:.3} s",
            r.stems(),
            r.mean(),
            started.elapsed().as_secs_f64()
        );
        *held = Some((generation, r.clone()));
        Ok(r)
    }

    /// The store's semantic model (read again if a writer learned a new
    /// one since), `None` if it has none.
    fn semantic_model(&self) -> Result<Option<std::sync::Arc<crate::semantic::Model>>> {
        let conn = self.store.connection();
        let state = crate::semantic::stored_state(conn)?;
        let mut held = self.semantic.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if held.as_ref().map(|m| Some(&m.state)) != Some(state.as_ref()) {
            *held = match state {
                Some(_) => crate::semantic::load(conn)?.map(std::sync::Arc::new),
                None => None,
            };
        }
        Ok(held.clone())
    }

    fn parse_and_build(&self, query: &str, opts: &SearchOptions, wanted: &mut Wanted) -> Result<Built> {
        let parsed = if query.trim().is_empty() && opts.speaker.is_some() {
            // Every article quoting the speaker.
            Ok(query::ParsedQuery::default())
        } else if opts.plain {
            query::parse_plain(query)
        } else {
            query::parse(query)
        };
        let parsed = parsed.map_err(|e| Error::Query(e.0))?;
        self.build(&parsed, opts, wanted)
    }

    /// The tantivy query for `query`, a searcher on the last commit and the
    /// index fields (for collectors other than ranking, e.g. facets).
    pub(crate) fn prepare(
        &self,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<(Box<dyn Query>, tantivy::Searcher, Fields)> {
        let built = self.parse_and_build(query, opts, &mut Wanted::default())?;
        Ok((built.query, self.reader.searcher(), self.fields))
    }

    /// The hits of a page: each one's id, and with `opts.snippets` its
    /// headline, source, date, snippet and first `opts.quotes` quotes (read
    /// for the page at once).
    fn hits(
        &self,
        s: &tantivy::Searcher,
        page: &[(f32, DocAddress)],
        opts: &SearchOptions,
        wanted: &snippet::Wanted,
        held: &FxHashMap<DocAddress, usize>,
    ) -> Result<Vec<Hit>> {
        let mut hits = Vec::with_capacity(page.len());
        for &(score, addr) in page {
            let doc: TantivyDocument = s.doc(addr)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            hits.push(Hit {
                id,
                score,
                title: None,
                source: None,
                date: None,
                snippet: None,
                quotes: Vec::new(),
                quotes_total: 0,
            });
        }
        if !opts.snippets {
            return Ok(hits);
        }
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        let conn = self.store.connection();
        let rows = db::hit_rows(conn, &ids)?;
        let quotes = match opts.quotes {
            0 => vec![Default::default(); ids.len()],
            n => crate::quotes::first_of_articles(conn, &ids, n)?,
        };
        for (((hit, row), (quotes, total)), (_, addr)) in hits.iter_mut().zip(rows).zip(quotes).zip(page) {
            let Some(row) = row else { continue };
            hit.snippet = Some(snippet::cut(&row.body, wanted, held.get(addr).copied()));
            hit.title = Some(row.headline);
            hit.source = row.source;
            hit.date = row.date;
            (hit.quotes, hit.quotes_total) = (quotes, total);
        }
        Ok(hits)
    }

    /// The terms of a bag of words whose local weights are added to its best
    /// hits ([`rescore::add_local`]): its terms in the body (stems, surface
    /// forms and the lead's stems), the first 64.
    fn local_terms(&self, words: &[WeightedTerm]) -> Vec<usize> {
        let f = &self.fields;
        let body = [f.content, f.content_exact, f.lead];
        (0..words.len())
            .filter(|&i| body.contains(&words[i].term.field()) && words[i].weight > 0.0)
            .take(64)
            .collect()
    }

    /// Which of a bag of words' terms are the ones its snippets look for in
    /// an article's body (the wanted stems in `content`, the wanted surface
    /// forms in `content_exact`), each once: none unless snippets are cut,
    /// the body is searched and every wanted term is among them (a count
    /// that missed one could end a snippet's scan too soon).
    fn snippet_terms(&self, words: &[WeightedTerm], opts: &SearchOptions, wanted: &Wanted) -> Vec<usize> {
        if !opts.snippets || opts.fields == FieldSet::Title {
            return Vec::new();
        }
        let mut seen: HashSet<&Term> = HashSet::new();
        let mut counted = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let field = w.term.field();
            let value = w.term.value();
            let Some(text) = value.as_str() else { continue };
            let wanted = (field == self.fields.content && wanted.stems.contains(text))
                || (field == self.fields.content_exact && wanted.surfaces.contains(text));
            if wanted && seen.insert(&w.term) {
                counted.push(i);
            }
        }
        if counted.len() != wanted.stems.len() + wanted.surfaces.len() {
            counted.clear();
        }
        counted
    }

    fn analyzer(&self, name: &str) -> Result<TextAnalyzer> {
        self.index
            .tokenizers()
            .get(name)
            .ok_or_else(|| Error::Corrupt(format!("analyzer {name} missing")))
    }

    fn build(&self, q: &ParsedQuery, opts: &SearchOptions, wanted: &mut Wanted) -> Result<Built> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut an = Analysis {
            stem: self.analyzer(STEM_ANALYZER)?,
            surface: self.analyzer(SURFACE_ANALYZER)?,
            retention: if opts.weights.retention > 0.0 {
                self.retention()?
            } else {
                Default::default()
            },
        };
        // A bag of words is scored again in the second phase (see `search`).
        let bag = q
            .clauses
            .iter()
            .all(|c| c.occur == QOccur::MustNot || matches!(c.items.as_slice(), [Item::Word(_)]));
        let mut words = bag.then(Vec::new);
        // Stop words of a bag of words, and whether it has other words.
        let (mut stop_terms, mut other_words) = (Vec::new(), false);
        // A bag of words' first phase, run term at a time (see
        // `first_phase`): the terms, and what a match must not match. A
        // required word (`+word`) is scored there by tantivy.
        let (mut first, mut excluded, mut required_words) = (Vec::new(), Vec::new(), false);
        for clause in &q.clauses {
            let occur = match clause.occur {
                QOccur::Should => Occur::Should,
                QOccur::Must => Occur::Must,
                QOccur::MustNot => Occur::MustNot,
            };
            if let (Some(words), QOccur::Should, [Item::Word(w)]) =
                (words.as_mut(), clause.occur, clause.items.as_slice())
            {
                // The first phase matches and ranks a word by its stems
                // alone, in one flat union of term scorers (tantivy runs it
                // as one union instead of a union of unions); the second
                // phase scores all of its terms.
                let WordTerms {
                    terms,
                    first: first_terms,
                    stop,
                } = self.word(w, opts, &mut an, wanted);
                if terms.is_empty() {
                    // A word that leaves no term still matches nothing
                    // (rather than letting the query match everything).
                    clauses.push((Occur::Should, Box::new(EmptyQuery)));
                } else if stop {
                    stop_terms.extend(terms.iter().cloned());
                } else {
                    other_words = true;
                    clauses.extend(terms[..first_terms].iter().map(|t| (Occur::Should, term_query(t))));
                    first.extend_from_slice(&terms[..first_terms]);
                }
                words.extend(terms);
                continue;
            }
            other_words |= occur != Occur::MustNot;
            let sub = self.clause(clause, opts, &mut an, wanted, words.as_mut());
            match occur {
                Occur::MustNot => excluded.push(sub.box_clone()),
                _ => required_words = true,
            }
            clauses.push((occur, sub));
        }
        if !other_words {
            // Beside other words, a stop word only adds to the score of the
            // articles they find (the second phase scores all the words):
            // matched on its own, it would make nearly every article a hit,
            // to be counted and ranked. A query of stop words alone finds
            // what they match.
            clauses.extend(stop_terms.iter().map(|t| (Occur::Should, term_query(t))));
            first.extend(stop_terms);
        }
        let near = if opts.weights.proximity > 0.0 {
            let near = self.proximity(q, opts, &mut an.surface);
            (!near.is_empty()).then_some(near)
        } else {
            None
        };
        if !clauses.iter().any(|(o, _)| *o != Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let filters = self.filters(q, opts)?;
        let mut required = Vec::new();
        for (occur, f) in &filters {
            match occur {
                Occur::MustNot => excluded.push(f.box_clone()),
                _ => required.push(f.box_clone()),
            }
        }
        let bag = (words.as_ref().is_some_and(|w| !w.is_empty()) && !required_words && !first.is_empty()).then(|| {
            first_phase::Bag {
                terms: first,
                required,
                excluded,
            }
        });
        let required = |c: &[(Occur, Box<dyn Query>)]| c.iter().any(|(o, _)| *o == Occur::Must);
        if required(&filters) && !required(&clauses) {
            // Beside a required filter, optional words would stop being
            // required at all: every article the filter lets through would
            // match. Require at least one of them.
            let words = BooleanQuery::new(std::mem::take(&mut clauses));
            clauses.push((Occur::Must, Box::new(words)));
        }
        clauses.extend(filters);
        Ok(Built {
            query: Box::new(BooleanQuery::new(clauses)),
            bag,
            near,
            words: words.filter(|w| !w.is_empty()),
        })
    }

    /// Neighbouring bag-of-words query words, rewarded (per searched field)
    /// where they appear near each other (within `slop` words) in the text.
    fn proximity(&self, q: &ParsedQuery, opts: &SearchOptions, surface: &mut TextAnalyzer) -> Vec<NearWords> {
        let mut words: Vec<String> = Vec::new();
        let bag = q
            .clauses
            .iter()
            .filter(|c| c.occur == QOccur::Should && c.items.len() == 1);
        for clause in bag {
            if let Item::Word(w) = &clause.items[0] {
                words.extend(tokens(surface, w));
            }
        }
        if words.len() < 2 {
            return Vec::new();
        }
        self.field_pairs(opts.fields, &opts.weights)
            .into_iter()
            .map(|(_, field, weight)| NearWords {
                field,
                words: words.clone(),
                weight: weight * opts.weights.proximity,
            })
            .collect()
    }

    fn filters(&self, q: &ParsedQuery, opts: &SearchOptions) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let source = |s: &String| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.source, s),
                IndexRecordOption::Basic,
            ))
        };
        if !q.sources.is_empty() {
            let any = BooleanQuery::union(q.sources.iter().map(source).collect());
            out.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(any), 0.0))));
        }
        for s in &q.excluded_sources {
            out.push((Occur::MustNot, source(s)));
        }
        let day = |d: &Option<String>, name: &str| -> Result<Bound<Term>> {
            match d {
                None => Ok(Bound::Unbounded),
                Some(d) => index::day_number(Some(d))
                    .map(|n| Bound::Included(Term::from_field_u64(self.fields.day, n)))
                    .ok_or_else(|| Error::Query(format!("--{name} wants a date as YYYY-MM-DD, not {d:?}"))),
            }
        };
        let speakers: Vec<&str> = q
            .speakers
            .iter()
            .map(String::as_str)
            .chain(opts.speaker.as_deref())
            .collect();
        if !speakers.is_empty() {
            let quoting = self.articles_quoting(&speakers)?;
            out.push((Occur::Must, Box::new(ConstScoreQuery::new(quoting, 0.0))));
        }
        if !q.excluded_speakers.is_empty() {
            let names: Vec<&str> = q.excluded_speakers.iter().map(String::as_str).collect();
            out.push((Occur::MustNot, self.articles_quoting(&names)?));
        }
        let (from, to) = (day(&opts.from, "from")?, day(&opts.to, "to")?);
        if !matches!((&from, &to), (Bound::Unbounded, Bound::Unbounded)) {
            let range = RangeQuery::new(from, to);
            out.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(range), 0.0))));
        }
        Ok(out)
    }

    /// The articles with a statement by any of these speakers (each a name,
    /// surname, alias or role, matched as `marsad quotes --speaker` matches
    /// it: [`crate::speakers::matching_keys`]), as a query on their ids.
    fn articles_quoting(&self, names: &[&str]) -> Result<Box<dyn Query>> {
        let conn = self.store.connection();
        let mut keys = Vec::new();
        for name in names {
            keys.extend(crate::speakers::matching_keys(conn, name)?);
        }
        let mut ids: Vec<Term> = Vec::new();
        for chunk in keys.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!("SELECT DISTINCT article_id FROM quotes WHERE speaker_key IN ({marks})");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk), |r| r.get::<_, String>(0))?;
            for id in rows {
                ids.push(Term::from_field_text(self.fields.id, &id?));
            }
        }
        if ids.is_empty() {
            return Ok(Box::new(EmptyQuery));
        }
        Ok(Box::new(TermSetQuery::new(ids)))
    }

    fn clause(
        &self,
        clause: &Clause,
        opts: &SearchOptions,
        an: &mut Analysis,
        wanted: &mut Wanted,
        mut words: Option<&mut Vec<WeightedTerm>>,
    ) -> Box<dyn Query> {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        for item in &clause.items {
            let q = match item {
                Item::Word(w) => {
                    let terms = self.word(w, opts, an, wanted).terms;
                    let q = terms_query(terms.iter());
                    if let Some(words) = words.as_mut().filter(|_| clause.occur != QOccur::MustNot) {
                        words.extend(terms);
                    }
                    q
                }
                Item::Phrase(p) => self.phrase(p, opts, &mut an.surface, wanted),
            };
            alternatives.push(q);
        }
        if alternatives.len() == 1 {
            alternatives.pop().expect("one alternative")
        } else {
            Box::new(BooleanQuery::union(alternatives))
        }
    }

    /// Field pairs (stemmed, surface, weight) searched for `fields`.
    fn field_pairs(&self, fields: FieldSet, w: &Weights) -> Vec<(Field, Field, f32)> {
        let f = &self.fields;
        let title = (f.title, f.title_exact, w.title);
        let content = (f.content, f.content_exact, 1.0);
        match fields {
            FieldSet::TitleAndContent => vec![title, content],
            FieldSet::Content => vec![content],
            FieldSet::Title => vec![title],
        }
    }

    /// The terms a word is looked for by: its stems and surface forms in
    /// each searched field, and its stems in the lead.
    fn word(&self, word: &str, opts: &SearchOptions, an: &mut Analysis, wanted: &mut Wanted) -> WordTerms {
        let stems = tokens(&mut an.stem, word);
        let surfaces = tokens(&mut an.surface, word);
        let w = &opts.weights;
        let past: Vec<String> = if w.past > 0.0 {
            stems.iter().flat_map(|s| marsad_text::past_stems(s)).collect()
        } else {
            Vec::new()
        };
        let variants: Vec<&str> = if w.variant > 0.0 {
            stems.iter().flat_map(|s| marsad_text::spelling_variants(s)).collect()
        } else {
            Vec::new()
        };
        let weighted = |field: Field, text: &str, weight: f32| WeightedTerm {
            term: Term::from_field_text(field, text),
            weight,
        };
        let mut out = Vec::new();
        let mut own = if past.is_empty() { 1.0 } else { w.present };
        if opts.fields != FieldSet::Title {
            if let Some(first) = stems.first() {
                own *= an.retention.weight(first, w.retention);
            }
        }
        let pairs = self.field_pairs(opts.fields, w);
        for &(stem_field, _, weight) in &pairs {
            out.extend(stems.iter().map(|s| weighted(stem_field, s, weight * own)));
            out.extend(past.iter().map(|s| weighted(stem_field, s, weight * w.past)));
            out.extend(
                variants
                    .iter()
                    .map(|s| weighted(stem_field, s, weight * w.variant * own)),
            );
        }
        // A stop word has surface terms alone: they are what it matches by.
        let first = if stems.is_empty() { usize::MAX } else { out.len() };
        for &(_, surface_field, weight) in &pairs {
            out.extend(
                surfaces
                    .iter()
                    .map(|s| weighted(surface_field, s, weight * w.exact * own)),
            );
        }
        if opts.fields != FieldSet::Title && w.lead > 0.0 {
            out.extend(stems.iter().map(|s| weighted(self.fields.lead, s, w.lead * own)));
            out.extend(past.iter().map(|s| weighted(self.fields.lead, s, w.lead * w.past)));
            out.extend(
                variants
                    .iter()
                    .map(|s| weighted(self.fields.lead, s, w.lead * w.variant * own)),
            );
        }
        // Snippets find a word by its stem; only a word with no stem (a
        // stop word) needs its surface form looked for, in a second pass.
        let stop = stems.is_empty();
        if stop {
            wanted.surfaces.extend(surfaces);
        }
        wanted.stems.extend(stems);
        wanted.stems.extend(variants.iter().map(|s| s.to_string()));
        let first = first.min(out.len());
        WordTerms {
            terms: out,
            first,
            stop,
        }
    }

    fn phrase(
        &self,
        phrase: &str,
        opts: &SearchOptions,
        surface: &mut TextAnalyzer,
        wanted: &mut Wanted,
    ) -> Box<dyn Query> {
        let words = tokens(surface, phrase);
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        for (_, surface_field, weight) in self.field_pairs(opts.fields, &opts.weights) {
            let q: Box<dyn Query> = match words.len() {
                0 => continue,
                1 => term(surface_field, &words[0], weight),
                _ => {
                    let terms = words.iter().map(|w| Term::from_field_text(surface_field, w)).collect();
                    Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), weight))
                }
            };
            alternatives.push(q);
        }
        wanted.surfaces.extend(words);
        match alternatives.len() {
            0 => Box::new(EmptyQuery),
            1 => alternatives.pop().expect("one"),
            _ => Box::new(BooleanQuery::union(alternatives)),
        }
    }
}

/// What a query's words are analysed with.
struct Analysis {
    stem: TextAnalyzer,
    surface: TextAnalyzer,
    /// Headline stems' retention (empty when not weighed).
    retention: std::sync::Arc<Retention>,
}

/// The terms a query word is looked for by.
struct WordTerms {
    terms: Vec<WeightedTerm>,
    /// `terms[..first]` match the word and rank it in the first phase: its
    /// stems (and past stems) in the searched fields. Every surface match is
    /// a stem match and the lead is part of the content, so the rest only
    /// score; a stop word (no stems) is matched by its surface terms.
    first: usize,
    /// The word is a stop word (it has surface terms only).
    stop: bool,
}

/// Decompressed blocks of stored ids a searcher keeps (at most 16 KiB each):
/// each hit's id is read from them. tantivy's default, 100, holds two thirds
/// of SaudiNewsNet's ids, so a served search decompressed a block for most pages.
const DOC_STORE_CACHE_BLOCKS: usize = 256;

/// How many first-phase hits the second phase scores again with BM25 (at
/// least). Known-item dev, top 10: MRR@10 0.7334 at 50 as at 100 (0.7330 at
/// 20); each hit rescored costs a seek in every term's postings.
pub const RERANK_DEPTH: usize = 50;

/// How many of a bag of words' best hits its body terms' local weights are
/// counted over and added to ([`Weights::local`]). Over every headline of
/// the store (22,937 known-item queries), `local` 0.3: MRR@10 0.7350 at 15,
/// 0.7354 at 20, 0.7358–0.7360 at 30–50; cross-fitted, 20 at 0.3 and 30 at
/// 0.4 are the same (0.7332, 0.7334).
pub const LOCAL_DEPTH: usize = 20;

/// A bag of words' first phase ranks by stems alone, so the second phase
/// scores this many pages of its hits (at least [`RERANK_DEPTH`]).
/// Known-item dev, top 100: R@100 0.9722 with 2 pages, 0.9742 with 5, 0.9752
/// with 6, as when the first phase scored every term (twice the page).
pub const FIRST_PHASE_PAGES: usize = 6;

/// A query ready to run: what selects and scores the articles, and the
/// neighbouring words whose proximity is added to the best of them.
struct Built {
    query: Box<dyn Query>,
    /// A bag of words' first phase as its parts, run term at a time (see
    /// `first_phase`); the same matches and scores as `query`.
    bag: Option<first_phase::Bag>,
    near: Option<Vec<NearWords>>,
    /// For a bag of words, the words' terms, scored again over the best
    /// first-phase hits.
    words: Option<Vec<WeightedTerm>>,
}

/// The sum of the terms' BM25 scores, as a tantivy query.
fn terms_query<'a>(terms: impl Iterator<Item = &'a WeightedTerm>) -> Box<dyn Query> {
    let should: Vec<(Occur, Box<dyn Query>)> = terms.map(|t| (Occur::Should, term_query(t))).collect();
    if should.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(BooleanQuery::new(should))
}

/// One term's BM25 score times its weight, as a tantivy query.
fn term_query(t: &WeightedTerm) -> Box<dyn Query> {
    let q = TermQuery::new(t.term.clone(), IndexRecordOption::WithFreqs);
    boosted(Box::new(q), t.weight)
}

fn boosted(q: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    if (weight - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, weight))
    }
}

fn term(field: Field, text: &str, weight: f32) -> Box<dyn Query> {
    let q = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
    boosted(Box::new(q), weight)
}

/// The terms an analyzer makes of `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retention::tests::record;
    use crate::{NewRecord, Writer};

    /// A store of `records` and its searcher (the directory lives as long as the first).
    fn searcher(records: &[NewRecord]) -> (tempfile::TempDir, Searcher) {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.write(records).unwrap();
        w.finish().unwrap();
        let s = Searcher::open(dir.path()).unwrap();
        (dir, s)
    }

    #[test]
    fn a_word_few_of_the_best_hits_hold_tells_them_apart() {
        // Thirty tellings of one story; one of them also names the energy
        // file, a word more common in the store (sixty articles on prices)
        // than the story's words, among two hundred other articles.
        let mut records: Vec<NewRecord> = (0..30)
            .map(|i| {
                record(
                    &format!("story{i}"),
                    &format!("قمة {i}"),
                    &format!("اختتمت القمة الخليجية في الرياض أعمالها وبحث القادة الأمن الإقليمي {i}."),
                )
            })
            .collect();
        records.push(record(
            "answer",
            "قمة الرياض",
            "اختتمت القمة الخليجية في الرياض أعمالها بعد يومين من الاجتماعات، وبحث القادة الأمن الإقليمي وملف الطاقة.",
        ));
        records.extend((0..60).map(|i| {
            record(
                &format!("energy{i}"),
                &format!("أسعار {i}"),
                &format!("ارتفعت أسعار الطاقة في الأسواق العالمية {i}."),
            )
        }));
        records
            .extend((0..200).map(|i| record(&format!("other{i}"), &format!("خبر {i}"), &format!("خبر محلي رقم {i}."))));
        let (_dir, s) = searcher(&records);
        let first = |local: f32| -> String {
            let opts = SearchOptions {
                limit: 10,
                fields: FieldSet::Content,
                weights: Weights {
                    local,
                    ..Default::default()
                },
                ..Default::default()
            };
            let hits = s
                .search("القمة الخليجية في الرياض تبحث أمن الطاقة", &opts)
                .unwrap()
                .hits;
            hits[0].id.clone()
        };
        // By BM25 alone a shorter telling comes first: every one of them
        // holds the story's words, and the energy file is a common word.
        assert_ne!(first(0.0), "answer");
        // Among the best hits only the answer holds it: it comes first.
        assert_eq!(first(Weights::default().local), "answer");
    }

    #[test]
    fn hits_come_by_publication_day_when_asked() {
        let dated = |id: &str, date: Option<&str>, content: &str| {
            let mut r = record(id, "خبر", content);
            r.article.date = date.map(String::from);
            r
        };
        let mut records = vec![
            dated("old-strong", Some("2015-07-21"), "قمة قمة قمة في الرياض."),
            dated(
                "new-weak",
                Some("2021-04-14T10:00:00"),
                "انعقدت القمة بعد تأجيل طويل وحضرها عدد كبير من القادة والوزراء.",
            ),
            dated("mid-a", Some("2018-01-02"), "قمة في جدة."),
            dated(
                "mid-b",
                Some("2018-01-02"),
                "قمة عن المياه والنقل في جدة وخارجها بعد أعوام طويلة.",
            ),
            dated("undated", None, "قمة بلا تاريخ."),
            dated("excluded", Some("2022-03-03"), "قمة الطاقة."),
        ];
        records.extend((0..20).map(|i| dated(&format!("n{i}"), Some("2019-05-05"), &format!("خبر محلي رقم {i}."))));
        let (_dir, s) = searcher(&records);
        let ids = |order: Order| -> Vec<String> {
            let opts = SearchOptions {
                limit: 10,
                count: true,
                order,
                ..Default::default()
            };
            let r = s.search("قمة -الطاقة", &opts).unwrap();
            assert_eq!(r.total, Some(5), "{order:?}: the same matches in any order");
            r.hits.into_iter().map(|h| h.id).collect()
        };
        assert_eq!(ids(Order::Relevance)[0], "old-strong");
        // Same-day matches keep their relevance order; the undated one is last.
        assert_eq!(
            ids(Order::Newest),
            ["new-weak", "mid-a", "mid-b", "old-strong", "undated"]
        );
        assert_eq!(
            ids(Order::Oldest),
            ["old-strong", "mid-a", "mid-b", "new-weak", "undated"]
        );
        // Paging walks the same order.
        let opts = SearchOptions {
            limit: 2,
            offset: 1,
            order: Order::Newest,
            ..Default::default()
        };
        let page: Vec<String> = s
            .search("قمة -الطاقة", &opts)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(page, ["mid-a", "mid-b"]);
    }

    #[test]
    fn a_name_is_found_in_its_other_spellings_after_the_one_typed() {
        let mut records = vec![
            record("typed", "مباراة", "خسر فريق تشلسي أمام آرسنال في المباراة."),
            record("other", "مباراة", "خسر فريق تشيلسي أمام آرسنال في المباراة."),
        ];
        records.extend((0..20).map(|i| record(&format!("n{i}"), "خبر", &format!("خبر محلي رقم {i}."))));
        let (_dir, s) = searcher(&records);
        let ids = |variant: f32| -> Vec<String> {
            let opts = SearchOptions {
                limit: 10,
                snippets: true,
                weights: Weights {
                    variant,
                    ..Default::default()
                },
                ..Default::default()
            };
            let hits = s.search("تشلسي", &opts).unwrap().hits;
            hits.iter().map(|h| h.id.clone()).collect()
        };
        assert_eq!(ids(0.0), ["typed"]);
        assert_eq!(ids(Weights::default().variant), ["typed", "other"]);
    }
}
