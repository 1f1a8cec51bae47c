//! Story grouping at ingest: the write side of the story tables.
//!
//! [`group`] finds the articles whose stored features are missing or older
//! than the article (`story_docs.seq <> articles.seq`: new, updated or
//! re-cleaned), computes their features, compares them with the articles
//! within the time window (loaded from `story_docs`, not recomputed) and
//! with each other, and re-clusters only the stories they touch. Everything
//! is written in one transaction: a crash leaves the previous grouping, and
//! the next pass finds the same pending articles again.
//!
//! Tables (migration 3): `story_docs` (features per article at a seq),
//! `story_df` (document frequency of headline-and-lead stems; the article
//! count is `meta.story_df_docs`), `story_links` (copy and same-story links
//! with their score), `story_members` (each article's story and the earliest
//! version it copies) and `stories` (one summary row per story).

use crate::{crash_point, Result};
use marsad_stories::{cluster, features, Doc, Features, Grouper, Guard, LinkKind, Membership, Params, ScoredLink};
use rayon::prelude::*;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// What a grouping pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct GroupReport {
    /// Articles whose features were (re)computed.
    pub articles: u64,
    /// Links found (copies and same-story).
    pub links: u64,
    /// Stories whose membership was rewritten.
    pub stories: u64,
}

struct Pending {
    id: String,
    source: Option<String>,
    seq: i64,
    time: Option<i64>,
    features: Features,
}

/// Groups every article not grouped at its current version.
pub fn group(conn: &mut Connection, params: Params) -> Result<GroupReport> {
    let t = std::time::Instant::now();
    let timing = std::env::var_os("MARSAD_STORY_TIMING").is_some();
    let lap = |what: &str| {
        if timing {
            eprintln!("stories: {what} at {:.2}s", t.elapsed().as_secs_f64());
        }
    };
    let pending = load_pending(conn)?;
    lap("features");
    if pending.is_empty() {
        return Ok(GroupReport::default());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut grouper = Grouper::new(params);
    load_doc_freq(&tx, &mut grouper)?;
    // Forget what the previous versions of updated articles counted and linked.
    let mut touched_terms: BTreeSet<u32> = BTreeSet::new();
    let mut old_stories: BTreeSet<String> = BTreeSet::new();
    {
        let mut old = tx.prepare_cached("SELECT features FROM story_docs WHERE id = ?1")?;
        let mut story = tx.prepare_cached("SELECT story FROM story_members WHERE id = ?1")?;
        let mut unlink = tx.prepare_cached("DELETE FROM story_links WHERE a = ?1 OR b = ?1")?;
        for p in &pending {
            let bytes: Option<Vec<u8>> = old.query_row([&p.id], |r| r.get(0)).optional()?;
            if let Some(f) = bytes.as_deref().and_then(Features::from_bytes) {
                grouper.doc_freq_mut().remove(&f);
                touched_terms.extend(f.terms.iter().map(|t| t.0));
            }
            if let Some(s) = story.query_row([&p.id], |r| r.get::<_, String>(0)).optional()? {
                old_stories.insert(s);
            }
            unlink.execute([&p.id])?;
        }
    }
    for p in &pending {
        grouper.count(&p.features);
        touched_terms.extend(p.features.terms.iter().map(|t| t.0));
    }
    hold_window(&tx, &mut grouper, &pending)?;
    let docs = pending.iter().filter_map(|p| {
        Some(Doc {
            id: p.id.clone(),
            source: p.source.clone(),
            time: p.time?,
            features: p.features.clone(),
        })
    });
    let links = grouper.insert_all(docs.collect());
    lap("links");
    save_docs(&tx, &pending, &links, &grouper, &touched_terms)?;
    lap("saved");
    // Re-cluster the stories the pending articles were in or now touch.
    let pending_ids: HashSet<&str> = pending.iter().map(|p| p.id.as_str()).collect();
    {
        let mut story = tx.prepare_cached("SELECT story FROM story_members WHERE id = ?1")?;
        for l in &links {
            for id in [&l.a, &l.b] {
                if !pending_ids.contains(id.as_str()) {
                    if let Some(s) = story.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                        old_stories.insert(s);
                    }
                }
            }
        }
    }
    let stories = recluster(&tx, &pending, &links, &old_stories)?;
    lap("clustered");
    crash_point("stories");
    tx.commit()?;
    lap("committed");
    Ok(GroupReport {
        articles: pending.len() as u64,
        links: links.len() as u64,
        stories,
    })
}

