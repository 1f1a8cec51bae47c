//! Speakers across articles: the mentions of one person or body
//! (`بيسكوف`, `ديمتري بيسكوف`, `المتحدث باسم الكرملين ديمتري بيسكوف`) become one
//! speaker record with aliases and roles, learned from all stored quotes.
//!
//! The records are derived from the `quotes` table and rebuilt as a whole
//! ([`rebuild`], in one transaction) when a writer finishes or opens a store
//! whose quotes changed since the last rebuild; the quotes stay the source
//! of truth. Rules, on the folded keys of [`marsad_extract::speaker_key`]:
//! 1. mentions with the same key are one speaker (spelling variants meet);
//! 2. a key whose words end a longer key (`بيسكوف` → `ديمتري بيسكوف`), or,
//!    with two words or more, all appear in it, links to that longer key's
//!    speaker, when one speaker holds at least two thirds of such candidates'
//!    quotes (else it stays apart: an ambiguous surname is not guessed);
//! 3. a role alone (`المتحدث باسم الكرملين`) links to the named speaker that
//!    holds that role in at least three quarters of its (two or more) uses;
//! 4. role heads alone (`الوزير`) and one-word generic sources never link.

use crate::{db, Result};
use marsad_extract::speaker_key;
use marsad_extract::speakers::is_role_word;
use rusqlite::{params, Connection, OptionalExtension};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One reconciled speaker.
#[derive(Debug, Clone, Serialize)]
pub struct Speaker {
    /// Stable within one rebuild only (speakers are numbered in the order
    /// of their root keys).
    pub id: i64,
    /// Canonical name: the most frequent full name among its mentions.
    pub name: String,
    /// Every mention seen, most frequent first.
    pub aliases: Vec<String>,
    /// Roles and titles attached, most frequent first.
    pub roles: Vec<String>,
    /// Statements attributed to this speaker.
    pub quotes: i64,
    /// Articles quoting this speaker.
    pub articles: i64,
}

/// Mentions too generic to link to a named person.
const GENERIC: &[&str] = &[
    "مصدر",
    "المصدر",
    "مصادر",
    "المصادر",
    "البيان",
    "بيان",
    "التقرير",
    "الصحيفه",
];

#[derive(Default)]
struct KeyStats {
    quotes: i64,
    /// The articles quoting the key, numbered by [`read_keys`].
    articles: FxHashSet<u32>,
    mentions: FxHashMap<String, i64>,
    roles: FxHashMap<String, i64>,
}

/// A fingerprint of the quotes table: the rebuild is skipped when unchanged.
fn state(conn: &Connection) -> Result<String> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(quote_id), 0) || ':' || COUNT(*) FROM quotes",
        [],
        |r| r.get(0),
    )?)
}

/// Rebuilds the speaker records if the quotes changed since the last
/// rebuild. Returns the number of speakers, or `None` when up to date.
pub fn rebuild_if_stale(conn: &mut Connection) -> Result<Option<usize>> {
    let now = state(conn)?;
    if db::meta_get(conn, "speakers_state")?.as_deref() == Some(now.as_str()) {
        return Ok(None);
    }
    rebuild(conn).map(Some)
}

/// Rebuilds every speaker record from the stored quotes (rules in the
/// module docs). Returns the number of speakers.
///
/// The quotes are read and linked in a read transaction (a snapshot), then
/// written in a short write transaction, so that the work overlaps another
/// connection's writing (the story grouping at a writer's finish). The quotes
/// only change under the single writer, which is the caller; if they changed
/// all the same, the rebuild starts again inside the write transaction.
pub fn rebuild(conn: &mut Connection) -> Result<usize> {
    let (read_state, rows) = {
        let read = conn.transaction()?;
        (state(&read)?, speaker_rows(&read_keys(&read)?))
    };
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let (now, rows) = match state(&tx)? {
        now if now == read_state => (now, rows),
        now => (now, speaker_rows(&read_keys(&tx)?)),
    };
    let n = write(&tx, &rows)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('speakers_state', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [now],
    )?;
    tx.commit()?;
    Ok(n)
}

