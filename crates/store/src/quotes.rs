//! Who said what, stored: the statements extracted from each article's
//! cleaned body, a full-text index of their stems, and search over them.
//!
//! Invariants:
//! - an article's quotes are always those of its stored body: they are
//!   replaced in the same transaction that writes the body ([`replace`]);
//! - `articles.quotes_version` says which extraction rules produced them
//!   (0: none, extraction was off); a writer re-extracts older ones;
//! - `quotes_fts` holds one row per quote, with the quote's rowid: `stems`,
//!   the quote's stems ([`marsad_text::query_terms`]) joined by spaces, and
//!   `context`, those of its speaker, role, medium and article headline (what
//!   the statement is about when it says only «this meeting»), so SQLite's
//!   FTS5 matches Arabic as Marsad analyses it; BM25 weighs `stems` higher.
//!   The stems are already analysed, so FTS5's `ascii` tokenizer only splits
//!   them on spaces (non-ASCII characters are word characters to it), which
//!   costs a fraction of `unicode61`'s per-character category lookups.

use crate::{Error, Result};
pub use marsad_extract::QuoteKind;
use marsad_extract::{extract_quotes, speaker_key, Quote};
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

/// Bump when the extraction rules change: a writer re-extracts the quotes
/// of stored articles extracted by older rules when it opens the store.
/// 2: no empty words in speaker keys (a lone tatweel made double spaces).
pub const QUOTES_VERSION: i64 = 2;

/// Environment variable that turns extraction off at ingest (`1`), for
/// measuring what it costs. Articles stored without quotes get them when a
/// writer next opens the store with extraction on.
pub const NO_QUOTES_ENV: &str = "MARSAD_NO_QUOTES";

/// Whether ingest extracts quotes (see [`NO_QUOTES_ENV`]).
pub fn extraction_enabled() -> bool {
    std::env::var(NO_QUOTES_ENV).map_or(true, |v| v.is_empty() || v == "0")
}

/// One attributed statement of a stored article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredQuote {
    /// The shortest mention naming the speaker.
    pub speaker: Option<String>,
    /// The speaker's role or title.
    pub role: Option<String>,
    /// The reporting verb or phrase as written.
    pub cue: String,
    /// What was said, verbatim (a slice of the cleaned body).
    pub text: String,
    /// Direct or indirect speech.
    pub kind: QuoteKind,
    /// The medium the statement came through.
    pub via: Option<String>,
    /// True when the speaker was resolved from an earlier mention.
    pub implicit: bool,
    /// The statement's date (ISO) when the text dates it.
    pub date: Option<String>,
    /// Byte offsets of `text` in the cleaned body.
    pub start: usize,
    /// End of `text` in the cleaned body.
    pub end: usize,
    /// Byte offsets of `text` in the raw article content, when the cleaning
    /// maps them back.
    pub raw_start: Option<usize>,
    /// End of `text` in the raw article content.
    pub raw_end: Option<usize>,
}

/// A quote ready to store, with its speaker key and full-text stems, made
/// where extraction runs (in parallel) so the write transaction only writes.
#[derive(Debug, Clone)]
pub struct PreparedQuote {
    /// The statement.
    pub quote: StoredQuote,
    key: Option<String>,
    stems: String,
    context: String,
}

/// Extracts the quotes of a cleaned `body`; `to_raw` maps a body span back
/// to the article's content, `published` is its publication date and
/// `headline` its headline (indexed as each quote's context).
pub fn extract(
    body: &str,
    published: Option<&str>,
    headline: &str,
    to_raw: impl Fn(usize, usize) -> Option<(usize, usize)>,
) -> Vec<PreparedQuote> {
    let found = extract_quotes(body, published);
    if found.is_empty() {
        return Vec::new();
    }
    let about = stems(headline);
    // An article's quotes mostly share a few speakers: their keys and
    // contexts are made once per speaker, role and medium.
    let mut who: Vec<(Option<String>, String)> = Vec::with_capacity(found.len());
    for (i, q) in found.iter().enumerate() {
        let same = |p: &Quote| p.speaker == q.speaker && p.role == q.role && p.via == q.via;
        let made = match found[..i].iter().position(same) {
            Some(j) => who[j].clone(),
            None => {
                let key = q.speaker.as_deref().map(speaker_key).filter(|k| !k.is_empty());
                let words = [&q.speaker, &q.role, &q.via].map(|s| s.as_deref().map(stems).unwrap_or_default());
                (key, format!("{} {about}", words.join(" ")))
            }
        };
        who.push(made);
    }
    found
        .into_iter()
        .zip(who)
        .map(|(q, (key, context))| {
            let raw = to_raw(q.span.start, q.span.end);
            PreparedQuote {
                key,
                stems: stems(&q.text),
                context,
                quote: StoredQuote {
                    speaker: q.speaker,
                    role: q.role,
                    cue: q.cue,
                    text: q.text,
                    kind: q.kind,
                    via: q.via,
                    implicit: q.implicit,
                    date: q.date,
                    start: q.span.start,
                    end: q.span.end,
                    raw_start: raw.map(|r| r.0),
                    raw_end: raw.map(|r| r.1),
                },
            }
        })
        .collect()
}

