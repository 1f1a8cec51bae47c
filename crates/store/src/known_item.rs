//! A known-item query set built from the store itself: each eligible
//! article's headline is a query whose answer is the article (and its
//! copies), searched over content alone.
//!
//! The shared known-item sets are built this way from the same corpus, so
//! every headline of the store estimates what any sample of them will
//! score: a dev set of 1,000 queries moves by about ±0.012 MRR@10 around
//! it (one standard error), the whole store by a tenth of that. Headlines
//! are taken as ingested (`articles.title`, HTML character references
//! and all), as the shared sets take them.
//!
//! An article is a query when:
//! - its headline has at least [`MIN_WORDS`] words and no other article has
//!   the same headline (after collapsing whitespace): a shared headline has
//!   no one answer;
//! - its content has at least [`MIN_CONTENT_CHARS`] characters and does not
//!   hold the headline word for word (that would be found by its own
//!   words, not by search);
//! - it is not one of the excluded articles (a dev set's answers, so that
//!   the two sets are disjoint).
//!
//! The relevant articles are the article and every article in its copy
//! group (see [`crate::stories`]): a copy is as good an answer as the
//! original.

use crate::Result;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// Fewest words a headline needs to be a query.
pub const MIN_WORDS: usize = 3;

/// Fewest characters of content an article needs to be an answer.
pub const MIN_CONTENT_CHARS: usize = 300;

/// One query: an article's headline and the articles that answer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadlineQuery {
    /// The article whose headline is the query.
    pub article: String,
    /// The headline, whitespace collapsed.
    pub headline: String,
    /// The article and its copies, sorted.
    pub relevant: Vec<String>,
}

/// Every eligible article's headline as a query, in store order (by `seq`),
/// leaving out the articles in `exclude`.
pub fn headline_queries(conn: &Connection, exclude: &HashSet<String>) -> Result<Vec<HeadlineQuery>> {
    let mut stmt = conn.prepare("SELECT id, title, content FROM articles ORDER BY seq")?;
    let articles: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, collapse(&r.get::<_, String>(1)?), r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut headlines: HashMap<&str, usize> = HashMap::new();
    for (_, title, _) in &articles {
        *headlines.entry(title.as_str()).or_default() += 1;
    }
    let groups = copy_groups(conn)?;
    let mut out = Vec::new();
    for (id, title, content) in &articles {
        let eligible = !exclude.contains(id)
            && headlines[title.as_str()] == 1
            && title.split_whitespace().count() >= MIN_WORDS
            && content.chars().count() >= MIN_CONTENT_CHARS
            && !collapse(content).contains(title.as_str());
        if !eligible {
            continue;
        }
        let mut relevant: Vec<String> = match groups.root.get(id) {
            Some(root) => groups.members[root].clone(),
            None => vec![id.clone()],
        };
        relevant.sort();
        out.push(HeadlineQuery {
            article: id.clone(),
            headline: title.clone(),
            relevant,
        });
    }
    Ok(out)
}

/// Copy groups: each grouped article's group (named by the article the
/// others are copies of) and each group's articles.
struct CopyGroups {
    root: HashMap<String, String>,
    members: HashMap<String, Vec<String>>,
}

fn copy_groups(conn: &Connection) -> Result<CopyGroups> {
    let mut stmt = conn.prepare("SELECT id, copy_of FROM story_members WHERE copy_of IS NOT NULL")?;
    let links: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut root = HashMap::new();
    let mut members: HashMap<String, Vec<String>> = HashMap::new();
    for (copy, original) in links {
        if !members.contains_key(&original) {
            members.insert(original.clone(), vec![original.clone()]);
            root.insert(original.clone(), original.clone());
        }
        members.get_mut(&original).expect("inserted above").push(copy.clone());
        root.insert(copy, original);
    }
    Ok(CopyGroups { root, members })
}

/// Runs of whitespace as one space, without leading or trailing space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(rows: &[(&str, &str, &str)], copies: &[(&str, &str)]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE articles (id TEXT PRIMARY KEY, seq INTEGER, title TEXT, content TEXT);
             CREATE TABLE story_members (id TEXT PRIMARY KEY, story TEXT, copy_of TEXT);",
        )
        .unwrap();
        for (seq, (id, title, content)) in rows.iter().enumerate() {
            conn.execute(
                "INSERT INTO articles VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![id, seq as i64, title, content],
            )
            .unwrap();
        }
        for (id, of) in copies {
            conn.execute("INSERT INTO story_members VALUES (?1, 's', ?2)", [id, of])
                .unwrap();
        }
        conn
    }

    fn body(words: &str) -> String {
        format!("{} {}", words, "نص الخبر الطويل ".repeat(30))
    }

    #[test]
    fn eligible_headlines_with_their_copies() {
        let long = body("أعلنت الوزارة اليوم");
        let rows = [
            ("a", "الوزارة تعلن نتائج القبول", long.as_str()),
            ("b", "نتائج القبول   في الجامعات", long.as_str()),
            ("c", "قصير", long.as_str()),                // too few words
            ("d", "عنوان مكرر هنا", long.as_str()),      // shared headline
            ("e", "عنوان مكرر هنا", long.as_str()),      // shared headline
            ("f", "خبر بلا نص كاف", "نص قصير"),           // too little content
            ("g", "أعلنت الوزارة اليوم", long.as_str()), // headline in the content
            ("h", "نسخة من خبر الوزارة", long.as_str()), // excluded
        ];
        let conn = store(&rows, &[("b", "a"), ("h", "a")]);
        let exclude: HashSet<String> = ["h".to_string()].into();
        let q = headline_queries(&conn, &exclude).unwrap();
        let got: Vec<(&str, &str, Vec<&str>)> = q
            .iter()
            .map(|q| {
                let rel = q.relevant.iter().map(String::as_str).collect();
                (q.article.as_str(), q.headline.as_str(), rel)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", "الوزارة تعلن نتائج القبول", vec!["a", "b", "h"]),
                ("b", "نتائج القبول في الجامعات", vec!["a", "b", "h"]),
            ]
        );
    }
}
