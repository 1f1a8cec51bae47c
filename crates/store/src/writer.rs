//! The write side: stores batches in SQLite, then feeds the index.
//!
//! Order of operations for every batch: SQLite transaction commits first,
//! then the changed articles are queued in the index; an index commit later
//! records the highest seq it holds. A crash anywhere leaves SQLite with
//! whole batches and the index with its last commit; [`Writer::open`]
//! indexes whatever SQLite holds beyond it before accepting new writes.
//!
//! Cleaning learns from each source as articles arrive, so an article stored
//! early may be cleaned with statistics that later grow: [`Writer::finish`]
//! cleans the touched sources' articles again and re-stores (and re-indexes)
//! those whose cleaning changed, and then groups what is new or changed into
//! stories (after the re-cleaning, so grouping reads the final bodies).

use crate::clean::{Cleaner, CLEAN_VERSION};
use crate::index::{self, Fields, Payload};
use crate::{crash_point, db, Error, NewRecord, Outcome, Result, DB_FILE, INDEX_DIR};
use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};
use tantivy::{Index, IndexWriter};

/// Memory the index writer may use per indexing thread.
const WRITER_MEMORY_PER_THREAD: usize = 128 << 20;
/// Articles re-cleaned per transaction.
const RECLEAN_CHUNK: i64 = 2000;

/// The single writer of a store. Holds the index lock while alive.
pub struct Writer {
    dir: PathBuf,
    conn: Connection,
    index: Index,
    writer: IndexWriter,
    fields: Fields,
    cleaner: Cleaner,
    /// Highest seq whose article is queued in (or committed to) the index.
    queued_seq: i64,
    /// Highest seq in the last index commit.
    committed_seq: i64,
}

