//! What an article is about, beyond the words it shares with a query: a
//! vector per body stem and per article, learned from the bodies alone
//! (latent semantic analysis), used to order the tail of a ranking.
//!
//! The model is the truncated SVD of the stored articles' stem–document
//! matrix, weighted `(1 + ln tf) · idf` as read from the index's `content`
//! field (headlines are not part of it):
//! - a stem's vector is its right singular vector scaled by the square root
//!   of the singular values ([`DIMS`] of them), unit length;
//! - an article's vector, and a query's, is the sum of its stems' vectors
//!   weighted as in the matrix, unit length;
//! - the similarity of a query and an article is the cosine of the two.
//!
//! Why the tail only: a known-item query (a headline) shares words with its
//! article, and lexical ranking puts it first two times in three; where it
//! does not, the article is usually near the top already, and topical
//! similarity lifts the same story's other articles as much as it. Below the
//! best [`KEEP`] lexical matches the evidence is thin (a column whose
//! headline words are not in its body), and there the similarity finds
//! what the words miss: recall at 100 over every headline of the full
//! corpus rises from 0.9746 to 0.9764 (BENCHMARKS.md, session 12).
//!
//! Invariants:
//! - SQLite holds the model (`semantic`: a few parts, each one blob, read
//!   whole), written in one transaction with the state it was learned from
//!   (`meta`), so a crash leaves the old model or the new one;
//! - articles are keyed by `seq`: an article stored again has a new seq and
//!   no vector until the writer's finish folds it in (or learns the model
//!   again, see [`update`]); until then it is ranked without one.

use crate::index::Fields;
use crate::{db, Result};
use nalgebra::DMatrix;
use rayon::prelude::*;
use rusqlite::{params, Connection};
use rustc_hash::FxHashMap;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

/// Dimensions of the vectors.
pub const DIMS: usize = 64;

/// Lexical matches that keep their order: below them, a hit's score also
/// counts its similarity to the query ([`crate::search::Weights::semantic`]).
pub const KEEP: usize = 50;

/// A stem is in the model if it occurs this often in the bodies.
const MIN_COUNT: u32 = 5;

/// Extra dimensions of the randomized SVD's sketch, and its power iterations.
const OVERSAMPLE: usize = 10;
const POWER_ITERATIONS: usize = 2;

/// Bump when the model changes in a way that needs it learned again.
pub const MODEL_VERSION: u32 = 2;

/// The `meta` key of the state the model was learned from.
const STATE_KEY: &str = "semantic_state";

/// A learned model: stems' and articles' vectors.
pub struct Model {
    /// The stored state it was loaded with (see [`State`]).
    pub state: String,
    stems: FxHashMap<String, u32>,
    idf: Vec<f32>,
    stem_vectors: Vec<f32>,
    docs: FxHashMap<u64, u32>,
    doc_vectors: Vec<f32>,
}

impl Model {
    /// The unit vector of a bag of stems (each weighted `(1 + ln tf) · idf`),
    /// or `None` if the model knows none of them.
    pub fn query_vector<'a>(&self, stems: impl IntoIterator<Item = &'a str>) -> Option<Vec<f32>> {
        let mut tf: FxHashMap<u32, u32> = FxHashMap::default();
        for s in stems {
            if let Some(&i) = self.stems.get(s) {
                *tf.entry(i).or_default() += 1;
            }
        }
        let mut v = vec![0f32; DIMS];
        for (&i, &n) in &tf {
            let w = (1.0 + (n as f32).ln()) * self.idf[i as usize];
            axpy(&mut v, w, row(&self.stem_vectors, i as usize));
        }
        normalize(&mut v).then_some(v)
    }

    /// Cosine of a query vector and the article at `seq` (0 without a vector).
    pub fn similarity(&self, seq: u64, query: &[f32]) -> f32 {
        self.docs
            .get(&seq)
            .map_or(0.0, |&i| dot(row(&self.doc_vectors, i as usize), query))
    }

    /// Stems and articles the model has vectors for.
    pub fn len(&self) -> (usize, usize) {
        (self.stems.len(), self.docs.len())
    }

    /// True when the model has no article vectors.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// Growth of the index since the model was learned (a share of the
