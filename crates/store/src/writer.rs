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
//! cleans again the articles those statistics may change (see
//! [`Cleaner::take_recheck`]) and re-stores (and re-indexes) those whose
//! cleaning changed. A writer killed before its finish leaves a mark in the
//! store; the next writer does the check in its place when it opens. Then
//! the finish groups what is new or changed into stories (after the
//! re-cleaning, so grouping reads the final bodies).

use crate::clean::{Cleaner, CLEAN_VERSION, RECURRING_MARK};
use crate::index::{self, Fields, Payload};
use crate::quotes::{self, QUOTES_VERSION};
use crate::{crash_point, db, Error, NewRecord, Outcome, Result, DB_FILE, INDEX_DIR};
use crate::{semantic, speakers};
use rayon::prelude::*;
use rusqlite::{params, Connection};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use tantivy::{Index, IndexWriter};

/// Memory the index writer may use before it writes a segment out.
///
/// One indexing thread with room for a whole corpus like SaudiNewsNet (31k
/// articles) makes one segment per commit: a search visits every segment,
/// and two threads' two segments had to be merged at `finish` (1.4 s of
/// CPU). Indexing is a fraction of the ingest's work and keeps up on one
/// thread while the others clean and store (full corpus: 2 s less CPU, peak
/// RSS 570 -> 630 MiB). Larger ingests write a segment per budget's worth,
/// which `finish` merges. [`INDEX_MEMORY_ENV`] sets another budget.
const WRITER_MEMORY: usize = 512 << 20;
/// Environment variable setting the index writer's memory budget in MiB
/// (15 to 4000; tantivy's bounds), for machines with little memory.
pub const INDEX_MEMORY_ENV: &str = "MARSAD_INDEX_MEMORY_MIB";
/// Indexing threads (see [`WRITER_MEMORY`]).
const WRITER_THREADS: usize = 1;
/// Articles re-cleaned per transaction.
const RECLEAN_CHUNK: i64 = 2000;
/// Metadata key set while a writer has stored articles it has not yet
/// re-cleaned at [`Writer::finish`]: the highest seq before them.
const UNFINISHED: &str = "unfinished_after_seq";

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
    /// Highest seq in SQLite once this writer had opened: articles at or
    /// below it were cleaned by earlier writers.
    opened_seq: i64,
    /// Whether [`UNFINISHED`] is set for this writer.
    unfinished: bool,
    /// The batch being stored on another thread (see [`Writer::write`]).
    inflight: InFlight,
    /// Ids and fingerprints of the in-flight batch's changed articles.
    pending: HashMap<String, [u8; 16]>,
    /// The second connection that stores batches, when none is in flight.
    bulk: Option<Connection>,
    /// The index segments there were when this writer opened: `finish`
    /// merges the ones it made into one.
    segments_at_open: HashSet<tantivy::index::SegmentId>,
}

/// A stored article loaded for re-cleaning: it, its cleaning record, and
/// the versions of the quote extraction and of the cleaning rules that made
/// them.
type RecleanRow = (db::Loaded, Option<String>, i64, i64);

/// A stored batch: its records and, per record, outcome, seq and derivation.
type Stored = (Vec<NewRecord>, Vec<(Outcome, i64, Option<db::Derived>)>);

