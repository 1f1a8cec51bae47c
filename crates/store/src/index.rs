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

/// Bump when the schema or the analyzers change in a way that needs a rebuild.
pub const INDEX_VERSION: u32 = 7;

/// Bytes of content, from the start, that make an article's lead.
pub const LEAD_BYTES: usize = 250;

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
    /// The first [`LEAD_BYTES`] of content (stemmed): news puts the story
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

/// The opening of a text: its first [`LEAD_BYTES`], cut at a word boundary.
pub fn lead(text: &str) -> &str {
    if text.len() <= LEAD_BYTES {
        return text;
    }
    let mut end = LEAD_BYTES;
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
