//! SQLite, the source of truth: every raw record verbatim and the parsed
//! article, with a schema versioned by `PRAGMA user_version`.
//!
//! Invariants:
//! - a raw record is stored at most once per (article id, content hash);
//! - every change to an article gives it a new, larger `seq`, so the search
//!   index can catch up with "everything after the seq I last committed";
//! - one write batch is one transaction: a crash leaves whole batches or none.

use crate::{Error, Result};
use marsad_core::Article;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::collections::HashMap;
use std::path::Path;

/// Schema migrations, applied in order; entry `i` takes the store from
/// version `i` to `i + 1`. Never edit a released entry: append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: raw records, articles, key-value metadata.
    "CREATE TABLE raw_records (
        raw_id      INTEGER PRIMARY KEY,
        article_id  TEXT NOT NULL,
        hash        BLOB NOT NULL,
        origin      TEXT NOT NULL,
        format      TEXT NOT NULL,
        encoding    TEXT NOT NULL,
        bytes       BLOB NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
        UNIQUE (article_id, hash)
     );
     CREATE TABLE articles (
        id          TEXT PRIMARY KEY,
        seq         INTEGER NOT NULL UNIQUE,
        fingerprint BLOB NOT NULL,
        raw_id      INTEGER NOT NULL REFERENCES raw_records(raw_id),
        title       TEXT NOT NULL,
        content     TEXT NOT NULL,
        url         TEXT,
        date        TEXT,
        day         TEXT,
        source      TEXT,
        author      TEXT,
        extra       TEXT,
        warnings    TEXT
     );
     CREATE INDEX articles_source_day ON articles(source, day);
     CREATE INDEX articles_day ON articles(day);
     CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 2: cleaning — the cleaned body, the line labels and recovered
    // structure, and each source's boilerplate statistics.
    "ALTER TABLE articles ADD COLUMN headline TEXT;
     ALTER TABLE articles ADD COLUMN body TEXT;
     ALTER TABLE articles ADD COLUMN clean TEXT;
     ALTER TABLE articles ADD COLUMN clean_version INTEGER NOT NULL DEFAULT 0;
     CREATE TABLE source_stats (
        source   TEXT PRIMARY KEY,
        articles INTEGER NOT NULL,
        stats    TEXT NOT NULL
     );",
    // 3: who said what — each article's quotes (spans into the cleaned
    // body and, where the cleaning maps them, the raw content), an FTS5
    // index of their stems, and speakers reconciled across articles.
    "ALTER TABLE articles ADD COLUMN quotes_version INTEGER NOT NULL DEFAULT 0;
     CREATE TABLE quotes (
        quote_id    INTEGER PRIMARY KEY,
        article_id  TEXT NOT NULL,
        n           INTEGER NOT NULL,
        speaker     TEXT,
        speaker_key TEXT,
        role        TEXT,
        cue         TEXT NOT NULL,
        text        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        via         TEXT,
        implicit    INTEGER NOT NULL,
        date        TEXT,
        day         TEXT,
        start       INTEGER NOT NULL,
        end         INTEGER NOT NULL,
        raw_start   INTEGER,
        raw_end     INTEGER,
        UNIQUE (article_id, n)
     );
     CREATE INDEX quotes_speaker_key ON quotes(speaker_key);
     CREATE INDEX quotes_day ON quotes(day);
     CREATE VIRTUAL TABLE quotes_fts USING fts5(stems, context, content = '', contentless_delete = 1,
                                              tokenize = 'ascii');
     CREATE TABLE speakers (
        speaker_id INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        key        TEXT NOT NULL,
        aliases    TEXT NOT NULL,
        roles      TEXT NOT NULL,
        terms      TEXT NOT NULL,
        quotes     INTEGER NOT NULL,
        articles   INTEGER NOT NULL
     );
     CREATE TABLE speaker_keys (
        key        TEXT PRIMARY KEY,
        speaker_id INTEGER NOT NULL
     );",
    // 4: story grouping — features per article version, stem document
    // frequencies, copy/same-story links, each article's story and the
    // summary of every story (see stories.rs).
    "CREATE TABLE story_docs (
        id       TEXT PRIMARY KEY,
        seq      INTEGER NOT NULL,
        time     INTEGER,
        features BLOB NOT NULL
     );
     CREATE INDEX story_docs_time ON story_docs(time);
     CREATE TABLE story_df (term INTEGER PRIMARY KEY, df INTEGER NOT NULL);
     CREATE TABLE story_links (
        a     TEXT NOT NULL,
        b     TEXT NOT NULL,
        kind  INTEGER NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (a, b)
     ) WITHOUT ROWID;
     CREATE INDEX story_links_b ON story_links(b);
     CREATE TABLE story_members (
        id      TEXT PRIMARY KEY,
        story   TEXT NOT NULL,
        copy_of TEXT
     ) WITHOUT ROWID;
     CREATE INDEX story_members_story ON story_members(story);
     CREATE TABLE stories (
        id       TEXT PRIMARY KEY,
        size     INTEGER NOT NULL,
        outlets  INTEGER NOT NULL,
        first    TEXT,
        last     TEXT,
        headline TEXT NOT NULL,
        sources  TEXT NOT NULL
     );
     CREATE INDEX stories_first ON stories(first);",
    // 5: the quotes' full-text index merges its segments 16 at a time, not
    // 4 (FTS5's default): an ingest adds one segment per batch, and merging
    // them four by four was a fifth of the index's write cost; a search
    // reads a few more segments (quote searches are rare and small).
    "INSERT INTO quotes_fts (quotes_fts, rank) VALUES ('automerge', 16);",
    // 6: the semantic model (see semantic.rs): a vector per body stem and
    // per indexed article version (by seq), learned from the bodies.
    "CREATE TABLE IF NOT EXISTS semantic_words (
        stem   TEXT PRIMARY KEY,
        idf    REAL NOT NULL,
        vector BLOB NOT NULL
     ) WITHOUT ROWID;
     CREATE TABLE IF NOT EXISTS semantic_docs (seq INTEGER PRIMARY KEY, vector BLOB NOT NULL);",
    // 7: the semantic model in a few large parts (stems, their idf and
    // vectors, article seqs and their vectors), each one blob read whole: a
    // row per stem and per article took ~150 ms to load, a search asking
    // for more than 50 hits waited for it. A writer's finish learns it again.
    "DROP TABLE IF EXISTS semantic_words;
     DROP TABLE IF EXISTS semantic_docs;
     DELETE FROM meta WHERE key = 'semantic_state';
     CREATE TABLE IF NOT EXISTS semantic (part TEXT PRIMARY KEY, data BLOB NOT NULL);",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// One record to store: its verbatim bytes and the article parsed from it.
