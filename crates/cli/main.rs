//! `marsad`: the command-line front of the Arabic news observatory.
//!
//! Each subcommand lives in its own module; `main` only parses arguments,
//! runs the command and maps failures to exit codes (0 ok, 1 some input
//! failed, 2 the command itself failed).

mod analyze;
mod args;
mod bench_stories;
mod demo;
mod eval;
mod eval_clean;
mod eval_quotes;
mod eval_stories;
mod ingest;
mod progress;
mod quotes;
mod search;
mod show;
mod stories;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: searches and ingest allocate many short-lived strings and
/// vectors; glibc's malloc spent ~10% of a served search in allocation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What `MARSAD_LOG` asks to log (`info`, `marsad_store=debug`, ...); warnings
/// when it is unset, so a degraded store (a semantic model that could not be
/// updated or read) is told, not silent.
fn log_filter() -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::builder()
        .with_default_directive(tracing_subscriber::filter::LevelFilter::WARN.into())
        .with_env_var("MARSAD_LOG")
        .from_env_lossy()
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(log_filter())
        .with_writer(std::io::stderr)
        .init();
    let cli = args::Cli::parse();
    if !matches!(cli.command, args::Command::Serve(_) | args::Command::Demo(_)) {
        end_quietly_on_closed_pipe();
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("marsad: error: {}", describe(&err));
            ExitCode::from(2)
        }
    }
}

/// Rust starts with SIGPIPE ignored, so once a reader goes away
/// (`marsad stats | head -3`) the next print panics. A command that only
/// prints ends instead, as other Unix tools do, when the signal is back to
/// its default. The server keeps it ignored: a client closing its socket
/// must not end it.
#[cfg(unix)]
fn end_quietly_on_closed_pipe() {
    // SAFETY: runs in `main` before any other thread starts, and only sets
    // one signal's disposition back to the system default.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn end_quietly_on_closed_pipe() {}

/// The error and its causes, each cause once: errors that already show
/// their cause in their own message are not followed by it again.
fn describe(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.is_empty() {
            message = text;
        } else if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}

fn run(cli: args::Cli) -> anyhow::Result<ExitCode> {
    use args::Command::*;
    match cli.command {
        Ingest(a) => ingest::run(&cli.data, a),
        Search(a) => search::run(&cli.data, a),
        Analyze(a) => analyze::run(a),
        Show(a) => show::show(&cli.data, a),
        Quotes(a) => quotes::run(&cli.data, a),
        Speakers(a) => quotes::speakers(&cli.data, a),
        Stats(a) => show::stats(&cli.data, a),
        Export(a) => show::export(&cli.data, a),
        Reindex => show::reindex(&cli.data),
        Reclean => show::reclean(&cli.data),
        Stories(a) => stories::list(&cli.data, a),
        Regroup => stories::regroup(&cli.data),
        Eval(a) => eval::run(&cli.data, a),
        Demo(a) => demo::run(a),
        Bench(a) => ingest::bench(&cli.data, a),
        Serve(a) => serve(&cli.data, a),
    }
}

/// Runs `marsad serve` until Ctrl-C or SIGTERM.
pub fn serve(data: &std::path::Path, a: args::ServeArgs) -> anyhow::Result<ExitCode> {
    search::warn_if_stale(data);
    let config = marsad_server::ServeConfig {
        data: data.to_path_buf(),
        addr: a.addr,
        token: a.token,
        body_limit: a.max_body_mib << 20,
        search_threads: a.search_threads,
    };
    marsad_server::serve_blocking(config, |addr| {
        eprintln!("marsad: serving {} on http://{addr}/ (Ctrl-C to stop)", data.display())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn causes_are_told_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no Marsad store here");
        let err = anyhow::Error::new(marsad_store::Error::Io {
            path: "marsad-data".into(),
            source: io,
        })
        .context("opening the store");
        assert_eq!(describe(&err), "opening the store: marsad-data: no Marsad store here");
        let plain = anyhow::anyhow!("bad file").context("reading x.jsonl");
        assert_eq!(describe(&plain), "reading x.jsonl: bad file");
    }
}