/// Articles without features at their current seq, with fresh features (in id order).
fn load_pending(conn: &Connection) -> Result<Vec<Pending>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.seq, a.date, COALESCE(a.headline, a.title), COALESCE(a.body, a.content), a.source
         FROM articles a LEFT JOIN story_docs s ON s.id = a.id
         WHERE s.seq IS NULL OR s.seq <> a.seq ORDER BY a.id",
    )?;
    type Row = (String, i64, Option<String>, String, String, Option<String>);
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if std::env::var_os("MARSAD_STORY_TIMING").is_some() {
        eprintln!("stories: {} pending rows read", rows.len());
    }
    Ok(rows
        .into_par_iter()
        .map(|(id, seq, date, headline, body, source)| Pending {
            id,
            source,
            seq,
            time: date.as_deref().and_then(epoch_seconds),
            features: features(&headline, &body),
        })
        .collect())
}

fn load_doc_freq(tx: &Connection, grouper: &mut Grouper) -> Result<()> {
    let docs: Option<String> = crate::db::meta_get(tx, "story_df_docs")?;
    let df = grouper.doc_freq_mut();
    df.set_docs(docs.and_then(|d| d.parse().ok()).unwrap_or(0));
    let mut stmt = tx.prepare("SELECT term, df FROM story_df")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        df.set(r.get::<_, i64>(0)? as u32, r.get::<_, i64>(1)? as u32);
    }
    Ok(())
}

/// Holds the already grouped articles within the window of any pending one.
fn hold_window(tx: &Connection, grouper: &mut Grouper, pending: &[Pending]) -> Result<()> {
    let times = pending.iter().filter_map(|p| p.time);
    let (Some(lo), Some(hi)) = (times.clone().min(), times.max()) else {
        return Ok(());
    };
    let w = grouper.params().window;
    let ids: HashSet<&str> = pending.iter().map(|p| p.id.as_str()).collect();
    let mut stmt = tx.prepare(
        "SELECT d.id, d.time, d.features, a.source FROM story_docs d LEFT JOIN articles a ON a.id = d.id
         WHERE d.time BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query([lo - w, hi + w])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        if ids.contains(id.as_str()) {
            continue;
        }
        let bytes: Vec<u8> = r.get(2)?;
        if let Some(features) = Features::from_bytes(&bytes) {
            grouper.hold(Doc {
                id,
                source: r.get(3)?,
                time: r.get(1)?,
                features,
            });
        }
    }
    Ok(())
}

fn save_docs(
    tx: &Connection,
    pending: &[Pending],
    links: &[marsad_stories::Link],
    grouper: &Grouper,
    touched_terms: &BTreeSet<u32>,
) -> Result<()> {
    let mut put =
        tx.prepare_cached("INSERT OR REPLACE INTO story_docs (id, seq, time, features) VALUES (?1, ?2, ?3, ?4)")?;
    for p in pending {
        put.execute(params![p.id, p.seq, p.time, p.features.to_bytes()])?;
    }
    let mut link =
        tx.prepare_cached("INSERT OR REPLACE INTO story_links (a, b, kind, score) VALUES (?1, ?2, ?3, ?4)")?;
    for l in links {
        let (a, b) = if l.a < l.b { (&l.a, &l.b) } else { (&l.b, &l.a) };
        link.execute(params![a, b, kind_code(l.kind), f64::from(l.score)])?;
    }
    let df = grouper.doc_freq();
    let mut set = tx.prepare_cached("INSERT OR REPLACE INTO story_df (term, df) VALUES (?1, ?2)")?;
    let mut del = tx.prepare_cached("DELETE FROM story_df WHERE term = ?1")?;
    for &t in touched_terms {
        match df.df(t) {
            0 => del.execute([i64::from(t)])?,
            n => set.execute([i64::from(t), i64::from(n)])?,
        };
    }
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('story_df_docs', ?1)",
        [df.docs().to_string()],
    )?;
    Ok(())
}