#[derive(Debug, Clone)]
pub struct NewRecord {
    /// Where the record was read (file, member, record).
    pub origin: String,
    /// Input format (`text`, `json`, `jsonl`).
    pub format: String,
    /// Encoding the bytes were decoded with.
    pub encoding: String,
    /// The record's bytes as they were in the input.
    pub raw: Vec<u8>,
    /// The parsed article (its id already assigned).
    pub article: Article,
    /// Non-fatal problems found while parsing (e.g. "no text").
    pub warnings: Vec<String>,
}

/// What Marsad derives from an article when it is stored: its cleaned body
/// and structure.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// The headline: the input's title, else the one recovered from the text.
    pub headline: String,
    /// The cleaned body (what search and later stages read).
    pub body: String,
    /// Line labels, reasons and structure, as JSON.
    pub clean: String,
    /// Version of the cleaning rules that produced it.
    pub clean_version: i64,
    /// The statements extracted from `body` (`None`: extraction is off).
    pub quotes: Option<Vec<crate::quotes::PreparedQuote>>,
}

/// Computes [`Derived`] data inside a write transaction.
pub trait Deriver {
    /// Derives what is stored beside new or changed articles, in order.
    fn derive_all(&mut self, articles: &[&Article]) -> Vec<Derived>;
    /// Source statistics changed since the last call, as `(source, articles, json)`.
    fn take_dirty_stats(&mut self) -> Vec<(String, u64, String)>;
}

impl From<marsad_ingest::Record> for NewRecord {
    /// A record as the readers give it, ready to store.
    fn from(r: marsad_ingest::Record) -> Self {
        NewRecord {
            origin: r.origin.to_string(),
            format: r.format.to_string(),
            encoding: r.encoding.to_string(),
            raw: r.raw,
            article: r.article,
            warnings: r.warnings,
        }
    }
}

