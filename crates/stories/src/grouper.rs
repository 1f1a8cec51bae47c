//! Incremental linking: each article added is compared with the articles
//! already held that fall within the time window and share a candidate key
//! (the same exact hash, an LSH band, or enough rare headline-and-lead
//! terms). Every decision is a function of the pair alone (their features,
//! times and the document frequencies), so the links, and the clusters made
//! from them, do not depend on the order articles arrive in.

use crate::features::Features;
use crate::idf::{share_any, DocFreq, Weighted};
use crate::minhash::{band_keys, similarity};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// How two articles are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    /// One is a copy of the other: same body, or nearly.
    Copy,
    /// Both report the same event in their own words.
    Story,
}

/// A link between an added article and one held before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The article held before.
    pub a: String,
    /// The article added.
    pub b: String,
    /// Copy or same story.
    pub kind: LinkKind,
    /// The similarity that decided it (estimated Jaccard for copies, decayed cosine for stories).
    pub score: f32,
}

/// Thresholds of the link decisions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Articles further apart in time are never linked (seconds).
    pub window: i64,
    /// Estimated Jaccard of body shingles at or above which two articles are copies.
    pub copy: f32,
    /// Time-decayed TF-IDF cosine of headline and lead (see `decay`) at or above which two articles
    /// report the same event.
    pub story: f32,
    /// Time constant of the decay (seconds): the cosine is multiplied by `exp(-gap / decay)`, so the
    /// further apart two reports are, the closer their wording must be (recurring reports — weather,
    /// prayer times, market closes — repeat their words on different days).
    pub decay: f32,
    /// A term found in more than this share of articles is too common to make candidates.
    pub max_df_share: f32,
    /// Rare terms two articles must share to be compared.
    pub min_shared: u16,
    /// A term found in at most this share of articles is specific: it names an event (a person, a
    /// place, a company) rather than a kind of news.
    pub specific_share: f32,
    /// The bar that replaces `story` for two articles sharing no specific term: templated news (royal
    /// telegrams, weather, market and company reports) shares routine wording across different events,
    /// so only a near-identical text of the same day passes.
    pub routine: f32,
    /// Two articles of one outlet published within this many seconds of each other are the same story
    /// only as copies: an outlet files one report of an event at a time, and what it files at once (a
    /// batch of wire items, a page of regional briefs) is different news, often in one template.
    pub batch: i64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            window: 3 * 86_400,
            copy: 0.6,
            story: 0.26,
            decay: 48.0 * 3600.0,
            max_df_share: 0.004,
            min_shared: 2,
            specific_share: 0.0013,
            routine: 0.6,
            batch: 60,
        }
    }
}

/// An article to group: its id, outlet, publication time (seconds) and features.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The article's id.
    pub id: String,
    /// The outlet that published it, if known.
    pub source: Option<String>,
    /// Publication time, seconds since the Unix epoch.
    pub time: i64,
    /// Its features.
    pub features: Features,
}

struct Held {
    doc: Doc,
    /// Its profile and the [`Grouper`] epoch it was computed in.
    profile: Option<(u64, Profile)>,
}

/// What [`decide`] compares of an article, under the current document frequencies.
struct Profile {
    /// Unit TF-IDF vector of the headline and lead.
    weighted: Weighted,
    /// Its specific terms (see [`Params::specific_share`]), sorted by id.
    specific: Vec<u32>,
}

/// Terms in at most this many articles are specific however few articles were counted.
const MIN_SPECIFIC_DF: u32 = 2;

impl Profile {
    fn of(f: &Features, df: &DocFreq, params: &Params) -> Profile {
        let max_df = ((df.docs() as f32 * params.specific_share) as u32).max(MIN_SPECIFIC_DF);
        Profile {
            weighted: df.weigh(f),
            specific: df.specific_terms(f, max_df),
        }
    }
}

/// The articles held for comparison, with their candidate keys.
///
/// Call [`Grouper::count`] for every article first (so document frequencies
/// cover them all), then [`Grouper::insert`] each: the links found are the
/// same whatever the insertion order.
#[derive(Default)]
pub struct Grouper {
    params: Params,
    df: DocFreq,
    epoch: u64,
    slots: Vec<Option<Held>>,
    by_id: HashMap<String, u32>,
    terms: FxHashMap<u32, Vec<u32>>,
    bands: FxHashMap<u64, Vec<u32>>,
    exact: FxHashMap<u64, Vec<u32>>,
    free: usize,
    /// Scratch space of [`Grouper::insert`]'s look-ups.
    shared: Shared,
}