fn kind_code(kind: LinkKind) -> i64 {
    match kind {
        LinkKind::Copy => 1,
        LinkKind::Story => 2,
    }
}

fn kind_of(code: i64) -> LinkKind {
    if code == 1 {
        LinkKind::Copy
    } else {
        LinkKind::Story
    }
}

/// Clusters the pending articles with every member of the stories they
/// touch, and rewrites those stories' members and summaries.
fn recluster(
    tx: &Connection,
    pending: &[Pending],
    links: &[marsad_stories::Link],
    old_stories: &BTreeSet<String>,
) -> Result<u64> {
    let mut nodes: BTreeMap<String, i64> = pending
        .iter()
        .map(|p| (p.id.clone(), p.time.unwrap_or(i64::MAX)))
        .collect();
    let mut edges: Vec<ScoredLink> = links
        .iter()
        .map(|l| (l.a.clone(), l.b.clone(), l.kind, l.score))
        .collect();
    {
        let mut members = tx.prepare_cached(
            "SELECT m.id, COALESCE(d.time, 9223372036854775807) FROM story_members m
             LEFT JOIN story_docs d ON d.id = m.id WHERE m.story = ?1",
        )?;
        let mut stored = tx.prepare_cached("SELECT a, b, kind, score FROM story_links WHERE a = ?1 OR b = ?1")?;
        let mut existing = Vec::new();
        for s in old_stories {
            let rows = members.query_map([s], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (id, time) = row?;
                if let std::collections::btree_map::Entry::Vacant(e) = nodes.entry(id) {
                    existing.push(e.key().clone());
                    e.insert(time);
                }
            }
        }
        for id in &existing {
            let rows = stored.query_map([id], |r| {
                Ok((r.get(0)?, r.get(1)?, kind_of(r.get(2)?), r.get::<_, f64>(3)? as f32))
            })?;
            for row in rows {
                edges.push(row?);
            }
        }
        let mut drop_story = tx.prepare_cached("DELETE FROM stories WHERE id = ?1")?;
        for s in old_stories {
            drop_story.execute([s])?;
        }
    }
    let nodes: Vec<(String, i64)> = nodes.into_iter().collect();
    let members = cluster(&nodes, &edges, &guard());
    save_members(tx, &members)
}

fn save_members(tx: &Connection, members: &[Membership]) -> Result<u64> {
    let mut put = tx.prepare_cached("INSERT OR REPLACE INTO story_members (id, story, copy_of) VALUES (?1, ?2, ?3)")?;
    let mut by_story: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in members {
        put.execute(params![m.id, m.story, m.copy_of])?;
        by_story.entry(&m.story).or_default().push(&m.id);
    }
    let mut info = tx.prepare_cached("SELECT source, date, COALESCE(headline, title) FROM articles WHERE id = ?1")?;
    let mut summary = tx.prepare_cached(
        "INSERT OR REPLACE INTO stories (id, size, outlets, first, last, headline, sources) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (story, ids) in &by_story {
        let mut sources: BTreeSet<String> = BTreeSet::new();
        let (mut first, mut last): (Option<String>, Option<String>) = (None, None);
        let mut headline = String::new();
        for id in ids {
            let Some((source, date, h)) = info
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .optional()?
            else {
                continue;
            };
            sources.insert(source.unwrap_or_default());
            if let Some(d) = date {
                first = Some(first.map_or(d.clone(), |f| f.min(d.clone())));
                last = Some(last.map_or(d.clone(), |l| l.max(d)));
            }
            if id == story {
                headline = h;
            }
        }
        summary.execute(params![
            story,
            ids.len() as i64,
            sources.len() as i64,
            first,
            last,
            headline,
            serde_json::to_string(&sources).expect("strings serialise"),
        ])?;
    }
    Ok(by_story.len() as u64)
}