/// What storing a record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new article.
    New,
    /// An existing id whose article changed; the old raw record is kept.
    Updated,
    /// The same article was already stored.
    Unchanged,
}

/// Opens (creating if needed) and migrates the database at `path`.
///
/// A read-only open of a database left by a crash that only a writer can
/// repair (a hot rollback journal, a WAL that needs recovery) opens it once
/// for writing, which repairs it, and then reads.
pub fn open(path: &Path, read_only: bool) -> Result<Connection> {
    match open_once(path, read_only) {
        Err(Error::Sqlite(rusqlite::Error::SqliteFailure(e, _))) if read_only && needs_a_writer(e.extended_code) => {
            drop(open_once(path, false)?);
            open_once(path, true)
        }
        other => other,
    }
}

/// Environment variable: how many bytes of the database a searcher's
/// connection maps into memory (`0`: none; default [`MMAP_BYTES`]).
pub const MMAP_ENV: &str = "MARSAD_SQLITE_MMAP";

/// How much of the database a searcher's connection maps (SQLite caps it at
/// 2 GiB). A search reads its hits' rows and quotes from pages spread over
/// the whole file; through SQLite's page cache each missed page was a
/// `pread` and a copy (with 64 MB per connection, ~8% of a served search's
/// time). Mapped, they are read in place: ~6–12% more searches per second,
/// and less private memory, since the mapped pages are the kernel's page
/// cache, shared with every other reader of the file. The cost is in how
/// memory is counted: each connection's touched pages show in the process's
/// RSS (as `RssFile`), once per search thread; so only searchers map, not
/// the writer nor the readers of commands that walk the whole file (stats,
/// export), whose RSS would grow by the file's size. Marsad never shrinks
/// the file (no `VACUUM`), so a mapped page never outlives the file's end.
pub const MMAP_BYTES: i64 = 1 << 31;

/// Maps the database into memory for `conn`'s reads (see [`MMAP_BYTES`]).
pub fn map_for_search(conn: &Connection) -> Result<()> {
    let bytes = std::env::var(MMAP_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map_or(MMAP_BYTES, |n| n.max(0));
    conn.pragma_update(None, "mmap_size", bytes)?;
    Ok(())
}

/// SQLITE_READONLY_RECOVERY, _ROLLBACK and _CANTINIT: states a read-only
/// connection cannot repair.
fn needs_a_writer(extended_code: std::ffi::c_int) -> bool {
    matches!(
        extended_code,
        rusqlite::ffi::SQLITE_READONLY_RECOVERY
            | rusqlite::ffi::SQLITE_READONLY_ROLLBACK
            | rusqlite::ffi::SQLITE_READONLY_CANTINIT
    )
}

fn open_once(path: &Path, read_only: bool) -> Result<Connection> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    if !read_only {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    conn.pragma_update(None, "cache_size", -64_000)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        let dir = path.parent().unwrap_or(path).to_path_buf();
        return Err(Error::TooNew {
            path: dir,
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if !read_only {
        migrate(&conn, version)?;
    } else if version < SCHEMA_VERSION {
        // A store made by an older Marsad (or one killed while creating its
        // schema): bring it up to date, then read.
        drop(conn);
        drop(open_once(path, false)?);
        return open_once(path, true);
    }
    Ok(conn)
}

fn migrate(conn: &Connection, from: i64) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE; {sql}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))?;
    }
    Ok(())
}

/// The highest `seq` given to any article so far (0 for an empty store).
pub fn max_seq(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM articles", [], |r| r.get(0))?)
}

/// A batch classified against the store and derived, ready for
/// [`store_batch`] (which may run on another thread and connection).
pub struct Prepared {
    /// The records, in input order.
    pub batch: Vec<NewRecord>,
    /// Per record: what storing it does, and its fingerprint.
    pub classified: Vec<(Outcome, [u8; 16])>,
    /// Derived data of the changed records, in order.
    pub derived: Vec<Derived>,
    /// The deriver's statistics as they stand after this batch, to save with it.
    pub stats: Vec<(String, u64, String)>,
}