/// The `quotes_version` an article gets with these quotes (0: none extracted).
pub fn version_of(quotes: Option<&[PreparedQuote]>) -> i64 {
    if quotes.is_some() {
        QUOTES_VERSION
    } else {
        0
    }
}

fn kind_str(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
    }
}

/// The text FTS5 indexes for a quote: its stems, space-separated.
pub fn stems(text: &str) -> String {
    use tantivy::tokenizer::{TokenStream, Tokenizer};
    let mut out = String::with_capacity(text.len());
    let mut tokenizer = marsad_text::ArabicStemTokenizer;
    let mut stream = tokenizer.token_stream(text);
    while stream.advance() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stream.token().text);
    }
    out
}

/// The full-text rows a transaction changes, written together at its end
/// ([`FtsBatch::apply`]). FTS5 flushes its pending index at every statement
/// savepoint of a transaction it has joined, so writing it row by row,
/// between the other statements of a batch, flushed (and merged) once per
/// article; written one after the other at the end, the rows are flushed
/// once per batch. (They were first written as one JSON array expanded by
/// `json_each`: the same flushes, but the JSON cost a third of the FTS time.)
#[derive(Debug, Default)]
pub struct FtsBatch {
    delete: Vec<i64>,
    insert: Vec<(i64, String, String)>,
}

impl FtsBatch {
    /// Deletes then inserts the collected rows, inside the caller's transaction.
    pub fn apply(self, conn: &Connection) -> Result<()> {
        if !self.delete.is_empty() {
            let ids = serde_json::to_string(&self.delete).expect("integers serialise");
            conn.prepare_cached("DELETE FROM quotes_fts WHERE rowid IN (SELECT value FROM json_each(?1))")?
                .execute([ids])?;
        }
        if !self.insert.is_empty() {
            let mut put = conn.prepare_cached("INSERT INTO quotes_fts (rowid, stems, context) VALUES (?1, ?2, ?3)")?;
            for (rowid, stems, context) in &self.insert {
                put.execute(params![rowid, stems, context])?;
            }
        }
        Ok(())
    }
}

