//! The tantivy index: derived from SQLite, rebuildable from it at any time.
//!
//! Invariants:
//! - every commit carries a payload naming the highest article `seq` it
//!   contains and the schema/analyzer version; on open, articles with a
//!   larger `seq` are (re)indexed, so a crash between a SQLite batch and an
//!   index commit only delays indexing, it never loses an article;
//! - an index whose version differs from this build's is rebuilt from SQLite.

use crate::{db, Error, Result};
use marsad_core::Article;
use marsad_text::{ArabicStemTokenizer, ArabicSurfaceTokenizer, STEM_ANALYZER, SURFACE_ANALYZER};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;
use tantivy::index::SegmentId;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// Bump when the schema, the analyzers or the lead change in a way that needs a rebuild (a test
/// holds a hash of what they make of the bundled sample, recorded with this number).
pub const INDEX_VERSION: u32 = 8;

/// Fewest bytes of content, from the start, in an article's lead: it ends at the first sentence
/// end (`.` `!` `?` `؟` or a line break) from there...
pub const LEAD_MIN_BYTES: usize = 200;
/// ...if one comes by this many bytes; otherwise at the last word boundary before them.
pub const LEAD_MAX_BYTES: usize = 400;

/// The fields of the article index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article id (raw string, stored).
    pub id: Field,
    /// Title, stemmed analyzer.
    pub title: Field,
    /// Title, surface analyzer (exact forms and phrases).
    pub title_exact: Field,
    /// Content, stemmed analyzer.
    pub content: Field,
    /// Content, surface analyzer.
    pub content_exact: Field,
    /// The opening of content ([`lead`], stemmed): news puts the story
    /// in its opening lines, so matches there count extra.
    pub lead: Field,
    /// Outlet name (raw string, fast).
    pub source: Field,
    /// Publication day as `YYYYMMDD` (fast, indexed; absent when unknown).
    pub day: Field,
    /// The article version's `seq` in SQLite (fast): what keys its vector
    /// in the semantic model ([`crate::semantic`]).
    pub seq: Field,
}

/// Name of the [`Fields::seq`] field.
pub const SEQ_FIELD: &str = "seq";

/// Builds the schema and returns it with its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Stems are only ranked, never matched as phrases: no positions needed.
    let text = |analyzer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(record),
        )
    };
    let (freqs, positions) = (IndexRecordOption::WithFreqs, IndexRecordOption::WithFreqsAndPositions);
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text(STEM_ANALYZER, freqs)),
        title_exact: b.add_text_field("title_exact", text(SURFACE_ANALYZER, positions)),
        content: b.add_text_field("content", text(STEM_ANALYZER, freqs)),
        content_exact: b.add_text_field("content_exact", text(SURFACE_ANALYZER, positions)),
        lead: b.add_text_field("lead", text(STEM_ANALYZER, freqs)),
        source: b.add_text_field("source", STRING | FAST),
        day: b.add_u64_field("day", INDEXED | FAST),
        seq: b.add_u64_field(SEQ_FIELD, FAST),
    };
    (b.build(), fields)
}

/// The commit payload: what the committed index contains.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Payload {
    /// Highest article seq included.
    pub seq: i64,
    /// [`INDEX_VERSION`] of the build that wrote it.
    pub version: u32,
}

/// Opens the index in `dir`, creating it (or recreating it when its version
/// is stale) as needed. Returns the index and what its last commit holds.
pub fn open_or_create(dir: &Path) -> Result<(Index, Fields, Payload)> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let (schema, fields) = schema();
    let fresh = Payload {
        seq: 0,
        version: INDEX_VERSION,
    };
    let index = match Index::open_in_dir(dir) {
        Ok(index) => {
            let payload = read_payload(&index)?;
            if payload.map(|p| p.version) == Some(INDEX_VERSION) && index.schema() == schema {
                register(&index);
                return Ok((index, fields, payload.unwrap_or(fresh)));
            }
            drop(index);
            clear_dir(dir)?;
            Index::create_in_dir(dir, schema)?
        }
        Err(tantivy::TantivyError::OpenDirectoryError(_)) | Err(tantivy::TantivyError::OpenReadError(_)) => {
            clear_dir(dir)?;
            Index::create_in_dir(dir, schema)?
        }
        Err(e) => return Err(e.into()),
    };
    register(&index);
    Ok((index, fields, fresh))
}