/// Every speaker key's statistics, from the quotes. The text of a row is
/// read in place and copied only the first time a key, mention, role or
/// article is seen (a quote's row is mostly more of the same).
fn read_keys(tx: &Connection) -> Result<HashMap<String, KeyStats>> {
    let mut keys: HashMap<String, KeyStats> = HashMap::new();
    let mut articles: FxHashMap<String, u32> = FxHashMap::default();
    let mut stmt =
        tx.prepare("SELECT speaker_key, speaker, role, article_id FROM quotes WHERE speaker_key IS NOT NULL")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key = text(r, 0)?;
        if !keys.contains_key(key) {
            keys.insert(key.to_string(), KeyStats::default());
        }
        let s = keys.get_mut(key).expect("inserted above");
        s.quotes += 1;
        count(&mut s.mentions, text(r, 1)?);
        if let Some(role) = r.get_ref(2)?.as_str_or_null().map_err(|e| conversion(2, e))? {
            count(&mut s.roles, role);
        }
        let article = text(r, 3)?;
        let n = match articles.get(article) {
            Some(&n) => n,
            None => {
                let n = articles.len() as u32;
                articles.insert(article.to_string(), n);
                n
            }
        };
        s.articles.insert(n);
    }
    Ok(keys)
}

/// Column `i` of `r`, as text read in place.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| conversion(i, e))
}

fn conversion(i: usize, e: rusqlite::types::FromSqlError) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

/// Counts one more `item`, copying it only the first time.
fn count(counts: &mut FxHashMap<String, i64>, item: &str) {
    match counts.get_mut(item) {
        Some(n) => *n += 1,
        None => {
            counts.insert(item.to_string(), 1);
        }
    }
}

/// One speaker record ready to write, with the keys that map to it.
struct SpeakerRow {
    key: String,
    speaker: Speaker,
    terms: String,
    members: Vec<String>,
}

/// The speaker records of `keys` (linking and merging, no I/O), in the
/// order of their root keys.
fn speaker_rows(keys: &HashMap<String, KeyStats>) -> Vec<SpeakerRow> {
    let role_keys = role_keys(keys);
    let root = link_with(keys, &role_keys);
    let mut groups: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for k in keys.keys() {
        groups.entry(root[k.as_str()]).or_default().push(k);
    }
    let mut groups: Vec<(&str, Vec<&str>)> = groups.into_iter().collect();
    groups.sort_unstable_by_key(|g| g.0);
    groups
        .into_iter()
        .map(|(r, mut members)| {
            // In key order, not the hash map's: the same quotes give the
            // same rows (`terms` lists the members).
            members.sort_unstable();
            let speaker = record(r, &members, keys);
            SpeakerRow {
                key: r.to_string(),
                terms: terms(&members, &speaker.roles, &role_keys),
                speaker,
                members: members.into_iter().map(str::to_string).collect(),
            }
        })
        .collect()
}

