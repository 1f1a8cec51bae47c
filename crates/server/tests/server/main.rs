//! Integration tests: a real server on 127.0.0.1:0 over a small Arabic store
//! in a temp dir, driven by a real HTTP client. One test binary; each test
//! has its own store and server.

mod api;
mod browser;
mod common;
mod ingest;
mod pages;
mod quotes;
