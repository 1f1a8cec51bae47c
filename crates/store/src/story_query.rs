//! The read side of story grouping: story summaries, an article's story and
//! copies, and the stories of a list of articles (to collapse search hits).

use crate::{Result, Store};
use rusqlite::{params_from_iter, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;

/// One story: its representative (earliest) article and what carried it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    /// The story's id: its earliest article's id.
    pub id: String,
    /// The representative article's headline.
    pub headline: String,
    /// Articles in the story.
    pub size: i64,
    /// Distinct outlets.
    pub outlets: i64,
    /// The outlets, sorted.
    pub sources: Vec<String>,
    /// Earliest publication time.
    pub first: Option<String>,
    /// Latest publication time.
    pub last: Option<String>,
}

/// One article of a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryMember {
    /// The article's id.
    pub id: String,
    /// Its outlet.
    pub source: Option<String>,
    /// Its publication time.
    pub date: Option<String>,
    /// Its headline.
    pub headline: String,
    /// The earliest version it is a copy of, if it is a copy.
    pub copy_of: Option<String>,
}

/// A story with its articles in publication order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// The summary.
    #[serde(flatten)]
    pub summary: StorySummary,
    /// The articles, earliest first.
    pub members: Vec<StoryMember>,
}

/// Which stories to list.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Stories last seen on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Stories first seen on or before this day.
    pub to: Option<String>,
    /// Stories carried by this outlet.
    pub source: Option<String>,
    /// Stories with at least this many articles.
    pub min_size: i64,
    /// At most this many, largest first.
    pub limit: usize,
}

const SUMMARY_COLUMNS: &str = "s.id, s.headline, s.size, s.outlets, s.sources, s.first, s.last";

fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StorySummary> {
    let sources: String = r.get(4)?;
    Ok(StorySummary {
        id: r.get(0)?,
        headline: r.get(1)?,
        size: r.get(2)?,
        outlets: r.get(3)?,
        sources: serde_json::from_str(&sources).unwrap_or_default(),
        first: r.get(5)?,
        last: r.get(6)?,
    })
}

impl Store {
    /// Stories matching `filter`, largest first (then earliest, then id).
    pub fn stories(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>> {
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM stories s WHERE s.size >= ?1");
        let mut args: Vec<String> = vec![filter.min_size.max(1).to_string()];
        if let Some(from) = &filter.from {
            args.push(from.clone());
            sql += &format!(" AND substr(s.last, 1, 10) >= ?{}", args.len());
        }
        if let Some(to) = &filter.to {
            args.push(to.clone());
            sql += &format!(" AND substr(s.first, 1, 10) <= ?{}", args.len());
        }
        if let Some(source) = &filter.source {
            args.push(source.clone());
            sql += &format!(
                " AND EXISTS (SELECT 1 FROM story_members m JOIN articles a ON a.id = m.id
                   WHERE m.story = s.id AND a.source = ?{})",
                args.len()
            );
        }
        sql += &format!(" ORDER BY s.size DESC, s.first, s.id LIMIT {}", filter.limit.max(1));
        let mut stmt = self.connection().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The story an article belongs to, with all its articles (None if the
    /// article is unknown or not grouped yet).
    pub fn story_of(&self, article_id: &str) -> Result<Option<Story>> {
        let conn = self.connection();
        let story: Option<String> = conn
            .query_row("SELECT story FROM story_members WHERE id = ?1", [article_id], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(story) = story else { return Ok(None) };
        self.story(&story)
    }

    /// One story by id, with all its articles.
    pub fn story(&self, story_id: &str) -> Result<Option<Story>> {
        let conn = self.connection();
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM stories s WHERE s.id = ?1");
        let Some(summary) = conn.query_row(&sql, [story_id], summary_from_row).optional()? else {
            return Ok(None);
        };
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, a.source, a.date, COALESCE(a.headline, a.title), m.copy_of
             FROM story_members m JOIN articles a ON a.id = m.id
             WHERE m.story = ?1 ORDER BY a.date IS NULL, a.date, m.id",
        )?;
        let members = stmt
            .query_map([story_id], |r| {
                Ok(StoryMember {
                    id: r.get(0)?,
                    source: r.get(1)?,
                    date: r.get(2)?,
                    headline: r.get(3)?,
                    copy_of: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(Story { summary, members }))
    }

    /// The story id of each given article that is grouped.
    pub fn story_ids(&self, article_ids: &[&str]) -> Result<HashMap<String, String>> {
        let mut stmt = self
            .connection()
            .prepare_cached("SELECT story FROM story_members WHERE id = ?1")?;
        let mut out = HashMap::new();
        for id in article_ids {
            if let Some(s) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                out.insert(id.to_string(), s);
            }
        }
        Ok(out)
    }
}
