//! Shared state: the data directory, the ingest token and a pool of
//! [`Searcher`]s.
//!
//! A `Searcher` holds a SQLite connection, which may move between threads
//! but not be shared by them, so searches do not share one searcher: each
//! request borrows one from the pool inside `spawn_blocking` and gives it
//! back. A semaphore bounds how many searches run at once (and so how many
//! searchers are ever opened); the others wait without holding a thread.
//!
//! Searchers see new commits shortly after they happen (tantivy's
//! `OnCommitWithDelay`); after an HTTP ingest the state bumps a generation
//! counter so that every pooled searcher reloads before its next use, and
//! a client that ingested sees its articles at once.

use crate::error::{ApiError, Error, Result};
use marsad_store::{Searcher, Writer};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// How long the list of sources shown in the search form is cached.
const SOURCES_TTL: Duration = Duration::from_secs(60);
/// SQLite page cache of each pooled searcher, in KiB: the store's default
/// suits one process with one connection, not a pool of them.
const SEARCHER_CACHE_KIB: i64 = 16 * 1024;

/// Opens a searcher for the pool.
fn open_searcher(dir: &Path) -> marsad_store::Result<Searcher> {
    let searcher = Searcher::open(dir)?;
    searcher
        .store()
        .connection()
        .pragma_update(None, "cache_size", -SEARCHER_CACHE_KIB)?;
    Ok(searcher)
}

/// Shared, cheaply cloned server state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    token: Option<String>,
    body_limit: usize,
    permits: Semaphore,
    idle: Mutex<Vec<(Searcher, u64)>>,
    generation: AtomicU64,
    ingest: tokio::sync::Mutex<()>,
    sources: Mutex<Option<CachedSources>>,
}

/// The source list with when and at which store generation it was read.
type CachedSources = (Instant, u64, Arc<Vec<String>>);

impl AppState {
    /// Opens the store in `dir` (creating an empty one if there is none).
    /// `token` enables ingest over HTTP; `body_limit` bounds request bodies.
    pub fn open(dir: &Path, token: Option<String>, body_limit: usize) -> Result<AppState> {
        let store_error = |source| Error::Store {
            path: dir.to_path_buf(),
            source,
        };
        if !dir.join(marsad_store::DB_FILE).exists() {
            Writer::open(dir).and_then(Writer::finish).map_err(store_error)?;
        }
        let first = open_searcher(dir).map_err(store_error)?;
        let searches = std::thread::available_parallelism()
            .map_or(2, |n| n.get() * 2)
            .clamp(2, 16);
        Ok(AppState {
            inner: Arc::new(Inner {
                dir: dir.to_path_buf(),
                token: token.filter(|t| !t.is_empty()),
                body_limit,
                permits: Semaphore::new(searches),
                idle: Mutex::new(vec![(first, 0)]),
                generation: AtomicU64::new(0),
                ingest: tokio::sync::Mutex::new(()),
                sources: Mutex::new(None),
            }),
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// The ingest token, if ingest over HTTP is on.
    pub fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }

    /// Largest request body accepted, in bytes.
    pub fn body_limit(&self) -> usize {
        self.inner.body_limit
    }

    /// Serialises HTTP ingests within this process.
    pub(crate) fn ingest_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.ingest
    }

    /// Tells pooled searchers that the store changed.
    pub(crate) fn store_changed(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Runs `f` with a searcher on a blocking thread.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Searcher) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self.inner.permits.acquire().await.map_err(ApiError::internal)?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let (searcher, generation) = inner.take()?;
            let out = f(&searcher);
            inner.idle.lock().expect("pool lock").push((searcher, generation));
            out
        })
        .await?
    }

    /// Source names of the store, most articles first (cached briefly).
    pub async fn sources(&self) -> Result<Arc<Vec<String>>, ApiError> {
        let generation = self.inner.generation.load(Ordering::SeqCst);
        if let Some((at, g, list)) = &*self.inner.sources.lock().expect("sources lock") {
            if at.elapsed() < SOURCES_TTL && *g == generation {
                return Ok(list.clone());
            }
        }
        let stats = self.read(|s| Ok(s.store().stats()?)).await?;
        let list: Arc<Vec<String>> = Arc::new(
            stats
                .sources
                .into_iter()
                .map(|(name, _)| name)
                .filter(|name| name != "(none)")
                .collect(),
        );
        *self.inner.sources.lock().expect("sources lock") = Some((Instant::now(), generation, list.clone()));
        Ok(list)
    }
}

impl Inner {
    /// An idle searcher, reloaded if the store changed since its last use,
    /// or a new one.
    fn take(&self) -> Result<(Searcher, u64), ApiError> {
        let generation = self.generation.load(Ordering::SeqCst);
        let idle = self.idle.lock().expect("pool lock").pop();
        match idle {
            Some((searcher, seen)) => {
                if seen != generation {
                    searcher.reload()?;
                }
                Ok((searcher, generation))
            }
            None => Ok((open_searcher(&self.dir)?, generation)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn opens_an_empty_store_and_reuses_searchers() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path(), Some(String::new()), 1024).unwrap();
        assert_eq!(state.token(), None, "an empty token turns ingest off");
        for _ in 0..3 {
            let stats = state.read(|s| Ok(s.store().stats()?)).await.unwrap();
            assert_eq!(stats.articles, 0);
        }
        assert_eq!(state.inner.idle.lock().unwrap().len(), 1);
        assert!(state.sources().await.unwrap().is_empty());
    }
}
