//! The write side: stores batches in SQLite, then feeds the index.
//!
//! Order of operations for every batch: SQLite transaction commits first,
//! then the changed articles are queued in the index; an index commit later
//! records the highest seq it holds. A crash anywhere leaves SQLite with
//! whole batches and the index with its last commit; [`Writer::open`]
//! indexes whatever SQLite holds beyond it before accepting new writes.

use crate::index::{self, Fields, Payload};
use crate::{crash_point, db, Error, NewRecord, Outcome, Result, DB_FILE, INDEX_DIR};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tantivy::{Index, IndexWriter};

/// Memory the index writer may use per indexing thread.
const WRITER_MEMORY_PER_THREAD: usize = 128 << 20;

/// The single writer of a store. Holds the index lock while alive.
pub struct Writer {
    dir: PathBuf,
    conn: Connection,
    index: Index,
    writer: IndexWriter,
    fields: Fields,
    /// Highest seq whose article is queued in (or committed to) the index.
    queued_seq: i64,
    /// Highest seq in the last index commit.
    committed_seq: i64,
}

impl Writer {
    /// Opens (creating if needed) the store in `dir` for writing and brings
    /// the index up to date with SQLite.
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
        let mut w = Writer {
            dir: dir.to_path_buf(),
            conn,
            index,
            writer,
            fields,
            queued_seq: payload.seq,
            committed_seq: payload.seq,
        };
        if w.catch_up(payload)? > 0 {
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
            let (article, seq) = db::article_from_row(row)?;
            index::add(&self.writer, &self.fields, &article, !fresh)?;
            self.queued_seq = self.queued_seq.max(seq);
            n += 1;
        }
        Ok(n)
    }

    /// Stores a batch (one SQLite transaction) and queues the changed
    /// articles for indexing. Returns what happened to each record.
    pub fn write(&mut self, batch: &[NewRecord]) -> Result<Vec<Outcome>> {
        let results = db::write_batch(&mut self.conn, batch)?;
        crash_point("after-batch");
        for (rec, (outcome, seq)) in batch.iter().zip(&results) {
            if *outcome == Outcome::Unchanged {
                continue;
            }
            // A new id was never in SQLite, so never in the index either
            // (the index is derived from SQLite): only updates need a delete.
            index::add(&self.writer, &self.fields, &rec.article, *outcome == Outcome::Updated)?;
            self.queued_seq = self.queued_seq.max(*seq);
        }
        Ok(results.into_iter().map(|(o, _)| o).collect())
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
        self.queued_seq = self.queued_seq.max(0);
        self.commit()?;
        Ok(n)
    }

    /// Waits for background merges to finish (call before exiting).
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}