impl Writer {
    /// Opens (creating if needed) the store in `dir` for writing, brings the
    /// index up to date with SQLite and re-cleans articles cleaned by older
    /// rules.
    pub fn open(dir: &Path) -> Result<Writer> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let conn = db::open(&dir.join(DB_FILE), false)?;
        let (index, fields, payload) = index::open_or_create(&dir.join(INDEX_DIR))?;
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
        let writer = index
            .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::Busy(dir.join(INDEX_DIR).display().to_string()),
                e => Error::Index(e),
            })?;
        let cleaner = Cleaner::new(db::load_stats(&conn)?);
        let mut w = Writer {
            dir: dir.to_path_buf(),
            conn,
            index,
            writer,
            fields,
            cleaner,
            queued_seq: payload.seq,
            committed_seq: payload.seq,
        };
        let stale = w.reclean(Some(&format!("clean_version < {CLEAN_VERSION}")), false)?;
        if w.catch_up(payload)? + stale > 0 {
            w.commit()?;
        }
        Ok(w)
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Indexes every article SQLite holds beyond the index's last commit.
    fn catch_up(&mut self, payload: Payload) -> Result<u64> {
        let fresh = payload.seq == 0 && self.index.reader()?.searcher().num_docs() == 0;
        let sql = format!(
            "SELECT {} FROM articles WHERE seq > ?1 ORDER BY seq",
            db::ARTICLE_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([payload.seq])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let l = db::article_from_row(row)?;
            index::add(&self.writer, &self.fields, &l.article, &l.headline, &l.body, !fresh)?;
            self.queued_seq = self.queued_seq.max(l.seq);
            n += 1;
        }
        Ok(n)
    }

    /// Stores a batch (one SQLite transaction) and queues the changed
    /// articles for indexing. Returns what happened to each record.
    pub fn write(&mut self, batch: &[NewRecord]) -> Result<Vec<Outcome>> {
        self.cleaner.learn = true;
        let results = db::write_batch(&mut self.conn, batch, &mut self.cleaner)?;
        crash_point("after-batch");
        let mut outcomes = Vec::with_capacity(results.len());
        for (rec, (outcome, seq, derived)) in batch.iter().zip(results) {
            outcomes.push(outcome);
            let Some(d) = derived else { continue };
            // A new id was never in SQLite, so never in the index either
            // (the index is derived from SQLite): only updates need a delete.
            let replace = outcome == Outcome::Updated;
            index::add(&self.writer, &self.fields, &rec.article, &d.headline, &d.body, replace)?;
            self.queued_seq = self.queued_seq.max(seq);
        }
        Ok(outcomes)
    }

    /// Cleans stored articles again (all of them, or those matching the SQL
    /// condition `filter`) with the current statistics; re-stores and
    /// re-indexes those whose cleaning changed. With `lazy`, articles the
    /// statistics cannot affect are skipped ([`Cleaner::may_change`]).
    /// Returns how many changed.
    pub fn reclean(&mut self, filter: Option<&str>, lazy: bool) -> Result<u64> {
        self.cleaner.learn = false;
        let filter = filter.unwrap_or("1");
        let sql = format!(
            "SELECT {}, clean FROM articles WHERE rowid > ?1 AND ({filter}) ORDER BY rowid LIMIT {RECLEAN_CHUNK}",
            db::ARTICLE_COLUMNS
                .split(", ")
                .chain(["rowid"])
                .collect::<Vec<_>>()
                .join(", ")
        );
        let (mut after, mut changed) = (0i64, 0u64);
        loop {
            let mut updates = Vec::new();
            let mut last = None;
            {
                let mut stmt = self.conn.prepare_cached(&sql)?;
                let mut rows = stmt.query([after])?;
                while let Some(row) = rows.next()? {
                    let l = db::article_from_row(row)?;
                    last = Some(row.get::<_, i64>(11)?);
                    let old: Option<String> = row.get(12)?;
                    if lazy && !self.cleaner.may_change(&l.article, old.as_deref()) {
                        continue;
                    }
                    let (_, d) = self.cleaner.clean(&l.article);
                    if old.as_deref() != Some(d.clean.as_str()) || l.headline != d.headline {
                        updates.push((l.article, d));
                    }
                }
            }
            let Some(last) = last else { break };
            after = last;
            changed += updates.len() as u64;
            self.store_recleaned(updates)?;
        }
        Ok(changed)
    }

    fn store_recleaned(&mut self, updates: Vec<(marsad_core::Article, db::Derived)>) -> Result<()> {
        if updates.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut seq = db::max_seq(&tx)?;
        {
            let mut put = tx.prepare_cached(
                "UPDATE articles SET seq = ?2, headline = ?3, body = ?4, clean = ?5, clean_version = ?6 WHERE id = ?1",
            )?;
            for (a, d) in &updates {
                seq += 1;
                put.execute(params![a.id, seq, d.headline, d.body, d.clean, d.clean_version])?;
            }
        }
        tx.commit()?;
        for (a, d) in &updates {
            index::add(&self.writer, &self.fields, a, &d.headline, &d.body, true)?;
        }
        self.queued_seq = self.queued_seq.max(seq);
        Ok(())
    }

    /// Groups the articles not yet grouped at their current version (new,
    /// updated or re-cleaned) into copies and stories; see [`crate::stories`].
    pub fn group_stories(&mut self) -> Result<crate::stories::GroupReport> {
        crate::stories::group(&mut self.conn, crate::stories::params())
    }

    /// Forgets the stored grouping and groups every article again.
    pub fn regroup(&mut self) -> Result<crate::stories::GroupReport> {
        crate::stories::reset(&mut self.conn)?;
        self.group_stories()
    }

    /// Makes everything written so far searchable, durably.
    pub fn commit(&mut self) -> Result<()> {
        if self.queued_seq == self.committed_seq {
            return Ok(());
        }
        index::commit(&mut self.writer, self.queued_seq)?;
        self.committed_seq = self.queued_seq;
        Ok(())
    }

    /// Rebuilds the index from SQLite alone; the old index stays searchable
    /// until the new one is committed. Returns the number of articles.
    pub fn reindex(&mut self) -> Result<u64> {
        self.writer.delete_all_documents()?;
        self.queued_seq = 0;
        self.committed_seq = -1;
        let n = self.catch_up(Payload {
            seq: 0,
            version: index::INDEX_VERSION,
        })?;
        self.commit()?;
        Ok(n)
    }

    /// Re-cleans the sources this writer learned from, groups the articles
    /// not yet grouped at their current version into copies and stories
    /// ([`crate::stories`]), commits, and waits for background merges (call
    /// before exiting). Returns how many
    /// articles the re-cleaning changed.
    pub fn finish(mut self) -> Result<u64> {
        let touched = self.cleaner.take_touched();
        let mut changed = 0;
        if !touched.is_empty() {
            let list: Vec<String> = touched.iter().map(|s| format!("'{}'", s.replace('\'', "''"))).collect();
            changed = self.reclean(Some(&format!("COALESCE(source, '') IN ({})", list.join(","))), true)?;
        }
        self.group_stories()?;
        self.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(changed)
    }
}