/// articles it was learned from) up to which new articles are folded into
/// it; beyond, it is learned again. Folding in reads only the new articles
/// (an ingest of one article through the API costs milliseconds, not the
/// second a full corpus takes to learn).
pub const FOLD_IN_GROWTH: f64 = 0.1;

/// What a stored model was learned from and what it covers, as kept in
/// `meta` (`version:index version:articles learned from:seq covered`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// [`MODEL_VERSION`] and the index's version, as `"1:7"`.
    pub version: String,
    /// Articles in the index it was learned from.
    pub learned: u64,
    /// Highest seq of the index it covers (learned or folded in).
    pub seq: i64,
}

impl State {
    fn current(learned: u64, seq: i64) -> State {
        State {
            version: format!("{MODEL_VERSION}:{}", crate::index::INDEX_VERSION),
            learned,
            seq,
        }
    }

    fn parse(s: &str) -> Option<State> {
        let mut parts = s.rsplitn(3, ':');
        let seq = parts.next()?.parse().ok()?;
        let learned = parts.next()?.parse().ok()?;
        Some(State {
            version: parts.next()?.to_string(),
            learned,
            seq,
        })
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.version, self.learned, self.seq)
    }
}

/// The stored model's state string, if any.
pub fn stored_state(conn: &Connection) -> Result<Option<String>> {
    db::meta_get(conn, STATE_KEY)
}

/// The stored model's state, if any (and readable).
pub fn stored(conn: &Connection) -> Result<Option<State>> {
    Ok(stored_state(conn)?.as_deref().and_then(State::parse))
}

/// What [`update`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// The model was learned from every article: this many.
    Learned(usize),
    /// This many new article versions were given vectors of the model.
    FoldedIn(usize),
}

/// Brings the model up to date with the committed index: nothing if it
/// covers it; the new articles folded in if the index grew by at most
/// [`FOLD_IN_GROWTH`] since the model was learned; else learned again.
pub fn update(conn: &mut Connection, index: &tantivy::Index, fields: &Fields) -> Result<Option<Update>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let seq = crate::index::read_payload(index)?.map_or(0, |p| p.seq);
    let articles = searcher.num_docs();
    let stored = stored(conn)?;
    let version = State::current(0, 0).version;
    match stored {
        Some(s) if s.version == version && s.seq == seq => Ok(None),
        Some(s)
            if s.version == version
                && s.learned > 0
                && (articles as f64 - s.learned as f64).abs() <= s.learned as f64 * FOLD_IN_GROWTH =>
        {
            fold_in(conn, s, seq).map(|n| n.map(Update::FoldedIn))
        }
        _ => learn_and_store(conn, &searcher, fields, seq).map(|n| Some(Update::Learned(n))),
    }
}