impl Writer {
    /// Opens (creating if needed) the store in `dir` for writing, brings the
    /// index up to date with SQLite and re-cleans articles cleaned by older
    /// rules.
    pub fn open(dir: &Path) -> Result<Writer> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let conn = db::open(&dir.join(DB_FILE), false)?;
        let (index, fields, payload) = index::open_or_create(&dir.join(INDEX_DIR))?;
        let memory = std::env::var(INDEX_MEMORY_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .map_or(WRITER_MEMORY, |mib| mib.clamp(15, 4000) << 20);
        let writer = index
            .writer_with_num_threads(WRITER_THREADS, memory)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::Busy(dir.join(INDEX_DIR).display().to_string()),
                e => Error::Index(e),
            })?;
        let cleaner = Cleaner::new(db::load_stats(&conn)?);
        let segments_at_open = index.searchable_segment_ids()?.into_iter().collect();
        let mut w = Writer {
            dir: dir.to_path_buf(),
            conn,
            index,
            writer,
            fields,
            cleaner,
            queued_seq: payload.seq,
            committed_seq: payload.seq,
            opened_seq: 0,
            unfinished: false,
            inflight: InFlight::default(),
            pending: HashMap::new(),
            bulk: None,
            segments_at_open,
        };
        let mut stale_if = Vec::new();
        if w.cleaner.cleans {
            stale_if.push(format!("clean_version < {CLEAN_VERSION}"));
        }
        if w.cleaner.extract {
            stale_if.push(format!("quotes_version < {QUOTES_VERSION}"));
        }
        let mut stale = match stale_if.is_empty() {
            true => 0,
            false => w.reclean(Some(&stale_if.join(" OR ")), false)?,
        };
        if let Some(after) = db::meta_get(&w.conn, UNFINISHED)? {
            // A writer died before its finish: what it stored was cleaned
            // with statistics that grew later. Check its sources again.
            let after: i64 = after.parse().unwrap_or(0);
            let filter = format!(
                "COALESCE(source, '') IN (SELECT DISTINCT COALESCE(source, '') FROM articles WHERE seq > {after})"
            );
            stale += w.reclean(Some(&filter), true)?;
            db::meta_set(&w.conn, UNFINISHED, None)?;
        }
        speakers::rebuild_if_stale(&mut w.conn)?;
        if w.catch_up(payload)? + stale > 0 {
            w.commit()?;
        }
        w.opened_seq = db::max_seq(&w.conn)?;
        Ok(w)
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Indexes every article SQLite holds beyond the index's last commit.
    fn catch_up(&mut self, payload: Payload) -> Result<u64> {
        // Fresh: nothing committed, and nothing queued either (a re-clean
        // at the open queues the articles it changes, which are read here
        // again and must replace those).
        let fresh = payload.seq == 0 && self.queued_seq == 0 && self.index.reader()?.searcher().num_docs() == 0;
        let sql = format!(
            "SELECT {} FROM articles WHERE seq > ?1 ORDER BY seq",
            db::ARTICLE_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([payload.seq])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let l = db::article_from_row(row)?;
            index::add(
                &self.writer,
                &self.fields,
                &l.article,
                l.seq,
                &l.headline,
                &l.body,
                !fresh,
            )?;
            self.queued_seq = self.queued_seq.max(l.seq);
            n += 1;
        }
        Ok(n)
    }

    /// Stores a batch (one SQLite transaction) and queues the changed
    /// articles for indexing. Returns what happened to each record.
    pub fn write(&mut self, batch: &[NewRecord]) -> Result<Vec<Outcome>> {
        self.write_owned(batch.to_vec())
    }

    /// [`Writer::write`] taking the batch by value.
    ///
    /// The batch is classified and cleaned here, then stored on a second
    /// connection in a background thread while the caller reads and cleans
    /// the next batch: the SQLite work of one batch overlaps the cleaning of
    /// the next. Every other method first waits for it; an error storing a
    /// batch surfaces at the next call.
    pub fn write_owned(&mut self, batch: Vec<NewRecord>) -> Result<Vec<Outcome>> {
        if !self.unfinished {
            // The first write: no batch is in flight yet.
            db::meta_set(&self.conn, UNFINISHED, Some(&self.opened_seq.to_string()))?;
            self.unfinished = true;
        }
        self.cleaner.learn = true;
        let prepared = db::prepare_batch(&self.conn, batch, &self.pending, &mut self.cleaner)?;
        let outcomes = prepared.classified.iter().map(|(o, _)| *o).collect();
        self.settle()?;
        self.pending = (prepared.batch.iter().zip(&prepared.classified))
            .filter(|(_, (o, _))| *o != Outcome::Unchanged)
            .map(|(r, (_, fp))| (r.article.id.clone(), *fp))
            .collect();
        let mut conn = self.take_bulk()?;
        self.inflight = InFlight(Some(std::thread::spawn(move || {
            let stored = db::store_batch(&mut conn, prepared);
            (conn, stored)
        })));
        Ok(outcomes)
    }

    /// The second connection (kept between batches), opened if there is none.
    fn take_bulk(&mut self) -> Result<Connection> {
        match self.bulk.take() {
            Some(c) => Ok(c),
            None => db::open(&self.dir.join(DB_FILE), false),
        }
    }

    /// Waits for the batch in flight, then queues its changed articles for
    /// indexing.
    fn settle(&mut self) -> Result<()> {
        let Some(handle) = self.inflight.0.take() else {
            return Ok(());
        };
        let (conn, stored) = handle
            .join()
            .map_err(|_| Error::Corrupt("the thread storing a batch panicked".into()))?;
        self.bulk = Some(conn);
        self.pending.clear();
        let (batch, results) = stored?;
        crash_point("after-batch");
        for (rec, (outcome, seq, derived)) in batch.iter().zip(results) {
            let Some(d) = derived else { continue };
            // A new id was never in SQLite, so never in the index either
            // (the index is derived from SQLite): only updates need a delete.
            let replace = outcome == Outcome::Updated;
            index::add(
                &self.writer,
                &self.fields,
                &rec.article,
                seq,
                &d.headline,
                &d.body,
                replace,
            )?;
            self.queued_seq = self.queued_seq.max(seq);
        }
        Ok(())
    }

    /// Cleans stored articles again (all of them, or those matching the SQL
    /// condition `filter`) with the current statistics, in parallel; re-stores
    /// and re-indexes those whose cleaning changed, with their quotes
    /// extracted again (and those whose quotes are missing or stale). With
    /// `lazy`, articles the statistics cannot affect are skipped
    /// ([`Cleaner::may_change`]). Returns how many changed.
    pub fn reclean(&mut self, filter: Option<&str>, lazy: bool) -> Result<u64> {
        self.settle()?;
        self.cleaner.learn = false;
        let filter = filter.unwrap_or("1");
        let sql = format!(
            "SELECT {}, clean, quotes_version, clean_version, rowid FROM articles WHERE rowid > ?1 AND ({filter})
             ORDER BY rowid LIMIT {RECLEAN_CHUNK}",
            db::ARTICLE_COLUMNS
        );
        let (mut after, mut changed) = (0i64, 0u64);
        loop {
            let mut rows = Vec::new();
            {
                let mut stmt = self.conn.prepare_cached(&sql)?;
                let mut found = stmt.query([after])?;
                while let Some(row) = found.next()? {
                    let l = db::article_from_row(row)?;
                    rows.push((l, row.get(11)?, row.get(12)?, row.get(13)?));
                    after = row.get(14)?;
                }
            }
            if rows.is_empty() {
                break;
            }
            changed += self.reclean_rows(rows, lazy)?;
        }
        Ok(changed)
    }

    /// Cleans the articles `ids` again (see [`Writer::reclean`]).
    fn reclean_ids(&mut self, ids: &[String]) -> Result<u64> {
        self.settle()?;
        self.cleaner.learn = false;
        let sql = format!(
            "SELECT {}, clean, quotes_version, clean_version FROM articles WHERE id = ?1",
            db::ARTICLE_COLUMNS
        );
        let mut changed = 0;
        for chunk in ids.chunks(RECLEAN_CHUNK as usize) {
            let mut rows = Vec::with_capacity(chunk.len());
            {
                let mut stmt = self.conn.prepare_cached(&sql)?;
                for id in chunk {
                    let mut found = stmt.query([id])?;
                    if let Some(row) = found.next()? {
                        let l = db::article_from_row(row)?;
                        rows.push((l, row.get(11)?, row.get(12)?, row.get(13)?));
                    }
                }
            }
            changed += self.reclean_rows(rows, true)?;
        }
        Ok(changed)
    }

    /// Cleans loaded articles again in parallel (with `lazy`, only those
    /// [`Cleaner::may_change`] lets through or whose quotes are stale) and
    /// stores those whose cleaning, body or quotes changed, or whose cleaning
    /// version is older.
    fn reclean_rows(&mut self, rows: Vec<RecleanRow>, lazy: bool) -> Result<u64> {
        let cleaner = &self.cleaner;
        let extract = cleaner.extract;
        let updates: Vec<_> = rows
            .into_par_iter()
            .filter_map(|(l, old, quotes_version, clean_version)| {
                // With extraction off, stored quotes are left alone unless the body changes.
                let stale_quotes = extract && quotes_version != QUOTES_VERSION;
                if lazy && !stale_quotes && !cleaner.may_change(&l.article, old.as_deref()) {
                    return None;
                }
                // Extract only from bodies that changed (or lack current quotes).
                let (cleaned, mut d) = cleaner.clean_with(&l.article, false);
                let body_changed = old.as_deref() != Some(d.clean.as_str())
                    || l.headline != d.headline
                    || l.body != d.body
                    || clean_version < CLEAN_VERSION;
                if !(body_changed || stale_quotes) {
                    return None;
                }
                if extract {
                    cleaner.add_quotes(&cleaned, &l.article, &mut d);
                }
                Some((l.article, d, body_changed))
            })
            .collect();
        let n = updates.len() as u64;
        self.store_recleaned(updates)?;
        Ok(n)
    }

    /// Stores re-cleaned articles with their quotes in one transaction;
    /// those whose body changed get a new seq and are re-indexed.
    fn store_recleaned(&mut self, mut updates: Vec<(marsad_core::Article, db::Derived, bool)>) -> Result<()> {
        if updates.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let before = db::max_seq(&tx)?;
        let mut seq = before;
        let mut fts = quotes::FtsBatch::default();
        {
            let mut put = tx.prepare_cached(
                "UPDATE articles SET seq = ?2, headline = ?3, body = ?4, clean = ?5, clean_version = ?6,
                 quotes_version = ?7 WHERE id = ?1",
            )?;
            let mut version = tx.prepare_cached("UPDATE articles SET quotes_version = ?2 WHERE id = ?1")?;
            for (a, d, body_changed) in &mut updates {
                let v = quotes::version_of(d.quotes.as_deref());
                if *body_changed {
                    seq += 1;
                    put.execute(params![a.id, seq, d.headline, d.body, d.clean, d.clean_version, v])?;
                } else {
                    version.execute(params![a.id, v])?;
                }
                let day = db::day_of(a.date.as_deref());
                quotes::replace(&tx, &mut fts, &a.id, day, d.quotes.take(), false)?;
            }
        }
        fts.apply(&tx)?;
        tx.commit()?;
        crash_point("after-reclean");
        // The changed bodies took the seqs after `before`, in order.
        for ((a, d, _), seq) in updates.iter().filter(|u| u.2).zip(before + 1..) {
            index::add(&self.writer, &self.fields, a, seq, &d.headline, &d.body, true)?;
        }
        self.queued_seq = self.queued_seq.max(seq);
        Ok(())
    }

    /// Groups the articles not yet grouped at their current version (new,
    /// updated or re-cleaned) into copies and stories; see [`crate::stories`].
    pub fn group_stories(&mut self) -> Result<crate::stories::GroupReport> {
        self.settle()?;
        crate::stories::group(&mut self.conn, crate::stories::params())
    }

    /// Forgets the stored grouping and groups every article again.
    pub fn regroup(&mut self) -> Result<crate::stories::GroupReport> {
        self.settle()?;
        crate::stories::reset(&mut self.conn)?;
        self.group_stories()
    }

    /// Makes everything written so far searchable, durably.
    pub fn commit(&mut self) -> Result<()> {
        self.settle()?;
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
        self.settle()?;
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

    /// Re-cleans what this writer's statistics may have changed, groups the
    /// articles not yet grouped at their current version into copies and
    /// stories ([`crate::stories`]), commits, and waits for background merges
    /// (call before exiting). Returns how many
    /// articles the re-cleaning changed.
    pub fn finish(mut self) -> Result<u64> {
        self.settle()?;
        let mut phase = Phases::start();
        let recheck = self.cleaner.take_recheck();
        let mut changed = self.reclean_ids(&recheck.ids)?;
        // Earlier articles: those not stored again since this writer opened.
        let earlier = format!("seq <= {}", self.opened_seq);
        if !recheck.scan.is_empty() {
            let filter = format!("{earlier} AND COALESCE(source, '') IN ({})", sql_list(&recheck.scan));
            changed += self.reclean(Some(&filter), true)?;
        }
        if !recheck.recurring.is_empty() {
            let filter = format!(
                "{earlier} AND COALESCE(source, '') IN ({}) AND instr(clean, '{}') > 0",
                sql_list(&recheck.recurring),
                RECURRING_MARK.replace('\'', "''")
            );
            changed += self.reclean(Some(&filter), true)?;
        }
        if self.unfinished {
            db::meta_set(&self.conn, UNFINISHED, None)?;
        }
        phase.done("re-clean");
        // The index commit (tantivy, its own files) and the speakers and
        // stories (SQLite) share nothing: they run side by side. A crash
        // after the commit leaves the grouping to the next writer.
        // The commit's thread then merges the segments this writer made into
        // one (a search visits every segment): it has time while the
        // grouping runs.
        let seq = (self.queued_seq != self.committed_seq).then_some(self.queued_seq);
        // It then brings the semantic model up to date from the committed
        // index (on the second connection; its short write waits for the
        // grouping's transaction), while the grouping's thread rebuilds the
        // speakers after the stories: the two threads take about as long
        // (commit ~1.3 s + model ~0.9 s against stories ~2.3 s + speakers
        // ~0.4 s for the full corpus; the speakers on the commit's thread
        // made it the longer by ~0.4 s).
        let mut second_conn = self.take_bulk()?;
        let (index, writer, conn, fields) = (&self.index, &mut self.writer, &mut self.conn, self.fields);
        let before = &self.segments_at_open;
        let second = &mut second_conn;
        std::thread::scope(|scope| -> Result<()> {
            let commit = scope.spawn(move || -> Result<()> {
                let mut step = Phases::start();
                if let Some(seq) = seq {
                    index::commit(writer, seq)?;
                }
                step.done("index commit");
                index::merge_new(index, writer, before);
                step.done("index merge");
                // The semantic model follows the merged index. It is derived
                // and only orders a ranking's tail: failing to bring it up to
                // date fails nothing else (the next finish tries again).
                if let Err(e) = semantic::update(second, index, &fields) {
                    tracing::warn!("the semantic model was not brought up to date: {e}");
                }
                step.done("semantic model");
                Ok(())
            });
            let mut step = Phases::start();
            let grouped = crate::stories::group(conn, crate::stories::params()).map(|_| ());
            step.done("stories");
            let grouped = grouped.and_then(|()| speakers::rebuild_if_stale(conn).map(|_| ()));
            step.done("speakers");
            let committed = commit
                .join()
                .map_err(|_| Error::Corrupt("the thread committing the index panicked".into()))?;
            grouped.and(committed)
        })?;
        self.bulk = Some(second_conn);
        if let Some(seq) = seq {
            self.committed_seq = seq;
        }
        phase.done("speakers, stories, commit and merge");
        self.writer.wait_merging_threads()?;
        phase.done("merges");
        Ok(changed)
    }
}

