//! `marsad serve`: a JSON API and a right-to-left Arabic web interface over
//! a Marsad store, with axum on tokio.
//!
//! Article text is scraped from the web and may carry markup or script, so
//! every page escapes it; snippets keep only their `<mark>` highlights, and
//! the timeline is inline SVG:
//!
//! ```
//! use marsad_server::{chart, html};
//! use marsad_store::{snippet::Snippet, FacetCount};
//!
//! assert_eq!(html::escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
//! let s = Snippet { text: "قمة <بوتين>".into(), highlights: vec![(8, 18)] };
//! assert_eq!(html::marked(&s), "قمة &lt;<mark>بوتين</mark>&gt;");
//! let days = [FacetCount { value: "2015-07-21".into(), count: 2 }];
//! assert!(chart::svg(&chart::bars(&days), |from, _| format!("/?from={from}")).contains("<rect"));
//! ```
//!
//! Routes (see [`router`]): `/` and `/article/{id}` (pages), `/healthz`,
//! `/api/openapi.json`, `/api/search`, `/api/articles/{id}`, `/api/stats`
//! and `POST /api/articles` (ingest, only with a token).
//!
//! Modules in the order a request meets them: [`state`] (search threads),
//! [`search`] (parameters), [`api`] and [`ingest`] (JSON), [`pages`] with
//! [`article`], [`layout`], [`html`] and [`chart`] (HTML), [`error`], [`openapi`].
#![deny(missing_docs)]

pub mod api;
pub mod article;
pub mod chart;
pub mod error;
pub mod html;
pub mod ingest;
pub mod layout;
pub mod openapi;
pub mod pages;
pub mod quotes;
pub mod search;
pub mod state;
pub mod stories;

pub use error::{ApiError, Error, Result};
pub use state::AppState;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, Router};
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Largest request body accepted unless configured otherwise (16 MiB).
pub const DEFAULT_BODY_LIMIT: usize = 16 << 20;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The data directory (created with an empty store if missing).
    pub data: PathBuf,
    /// Address to listen on (port 0: any free port).
    pub addr: SocketAddr,
    /// Bearer token for `POST /api/articles`; `None` turns ingest over HTTP off.
    pub token: Option<String>,
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Threads that run store reads (0: one per core).
    pub search_threads: usize,
}

impl ServeConfig {
    /// Serves `data` on `addr`, without ingest, with the default body limit.
    pub fn new(data: impl Into<PathBuf>, addr: SocketAddr) -> Self {
        ServeConfig {
            data: data.into(),
            addr,
            token: None,
            body_limit: DEFAULT_BODY_LIMIT,
            search_threads: 0,
        }
    }
}

/// The application: every route, with request logging.
pub fn router(state: AppState) -> Router {
    let ingest = post(ingest::post_articles)
        .route_layer(middleware::from_fn_with_state(state.clone(), ingest::require_token))
        .layer(DefaultBodyLimit::max(state.body_limit()));
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/articles", ingest)
        .route("/articles/{*id}", get(api::article))
        .route("/stats", get(api::stats))
        .route("/quotes", get(quotes::api_quotes))
        .route("/speakers", get(quotes::api_speakers))
        .route("/stories", get(api::stories))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found);
    Router::new()
        .route("/", get(pages::search_page))
        .route("/article/{*id}", get(pages::article_page))
        .route("/quotes", get(quotes::quotes_page))
        .route("/speakers", get(quotes::speakers_page))
        .route("/stories", get(stories::stories_page))
        .route("/healthz", get(api::healthz))
        .nest("/api", api)
        .fallback(pages::not_found)
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// A server bound to its address, not yet serving.
pub struct Server {
    listener: tokio::net::TcpListener,
    app: Router,
}

impl Server {
    /// Opens the store and binds the address.
    pub async fn bind(config: &ServeConfig) -> Result<Server> {
        let (dir, token, limit, threads) = (
            config.data.clone(),
            config.token.clone(),
            config.body_limit,
            config.search_threads,
        );
        let state = tokio::task::spawn_blocking(move || AppState::open(&dir, token, limit, threads))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| Error::Bind {
                addr: config.addr,
                source,
            })?;
        Ok(Server {
            listener,
            app: router(state),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Serves until `shutdown` completes, then finishes the requests in
    /// flight.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<()> {
        axum::serve(self.listener, self.app)
            .with_graceful_shutdown(shutdown)
            .await?;
        Ok(())
    }
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(config: ServeConfig) -> Result<()> {
    let server = Server::bind(&config).await?;
    tracing::info!(addr = %server.local_addr()?, data = %config.data.display(), "serving");
    server.run(shutdown_signal()).await
}

/// Runs [`serve`] on a new tokio runtime (for callers without one);
/// `ready` is told the bound address once the server accepts connections.
pub fn serve_blocking(config: ServeConfig, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let server = Server::bind(&config).await?;
        ready(server.local_addr()?);
        server.run(shutdown_signal()).await
    })
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
