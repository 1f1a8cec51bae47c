//! Marsad's store: SQLite as the source of truth and a tantivy index derived
//! from it.
//!
//! A data directory holds `marsad.sqlite` (every raw record verbatim and the
//! parsed article) and `index/` (tantivy), which [`Writer::reindex`] can
//! rebuild from SQLite alone.
//!
//! ```
//! use marsad_core::Article;
//! use marsad_store::{NewRecord, Outcome, Store, Writer};
//! let dir = tempfile::tempdir().unwrap();
//! let mut w = Writer::open(dir.path()).unwrap();
//! let article = Article { id: "a1".into(), content: "أكد الكرملين أن روسيا ستدرس الاقتراح".into(), ..Default::default() };
//! let rec = NewRecord { origin: "x.json".into(), format: "json".into(), encoding: "UTF-8".into(),
//!                       raw: b"{}".to_vec(), article, warnings: vec![] };
//! assert_eq!(w.write(std::slice::from_ref(&rec)).unwrap(), vec![Outcome::New]);
//! assert_eq!(w.write(&[rec]).unwrap(), vec![Outcome::Unchanged]);
//! w.commit().unwrap();
//! assert_eq!(Store::open(dir.path()).unwrap().stats().unwrap().articles, 1);
//! ```
#![deny(missing_docs)]

pub mod clean;
mod crash;
pub mod db;
mod error;
pub mod facets;
mod first_phase;
pub mod index;
pub mod known_item;
pub mod query;
pub mod quotes;
mod rescore;
pub mod retention;
pub mod search;
pub mod semantic;
pub mod snippet;
pub mod speakers;
mod stats;
pub mod stories;
mod story_query;
mod writer;

pub use crash::crash_point;
pub use db::{NewRecord, Outcome};
pub use error::{Error, Result};
pub use facets::{FacetCount, Facets};
pub use quotes::{QuoteHit, QuoteQuery, StoredQuote};
pub use search::{FieldSet, Hit, Order, SearchOptions, SearchResults, Searcher, Weights, HIT_QUOTES};
pub use speakers::Speaker;
pub use stats::Stats;
pub use story_query::{Story, StoryFilter, StoryMember, StorySummary};
pub use writer::Writer;

use marsad_core::Article;
use rusqlite::{Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// File name of the SQLite database inside a data directory.
pub const DB_FILE: &str = "marsad.sqlite";
/// Folder name of the tantivy index inside a data directory.
pub const INDEX_DIR: &str = "index";

/// A store opened for reading (search, show, stats, export). Sees the last
/// committed state; any number may be open while a [`Writer`] ingests.
pub struct Store {
    dir: PathBuf,
    conn: Connection,
}

/// An article as stored, with where it came from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredArticle {
    /// The parsed article.
    #[serde(flatten)]
    pub article: Article,
    /// Version counter: larger for later changes.
    pub seq: i64,
    /// The input's title, else the one recovered from the page.
    pub headline: String,
    /// The cleaned body that search and later stages read.
    pub body: String,
    /// Line labels (with why lines were removed) and recovered structure.
    pub clean: Option<clean::CleanRecord>,
    /// Where the current version's raw record was read.
    pub origin: String,
    /// Format of the raw record.
    pub format: String,
    /// Encoding of the raw record.
    pub encoding: String,
    /// Problems noticed while parsing.
    pub warnings: Vec<String>,
    /// How many raw versions of this article the store keeps.
    pub versions: i64,
    /// Who said what in the cleaned body, in text order.
    pub quotes: Vec<StoredQuote>,
}

impl Store {
    /// Opens the store in `dir` for reading. Fails if there is none.
    pub fn open(dir: &Path) -> Result<Store> {
        let path = dir.join(DB_FILE);
        if !path.exists() {
            let e = std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no Marsad store here (run `marsad ingest` first)",
            );
            return Err(Error::io(dir, e));
        }
        let conn = db::open(&path, true)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            conn,
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The SQLite connection (read-only).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// One article by id, with its provenance and cleaning.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let columns: Vec<String> = db::ARTICLE_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect();
        let sql = format!(
            "SELECT {}, r.origin, r.format, r.encoding, a.warnings, a.clean,
                    (SELECT COUNT(*) FROM raw_records v WHERE v.article_id = a.id)
             FROM articles a JOIN raw_records r ON r.raw_id = a.raw_id WHERE a.id = ?1",
            columns.join(", ")
        );
        let n = columns.len();
        let row = self
            .conn
            .query_row(&sql, [id], |r| {
                let loaded = db::article_from_row(r)?;
                let warnings: Option<String> = r.get(n + 3)?;
                let clean: Option<String> = r.get(n + 4)?;
                Ok(StoredArticle {
                    article: loaded.article,
                    seq: loaded.seq,
                    headline: loaded.headline,
                    body: loaded.body,
                    clean: clean.and_then(|c| serde_json::from_str(&c).ok()),
                    origin: r.get(n)?,
                    format: r.get(n + 1)?,
                    encoding: r.get(n + 2)?,
                    warnings: warnings
                        .map(|w| w.lines().map(String::from).collect())
                        .unwrap_or_default(),
                    versions: r.get(n + 5)?,
                    quotes: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut a) = row else { return Ok(None) };
        a.quotes = quotes::of_article(&self.conn, id)?;
        Ok(Some(a))
    }

    /// The quotes of article `id`, in text order.
    pub fn quotes_of(&self, id: &str) -> Result<Vec<StoredQuote>> {
        quotes::of_article(&self.conn, id)
    }

    /// Finds statements by words (matched on stems), speaker and day.
    pub fn quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteHit>> {
        quotes::search(&self.conn, query)
    }

    /// Speakers reconciled across articles, most quoted first.
    pub fn speakers(&self, limit: usize, offset: usize) -> Result<Vec<Speaker>> {
        speakers::list(&self.conn, limit, offset)
    }

    /// The verbatim bytes of an article's current raw record.
    pub fn raw(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let sql = "SELECT r.bytes FROM articles a JOIN raw_records r ON r.raw_id = a.raw_id WHERE a.id = ?1";
        Ok(self.conn.query_row(sql, [id], |r| r.get(0)).optional()?)
    }

    /// Calls `f` for every article in id order (for export).
    pub fn for_each_article(&self, mut f: impl FnMut(Article) -> Result<()>) -> Result<u64> {
        let sql = format!("SELECT {} FROM articles ORDER BY id", db::ARTICLE_COLUMNS);
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            f(db::article_from_row(row)?.article)?;
            n += 1;
        }
        Ok(n)
    }
}