/// Replaces the speaker records by `rows`; returns how many.
fn write(tx: &Connection, rows: &[SpeakerRow]) -> Result<usize> {
    tx.execute_batch("DELETE FROM speaker_keys; DELETE FROM speakers;")?;
    let mut put = tx.prepare(
        "INSERT INTO speakers (name, key, aliases, roles, terms, quotes, articles) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut map = tx.prepare("INSERT INTO speaker_keys (key, speaker_id) VALUES (?1, ?2)")?;
    for row in rows {
        let s = &row.speaker;
        put.execute(params![
            s.name,
            row.key,
            serde_json::to_string(&s.aliases).expect("strings serialise"),
            serde_json::to_string(&s.roles).expect("strings serialise"),
            row.terms,
            s.quotes,
            s.articles
        ])?;
        let id = tx.last_insert_rowid();
        for m in &row.members {
            map.execute(params![m, id])?;
        }
    }
    Ok(rows.len())
}

fn words(k: &str) -> Vec<&str> {
    k.split(' ').filter(|w| !w.is_empty()).collect()
}

/// Whether a key of these words may link to a longer key.
fn may_link(w: &[&str]) -> bool {
    !(w.is_empty() || w.len() == 1 && (is_role_word(w[0]) || GENERIC.contains(&w[0])))
}

/// The folded key of every role, made once: roles repeat across keys.
fn role_keys(keys: &HashMap<String, KeyStats>) -> FxHashMap<&str, String> {
    keys.values()
        .flat_map(|s| s.roles.keys())
        .map(|r| (r.as_str(), speaker_key(r)))
        .collect()
}

/// Maps every key to its root key (rules 2 and 3 of the module docs).
#[cfg(test)]
fn link(keys: &HashMap<String, KeyStats>) -> HashMap<&str, &str> {
    link_with(keys, &role_keys(keys))
}

/// [`link`], given the folded key of every role.
fn link_with<'k>(
    keys: &'k HashMap<String, KeyStats>,
    role_keys: &FxHashMap<&str, String>,
) -> HashMap<&'k str, &'k str> {
    /// A key with its words (split once: the candidates of a short key can
    /// be thousands of longer keys), whether it starts with a role, and its
    /// statistics.
    struct Key<'k> {
        key: &'k str,
        words: Vec<&'k str>,
        role: bool,
        stats: &'k KeyStats,
    }
    let mut all: Vec<Key> = keys
        .iter()
        .map(|(key, stats)| {
            let words = words(key);
            let role = words.first().is_some_and(|w| is_role_word(w));
            Key {
                key,
                words,
                role,
                stats,
            }
        })
        .collect();
    // Longer keys first, so a candidate's root is known when a shorter key links to it.
    all.sort_unstable_by(|a, b| b.words.len().cmp(&a.words.len()).then(a.key.cmp(b.key)));
    let mut by_word: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, k) in all.iter().enumerate() {
        for &w in &k.words {
            by_word.entry(w).or_default().push(i);
        }
    }
    // Each key's root, by position in `all`.
    let mut root: Vec<usize> = (0..all.len()).collect();
    let mut weight: FxHashMap<usize, i64> = FxHashMap::default();
    for (i, k) in all.iter().enumerate().filter(|(_, k)| !k.role) {
        if !may_link(&k.words) {
            continue;
        }
        let rarest = k.words.iter().filter_map(|w| by_word.get(w)).min_by_key(|l| l.len());
        let suffix = format!(" {}", k.key);
        weight.clear();
        for &l in rarest.into_iter().flatten() {
            let c = &all[l];
            let contains = !c.role
                && c.words.len() > k.words.len()
                && (c.key.ends_with(&suffix) || k.words.len() >= 2 && k.words.iter().all(|w| c.words.contains(w)));
            if contains {
                *weight.entry(root[l]).or_default() += c.stats.quotes;
            }
        }
        if let Some((_, target)) = dominant(weight.iter().map(|(&r, &n)| ((all[r].key, r), n)), 2.0 / 3.0, 1) {
            root[i] = target;
        }
    }
    // Who holds each role, by the roles attached to named mentions.
    let mut holders: FxHashMap<&str, FxHashMap<usize, i64>> = FxHashMap::default();
    for (i, k) in all.iter().enumerate().filter(|(_, k)| !k.role) {
        for (role, n) in &k.stats.roles {
            *holders
                .entry(role_keys[role.as_str()].as_str())
                .or_default()
                .entry(root[i])
                .or_default() += n;
        }
    }
    for (i, k) in all.iter().enumerate().filter(|(_, k)| k.role) {
        let target = (k.words.len() > 1)
            .then(|| {
                let holders = holders.get(k.key)?;
                dominant(holders.iter().map(|(&r, &n)| ((all[r].key, r), n)), 0.75, 2)
            })
            .flatten();
        if let Some((_, target)) = target {
            root[i] = target;
        }
    }
    all.iter().zip(&root).map(|(k, &r)| (k.key, all[r].key)).collect()
}