/// Times the phases of a writer's finish, logged at `debug` (`MARSAD_LOG=marsad_store=debug`).
struct Phases(std::time::Instant);

impl Phases {
    fn start() -> Phases {
        Phases(std::time::Instant::now())
    }

    fn done(&mut self, what: &str) {
        tracing::debug!("finish: {what} took {:.2} s", self.0.elapsed().as_secs_f64());
        self.0 = std::time::Instant::now();
    }
}

/// The thread storing a batch. Dropped (a writer dropped without its
/// finish), it lets the batch finish storing; the next writer to open the
/// store indexes it.
#[derive(Default)]
struct InFlight(Option<JoinHandle<(Connection, Result<Stored>)>>);

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

/// `'a','b'`: strings quoted for an SQL `IN` list.
fn sql_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{}'", s.replace('\'', "''"))).collect();
    quoted.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use marsad_core::Article;

    const FURNITURE: &str = "قسم الأخبار المحلية بالجريدة";

    /// Article `i` of source `src`: two sentences of its own, then a line
    /// every article of the source ends with.
    fn record(src: &str, i: usize) -> NewRecord {
        let content = format!(
            "أعلنت الوزارة اليوم عن مشروع جديد رقمه {i} في المنطقة الشرقية من المملكة.\n\
             وأوضح المسؤول أن المشروع {i} سيبدأ العمل فيه خلال الأشهر المقبلة بتكلفة كبيرة.\n{FURNITURE}"
        );
        NewRecord {
            origin: format!("test record {i}"),
            format: "json".into(),
            encoding: "UTF-8".into(),
            raw: content.as_bytes().to_vec(),
            article: Article {
                id: format!("{src}-{i}"),
                title: format!("مشروع {i}"),
                content,
                source: Some(src.into()),
                ..Default::default()
            },
            warnings: vec![],
        }
    }

    fn ingest(dir: &Path, src: &str, range: std::ops::Range<usize>, batch: usize) {
        let mut w = Writer::open(dir).unwrap();
        let records: Vec<NewRecord> = range.map(|i| record(src, i)).collect();
        for chunk in records.chunks(batch) {
            w.write(chunk).unwrap();
        }
        w.finish().unwrap();
    }

    fn bodies_with_furniture(dir: &Path, src: &str, n: usize) -> Vec<usize> {
        let store = Store::open(dir).unwrap();
        (0..n)
            .filter(|i| {
                store
                    .article(&format!("{src}-{i}"))
                    .unwrap()
                    .unwrap()
                    .body
                    .contains(FURNITURE)
            })
            .collect()
    }

    #[test]
    fn articles_cleaned_before_a_line_recurred_are_cleaned_again_at_finish() {
        let dir = tempfile::tempdir().unwrap();
        // One article per batch: the first four are cleaned while the line
        // is still rare.
        ingest(dir.path(), "s", 0..8, 1);
        assert_eq!(bodies_with_furniture(dir.path(), "s", 8), Vec::<usize>::new());
    }

    #[test]
    fn a_later_ingest_recleans_earlier_articles_when_their_line_starts_recurring() {
        let dir = tempfile::tempdir().unwrap();
        ingest(dir.path(), "s", 0..3, 10);
        assert_eq!(
            bodies_with_furniture(dir.path(), "s", 3),
            vec![0, 1, 2],
            "3 articles: not yet furniture"
        );
        ingest(dir.path(), "other", 0..6, 10);
        assert_eq!(
            bodies_with_furniture(dir.path(), "s", 3),
            vec![0, 1, 2],
            "another source's lines don't count"
        );
        ingest(dir.path(), "s", 3..6, 10);
        assert_eq!(bodies_with_furniture(dir.path(), "s", 6), Vec::<usize>::new());
        // A full re-clean agrees with what the incremental runs left.
        let mut w = Writer::open(dir.path()).unwrap();
        assert_eq!(w.reclean(None, false).unwrap(), 0);
    }

    /// Articles cleaned by older rules are cleaned again when a writer
    /// opens; those the new rules left unchanged kept their old version, so
    /// every later open cleaned them all again.
    #[test]
    fn articles_cleaned_by_older_rules_get_the_current_version_once() {
        let dir = tempfile::tempdir().unwrap();
        ingest(dir.path(), "s", 0..3, 10);
        let conn = db::open(&dir.path().join(DB_FILE), false).unwrap();
        conn.execute("UPDATE articles SET clean_version = 0", []).unwrap();
        drop(Writer::open(dir.path()).unwrap());
        let stale: i64 = conn
            .query_row(
                &format!("SELECT COUNT(*) FROM articles WHERE clean_version < {CLEAN_VERSION}"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stale, 0);
    }

    #[test]
    fn finish_merges_the_segments_the_writer_made_and_leaves_older_ones() {
        let dir = tempfile::tempdir().unwrap();
        let segments = || {
            let (index, _) = index::open_for_read(&dir.path().join(INDEX_DIR)).unwrap();
            index.searchable_segment_ids().unwrap().len()
        };
        // Two sources, so that the second session does not re-clean (and
        // so re-index) the first one's articles.
        let session = |src: &str| {
            let mut w = Writer::open(dir.path()).unwrap();
            for i in 0..4 {
                w.write(&[record(src, i)]).unwrap();
                w.commit().unwrap();
            }
            w.finish().unwrap();
        };
        session("s");
        assert_eq!(segments(), 1, "four commits, one segment after finish");
        session("t");
        assert_eq!(segments(), 2, "the first session's segment is left to the merge policy");
        let searcher = crate::Searcher::open(dir.path()).unwrap();
        let opts = crate::SearchOptions {
            limit: 10,
            count: true,
            ..Default::default()
        };
        assert_eq!(searcher.search("مشروع", &opts).unwrap().total, Some(8));
    }

    #[test]
    fn a_writer_that_dies_before_its_finish_is_finished_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut w = Writer::open(dir.path()).unwrap();
            for i in 0..8 {
                w.write(&[record("s", i)]).unwrap();
            }
            // Dropped without finish, as a kill would.
        }
        Writer::open(dir.path()).unwrap().finish().unwrap();
        assert_eq!(bodies_with_furniture(dir.path(), "s", 8), Vec::<usize>::new());
        // Re-cleaned at the open, before the index had a commit: each
        // article is indexed once all the same.
        let (index, _) = index::open_for_read(&dir.path().join(INDEX_DIR)).unwrap();
        assert_eq!(index.reader().unwrap().searcher().num_docs(), 8);
        let conn = db::open(&dir.path().join(DB_FILE), true).unwrap();
        assert_eq!(db::meta_get(&conn, UNFINISHED).unwrap(), None);
    }
}
