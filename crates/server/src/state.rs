//! Shared state: the data directory, the ingest token and the search
//! threads with their [`Searcher`]s.
//!
//! A `Searcher` holds a SQLite connection, which may move between threads
//! but not be shared by them, so searches do not share one searcher: a few
//! search threads (one per core by default) each own one, and take the
//! requests' reads from one queue, first come first served. A request waits
//! in the queue without holding a thread, and a search thread never waits
//! for the async side to hand it the next read: under load every core
//! searches all the time, and a search runs on its core alone instead of
//! sharing it with others (which made each search slower and the latency
//! less even).
//!
//! Searchers see new commits shortly after they happen (tantivy's
//! `OnCommitWithDelay`); after an HTTP ingest the state bumps a generation
//! counter so that every search thread's searcher reloads before its next use, and
//! a client that ingested sees its articles at once.

use crate::error::{ApiError, Error, Result};
use marsad_store::{Searcher, Writer};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the list of sources shown in the search form is cached.
const SOURCES_TTL: Duration = Duration::from_secs(60);
/// SQLite page cache of each search thread's searcher, in KiB: the store's default
/// suits one process with one connection, not a pool of them.
const SEARCHER_CACHE_KIB: i64 = 16 * 1024;

/// Opens a searcher for a search thread.
fn open_searcher(dir: &Path) -> marsad_store::Result<Searcher> {
    let searcher = Searcher::open(dir)?;
    searcher
        .store()
        .connection()
        .pragma_update(None, "cache_size", -SEARCHER_CACHE_KIB)?;
    Ok(searcher)
}

/// Most search threads a server runs.
const MAX_SEARCH_THREADS: usize = 64;

/// A read to run on a search thread, given its searcher (or why it has none).
type Job = Box<dyn FnOnce(Result<&Searcher, ApiError>) + Send>;

/// Shared, cheaply cloned server state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    token: Option<String>,
    body_limit: usize,
    jobs: crossbeam_channel::Sender<Job>,
    generation: Arc<AtomicU64>,
    ingest: tokio::sync::Mutex<()>,
    sources: Mutex<Option<CachedSources>>,
}

/// The source list with when and at which store generation it was read.
type CachedSources = (Instant, u64, Arc<Vec<String>>);

impl AppState {
    /// Opens the store in `dir` (creating an empty one if there is none).
    /// `token` enables ingest over HTTP; `body_limit` bounds request bodies;
    /// `threads` search threads run the reads (0: one per core).
    pub fn open(dir: &Path, token: Option<String>, body_limit: usize, threads: usize) -> Result<AppState> {
        let store_error = |source| Error::Store {
            path: dir.to_path_buf(),
            source,
        };
        if !dir.join(marsad_store::DB_FILE).exists() {
            Writer::open(dir).and_then(Writer::finish).map_err(store_error)?;
        }
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        let generation = Arc::new(AtomicU64::new(0));
        let threads = match threads {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        };
        for n in 0..threads.min(MAX_SEARCH_THREADS) {
            // The first searcher is opened here, so that a store that does
            // not open fails the server's start; the others on first use.
            let searcher = if n == 0 {
                Some((open_searcher(dir).map_err(store_error)?, 0))
            } else {
                None
            };
            let worker = SearchThread {
                dir: dir.to_path_buf(),
                generation: generation.clone(),
                searcher,
            };
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("search-{n}"))
                .spawn(move || worker.run(queue))
                .map_err(Error::Io)?;
        }
        Ok(AppState {
            inner: Arc::new(Inner {
                dir: dir.to_path_buf(),
                token: token.filter(|t| !t.is_empty()),
                body_limit,
                jobs,
                generation,
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

    /// Tells the search threads that the store changed.
    pub(crate) fn store_changed(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Runs `f` with a searcher on a search thread, after the reads queued
    /// before it.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Searcher) -> Result<T, ApiError> + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |searcher| {
            let _ = tx.send(searcher.and_then(f));
        });
        self.inner
            .jobs
            .send(job)
            .map_err(|_| ApiError::internal("the search threads have stopped"))?;
        rx.await
            .map_err(|_| ApiError::internal("a search failed (see the server log)"))?
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

/// One search thread: its searcher, opened on first use and reloaded
/// when the store changed since its last read.
struct SearchThread {
    dir: PathBuf,
    generation: Arc<AtomicU64>,
    searcher: Option<(Searcher, u64)>,
}

impl SearchThread {
    /// Runs queued reads until the state is dropped.
    fn run(mut self, queue: crossbeam_channel::Receiver<Job>) {
        for job in queue {
            let ran = std::panic::catch_unwind(AssertUnwindSafe(|| job(self.current())));
            if ran.is_err() {
                // The read panicked (its caller gets an error, as its
                // sender was dropped): start over with a fresh searcher.
                tracing::error!("a search panicked; reopening its searcher");
                self.searcher = None;
            }
        }
    }

    /// This thread's searcher, current with the store.
    fn current(&mut self) -> Result<&Searcher, ApiError> {
        let generation = self.generation.load(Ordering::SeqCst);
        match &mut self.searcher {
            Some((searcher, seen)) if *seen != generation => {
                searcher.reload()?;
                *seen = generation;
            }
            Some(_) => {}
            None => self.searcher = Some((open_searcher(&self.dir)?, generation)),
        }
        Ok(&self.searcher.as_ref().expect("opened above").0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn opens_an_empty_store_and_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path(), Some(String::new()), 1024, 0).unwrap();
        assert_eq!(state.token(), None, "an empty token turns ingest off");
        for _ in 0..3 {
            let stats = state.read(|s| Ok(s.store().stats()?)).await.unwrap();
            assert_eq!(stats.articles, 0);
        }
        assert!(state.sources().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_read_that_panics_fails_alone() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path(), None, 1024, 1).unwrap();
        let failed = state
            .read(|_| -> Result<(), ApiError> { panic!("a bug in a read") })
            .await;
        assert!(matches!(failed, Err(ApiError::Internal(_))), "{failed:?}");
        // The one search thread goes on, with a fresh searcher.
        let stats = state.read(|s| Ok(s.store().stats()?)).await.unwrap();
        assert_eq!(stats.articles, 0);
    }

    #[tokio::test]
    async fn reads_queue_behind_busy_search_threads() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path(), None, 1024, 2).unwrap();
        let reads: Vec<_> = (0..16u64)
            .map(|i| {
                let state = state.clone();
                tokio::spawn(async move {
                    state
                        .read(move |s| {
                            std::thread::sleep(Duration::from_millis(5));
                            Ok((
                                i,
                                s.store().stats()?.articles,
                                std::thread::current().name().map(str::to_owned),
                            ))
                        })
                        .await
                })
            })
            .collect();
        let mut threads = std::collections::HashSet::new();
        for (i, read) in reads.into_iter().enumerate() {
            let (n, articles, thread) = read.await.unwrap().unwrap();
            assert_eq!((n, articles), (i as u64, 0));
            threads.insert(thread.unwrap());
        }
        assert!(
            threads.iter().all(|t| t.starts_with("search-")) && threads.len() <= 2,
            "{threads:?}"
        );
    }
}