/// Opens an existing index for reading.
pub fn open_for_read(dir: &Path) -> Result<(Index, Fields)> {
    let index = Index::open_in_dir(dir)?;
    register(&index);
    let (_, fields) = schema();
    Ok((index, fields))
}

fn clear_dir(dir: &Path) -> Result<()> {
    std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

/// The version of the index in the store at `data` when it is not this build's
/// [`INDEX_VERSION`]: until it is rebuilt (`marsad reindex`, or the next ingest), its terms may
/// not be what this build makes of the queries. `None` when it is current, or when there is no
/// committed index to read.
pub fn stale_version(data: &Path) -> Option<u32> {
    let index = Index::open_in_dir(data.join(crate::INDEX_DIR)).ok()?;
    let version = read_payload(&index).ok()??.version;
    (version != INDEX_VERSION).then_some(version)
}

/// Registers Marsad's analyzers by name on an index.
pub fn register(index: &Index) {
    index.tokenizers().register(STEM_ANALYZER, ArabicStemTokenizer);
    index.tokenizers().register(SURFACE_ANALYZER, ArabicSurfaceTokenizer);
}

/// Reads the payload of the last commit, if any.
pub fn read_payload(index: &Index) -> Result<Option<Payload>> {
    let metas = index.load_metas()?;
    Ok(metas.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()))
}

/// Converts an article into an index document: its headline and cleaned
/// body are what is searched.
pub fn document(fields: &Fields, article: &Article, seq: i64, headline: &str, body: &str) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    doc.add_u64(fields.seq, seq.max(0) as u64);
    doc.add_text(fields.title, headline);
    doc.add_text(fields.title_exact, headline);
    doc.add_text(fields.content, body);
    doc.add_text(fields.content_exact, body);
    doc.add_text(fields.lead, lead(body));
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(day) = day_number(article.date.as_deref()) {
        doc.add_u64(fields.day, day);
    }
    doc
}

/// The opening of a text: its first sentence that ends after [`LEAD_MIN_BYTES`], or its first
/// [`LEAD_MAX_BYTES`] cut at a word boundary. Known-item search over every headline of the store
/// (session 16): a lead of 250 bytes gave MRR@10 0.7363, 300–400 bytes 0.7386–0.7390, and this
/// one 0.7390.
pub fn lead(text: &str) -> &str {
    let mut from = LEAD_MIN_BYTES.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let sentence_end = |c: char| matches!(c, '.' | '!' | '?' | '؟' | '\n');
    if let Some(i) = text[from..].find(sentence_end) {
        if from + i <= LEAD_MAX_BYTES {
            return &text[..from + i];
        }
    }
    if text.len() <= LEAD_MAX_BYTES {
        return text;
    }
    let mut end = LEAD_MAX_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(i) if i > 0 => &text[..i],
        _ => &text[..end],
    }
}

/// `YYYYMMDD` as a number, for an ISO date.
pub fn day_number(date: Option<&str>) -> Option<u64> {
    let day = db::day_of(date)?;
    day.replace('-', "").parse().ok()
}

/// Queues an article for indexing, replacing any earlier version.
pub fn add(
    writer: &IndexWriter,
    fields: &Fields,
    a: &Article,
    seq: i64,
    headline: &str,
    body: &str,
    replace: bool,
) -> Result<()> {
    if replace {
        writer.delete_term(Term::from_field_text(fields.id, &a.id));
    }
    writer.add_document(document(fields, a, seq, headline, body))?;
    Ok(())
}

/// Merges the committed segments that are not in `before` (those a writer
/// made) into one and waits for it: a search visits each segment, and one
/// segment instead of a bulk ingest's two answers about 10% faster. Older
/// segments are left to tantivy's merge policy. A merge that cannot run
/// (its segments already being merged) is skipped: the index is whole either
/// way.
pub fn merge_new(index: &Index, writer: &mut IndexWriter, before: &HashSet<SegmentId>) {
    let new: Vec<SegmentId> = match index.searchable_segment_ids() {
        Ok(ids) => ids.into_iter().filter(|id| !before.contains(id)).collect(),
        Err(e) => {
            tracing::debug!(error = %e, "listing segments to merge");
            return;
        }
    };
    if new.len() < 2 {
        return;
    }
    crate::crash_point("index-merge");
    if let Err(e) = writer.merge(&new).wait() {
        tracing::debug!(error = %e, segments = new.len(), "merge skipped");
    }
}

