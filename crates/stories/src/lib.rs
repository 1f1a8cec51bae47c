//! Story grouping for Marsad, no I/O: exact and near-duplicate copies, and
//! articles from any outlets reporting the same event.
//!
//! ```
//! use marsad_stories::{cluster, features, Doc, Grouper, Guard, Params};
//!
//! let day = 86_400;
//! let articles = [
//!     ("spa-1", 0, "خادم الحرمين يستقبل رئيس وزراء باكستان في جدة",
//!      "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر السلام بجدة اليوم رئيس وزراء باكستان نواز شريف"),
//!     ("okaz-7", day / 2, "الملك سلمان ونواز شريف يبحثان العلاقات في جدة",
//!      "استقبل الملك سلمان بن عبدالعزيز رئيس وزراء باكستان نواز شريف في قصر السلام بجدة وبحثا العلاقات الثنائية"),
//!     ("sabq-3", day, "أمطار رعدية على الباحة وعسير",
//!      "توقعت الرئاسة العامة للأرصاد وحماية البيئة هطول أمطار رعدية على مرتفعات الباحة وعسير وجازان"),
//! ];
//! let docs: Vec<Doc> = articles
//!     .iter()
//!     .map(|(id, time, title, body)| Doc { id: id.to_string(), source: None, time: *time, features: features(title, body) })
//!     .collect();
//! // Three articles make weak document frequencies: a lower bar than the default.
//! let mut grouper = Grouper::new(Params { story: 0.2, ..Params::default() });
//! docs.iter().for_each(|d| grouper.count(&d.features)); // document frequencies first
//! let links: Vec<_> = docs.iter().flat_map(|d| grouper.insert(d.clone())).collect();
//! let nodes: Vec<(String, i64)> = docs.iter().map(|d| (d.id.clone(), d.time)).collect();
//! let edges: Vec<_> = links.iter().map(|l| (l.a.clone(), l.b.clone(), l.kind, l.score)).collect();
//! let stories = cluster(&nodes, &edges, &Guard::default());
//! assert_eq!(stories[1].story, "spa-1"); // the earliest article names the story
//! assert_eq!(stories[2].story, "sabq-3"); // the weather report stands alone
//! ```
//!
//! The stages, in the order an article goes through them:
//! 1. [`features()`](features()) ([`mod@features`]) — an exact hash and a MinHash signature of the
//!    cleaned body's folded words ([`minhash`]), and the stems of the headline and lead.
//! 2. [`Grouper`] ([`grouper`]) — candidates from an in-memory index of rare terms, LSH bands and exact
//!    hashes, within a time window; a pair is a copy when its estimated Jaccard is high, the same story
//!    when its time-decayed TF-IDF cosine ([`idf`]) is (higher when the two share no specific, rare
//!    term, only the routine words of templated news). Incremental: an added article is compared with
//!    held ones only.
//! 3. [`cluster()`](cluster()) ([`mod@cluster`]) — connected components of the links, split again
//!    on their stronger links when too large or too long, then where two parts are held together by a
//!    thin bridge of links ([`cohesion`]); each named by its earliest article; copies point at their
//!    earliest version.
#![deny(missing_docs)]

pub mod cluster;
pub mod cohesion;
pub mod features;
pub mod grouper;
mod hash;
pub mod idf;
pub mod minhash;

pub use cluster::{cluster, Guard, Membership, ScoredLink, UnionFind};
pub use features::{features, Features};
pub use grouper::{Doc, Grouper, Link, LinkKind, Params};
pub use idf::{DocFreq, Weighted};