/// Gives the article versions after `state.seq` (up to `seq`) vectors of the
/// stored model, and forgets those of versions no longer stored. `None` if
/// the stored model cannot be read (it is then learned at the next update).
fn fold_in(conn: &mut Connection, state: State, seq: i64) -> Result<Option<usize>> {
    let Some(model) = load(conn)? else {
        db::meta_set(conn, STATE_KEY, None)?;
        return Ok(None);
    };
    // Read and analysed outside the write transaction (the articles only
    // change under the single writer, the caller), which the grouping on the
    // other connection would otherwise wait for.
    let new: Vec<(u64, Option<String>)> = {
        let mut stmt = conn.prepare("SELECT seq, body FROM articles WHERE seq > ?1 AND seq <= ?2 ORDER BY seq")?;
        let rows = stmt.query_map([state.seq, seq], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let stored: std::collections::HashSet<u64> = {
        let mut stmt = conn.prepare("SELECT seq FROM articles")?;
        let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        rows.map(|r| r.map(|s| s as u64)).collect::<rusqlite::Result<_>>()?
    };
    let vectors: Vec<(u64, Vec<f32>)> = new
        .par_iter()
        .map(|(seq, body)| {
            let tokens = marsad_text::analyze(body.as_deref().unwrap_or_default());
            let stems = tokens
                .iter()
                .filter(|t| !t.is_stop && !t.stem.is_empty())
                .map(|t| t.stem.as_str());
            (*seq, model.query_vector(stems).unwrap_or_else(|| vec![0.0; DIMS]))
        })
        .collect();
    let mut seqs: Vec<u64> = Vec::with_capacity(model.docs.len() + vectors.len());
    let mut docs: Vec<f32> = Vec::with_capacity(seqs.capacity() * DIMS);
    let mut kept: Vec<(u64, u32)> = model.docs.iter().map(|(&s, &i)| (s, i)).collect();
    kept.sort_unstable();
    for (s, i) in kept {
        if stored.contains(&s) && (s as i64) <= state.seq {
            seqs.push(s);
            docs.extend_from_slice(row(&model.doc_vectors, i as usize));
        }
    }
    for (s, v) in &vectors {
        seqs.push(*s);
        docs.extend_from_slice(v);
    }
    let now = State { seq, ..state };
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    store(tx, &[("seqs", u64s(&seqs)), ("doc_vectors", floats(&docs))], &now)?;
    tracing::debug!("semantic model: {} article versions folded in", vectors.len());
    Ok(Some(vectors.len()))
}

/// Learns the model from every article of the index and stores it.
fn learn_and_store(conn: &mut Connection, searcher: &tantivy::Searcher, fields: &Fields, seq: i64) -> Result<usize> {
    let started = std::time::Instant::now();
    let matrix = read_matrix(searcher, fields)?;
    let read = started.elapsed().as_secs_f64();
    let learned = learn(&matrix);
    tracing::debug!(
        "semantic model: {} stems, {} articles, {} entries; read in {read:.2} s, learned in {:.2} s",
        matrix.stems.len(),
        matrix.seqs.len(),
        matrix.cols.index.len(),
        started.elapsed().as_secs_f64() - read
    );
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let parts = [
        ("stems", matrix.stems.join("\n").into_bytes()),
        ("idf", floats(&matrix.idf)),
        ("stem_vectors", floats(&learned.stems)),
        ("seqs", u64s(&matrix.seqs)),
        ("doc_vectors", floats(&learned.docs)),
    ];
    store(tx, &parts, &State::current(searcher.num_docs(), seq))?;
    tracing::debug!("semantic model: stored at {:.2} s", started.elapsed().as_secs_f64());
    Ok(matrix.seqs.len())
}

/// Writes parts of the model and the state they make, and commits: the
/// whole model changes at once or not at all.
fn store(tx: rusqlite::Transaction<'_>, parts: &[(&str, Vec<u8>)], state: &State) -> Result<()> {
    {
        let mut put = tx.prepare("INSERT OR REPLACE INTO semantic (part, data) VALUES (?1, ?2)")?;
        for (part, data) in parts {
            put.execute(params![part, data])?;
        }
    }
    db::meta_set(&tx, STATE_KEY, Some(&state.to_string()))?;
    crate::crash_point("semantic");
    tx.commit()?;
    Ok(())
}

/// Loads the stored model (`None` if there is none, or if its parts do not
/// fit together, which a writer's finish then learns again).
pub fn load(conn: &Connection) -> Result<Option<Model>> {
    let Some(state) = stored_state(conn)? else {
        return Ok(None);
    };
    let mut parts: FxHashMap<String, Vec<u8>> = FxHashMap::default();
    let mut stmt = conn.prepare("SELECT part, data FROM semantic")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        parts.insert(r.get(0)?, r.get(1)?);
    }
    let mut take = |name: &str| parts.remove(name).unwrap_or_default();
    let stems = String::from_utf8(take("stems")).unwrap_or_default();
    let stems: Vec<&str> = stems.split('\n').filter(|s| !s.is_empty()).collect();
    let (idf, stem_vectors, doc_vectors) = (
        to_floats(&take("idf")),
        to_floats(&take("stem_vectors")),
        to_floats(&take("doc_vectors")),
    );
    let seqs: Vec<u64> = take("seqs")
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
        .collect();
    if idf.len() != stems.len() || stem_vectors.len() != stems.len() * DIMS || doc_vectors.len() != seqs.len() * DIMS {
        tracing::warn!("the stored semantic model is inconsistent: searching without it");
        return Ok(None);
    }
    Ok(Some(Model {
        state,
        stems: stems
            .iter()
            .enumerate()
            .map(|(i, s)| (s.to_string(), i as u32))
            .collect(),
        idf,
        stem_vectors,
        docs: seqs.iter().enumerate().map(|(i, &s)| (s, i as u32)).collect(),
        doc_vectors,
    }))
}

/// The weighted stem–document matrix, both ways round.
struct Matrix {
    /// The stems, sorted; a stem's index is its column.
    stems: Vec<String>,
    idf: Vec<f32>,
    /// Each row's article seq.
    seqs: Vec<u64>,
    /// Row-major: per article, its (stem, weight) entries.
    rows: Sparse,
    /// Column-major: per stem, its (article, weight) entries.
    cols: Sparse,
}

/// A compressed sparse matrix: line `i`'s entries are
/// `index[start[i]..start[i + 1]]` with values `value[..]` alike.
#[derive(Default)]
struct Sparse {
    start: Vec<usize>,
    index: Vec<u32>,
    value: Vec<f32>,
}

impl Sparse {
    fn lines(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    /// `self · x`, `x` with `width` columns (row-major, as the result).
    fn times(&self, x: &[f32], width: usize) -> Vec<f32> {
        let mut out = vec![0f32; self.lines() * width];
        out.par_chunks_mut(width).enumerate().for_each(|(i, out)| {
            for k in self.start[i]..self.start[i + 1] {
                axpy(out, self.value[k], &x[self.index[k] as usize * width..][..width]);
            }
        });
        out
    }
}

/// Reads the `content` field's postings: every stem occurring at least
/// [`MIN_COUNT`] times, in every live article.
fn read_matrix(searcher: &tantivy::Searcher, fields: &Fields) -> Result<Matrix> {
    // Articles: (seq, segment, doc), ordered by seq.
    let mut docs: Vec<(u64, u32, u32)> = Vec::new();
    for (s, reader) in searcher.segment_readers().iter().enumerate() {
        let seqs = reader.fast_fields().u64(crate::index::SEQ_FIELD)?;
        for doc in 0..reader.max_doc() {
            if reader.alive_bitset().is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            if let Some(seq) = seqs.first(doc) {
                docs.push((seq, s as u32, doc));
            }
        }
    }
    docs.sort_unstable();
    // One row per article version, should the index hold one twice.
    docs.dedup_by_key(|d| d.0);
    let mut row_of: Vec<Vec<u32>> = searcher
        .segment_readers()
        .iter()
        .map(|r| vec![u32::MAX; r.max_doc() as usize])
        .collect();
    for (row, &(_, s, doc)) in docs.iter().enumerate() {
        row_of[s as usize][doc as usize] = row as u32;
    }
    // Entries per stem: (row, tf).
    let mut by_stem: FxHashMap<String, Vec<(u32, u32)>> = FxHashMap::default();
    for (s, reader) in searcher.segment_readers().iter().enumerate() {
        let inverted = reader.inverted_index(fields.content)?;
        let mut terms = inverted.terms().stream().map_err(tantivy::TantivyError::from)?;
        while terms.advance() {
            let Ok(stem) = std::str::from_utf8(terms.key()) else {
                continue;
            };
            let mut postings = inverted
                .read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)
                .map_err(tantivy::TantivyError::from)?;
            let entries = by_stem.entry(stem.to_string()).or_default();
            while postings.doc() != TERMINATED {
                let row = row_of[s][postings.doc() as usize];
                if row != u32::MAX {
                    entries.push((row, postings.term_freq()));
                }
                postings.advance();
            }
        }
    }
    let n = docs.len() as f32;
    let mut stems: Vec<(String, Vec<(u32, u32)>)> = by_stem
        .into_iter()
        .filter(|(_, e)| e.iter().map(|&(_, tf)| tf).sum::<u32>() >= MIN_COUNT)
        .collect();
    stems.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let idf: Vec<f32> = stems
        .iter()
        .map(|(_, e)| {
            let df = e.len() as f32;
            (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
        })
        .collect();
    let mut cols = Sparse::default();
    let mut row_len = vec![0usize; docs.len()];
    cols.start.push(0);
    for ((_, entries), &idf) in stems.iter_mut().zip(&idf) {
        entries.sort_unstable();
        for &(row, tf) in entries.iter() {
            cols.index.push(row);
            cols.value.push((1.0 + (tf as f32).ln()) * idf);
            row_len[row as usize] += 1;
        }
        cols.start.push(cols.index.len());
    }
    let rows = transpose(&cols, &row_len);
    Ok(Matrix {
        stems: stems.into_iter().map(|(s, _)| s).collect(),
        idf,
        seqs: docs.iter().map(|d| d.0).collect(),
        rows,
        cols,
    })
}

/// The transpose of `m`, whose lines' entries index `len.len()` lines of
/// the result, `len[i]` of them in line `i`.
fn transpose(m: &Sparse, len: &[usize]) -> Sparse {
    let mut start = Vec::with_capacity(len.len() + 1);
    start.push(0);
    for l in len {
        start.push(start[start.len() - 1] + l);
    }
    let mut next = start[..len.len()].to_vec();
    let mut index = vec![0u32; m.index.len()];
    let mut value = vec![0f32; m.value.len()];
    for line in 0..m.lines() {
        for k in m.start[line]..m.start[line + 1] {
            let to = &mut next[m.index[k] as usize];
            index[*to] = line as u32;
            value[*to] = m.value[k];
            *to += 1;
        }
    }
    Sparse { start, index, value }
}

/// Learned vectors, row-major, [`DIMS`] per row.
struct Learned {
    stems: Vec<f32>,
    docs: Vec<f32>,
}

/// The truncated SVD of the matrix by a randomized range finder (Halko,
/// Martinsson and Tropp 2011), and the vectors it gives.
fn learn(m: &Matrix) -> Learned {
    let (n_docs, n_stems) = (m.rows.lines(), m.cols.lines());
    let width = DIMS + OVERSAMPLE;
    if n_docs == 0 || n_stems == 0 {
        return Learned {
            stems: vec![0.0; n_stems * DIMS],
            docs: vec![0.0; n_docs * DIMS],
        };
    }
    // The range of the matrix, from its product with a random sketch.
    let omega = gaussian(n_stems * width, 0x6d61_7273_6164);
    let mut y = m.rows.times(&omega, width);
    orthonormalize(&mut y, width);
    for _ in 0..POWER_ITERATIONS {
        let mut z = m.cols.times(&y, width);
        orthonormalize(&mut z, width);
        y = m.rows.times(&z, width);
        orthonormalize(&mut y, width);
    }
    // B = Qᵀ·A, held as its transpose Aᵀ·Q (stems × width); B·Bᵀ = U S² Uᵀ.
    let bt = m.cols.times(&y, width);
    let gram = gram(&bt, width);
    let eigen = gram.symmetric_eigen();
    let mut order: Vec<usize> = (0..width).collect();
    order.sort_by(|&a, &b| eigen.eigenvalues[b].total_cmp(&eigen.eigenvalues[a]));
    // A stem's vector: row of V·S^½ = Aᵀ·Q·U·S^-½.
    let mut project = vec![0f32; width * DIMS];
    for (j, &k) in order.iter().take(DIMS).enumerate() {
        let s = eigen.eigenvalues[k].max(0.0).sqrt();
        if s <= f64::EPSILON {
            continue;
        }
        for i in 0..width {
            project[i * DIMS + j] = (eigen.eigenvectors[(i, k)] / s.sqrt()) as f32;
        }
    }
    let mut stems = multiply(&bt, width, &project, DIMS);
    stems.par_chunks_mut(DIMS).for_each(|v| {
        normalize(v);
    });
    let mut docs = m.rows.times(&stems, DIMS);
    docs.par_chunks_mut(DIMS).for_each(|v| {
        normalize(v);
    });
    Learned { stems, docs }
}

/// `xᵀ·x` of a row-major matrix `width` columns wide, in f64.
fn gram(x: &[f32], width: usize) -> DMatrix<f64> {
    let g = x
        .par_chunks(width * 256)
        .map(|block| {
            let mut g = vec![0f64; width * width];
            for r in block.chunks(width) {
                for i in 0..width {
                    let ri = f64::from(r[i]);
                    for j in i..width {
                        g[i * width + j] += ri * f64::from(r[j]);
                    }
                }
            }
            g
        })
        .reduce(
            || vec![0f64; width * width],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
                a
            },
        );
    DMatrix::from_fn(
        width,
        width,
        |i, j| if i <= j { g[i * width + j] } else { g[j * width + i] },
    )
}

/// Makes the columns of a row-major matrix orthonormal (spanning the same
/// space, less any direction of nearly no weight): `x ← x·W·Λ^-½` for
/// `xᵀx = W Λ Wᵀ`, twice over for accuracy.
fn orthonormalize(x: &mut [f32], width: usize) {
    for _ in 0..2 {
        let eigen = gram(x, width).symmetric_eigen();
        let top = eigen.eigenvalues.iter().copied().fold(0.0, f64::max);
        let mut t = vec![0f32; width * width];
        for k in 0..width {
            let l = eigen.eigenvalues[k];
            if l <= top * 1e-12 {
                continue;
            }
            for i in 0..width {
                t[i * width + k] = (eigen.eigenvectors[(i, k)] / l.sqrt()) as f32;
            }
        }
        let y = multiply(x, width, &t, width);
        x.copy_from_slice(&y);
    }
}

/// `x·t`: `x` row-major with `width` columns, `t` `width × out` row-major.
fn multiply(x: &[f32], width: usize, t: &[f32], out: usize) -> Vec<f32> {
    let mut y = vec![0f32; x.len() / width * out];
    y.par_chunks_mut(out).zip(x.par_chunks(width)).for_each(|(y, x)| {
        for (i, &xi) in x.iter().enumerate() {
            axpy(y, xi, &t[i * out..][..out]);
        }
    });
    y
}

/// `n` standard normal numbers from a fixed seed (splitmix64, Box–Muller):
/// the same store always learns the same model.
fn gaussian(n: usize, seed: u64) -> Vec<f32> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let (u, v) = (next().max(f64::MIN_POSITIVE), next());
            ((-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()) as f32
        })
        .collect()
}