/// How many rare terms each held slot shares with the article looked up,
/// reused from one look-up to the next: counts by slot (all zero between
/// look-ups) and the slots counted. (A hash map made afresh for each
/// article cost ~6% of a full-corpus ingest's instructions in hashing and
/// growing.)
#[derive(Default)]
struct Shared {
    counts: Vec<u16>,
    touched: Vec<u32>,
}

impl Grouper {
    /// An empty grouper.
    pub fn new(params: Params) -> Grouper {
        Grouper {
            params,
            ..Default::default()
        }
    }

    /// The thresholds.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Document frequencies (counted with [`Grouper::count`] or loaded).
    pub fn doc_freq(&self) -> &DocFreq {
        &self.df
    }

    /// Mutable document frequencies (to load stored counts).
    pub fn doc_freq_mut(&mut self) -> &mut DocFreq {
        self.epoch += 1;
        &mut self.df
    }

    /// Counts an article's terms into the document frequencies.
    pub fn count(&mut self, f: &Features) {
        self.epoch += 1;
        self.df.add(f);
    }

    /// Number of articles held.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True if no article is held.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Holds an article without comparing it (one grouped before).
    pub fn hold(&mut self, doc: Doc) {
        self.remove(&doc.id);
        let slot = self.slots.len() as u32;
        let f = &doc.features;
        for (t, _) in &f.terms {
            self.terms.entry(*t).or_default().push(slot);
        }
        if let Some(sig) = &f.minhash {
            for k in band_keys(sig) {
                self.bands.entry(k).or_default().push(slot);
            }
        }
        if let Some(h) = f.exact {
            self.exact.entry(h).or_default().push(slot);
        }
        self.by_id.insert(doc.id.clone(), slot);
        self.slots.push(Some(Held { doc, profile: None }));
    }

    /// Compares an article with every held one, then holds it. Returns its
    /// links, ordered by the other article's id.
    pub fn insert(&mut self, doc: Doc) -> Vec<Link> {
        self.remove(&doc.id);
        let mine = Profile::of(&doc.features, &self.df, &self.params);
        let mut links = Vec::new();
        let mut shared = std::mem::take(&mut self.shared);
        let candidates = self.candidates(&doc, &mut shared);
        self.shared = shared;
        for slot in candidates {
            let (params, epoch, df) = (self.params, self.epoch, &self.df);
            let Some(held) = self.slots[slot as usize].as_mut() else {
                continue;
            };
            if held.profile.as_ref().is_none_or(|w| w.0 != epoch) {
                held.profile = Some((epoch, Profile::of(&held.doc.features, df, &params)));
            }
            let (_, theirs) = held.profile.as_ref().expect("profiled above");
            links.extend(decide(&params, (&doc, &mine), (&held.doc, theirs)));
        }
        links.sort_by(|x, y| x.a.cmp(&y.a));
        self.hold(doc);
        links
    }

    /// [`Grouper::insert`] of each of `docs` in turn, with the same links,
    /// compared in parallel: all are held first, and each is compared with
    /// the articles held before it.
    pub fn insert_all(&mut self, docs: Vec<Doc>) -> Vec<Link> {
        for d in &docs {
            self.remove(&d.id);
        }
        let first = self.slots.len();
        for d in docs {
            self.hold(d);
        }
        let (params, epoch, df) = (self.params, self.epoch, &self.df);
        self.slots.par_iter_mut().flatten().for_each(|h| {
            if h.profile.as_ref().is_none_or(|w| w.0 != epoch) {
                h.profile = Some((epoch, Profile::of(&h.doc.features, df, &params)));
            }
        });
        let this = &*self;
        let per_doc: Vec<Vec<Link>> = (first..this.slots.len())
            .into_par_iter()
            .map_init(Shared::default, |shared, slot| {
                let Some(me) = this.slots[slot].as_ref() else {
                    return Vec::new();
                };
                let (_, mine) = me.profile.as_ref().expect("profiled above");
                let mut links: Vec<Link> = this
                    .candidates(&me.doc, shared)
                    .into_iter()
                    .filter(|&c| (c as usize) < slot)
                    .filter_map(|c| {
                        let held = this.slots[c as usize].as_ref()?;
                        let (_, theirs) = held.profile.as_ref().expect("profiled above");
                        decide(&this.params, (&me.doc, mine), (&held.doc, theirs))
                    })
                    .collect();
                links.sort_by(|x, y| x.a.cmp(&y.a));
                links
            })
            .collect();
        per_doc.into_iter().flatten().collect()
    }

