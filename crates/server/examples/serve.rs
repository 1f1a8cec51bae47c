//! Serves a store without the `marsad` binary (for trying the interface and
//! load tests): `cargo run --release -p marsad-server --example serve --
//! DATA_DIR [ADDR]`; `MARSAD_TOKEN` enables ingest, `MARSAD_LOG=info` logs
//! requests.

use marsad_server::{serve_blocking, ServeConfig};
use std::net::SocketAddr;

fn main() {
    tracing_subscriber::fmt().with_env_filter(log_filter()).init();
    let mut args = std::env::args().skip(1);
    let data = args.next().unwrap_or_else(|| "marsad-data".into());
    let addr: SocketAddr = args
        .next()
        .as_deref()
        .unwrap_or("127.0.0.1:8080")
        .parse()
        .expect("an address like 127.0.0.1:8080");
    let mut config = ServeConfig::new(data, addr);
    config.token = std::env::var("MARSAD_TOKEN").ok();
    if let Err(e) = serve_blocking(config, |addr| eprintln!("serving on http://{addr}/ (Ctrl-C to stop)")) {
        eprintln!("serve: {e}");
        std::process::exit(2);
    }
}

/// What `MARSAD_LOG` asks to log (`info`, `marsad_store=debug`, ...); warnings
/// when it is unset, so a degraded store (a semantic model that could not be
/// updated or read) is told, not silent.
fn log_filter() -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::builder()
        .with_default_directive(tracing_subscriber::filter::LevelFilter::WARN.into())
        .with_env_var("MARSAD_LOG")
        .from_env_lossy()
}