/// Classifies `batch` against the store as `conn` sees it plus `pending`
/// (ids and fingerprints of a batch stored but not yet committed) and
/// derives its changed articles.
pub fn prepare_batch(
    conn: &Connection,
    batch: Vec<NewRecord>,
    pending: &HashMap<String, [u8; 16]>,
    deriver: &mut dyn Deriver,
) -> Result<Prepared> {
    let classified = classify(conn, &batch, pending)?;
    let changed: Vec<&Article> = batch
        .iter()
        .zip(&classified)
        .filter(|(_, (o, _))| *o != Outcome::Unchanged)
        .map(|(r, _)| &r.article)
        .collect();
    let derived = deriver.derive_all(&changed);
    let stats = deriver.take_dirty_stats();
    Ok(Prepared {
        batch,
        classified,
        derived,
        stats,
    })
}

/// Stores a prepared batch in one transaction (with the statistics it was
/// derived with); gives the records back with, per record, what happened
/// and the seq of changed articles.
#[allow(clippy::type_complexity)]
pub fn store_batch(
    conn: &mut Connection,
    prepared: Prepared,
) -> Result<(Vec<NewRecord>, Vec<(Outcome, i64, Option<Derived>)>)> {
    let Prepared {
        batch,
        classified,
        derived,
        stats,
    } = prepared;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut seq = max_seq(&tx)?;
    let mut out = Vec::with_capacity(batch.len());
    let outcomes = classified;
    let mut derived = derived.into_iter();
    let mut fts = crate::quotes::FtsBatch::default();
    {
        let mut raw = tx.prepare_cached(
            "INSERT INTO raw_records (article_id, hash, origin, format, encoding, bytes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (article_id, hash) DO UPDATE SET origin = origin
             RETURNING raw_id",
        )?;
        let mut upsert = tx.prepare_cached(
            "INSERT OR REPLACE INTO articles
             (id, seq, fingerprint, raw_id, title, content, url, date, day, source, author, extra, warnings,
              headline, body, clean, clean_version, quotes_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        )?;
        for (rec, (outcome, fingerprint)) in batch.iter().zip(outcomes) {
            if outcome == Outcome::Unchanged {
                out.push((Outcome::Unchanged, 0, None));
                continue;
            }
            let a = &rec.article;
            let hash = blake3::hash(&rec.raw);
            let raw_id: i64 = raw.query_row(
                params![
                    a.id,
                    &hash.as_bytes()[..16],
                    rec.origin,
                    rec.format,
                    rec.encoding,
                    rec.raw
                ],
                |r| r.get(0),
            )?;
            seq += 1;
            let mut d = derived.next().expect("one derivation per changed article");
            let extra = (!a.extra.is_empty()).then(|| serde_json::Value::Object(a.extra.clone()).to_string());
            let warnings = (!rec.warnings.is_empty()).then(|| rec.warnings.join("\n"));
            upsert.execute(params![
                a.id,
                seq,
                &fingerprint[..],
                raw_id,
                a.title,
                a.content,
                a.url,
                a.date,
                day_of(a.date.as_deref()),
                a.source,
                a.author,
                extra,
                warnings,
                d.headline,
                d.body,
                d.clean,
                d.clean_version,
                crate::quotes::version_of(d.quotes.as_deref())
            ])?;
            let day = day_of(a.date.as_deref());
            let new = outcome == Outcome::New;
            crate::quotes::replace(&tx, &mut fts, &a.id, day, d.quotes.take(), new)?;
            out.push((outcome, seq, Some(d)));
            crate::crash_point("record");
        }
    }
    fts.apply(&tx)?;
    put_stats(&tx, stats)?;
    tx.commit()?;
    Ok((batch, out))
}

/// What storing each record of a batch will do, against the store and
/// against earlier records of the same batch (an id twice in one batch is
/// new then updated, or new then unchanged).
fn classify(
    tx: &Connection,
    batch: &[NewRecord],
    pending: &HashMap<String, [u8; 16]>,
) -> Result<Vec<(Outcome, [u8; 16])>> {
    let mut find = tx.prepare_cached("SELECT fingerprint FROM articles WHERE id = ?1")?;
    let mut in_batch: HashMap<&str, [u8; 16]> = HashMap::new();
    let mut out = Vec::with_capacity(batch.len());
    for rec in batch {
        let a = &rec.article;
        let fp = a.fingerprint();
        let old = match in_batch.get(a.id.as_str()).or_else(|| pending.get(&a.id)) {
            Some(f) => Some(f.to_vec()),
            None => find.query_row([&a.id], |r| r.get::<_, Vec<u8>>(0)).optional()?,
        };
        let outcome = match old {
            Some(f) if f == fp => Outcome::Unchanged,
            Some(_) => Outcome::Updated,
            None => Outcome::New,
        };
        out.push((outcome, fp));
        in_batch.insert(&a.id, fp);
    }
    Ok(out)
}

/// Persists statistics taken from a deriver, as `(source, articles, json)`.
fn put_stats(conn: &Connection, stats: Vec<(String, u64, String)>) -> Result<()> {
    let mut put = conn.prepare_cached(
        "INSERT INTO source_stats (source, articles, stats) VALUES (?1, ?2, ?3)
         ON CONFLICT (source) DO UPDATE SET articles = excluded.articles, stats = excluded.stats",
    )?;
    for (source, articles, json) in stats {
        put.execute(params![source, articles as i64, json])?;
    }
    Ok(())
}

/// Every source's stored statistics, as `(source, json)`.
pub fn load_stats(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT source, stats FROM source_stats")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The `YYYY-MM-DD` day of an ISO date, if it is one.
pub fn day_of(date: Option<&str>) -> Option<&str> {
    let d = date?.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then_some(d)
}

/// Reads one column set of `articles` into an [`Article`].
pub(crate) const ARTICLE_COLUMNS: &str = "id, title, content, url, date, source, author, extra, seq, headline, body";

/// An article row with what was derived from it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The parsed article.
    pub article: Article,
    /// Its version counter.
    pub seq: i64,
    /// Input title, else the recovered one.
    pub headline: String,
    /// The cleaned body.
    pub body: String,
}

/// Builds an article from a row selected with [`ARTICLE_COLUMNS`]. Rows
/// stored before cleaning existed read their title and content instead.
pub(crate) fn article_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Loaded> {
    let extra: Option<String> = row.get(7)?;
    let extra = extra
        .and_then(|e| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&e).ok())
        .unwrap_or_default();
    let article = Article {
        id: row.get(0)?,
        title: row.get(1)?,
        content: row.get(2)?,
        url: row.get(3)?,
        date: row.get(4)?,
        source: row.get(5)?,
        author: row.get(6)?,
        extra,
    };
    let headline: Option<String> = row.get(9)?;
    let body: Option<String> = row.get(10)?;
    Ok(Loaded {
        headline: headline.unwrap_or_else(|| article.title.clone()),
        body: body.unwrap_or_else(|| article.content.clone()),
        seq: row.get(8)?,
        article,
    })
}