/// The candidate with the most weight, if it has at least `min` and
/// `share` of all; of equals, the least (candidates are compared by key).
fn dominant<K: Ord + Copy>(weight: impl Iterator<Item = (K, i64)>, share: f64, min: i64) -> Option<K> {
    let (mut total, mut best) = (0, None::<(K, i64)>);
    for (k, n) in weight {
        total += n;
        if best.is_none_or(|(b, m)| n > m || n == m && k < b) {
            best = Some((k, n));
        }
    }
    let (best, n) = best?;
    (n >= min && n as f64 >= share * total as f64).then_some(best)
}

fn by_count(m: FxHashMap<&str, i64>) -> Vec<String> {
    let mut v: Vec<(&str, i64)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().map(|(s, _)| s.to_string()).collect()
}

fn record(root: &str, members: &[&str], keys: &HashMap<String, KeyStats>) -> Speaker {
    let (mut mentions, mut roles) = (FxHashMap::default(), FxHashMap::default());
    let mut articles = FxHashSet::default();
    let mut quotes = 0;
    for m in members {
        let s = &keys[*m];
        quotes += s.quotes;
        articles.extend(s.articles.iter().copied());
        for (k, n) in &s.mentions {
            *mentions.entry(k.as_str()).or_default() += n;
        }
        for (k, n) in &s.roles {
            *roles.entry(k.as_str()).or_default() += n;
        }
    }
    // The most frequent full name (two words or more, not a role) of the
    // speaker's mentions; else the most frequent mention of the root key.
    let full_names: FxHashMap<&str, i64> = members
        .iter()
        .filter(|m| {
            let w = words(m);
            w.len() >= 2 && !is_role_word(w[0])
        })
        .flat_map(|m| keys[*m].mentions.iter().map(|(k, n)| (k.as_str(), *n)))
        .collect();
    let own: FxHashMap<&str, i64> = keys[root].mentions.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    let pool = if full_names.is_empty() { own } else { full_names };
    let name = pool
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(m, _)| m.to_string())
        .unwrap_or_else(|| root.to_string());
    Speaker {
        id: 0,
        name,
        aliases: by_count(mentions),
        roles: by_count(roles),
        quotes,
        articles: articles.len() as i64,
    }
}

/// Folded keys of a speaker's mentions and roles, one per line, for
/// matching; `role_keys` has the folded key of every role.
fn terms(members: &[&str], roles: &[String], role_keys: &FxHashMap<&str, String>) -> String {
    let roles = roles.iter().map(|r| role_keys[r.as_str()].as_str());
    members.iter().copied().chain(roles).collect::<Vec<&str>>().join("\n")
}

fn has_all(segment: &str, query: &[&str]) -> bool {
    let w = words(segment);
    query.iter().all(|q| w.contains(q))
}

/// The quote speaker keys that `name` (a name, surname, alias or role) may
/// refer to: every key of the speakers one of whose mentions or roles holds
/// all of `name`'s words, and every stored key that holds them itself.
pub fn matching_keys(conn: &Connection, name: &str) -> Result<Vec<String>> {
    let folded = speaker_key(name);
    let query = words(&folded);
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: HashSet<String> = HashSet::new();
    {
        let mut stmt = conn.prepare_cached("SELECT speaker_id, terms FROM speakers")?;
        let mut rows = stmt.query([])?;
        let mut keys = conn.prepare_cached("SELECT key FROM speaker_keys WHERE speaker_id = ?1")?;
        while let Some(r) = rows.next()? {
            let terms: String = r.get(1)?;
            if terms.lines().any(|s| has_all(s, &query)) {
                let id: i64 = r.get(0)?;
                let ks = keys.query_map([id], |r| r.get::<_, String>(0))?;
                for k in ks {
                    out.insert(k?);
                }
            }
        }
    }
    let mut stmt = conn.prepare_cached("SELECT DISTINCT speaker_key FROM quotes WHERE speaker_key IS NOT NULL")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let k: String = r.get(0)?;
        if has_all(&k, &query) {
            out.insert(k);
        }
    }
    let mut v: Vec<String> = out.into_iter().collect();
    v.sort();
    Ok(v)
}