/// Commits the writer with a payload saying it holds everything up to `seq`.
pub fn commit(writer: &mut IndexWriter, seq: i64) -> Result<()> {
    let payload = serde_json::to_string(&Payload {
        seq,
        version: INDEX_VERSION,
    })
    .expect("payload serialises");
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    crate::crash_point("index-commit");
    prepared.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_lead_is_the_first_sentence_past_its_minimum() {
        let first = "ا".repeat(LEAD_MIN_BYTES / 2 + 10);
        let text = format!("{first}. الجملة الثانية.");
        assert_eq!(lead(&text), first);
        // A sentence end before the minimum does not end the lead.
        let text = format!("قال الوزير. {first}؟ وبعد");
        assert_eq!(lead(&text), format!("قال الوزير. {first}"));
        // No sentence end within the maximum: cut at the last word boundary before it.
        let long = "كلمة ".repeat(LEAD_MAX_BYTES);
        let cut = lead(&long);
        assert!(
            cut.len() <= LEAD_MAX_BYTES && cut.len() > LEAD_MAX_BYTES - 12,
            "{}",
            cut.len()
        );
        assert!(cut.ends_with("كلمة"));
        // A short text is its own lead.
        assert_eq!(lead("خبر قصير"), "خبر قصير");
    }

    proptest! {
        #[test]
        fn the_lead_is_a_prefix_on_char_boundaries(text in "\\PC{0,300}") {
            let l = lead(&text);
            prop_assert!(text.starts_with(l));
            prop_assert!(l.len() <= LEAD_MAX_BYTES);
        }
    }

    #[test]
    fn an_index_of_another_version_is_told_and_rebuilt() {
        let data = tempfile::tempdir().unwrap();
        assert_eq!(stale_version(data.path()), None, "no index yet");
        let dir = data.path().join(crate::INDEX_DIR);
        let (index, _, _) = open_or_create(&dir).unwrap();
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        let old = Payload {
            seq: 3,
            version: INDEX_VERSION - 1,
        };
        prepared.set_payload(&serde_json::to_string(&old).unwrap());
        prepared.commit().unwrap();
        drop((writer, index));
        assert_eq!(stale_version(data.path()), Some(INDEX_VERSION - 1));
        let (_, _, payload) = open_or_create(&dir).unwrap();
        assert_eq!(
            (payload.seq, payload.version),
            (0, INDEX_VERSION),
            "rebuilt from the start"
        );
        assert_eq!(stale_version(data.path()), None);
    }

    /// FNV-1a: a hash that stays the same across Rust versions.
    fn fnv(hash: &mut u64, bytes: &[u8]) {
        for &b in bytes.iter().chain([0xff].iter()) {
            *hash ^= u64::from(b);
            *hash = hash.wrapping_mul(0x100_0000_01b3);
        }
    }

    /// What the index's terms are made of (stems, folded forms, leads) over the bundled sample,
    /// hashed: a change there leaves older indexes with other terms than the queries', so it
    /// needs [`INDEX_VERSION`] bumped, which rebuilds them. Session 15 changed the stems and
    /// did not bump it.
    #[test]
    fn index_version_is_bumped_when_the_terms_change() {
        const RECORDED: (u32, u64) = (8, 0x28a9_fbfa_c496_c976);
        let sample = include_str!("../../../data/sample/saudinewsnet-2015-08-11-sample.jsonl");
        let mut hash = 0xcbf2_9ce4_8422_2325;
        for line in sample.lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            for field in ["title", "content"] {
                let text = record[field].as_str().unwrap_or_default();
                for token in marsad_text::analyze(text) {
                    fnv(&mut hash, token.folded.as_bytes());
                    fnv(&mut hash, token.stem.as_bytes());
                    fnv(&mut hash, &[u8::from(token.is_stop)]);
                }
                fnv(&mut hash, lead(text).as_bytes());
            }
        }
        assert_eq!(
            (INDEX_VERSION, hash),
            RECORDED,
            "the index's terms changed: bump INDEX_VERSION and record the new hash with it"
        );
    }
}
