//! Store statistics: articles per source and per day, sizes.

use crate::{Result, Store};
use serde::Serialize;
use std::path::Path;

/// Counts describing a store.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Articles (current versions).
    pub articles: u64,
    /// Documents in the last committed search index.
    pub indexed: u64,
    /// Raw records kept (all versions).
    pub raw_records: u64,
    /// Articles stored with a warning (e.g. no text).
    pub with_warnings: u64,
    /// Articles per source, most first.
    pub sources: Vec<(String, u64)>,
    /// Articles per publication day, in date order.
    pub days: Vec<(String, u64)>,
    /// Bytes on disk of the whole data directory.
    pub disk_bytes: u64,
    /// Attributed statements extracted.
    pub quotes: u64,
    /// Rows of the quotes' full-text index (one per quote when consistent).
    pub quotes_indexed: u64,
    /// Speakers reconciled across articles.
    pub speakers: u64,
    /// Stems with a vector in the semantic model ([`crate::semantic`]).
    pub semantic_stems: u64,
    /// Article versions with a vector in the semantic model.
    pub semantic_articles: u64,
    /// Articles the semantic model was learned from (those added since are
    /// folded in).
    pub semantic_learned_from: u64,
}

impl Store {
    /// Computes the store's statistics.
    pub fn stats(&self) -> Result<Stats> {
        let c = self.connection();
        let count = |sql: &str| -> Result<u64> { Ok(c.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        let group = |sql: &str| -> Result<Vec<(String, u64)>> {
            let mut stmt = c.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        Ok(Stats {
            articles: count("SELECT COUNT(*) FROM articles")?,
            indexed: indexed_docs(&self.dir().join(crate::INDEX_DIR))?,
            raw_records: count("SELECT COUNT(*) FROM raw_records")?,
            with_warnings: count("SELECT COUNT(*) FROM articles WHERE warnings IS NOT NULL")?,
            sources: group(
                "SELECT COALESCE(source, '(none)'), COUNT(*) AS n FROM articles GROUP BY 1 ORDER BY n DESC, 1",
            )?,
            days: group("SELECT COALESCE(day, '(unknown)'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 1")?,
            disk_bytes: dir_size(self.dir()),
            quotes: count("SELECT COUNT(*) FROM quotes")?,
            quotes_indexed: count("SELECT COUNT(*) FROM quotes_fts")?,
            speakers: count("SELECT COUNT(*) FROM speakers")?,
            semantic_stems: count("SELECT COALESCE(SUM(length(data)), 0) / 4 FROM semantic WHERE part = 'idf'")?,
            semantic_articles: count("SELECT COALESCE(SUM(length(data)), 0) / 8 FROM semantic WHERE part = 'seqs'")?,
            semantic_learned_from: crate::semantic::stored(c)?.map_or(0, |s| s.learned),
        })
    }
}

fn indexed_docs(dir: &Path) -> Result<u64> {
    if !dir.join("meta.json").exists() {
        return Ok(0);
    }
    let (index, _) = crate::index::open_for_read(dir)?;
    Ok(index.reader()?.searcher().num_docs())
}

fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_size(&e.path()),
            Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}