    /// Held articles within the window of `doc` that share a candidate key;
    /// `shared` is scratch space.
    fn candidates(&self, doc: &Doc, shared: &mut Shared) -> Vec<u32> {
        let f = &doc.features;
        let near = |slot: &u32| {
            self.slots[*slot as usize]
                .as_ref()
                .is_some_and(|h| (h.doc.time - doc.time).abs() <= self.params.window)
        };
        let mut out: Vec<u32> = Vec::new();
        if let Some(h) = f.exact {
            out.extend(self.exact.get(&h).into_iter().flatten().filter(|s| near(s)));
        }
        if let Some(sig) = &f.minhash {
            for k in band_keys(sig) {
                out.extend(self.bands.get(&k).into_iter().flatten().filter(|s| near(s)));
            }
        }
        let max_df = ((self.df.docs() as f32 * self.params.max_df_share) as u32).max(20);
        let Shared { counts, touched } = shared;
        if counts.len() < self.slots.len() {
            counts.resize(self.slots.len(), 0);
        }
        for (t, _) in &f.terms {
            if self.df.df(*t) > max_df {
                continue;
            }
            for &s in self.terms.get(t).into_iter().flatten() {
                let n = &mut counts[s as usize];
                if *n == 0 {
                    touched.push(s);
                }
                *n += 1;
            }
        }
        for s in touched.drain(..) {
            let n = std::mem::take(&mut counts[s as usize]);
            if n >= self.params.min_shared && near(&s) {
                out.push(s);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Stops holding an article (its text changed, or it left the window).
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(slot) = self.by_id.remove(id) else {
            return false;
        };
        self.slots[slot as usize] = None;
        self.free += 1;
        if self.free > 1024 && self.free * 2 > self.slots.len() {
            self.compact();
        }
        true
    }

    /// Stops holding every article published before `time`; returns how many.
    pub fn evict_before(&mut self, time: i64) -> usize {
        let old: Vec<String> = self
            .slots
            .iter()
            .flatten()
            .filter(|h| h.doc.time < time)
            .map(|h| h.doc.id.clone())
            .collect();
        old.iter().for_each(|id| {
            self.remove(id);
        });
        old.len()
    }

    /// Rebuilds the slot table and candidate keys without removed articles.
    fn compact(&mut self) {
        let held: Vec<Held> = std::mem::take(&mut self.slots).into_iter().flatten().collect();
        self.by_id.clear();
        self.terms.clear();
        self.bands.clear();
        self.exact.clear();
        self.free = 0;
        for h in held {
            self.hold(h.doc);
        }
    }
}

/// The link, if any, between an added article and one held before it:
/// a copy (same exact hash, or near-identical MinHash), else the same story
/// when their time-decayed TF-IDF cosine reaches the bar: `story` if they
/// share a specific term, the higher `routine` if not; never for two of one
/// outlet's articles filed within `batch` seconds.
fn decide(params: &Params, added: (&Doc, &Profile), held: (&Doc, &Profile)) -> Option<Link> {
    let ((doc, mine), (other, theirs)) = (added, held);
    let copy = match (&doc.features.minhash, &other.features.minhash) {
        _ if doc.features.exact.is_some() && doc.features.exact == other.features.exact => Some(1.0),
        (Some(a), Some(b)) => Some(similarity(a, b)).filter(|s| *s >= params.copy),
        _ => None,
    };
    let (kind, score) = match copy {
        Some(score) => (LinkKind::Copy, score),
        None => {
            let same_batch = doc.source.is_some() && doc.source == other.source;
            if same_batch && (other.time - doc.time).abs() <= params.batch {
                return None;
            }
            let gap = (other.time - doc.time).abs() as f32;
            let score = mine.weighted.cosine(&theirs.weighted) * (-gap / params.decay).exp();
            let bar = if share_any(&mine.specific, &theirs.specific) {
                params.story
            } else {
                params.routine
            };
            if score < bar {
                return None;
            }
            (LinkKind::Story, score)
        }
    };
    Some(Link {
        a: other.id.clone(),
        b: doc.id.clone(),
        kind,
        score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::features;

    /// A telegram's template, short of [`crate::features::MIN_COPY_WORDS`] with the country's name.
    const TELEGRAM: &str = "بعث الملك سلمان برقية تهنئة للرئيس بمناسبة ذكرى اليوم الوطني معربا عن أصدق \
        التهاني وأطيب التمنيات بالصحة لشعب";

    /// Telegrams to many countries over a month (the template's words are
    /// routine, though rare among all news), the two of `day` to Colombia
    /// and to Egypt, and another outlet's report of the Colombian one in its
    /// own words.
    fn telegrams(day: i64) -> Vec<Doc> {
        let country = |c: &str| format!("{TELEGRAM} {c} الشقيقة");
        let mut docs: Vec<Doc> = ["تونس", "الأردن", "البحرين", "قطر", "عمان", "لبنان", "المغرب", "السودان"]
            .iter()
            .enumerate()
            .map(|(i, c)| Doc {
                id: format!("t{i}"),
                source: None,
                time: (i as i64 + 10) * 86_400,
                features: features(&format!("الملك يهنئ رئيس {c}"), &country(c)),
            })
            .collect();
        let doc = |id: &str, title: &str, body: &str| Doc {
            id: id.into(),
            source: None,
            time: day,
            features: features(title, body),
        };
        // Other news, so that the template's words are not everywhere.
        docs.extend((0..200).map(|i| {
            let words: Vec<String> = (0..20).map(|w| format!("كلمه{}", i * 20 + w)).collect();
            doc(&format!("f{i:03}"), &format!("خبر {i}"), &words.join(" "))
        }));
        docs.push(doc(
            "colombia",
            "الملك يهنئ رئيس كولومبيا",
            &country("كولومبيا خوان مانويل سانتوس لاستقلال بلاده"),
        ));
        docs.push(doc(
            "egypt",
            "الملك يهنئ رئيس مصر",
            &country("مصر عبدالفتاح السيسي لثورة يوليو"),
        ));
        docs.push(doc(
            "colombia-2",
            "القيادة تهنئ سانتوس بذكرى استقلال كولومبيا",
            "هنأ خادم الحرمين الشريفين الرئيس خوان مانويل سانتوس رئيس جمهورية كولومبيا بذكرى استقلال بلاده",
        ));
        docs
    }

    fn linked(params: Params, docs: &[Doc]) -> Vec<(String, String)> {
        let mut g = Grouper::new(params);
        docs.iter().for_each(|d| g.count(&d.features));
        let mut pairs: Vec<(String, String)> = g.insert_all(docs.to_vec()).into_iter().map(|l| (l.a, l.b)).collect();
        pairs.iter_mut().for_each(|p| {
            if p.0 > p.1 {
                std::mem::swap(&mut p.0, &mut p.1);
            }
        });
        pairs.sort();
        pairs
    }

    #[test]
    fn templated_news_needs_a_shared_specific_term_or_a_near_identical_text() {
        let docs = telegrams(0);
        let links = linked(Params::default(), &docs);
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert!(links.contains(&pair("colombia", "colombia-2")), "{links:?}");
        assert!(!links.contains(&pair("colombia", "egypt")), "{links:?}");
        // Without the routine bar, the template's words alone link the two telegrams.
        let plain = Params {
            routine: Params::default().story,
            ..Params::default()
        };
        assert!(linked(plain, &docs).contains(&pair("colombia", "egypt")));
    }

    /// One outlet's regional briefs on fishing companies' losses, filed
    /// `apart` seconds from each other, among other news.
    fn briefs(apart: i64, sources: [&str; 2]) -> Vec<Doc> {
        let mut docs = telegrams(0);
        let body = |region: &str, amount: &str| {
            format!(
                "بلغت الخسائر المتراكمة لشركة الأسماك في {region} {amount} مليون ريال حتى نهاية يوليو وفق \
                 إفصاح الشركة على موقع السوق المالية السعودية تداول"
            )
        };
        for (i, (region, amount)) in [("بيشة", "66"), ("الباحة", "185")].into_iter().enumerate() {
            docs.push(Doc {
                id: format!("brief-{region}"),
                source: Some(sources[i].into()),
                time: 5_000 + i as i64 * apart,
                features: features(
                    &format!("خسائر {region} المتراكمة {amount} مليون ريال"),
                    &body(region, amount),
                ),
            });
        }
        docs
    }

    #[test]
    fn one_outlets_items_filed_together_are_not_one_story() {
        let pair = ("brief-الباحة".to_string(), "brief-بيشة".to_string());
        assert!(!linked(Params::default(), &briefs(2, ["alyaum", "alyaum"])).contains(&pair));
        // The same texts from two outlets, or from one outlet hours apart, are linked.
        assert!(linked(Params::default(), &briefs(2, ["alyaum", "okaz"])).contains(&pair));
        assert!(linked(Params::default(), &briefs(7_200, ["alyaum", "alyaum"])).contains(&pair));
    }
}