/// Fetches one article by id.
pub fn article(conn: &Connection, id: &str) -> Result<Option<Article>> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
    Ok(conn
        .query_row(&sql, [id], |r| article_from_row(r).map(|l| l.article))
        .optional()?)
}

/// Fetches one article by id with its headline and cleaned body.
pub fn loaded(conn: &Connection, id: &str) -> Result<Option<Loaded>> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], article_from_row)
        .optional()?)
}

/// What a search hit shows of an article.
#[derive(Debug, Clone)]
pub struct HitRow {
    /// Input title, else the recovered one.
    pub headline: String,
    /// The cleaned body (the content for rows stored before cleaning).
    pub body: String,
    /// Outlet.
    pub source: Option<String>,
    /// Publication date.
    pub date: Option<String>,
}

/// Fetches what search hits show of articles `ids` (`None` for an unknown
/// id), in one statement: not their raw content or extra fields, which
/// [`loaded`] reads too.
pub fn hit_rows(conn: &Connection, ids: &[&str]) -> Result<Vec<Option<HitRow>>> {
    let mut out: Vec<Option<HitRow>> = (0..ids.len()).map(|_| None).collect();
    for (c, chunk) in ids.chunks(PAGE_IDS).enumerate() {
        let mut stmt = conn.prepare_cached(&format!(
            "WITH page(id, at) AS (VALUES {})
             SELECT page.at, COALESCE(a.headline, a.title), COALESCE(a.body, a.content), a.source, a.date
             FROM page JOIN articles a ON a.id = page.id",
            page_values(chunk.len())
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(chunk))?;
        while let Some(r) = rows.next()? {
            let at = r.get::<_, i64>(0)? as usize;
            out[c * PAGE_IDS + at] = Some(HitRow {
                headline: long_text(r, 1)?,
                body: long_text(r, 2)?,
                source: opt_text(r, 3)?,
                date: opt_text(r, 4)?,
            });
        }
    }
    Ok(out)
}

/// Most ids one [`page_values`] statement binds: more than SQLite's
/// parameter limit (32,766) are read a chunk at a time.
pub(crate) const PAGE_IDS: usize = 1000;

/// `(?1,0),(?2,1),…`: `n` parameters each with its place, the rows of a
/// `VALUES` table that joins a page of ids to their rows in one statement.
pub(crate) fn page_values(n: usize) -> String {
    let mut values = String::with_capacity(n * 10);
    for i in 1..=n {
        if i > 1 {
            values.push(',');
        }
        values.push_str("(?");
        push_decimal(&mut values, i as u64, 1);
        values.push(',');
        push_decimal(&mut values, (i - 1) as u64, 1);
        values.push(')');
    }
    values
}

/// Appends `n` in decimal, zero-padded to `width` digits (a search builds a
/// few dozen such numbers, and `format!` cost a thousand instructions each).
pub(crate) fn push_decimal(out: &mut String, n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    while rest > 0 || digits.len() - at < width.max(1) {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if at == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Column `i` of `row` as text, checked with a SIMD UTF-8 validator: an
/// article body is kilobytes of two-byte Arabic letters, which `str`'s own
/// check walks a character at a time (5% of a served search).
pub(crate) fn long_text(row: &rusqlite::Row, i: usize) -> rusqlite::Result<String> {
    Ok(opt_text(row, i)?.unwrap_or_default())
}

/// Column `i` of `row` as text, `None` for NULL, checked like [`long_text`]
/// (the headlines, names and quotes of a page of hits).
pub(crate) fn opt_text(row: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<String>> {
    match row.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => simdutf8::basic::from_utf8(bytes)
            .map(|s| Some(s.to_owned()))
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))),
        other => Err(rusqlite::Error::InvalidColumnType(
            i,
            format!("column {i}"),
            other.data_type(),
        )),
    }
}