/// Seconds since the Unix epoch of an ISO date (`YYYY-MM-DD`, optionally
/// followed by `THH:MM[:SS]`), read as UTC.
pub fn epoch_seconds(date: &str) -> Option<i64> {
    let day = crate::db::day_of(Some(date))?;
    let (y, m, d): (i64, i64, i64) = (
        day[..4].parse().ok()?,
        day[5..7].parse().ok()?,
        day[8..10].parse().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    let time = date.get(11..).unwrap_or("");
    let parts: Vec<i64> = time
        .split(':')
        .take(3)
        .map_while(|p| p.get(..2).and_then(|p| p.parse().ok()))
        .collect();
    for (v, unit) in parts.iter().zip([3600, 60, 1]) {
        secs += v * unit;
    }
    Some(secs)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The grouping thresholds this build uses (`MARSAD_STORY_THRESHOLD` overrides
/// the same-story cosine, for experiments; `marsad regroup` applies a change
/// to stored articles).
pub fn params() -> Params {
    let mut p = Params::default();
    if let Some(t) = std::env::var("MARSAD_STORY_THRESHOLD")
        .ok()
        .and_then(|t| t.parse().ok())
    {
        p.story = t;
    }
    if let Some(t) = std::env::var("MARSAD_STORY_ROUTINE").ok().and_then(|t| t.parse().ok()) {
        p.routine = t;
    }
    if let Some(t) = std::env::var("MARSAD_STORY_SPECIFIC").ok().and_then(|t| t.parse().ok()) {
        p.specific_share = t;
    }
    if let Some(t) = std::env::var("MARSAD_STORY_DECAY_HOURS")
        .ok()
        .and_then(|t| t.parse::<f32>().ok())
    {
        p.decay = t * 3600.0;
    }
    // MARSAD_STORY_BATCH: the same-outlet batch in seconds (-1 disables the rule).
    if let Some(t) = std::env::var("MARSAD_STORY_BATCH").ok().and_then(|t| t.parse().ok()) {
        p.batch = t;
    }
    p
}

/// The chaining guard this build uses (`MARSAD_STORY_MAX_SIZE` overrides the size limit and
/// `MARSAD_STORY_CONDUCTANCE` the cohesion bar, for experiments).
pub fn guard() -> Guard {
    let mut g = Guard::default();
    if let Some(t) = std::env::var("MARSAD_STORY_MAX_SIZE").ok().and_then(|t| t.parse().ok()) {
        g.max_size = t;
    }
    if let Some(t) = std::env::var("MARSAD_STORY_CONDUCTANCE")
        .ok()
        .and_then(|t| t.parse().ok())
    {
        g.min_conductance = t;
    }
    g
}

/// Forgets every stored grouping, so that the next [`group`] pass groups
/// every article again (after a change of thresholds or features).
pub fn reset(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         DELETE FROM story_docs; DELETE FROM story_df; DELETE FROM story_links;
         DELETE FROM story_members; DELETE FROM stories; DELETE FROM meta WHERE key = 'story_df_docs';
         COMMIT;",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_of_iso_dates() {
        assert_eq!(epoch_seconds("1970-01-01"), Some(0));
        assert_eq!(epoch_seconds("2015-07-21T02:20:06"), Some(1_437_445_206));
        assert_eq!(epoch_seconds("2015-07-21T02:20"), Some(1_437_445_200));
        assert_eq!(epoch_seconds("21/07/2015"), None);
    }

    use crate::{NewRecord, Store, Writer};
    use marsad_core::Article;

    const KING: &str = "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر السلام بجدة اليوم رئيس وزراء \
        باكستان نواز شريف والوفد المرافق له وجرى خلال الاستقبال استعراض العلاقات الثنائية بين البلدين الشقيقين \
        وسبل تعزيزها في مختلف المجالات إضافة إلى بحث تطورات الأحداث في المنطقة";
    const RAIN: &str = "توقعت الرئاسة العامة للأرصاد وحماية البيئة هطول أمطار رعدية مصحوبة برياح نشطة على مرتفعات \
        منطقة الباحة وعسير وجازان ونجران مع تدني مدى الرؤية الأفقية بسبب الأتربة المثارة على أجزاء من المنطقة \
        الشرقية والرياض والقصيم خلال ساعات النهار";

    fn rec(id: &str, source: &str, date: &str, title: &str, content: &str) -> NewRecord {
        NewRecord {
            origin: format!("t.json record {id}"),
            format: "json".into(),
            encoding: "UTF-8".into(),
            raw: content.as_bytes().to_vec(),
            article: Article {
                id: id.into(),
                title: title.into(),
                content: content.into(),
                source: Some(source.into()),
                date: Some(date.into()),
                ..Default::default()
            },
            warnings: vec![],
        }
    }

    fn corpus() -> Vec<NewRecord> {
        let mut out = vec![
            rec(
                "spa",
                "spa",
                "2015-08-01T08:00:00",
                "خادم الحرمين يستقبل رئيس وزراء باكستان",
                KING,
            ),
            rec(
                "okaz",
                "okaz",
                "2015-08-01T20:00:00",
                "خادم الحرمين يستقبل رئيس وزراء باكستان",
                KING,
            ),
            rec(
                "rain",
                "sabq",
                "2015-08-01T09:00:00",
                "أمطار رعدية على الباحة وعسير",
                RAIN,
            ),
        ];
        // Unrelated filler so that document frequencies mean something.
        for i in 0..30 {
            let words: Vec<String> = (0..40).map(|w| format!("كلمه{}", (i * 7 + w * 13) % 97)).collect();
            out.push(rec(
                &format!("f{i:02}"),
                "x",
                "2015-08-02T10:00:00",
                &format!("خبر رقم {i}"),
                &words.join(" "),
            ));
        }
        out
    }

    fn stories_of(dir: &std::path::Path) -> Vec<(String, String, Option<String>)> {
        let store = Store::open(dir).unwrap();
        let mut stmt = store
            .connection()
            .prepare("SELECT id, story, copy_of FROM story_members ORDER BY id")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn copies_join_their_earliest_version_and_later_ingests_only_add() {
        let all = corpus();
        let one = tempfile::tempdir().unwrap();
        let mut w = Writer::open(one.path()).unwrap();
        w.write(&all).unwrap();
        w.finish().unwrap();
        let grouped = stories_of(one.path());
        let okaz = grouped.iter().find(|m| m.0 == "okaz").unwrap();
        assert_eq!((okaz.1.as_str(), okaz.2.as_deref()), ("spa", Some("spa")));
        let rain = grouped.iter().find(|m| m.0 == "rain").unwrap();
        assert_eq!(rain.1, "rain");

        // The same articles in two ingests, in another order.
        let two = tempfile::tempdir().unwrap();
        let mut rev = all.clone();
        rev.reverse();
        let (first, second) = rev.split_at(10);
        let mut w = Writer::open(two.path()).unwrap();
        w.write(first).unwrap();
        w.finish().unwrap();
        let mut w = Writer::open(two.path()).unwrap();
        w.write(second).unwrap();
        let r = w.group_stories().unwrap();
        assert_eq!(r.articles, second.len() as u64, "only the new articles are grouped");
        w.finish().unwrap();
        assert_eq!(stories_of(two.path()), grouped);
        let story = Store::open(two.path()).unwrap().story_of("okaz").unwrap().unwrap();
        assert_eq!((story.summary.size, story.summary.outlets), (2, 2));
        assert_eq!(story.summary.sources, ["okaz", "spa"]);
    }

    #[test]
    fn an_updated_article_leaves_its_old_story() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.write(&corpus()).unwrap();
        w.finish().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.write(&[rec(
            "okaz",
            "okaz",
            "2015-08-01T20:00:00",
            "أمطار رعدية على الباحة وعسير",
            RAIN,
        )])
        .unwrap();
        w.finish().unwrap();
        let grouped = stories_of(dir.path());
        let find = |id: &str| grouped.iter().find(|m| m.0 == id).unwrap().clone();
        assert_eq!(find("okaz").1, "rain");
        assert_eq!((find("spa").1, find("spa").2), ("spa".to_string(), None));
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.story("spa").unwrap().unwrap().summary.size, 1);
    }
}