/// Replaces article `id`'s quotes inside the caller's transaction; their
/// full-text rows are queued in `fts`, which the caller applies before
/// committing. `day` is the article's publication day (used when a quote
/// carries no date of its own); `None` quotes (extraction off) leave the
/// article with none. `new` says the article had no row before this
/// transaction, so no quotes either (most of an ingest: the look-up of old
/// quotes is skipped). The caller stores [`version_of`] in the article's
/// `quotes_version` in the same transaction.
pub fn replace(
    conn: &Connection,
    fts: &mut FtsBatch,
    id: &str,
    day: Option<&str>,
    quotes: Option<Vec<PreparedQuote>>,
    new: bool,
) -> Result<()> {
    if !new {
        let old: Vec<i64> = conn
            .prepare_cached("SELECT quote_id FROM quotes WHERE article_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !old.is_empty() {
            conn.prepare_cached("DELETE FROM quotes WHERE article_id = ?1")?
                .execute([id])?;
            // Rows queued earlier in this batch for these quotes are dropped; rows
            // already in the index are deleted when the batch is applied.
            fts.insert.retain(|(rowid, _, _)| !old.contains(rowid));
            fts.delete.extend(old);
        }
    }
    let Some(quotes) = quotes else { return Ok(()) };
    let mut put = conn.prepare_cached(
        "INSERT INTO quotes (article_id, n, speaker, speaker_key, role, cue, text, kind, via, implicit, date, day,
                             start, end, raw_start, raw_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for (n, p) in quotes.into_iter().enumerate() {
        let q = &p.quote;
        put.execute(params![
            id,
            n as i64,
            q.speaker,
            p.key,
            q.role,
            q.cue,
            q.text,
            kind_str(q.kind),
            q.via,
            q.implicit,
            q.date,
            q.date.as_deref().or(day),
            q.start as i64,
            q.end as i64,
            q.raw_start.map(|v| v as i64),
            q.raw_end.map(|v| v as i64),
        ])?;
        fts.insert.push((conn.last_insert_rowid(), p.stems, p.context));
    }
    Ok(())
}

const QUOTE_COLUMNS: &str = "q.speaker, q.role, q.cue, q.text, q.kind, q.via, q.implicit, q.date, q.start, q.end, \
                             q.raw_start, q.raw_end";
/// How many columns [`QUOTE_COLUMNS`] selects.
const QUOTE_COLUMN_COUNT: usize = 12;

fn quote_from_row(r: &Row<'_>) -> rusqlite::Result<StoredQuote> {
    let opt = |i: usize| -> rusqlite::Result<Option<usize>> { Ok(r.get::<_, Option<i64>>(i)?.map(|v| v as usize)) };
    let text = |i: usize| crate::db::opt_text(r, i);
    Ok(StoredQuote {
        speaker: text(0)?,
        role: text(1)?,
        cue: crate::db::long_text(r, 2)?,
        text: crate::db::long_text(r, 3)?,
        kind: if r.get_ref(4)?.as_bytes()? == b"direct" {
            QuoteKind::Direct
        } else {
            QuoteKind::Indirect
        },
        via: text(5)?,
        implicit: r.get(6)?,
        date: text(7)?,
        start: r.get::<_, i64>(8)? as usize,
        end: r.get::<_, i64>(9)? as usize,
        raw_start: opt(10)?,
        raw_end: opt(11)?,
    })
}

/// The quotes of one article (`n` counts from 0 in text order). Sorted here,
/// not by `ORDER BY`: with it, SQLite flags the statement as depending on its
/// parameter, and a cached statement was planned again at every reuse
/// (~140k instructions per search hit).
fn article_quotes(conn: &Connection, id: &str) -> Result<Vec<StoredQuote>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {QUOTE_COLUMNS}, q.n FROM quotes q WHERE q.article_id = ?1"
    ))?;
    let mut rows: Vec<(i64, StoredQuote)> = stmt
        .query_map([id], |r| Ok((r.get(QUOTE_COLUMN_COUNT)?, quote_from_row(r)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_unstable_by_key(|(n, _)| *n);
    Ok(rows.into_iter().map(|(_, q)| q).collect())
}

/// The stored quotes of article `id`, in text order.
pub fn of_article(conn: &Connection, id: &str) -> Result<Vec<StoredQuote>> {
    article_quotes(conn, id)
}

/// The first `n` quotes of an article (in text order) and how many it has.
pub fn first_of_article(conn: &Connection, id: &str, n: usize) -> Result<(Vec<StoredQuote>, usize)> {
    Ok(first_of_articles(conn, &[id], n)?.pop().unwrap_or_default())
}

/// For each of `ids`, its first `n` quotes (in text order) and how many it
/// has, in one statement (a search runs it for the hits of its page; one
/// statement per hit cost twice as much).
pub fn first_of_articles(conn: &Connection, ids: &[&str], n: usize) -> Result<Vec<(Vec<StoredQuote>, usize)>> {
    let mut out: Vec<(Vec<StoredQuote>, usize)> = vec![Default::default(); ids.len()];
    for (c, chunk) in ids.chunks(crate::db::PAGE_IDS).enumerate() {
        let mut stmt = conn.prepare_cached(&first_quotes_sql(chunk.len(), n))?;
        let mut rows: Vec<(usize, i64, usize, StoredQuote)> = stmt
            .query_map(rusqlite::params_from_iter(chunk), |r| {
                let at = r.get::<_, i64>(QUOTE_COLUMN_COUNT + 1)? as usize;
                let total = r.get::<_, i64>(QUOTE_COLUMN_COUNT + 2)? as usize;
                Ok((at, r.get(QUOTE_COLUMN_COUNT)?, total, quote_from_row(r)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort_unstable_by_key(|(at, n, ..)| (*at, *n));
        for (at, _, total, quote) in rows {
            let (quotes, count) = &mut out[c * crate::db::PAGE_IDS + at];
            *count = total;
            if quotes.len() < n {
                quotes.push(quote);
            }
        }
    }
    Ok(out)
}

/// The first `n` (at least one) quotes of `ids` articles (parameters `?1`
/// …), unordered, each with its article's place among them (from 0) and
/// count of quotes (see [`article_quotes`] on ordering). An article's
/// quotes are numbered from 0 without gaps ([`replace`] writes them all at
/// once), so the count is the last number plus one: one index seek, where
/// counting walked all of them.
fn first_quotes_sql(ids: usize, n: usize) -> String {
    let places = crate::db::page_values(ids);
    format!(
        "WITH page(id, at) AS (VALUES {places})
         SELECT {QUOTE_COLUMNS}, q.n, page.at, (SELECT MAX(c.n) + 1 FROM quotes c WHERE c.article_id = q.article_id)
         FROM page JOIN quotes q ON q.article_id = page.id WHERE q.n < {}",
        n.max(1)
    )
}

/// What to look for with [`search`].
#[derive(Debug, Clone, Default)]
pub struct QuoteQuery {
    /// Words of the statement (analysed like the index: stems); empty for all.
    pub text: String,
    /// A speaker's name, alias or role (see [`crate::speakers::matching_keys`]).
    pub speaker: Option<String>,
    /// First day (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`), inclusive.
    pub to: Option<String>,
    /// Most quotes returned.
    pub limit: usize,
}

/// A quote found by [`search`], with its article.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteHit {
    /// The article's id.
    pub article_id: String,
    /// The article's headline.
    pub headline: String,
    /// The article's publication date as given.
    pub published: Option<String>,
    /// The article's source.
    pub source: Option<String>,
    /// The day the quote is filed under: its own date, else the article's day.
    pub day: Option<String>,
    /// The reconciled speaker's canonical name, when the speaker is known.
    pub speaker_name: Option<String>,
    /// The statement.
    #[serde(flatten)]
    pub quote: StoredQuote,
}

/// The FTS5 query for `text`: every stem, as a quoted string, all required.
fn fts_query(text: &str) -> Option<String> {
    let terms = marsad_text::query_terms(text);
    (!terms.is_empty()).then(|| {
        terms
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Finds quotes: ranked by BM25 over their stems when `text` has words,
/// else newest first; filtered by speaker and day.
pub fn search(conn: &Connection, q: &QuoteQuery) -> Result<Vec<QuoteHit>> {
    let mut sql = format!(
        "SELECT {QUOTE_COLUMNS}, q.article_id, a.headline, a.title, a.date, a.source, q.day, s.name
         FROM quotes q JOIN articles a ON a.id = q.article_id
         LEFT JOIN speaker_keys k ON k.key = q.speaker_key LEFT JOIN speakers s ON s.speaker_id = k.speaker_id"
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut conds: Vec<String> = Vec::new();
    let fts = fts_query(&q.text);
    if let Some(f) = &fts {
        sql = sql.replace(
            "FROM quotes q",
            "FROM quotes_fts f JOIN quotes q ON q.quote_id = f.rowid",
        );
        args.push(f.clone().into());
        conds.push(format!("quotes_fts MATCH ?{}", args.len()));
    } else if !q.text.trim().is_empty() {
        return Ok(Vec::new());
    }
    if let Some(name) = q.speaker.as_deref() {
        let keys = crate::speakers::matching_keys(conn, name)?;
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let first = args.len() + 1;
        let marks: Vec<String> = (first..first + keys.len()).map(|i| format!("?{i}")).collect();
        args.extend(keys.into_iter().map(rusqlite::types::Value::from));
        conds.push(format!("q.speaker_key IN ({})", marks.join(",")));
    }
    for (day, op) in [(&q.from, ">="), (&q.to, "<=")] {
        if let Some(d) = day {
            args.push(d.clone().into());
            conds.push(format!("q.day {op} ?{}", args.len()));
        }
    }
    if !conds.is_empty() {
        sql.push_str(&format!(" WHERE {}", conds.join(" AND ")));
    }
    let order = if fts.is_some() {
        "bm25(quotes_fts, 1.0, 0.3), q.day DESC"
    } else {
        "q.day DESC, q.article_id, q.n"
    };
    sql.push_str(&format!(" ORDER BY {order} LIMIT {}", q.limit.max(1)));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        let headline: Option<String> = r.get(13)?;
        let title: String = r.get(14)?;
        Ok(QuoteHit {
            quote: quote_from_row(r)?,
            article_id: r.get(12)?,
            headline: headline.unwrap_or(title),
            published: r.get(15)?,
            source: r.get(16)?,
            day: r.get(17)?,
            speaker_name: r.get(18)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>().map_err(Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NewRecord, Store, Writer};
    use marsad_core::Article;

    fn rec(id: &str, content: &str) -> NewRecord {
        let article = Article {
            id: id.into(),
            content: content.into(),
            date: Some("2021-04-14".into()),
            ..Default::default()
        };
        NewRecord {
            origin: "t".into(),
            format: "json".into(),
            encoding: "UTF-8".into(),
            raw: content.as_bytes().to_vec(),
            article,
            warnings: vec![],
        }
    }

    fn count(store: &Store, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        store.connection().query_row(&sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn an_id_twice_in_one_batch_keeps_only_the_last_quotes_indexed() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.write(&[
            rec("a", "قال الوزير إن الميزانية سترتفع."),
            rec("a", "قال الوزير إن الرواتب ستزيد.\nوأضاف أن الضرائب ستنخفض."),
        ])
        .unwrap();
        w.finish().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(count(&store, "quotes"), 2);
        assert_eq!(count(&store, "quotes_fts"), 2);
        let find = |text: &str| {
            let q = QuoteQuery {
                text: text.into(),
                limit: 10,
                ..Default::default()
            };
            store.quotes(&q).unwrap()
        };
        assert!(
            find("الميزانية").is_empty(),
            "the first version's quote is gone from the index"
        );
        assert_eq!(find("الضرائب")[0].quote.speaker.as_deref(), Some("الوزير"));
        assert!(find("الضرائب")[0].quote.implicit);
    }

    #[test]
    fn an_articles_first_quotes_come_in_text_order_from_a_statement_planned_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        let text =
            "قال الوزير إن الرواتب ستزيد.\nوأضاف أن الضرائب ستنخفض.\nوأكد أن المشاريع ستكتمل.\nوأوضح أن الطرق ستفتح.";
        w.write(&[rec("a", text), rec("b", "قال المدير إن المصنع يعمل.")])
            .unwrap();
        w.finish().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let conn = store.connection();
        let all = of_article(conn, "a").unwrap();
        assert_eq!(all.len(), 4);
        assert!(all.windows(2).all(|w| w[0].start < w[1].start), "text order");
        for _ in 0..3 {
            let (first, total) = first_of_article(conn, "a", 2).unwrap();
            assert_eq!((first.as_slice(), total), (&all[..2], 4));
            assert_eq!(first_of_article(conn, "b", 2).unwrap().1, 1);
        }
        assert_eq!(first_of_article(conn, "a", 0).unwrap(), (Vec::new(), 4));
        for _ in 0..3 {
            let page = first_of_articles(conn, &["b", "none", "a", "b"], 2).unwrap();
            assert_eq!(page.iter().map(|p| p.1).collect::<Vec<_>>(), [1, 0, 4, 1]);
            assert_eq!(page[2].0, &all[..2]);
            assert_eq!(page[0], page[3]);
            assert!(page[1].0.is_empty());
        }
        for ids in [1, 4] {
            let stmt = conn.prepare_cached(&first_quotes_sql(ids, 2)).unwrap();
            assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0);
        }
    }

    #[test]
    fn indexed_stems_are_the_query_terms() {
        for text in ["", "  ", "وقال المتحدث باسم الكرملين إن COVID-19 في ٢٠٢١ «انتهى»"]
        {
            assert_eq!(stems(text), marsad_text::query_terms(text).join(" "), "{text:?}");
        }
    }

    #[test]
    fn fts_queries_quote_every_stem() {
        assert_eq!(fts_query("  "), None);
        let q = fts_query("قمة \"x").unwrap();
        assert!(q.starts_with('"') && q.ends_with('"'));
        assert!(!q.contains("\"x\"\""), "{q}");
    }
}