fn row(m: &[f32], i: usize) -> &[f32] {
    &m[i * DIMS..][..DIMS]
}

fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    y.iter_mut().zip(x).for_each(|(y, x)| *y += a * x);
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

/// Scales `v` to unit length; false (and `v` left as is) if it is zero.
fn normalize(v: &mut [f32]) -> bool {
    let norm = dot(v, v).sqrt();
    if norm <= f32::MIN_POSITIVE || !norm.is_finite() {
        return false;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    true
}

fn floats(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn u64s(v: &[u64]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// Little-endian f32s back from [`floats`] (a ragged end is dropped).
fn to_floats(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orthonormalized_columns_are_orthonormal() {
        let width = 6;
        let mut x = gaussian(500 * width, 7);
        // Make one column nearly a copy of another: still orthonormal after.
        for r in x.chunks_mut(width) {
            r[5] = r[0] * 3.0 + r[5] * 1e-3;
        }
        orthonormalize(&mut x, width);
        let g = gram(&x, width);
        for i in 0..width {
            for j in 0..width {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((g[(i, j)] - want).abs() < 1e-3, "({i},{j}) = {}", g[(i, j)]);
            }
        }
    }

    /// Two topics with disjoint vocabularies: a query of one topic's stems
    /// is nearer every article of its topic, even those without its words,
    /// than any article of the other.
    #[test]
    fn learns_topics_from_co_occurrence() {
        let sport = ["كره", "مباراه", "هدف", "لاعب", "ملعب", "دوري"];
        let oil = ["نفط", "برميل", "اسعار", "اوبك", "انتاج", "خام"];
        let mut cols_entries: Vec<Vec<(u32, f32)>> = vec![Vec::new(); 12];
        let mut n_docs = 0u32;
        for topic in 0..2 {
            for d in 0..40u32 {
                // Each article has four of its topic's six stems.
                for k in 0..4 {
                    let stem = topic * 6 + ((d + k * (1 + d % 2)) % 6) as usize;
                    if !cols_entries[stem].iter().any(|e| e.0 == n_docs) {
                        cols_entries[stem].push((n_docs, 1.0));
                    }
                }
                n_docs += 1;
            }
        }
        let mut cols = Sparse::default();
        let mut len = vec![0usize; n_docs as usize];
        cols.start.push(0);
        for e in &cols_entries {
            for &(r, v) in e {
                cols.index.push(r);
                cols.value.push(v);
                len[r as usize] += 1;
            }
            cols.start.push(cols.index.len());
        }
        let rows = transpose(&cols, &len);
        let stems: Vec<String> = sport.iter().chain(&oil).map(|s| s.to_string()).collect();
        let m = Matrix {
            stems: stems.clone(),
            idf: vec![1.0; 12],
            seqs: (0..u64::from(n_docs)).collect(),
            rows,
            cols,
        };
        let learned = learn(&m);
        let model = Model {
            state: String::new(),
            stems: stems.iter().enumerate().map(|(i, s)| (s.clone(), i as u32)).collect(),
            idf: m.idf.clone(),
            stem_vectors: learned.stems,
            docs: m.seqs.iter().enumerate().map(|(i, &s)| (s, i as u32)).collect(),
            doc_vectors: learned.docs,
        };
        for query in [&["نفط", "اوبك"][..], &["خام"], &["هدف", "ملعب", "دوري"]] {
            let q = model.query_vector(query.iter().copied()).expect("known stems");
            let sim: Vec<f32> = (0..80).map(|seq| model.similarity(seq, &q)).collect();
            let (sport, oil) = sim.split_at(40);
            let (near, far) = if query[0] == "هدف" {
                (sport, oil)
            } else {
                (oil, sport)
            };
            let worst_near = near.iter().copied().fold(f32::MAX, f32::min);
            let best_far = far.iter().copied().fold(f32::MIN, f32::max);
            assert!(
                worst_near > best_far + 0.3,
                "{query:?}: its topic's articles {worst_near}, the other's {best_far}"
            );
            assert_eq!(model.similarity(1000, &q), 0.0, "no vector");
        }
        assert!(model.query_vector(["غير"]).is_none());
    }

    #[test]
    fn a_store_with_a_row_per_vector_is_migrated_to_learn_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite");
        let conn = db::open(&path, false).unwrap();
        // What schema 6 held.
        conn.execute_batch(
            "CREATE TABLE semantic_words (stem TEXT PRIMARY KEY, idf REAL NOT NULL, vector BLOB NOT NULL);
             CREATE TABLE semantic_docs (seq INTEGER PRIMARY KEY, vector BLOB NOT NULL);
             INSERT INTO meta (key, value) VALUES ('semantic_state', 'old');
             PRAGMA user_version = 6;",
        )
        .unwrap();
        drop(conn);
        let conn = db::open(&path, false).unwrap();
        assert_eq!(stored_state(&conn).unwrap(), None, "the old model is forgotten");
        let tables: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('semantic_words', 'semantic_docs')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
        assert!(load(&conn).unwrap().is_none());
    }

    #[test]
    fn a_stored_model_loads_as_learned_and_a_broken_one_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = db::open(&dir.path().join("m.sqlite"), false).unwrap();
        assert!(load(&conn).unwrap().is_none(), "no model yet");
        let v: Vec<f32> = (0..2 * DIMS).map(|i| i as f32 / 7.0).collect();
        let tx = conn.transaction().unwrap();
        for (part, data) in [
            ("stems", "نفط\nخام".as_bytes().to_vec()),
            ("idf", floats(&[1.5, 2.5])),
            ("stem_vectors", floats(&v)),
            ("seqs", u64s(&[7, 9])),
            ("doc_vectors", floats(&v)),
        ] {
            tx.execute("INSERT INTO semantic (part, data) VALUES (?1, ?2)", params![part, data])
                .unwrap();
        }
        db::meta_set(&tx, STATE_KEY, Some("s")).unwrap();
        tx.commit().unwrap();
        let model = load(&conn).unwrap().expect("a model");
        assert_eq!(model.len(), (2, 2));
        assert_eq!(model.state, "s");
        assert_eq!(row(&model.stem_vectors, model.stems["خام"] as usize), &v[DIMS..]);
        assert_eq!(model.idf[model.stems["خام"] as usize], 2.5);
        assert_eq!(row(&model.doc_vectors, model.docs[&9] as usize), &v[DIMS..]);
        conn.execute("UPDATE semantic SET data = x'00' WHERE part = 'doc_vectors'", [])
            .unwrap();
        assert!(load(&conn).unwrap().is_none(), "a part cut short");
    }
}