/// Speakers by number of quotes, most quoted first.
pub fn list(conn: &Connection, limit: usize, offset: usize) -> Result<Vec<Speaker>> {
    let mut stmt = conn.prepare(
        "SELECT speaker_id, name, aliases, roles, quotes, articles FROM speakers
         ORDER BY quotes DESC, articles DESC, name LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt.query_map(params![limit as i64, offset as i64], speaker_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The speaker a quote's key belongs to.
pub fn of_key(conn: &Connection, key: &str) -> Result<Option<Speaker>> {
    Ok(conn
        .query_row(
            "SELECT s.speaker_id, s.name, s.aliases, s.roles, s.quotes, s.articles
             FROM speaker_keys k JOIN speakers s ON s.speaker_id = k.speaker_id WHERE k.key = ?1",
            [key],
            speaker_from_row,
        )
        .optional()?)
}

fn speaker_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Speaker> {
    let list = |i: usize| -> rusqlite::Result<Vec<String>> {
        Ok(serde_json::from_str(&r.get::<_, String>(i)?).unwrap_or_default())
    };
    Ok(Speaker {
        id: r.get(0)?,
        name: r.get(1)?,
        aliases: list(2)?,
        roles: list(3)?,
        quotes: r.get(4)?,
        articles: r.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(entries: &[(&str, i64, &[&str])]) -> HashMap<String, KeyStats> {
        entries
            .iter()
            .map(|(k, n, roles)| {
                let s = KeyStats {
                    quotes: *n,
                    roles: roles.iter().map(|r| (r.to_string(), *n)).collect(),
                    ..Default::default()
                };
                (k.to_string(), s)
            })
            .collect()
    }

    #[test]
    fn surnames_link_to_the_full_name_unless_ambiguous() {
        let k = keys(&[
            ("ديمتري بيسكوف", 5, &["المتحدث باسم الكرملين"]),
            ("بيسكوف", 3, &[]),
            ("جو بايدن", 4, &[]),
            ("هانتر بايدن", 3, &[]),
            ("بايدن", 9, &[]),
            ("المتحدث باسم الكرملين", 2, &[]),
            ("الوزير", 2, &[]),
        ]);
        let root = link(&k);
        assert_eq!(root["بيسكوف"], "ديمتري بيسكوف");
        assert_eq!(root["بايدن"], "بايدن", "4 against 3 quotes is not a clear majority");
        assert_eq!(
            root["المتحدث باسم الكرملين"], "ديمتري بيسكوف",
            "a role alone links to its holder"
        );
        assert_eq!(root["الوزير"], "الوزير");
    }

    #[test]
    fn the_same_quotes_give_the_same_speaker_rows() {
        // A long name and every two of its words: all link to the name.
        let name: Vec<&str> = "خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز".split(' ').collect();
        let mut entries: Vec<(String, i64)> = vec![(name.join(" "), 50)];
        for (i, a) in name.iter().enumerate() {
            for b in &name[i + 1..] {
                entries.push((format!("{a} {b}"), 1));
            }
        }
        let rows = |entries: &[(String, i64)]| {
            let list: Vec<(&str, i64, &[&str])> = entries.iter().map(|(k, n)| (k.as_str(), *n, &[][..])).collect();
            let mut rows: Vec<(String, Vec<String>, String)> = speaker_rows(&keys(&list))
                .into_iter()
                .map(|r| (r.key, r.members, r.terms))
                .collect();
            rows.sort();
            rows
        };
        let first = rows(&entries);
        assert!(first.iter().any(|r| r.1.len() >= 4), "{first:?}");
        for _ in 0..8 {
            assert_eq!(rows(&entries), first);
        }
    }

    #[test]
    fn one_word_generic_mentions_never_link() {
        let k = keys(&[("مصدر", 4, &[]), ("مصدر امني", 1, &[])]);
        assert_eq!(link(&k)["مصدر"], "مصدر");
    }
}