/// Reads a metadata value.
pub fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Writes a metadata value (`None` deletes it).
pub fn meta_set(conn: &Connection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", [key, v])?,
        None => conn.execute("DELETE FROM meta WHERE key = ?1", [key])?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prepares and stores a batch in one go: what the writer does across two
    /// threads.
    fn write_batch(
        conn: &mut Connection,
        batch: &[NewRecord],
        deriver: &mut dyn Deriver,
    ) -> Result<Vec<(Outcome, i64, Option<Derived>)>> {
        let prepared = prepare_batch(conn, batch.to_vec(), &HashMap::new(), deriver)?;
        Ok(store_batch(conn, prepared)?.1)
    }

    /// A kill while SQLite was still in rollback-journal mode (the first
    /// moments of a new store) leaves a hot journal; a read-only open then
    /// failed with SQLITE_READONLY_ROLLBACK ("attempt to write a readonly
    /// database") instead of rolling it back.
    #[test]
    fn a_hot_rollback_journal_is_rolled_back_by_a_read_only_open() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("live.sqlite");
        let conn = Connection::open(&live).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1;
             CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept');",
        )
        .unwrap();
        conn.execute_batch(
            "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO t SELECT hex(randomblob(500)) FROM n;",
        )
        .unwrap();
        // A snapshot of the files now is what a SIGKILL would leave.
        let crashed = dir.path().join("crashed.sqlite");
        std::fs::copy(&live, &crashed).unwrap();
        std::fs::copy(
            dir.path().join("live.sqlite-journal"),
            dir.path().join("crashed.sqlite-journal"),
        )
        .unwrap();
        drop(conn);

        let ro = open(&crashed, true).expect("a read-only open recovers the hot journal");
        let n: i64 = ro.query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1, "the uncommitted rows are rolled back");
    }

    fn rec(id: &str, content: &str) -> NewRecord {
        let article = Article {
            id: id.into(),
            content: content.into(),
            ..Default::default()
        };
        NewRecord {
            origin: "t.json record 0".into(),
            format: "json".into(),
            encoding: "UTF-8".into(),
            raw: content.as_bytes().to_vec(),
            article,
            warnings: vec![],
        }
    }

    struct Plain;

    impl Deriver for Plain {
        fn derive_all(&mut self, articles: &[&Article]) -> Vec<Derived> {
            articles
                .iter()
                .map(|a| Derived {
                    body: a.content.clone(),
                    ..Default::default()
                })
                .collect()
        }
        fn take_dirty_stats(&mut self) -> Vec<(String, u64, String)> {
            vec![]
        }
    }

    fn outcomes(r: Vec<(Outcome, i64, Option<Derived>)>) -> Vec<(Outcome, i64)> {
        r.into_iter().map(|(o, s, _)| (o, s)).collect()
    }

    #[test]
    fn new_unchanged_updated() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = open(&dir.path().join("m.sqlite"), false).unwrap();
        let r = write_batch(&mut c, &[rec("a", "نص"), rec("b", "آخر")], &mut Plain).unwrap();
        assert_eq!(outcomes(r), vec![(Outcome::New, 1), (Outcome::New, 2)]);
        let r = write_batch(&mut c, &[rec("a", "نص"), rec("b", "آخر معدل")], &mut Plain).unwrap();
        assert_eq!(outcomes(r), vec![(Outcome::Unchanged, 0), (Outcome::Updated, 3)]);
        let raws: i64 = c
            .query_row("SELECT COUNT(*) FROM raw_records", [], |r| r.get(0))
            .unwrap();
        assert_eq!(raws, 3, "the old raw record of b is kept");
        let r = write_batch(&mut c, &[rec("c", "1"), rec("c", "1"), rec("c", "2")], &mut Plain).unwrap();
        let got: Vec<Outcome> = r.into_iter().map(|(o, _, _)| o).collect();
        assert_eq!(
            got,
            vec![Outcome::New, Outcome::Unchanged, Outcome::Updated],
            "one id twice in a batch"
        );
        assert_eq!(article(&c, "b").unwrap().unwrap().content, "آخر معدل");
    }

    #[test]
    fn reopening_keeps_version_and_refuses_newer() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.sqlite");
        drop(open(&p, false).unwrap());
        let c = open(&p, false).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        drop(c);
        assert!(matches!(open(&p, false), Err(Error::TooNew { .. })));
    }

    #[test]
    fn the_quote_index_merges_sixteen_segments_in_new_and_migrated_stores() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.sqlite");
        let automerge = |c: &Connection| -> i64 {
            c.query_row("SELECT v FROM quotes_fts_config WHERE k = 'automerge'", [], |r| {
                r.get(0)
            })
            .unwrap()
        };
        assert_eq!(automerge(&open(&p, false).unwrap()), 16);
        // A store of schema 4: the setting is not there yet.
        let c = open(&p, false).unwrap();
        c.execute_batch("DELETE FROM quotes_fts_config WHERE k = 'automerge'; PRAGMA user_version = 4;")
            .unwrap();
        drop(c);
        let c = open(&p, true).unwrap();
        assert_eq!(automerge(&c), 16, "a reader brings it up to date");
        assert_eq!(
            c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
                .unwrap(),
            SCHEMA_VERSION
        );
    }

    #[test]
    fn connections_map_the_file_only_for_searches() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.sqlite");
        let mmap = |c: &Connection| c.pragma_query_value(None, "mmap_size", |r| r.get::<_, i64>(0)).unwrap();
        let writer = open(&p, false).unwrap();
        let reader = open(&p, true).unwrap();
        assert_eq!((mmap(&writer), mmap(&reader)), (0, 0));
        map_for_search(&reader).unwrap();
        assert!(mmap(&reader) > 0, "SQLite caps the size, but maps");
        assert_eq!(
            reader
                .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            0
        );
    }

    #[test]
    fn day_of_accepts_only_iso_dates() {
        assert_eq!(day_of(Some("2015-07-21T02:51:32")), Some("2015-07-21"));
        assert_eq!(day_of(Some("21/07/2015")), None);
        assert_eq!(day_of(None), None);
    }
}
