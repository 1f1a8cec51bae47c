//! `marsad ingest` and `marsad bench ingest`.

use crate::args::{BenchArgs, BenchCommand, IngestArgs};
use crate::progress::Progress;
use anyhow::{bail, Context};
use marsad_ingest::{Event, Options, RecordError};
use marsad_store::{NewRecord, Outcome, Store, Writer};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

/// Records per SQLite transaction.
const BATCH_RECORDS: usize = 2000;
/// Bytes of raw records per SQLite transaction.
const BATCH_BYTES: usize = 16 << 20;
/// Events buffered between the reader thread and the writer.
const CHANNEL_DEPTH: usize = 4096;

/// What an ingest did.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files: u64,
    /// Bytes of the input files on disk (compressed, for zips).
    pub bytes: u64,
    /// Bytes of the records read (uncompressed).
    pub record_bytes: u64,
    pub records: u64,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub failed: u64,
    pub warnings: u64,
    pub skipped: u64,
    pub seconds: f64,
}

#[derive(Debug, Serialize)]
pub struct ErrorLine {
    origin: String,
    kind: String,
    message: String,
}

/// Runs `marsad ingest`.
pub fn run(data: &Path, args: IngestArgs) -> anyhow::Result<ExitCode> {
    let (summary, errors) = ingest(data, &args)?;
    if args.json {
        let out = serde_json::json!({ "summary": summary, "errors": errors });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        eprintln!(
            "ingested {} records from {} files in {:.1}s: {} new, {} updated, {} unchanged, {} failed ({} with warnings, {} files skipped)",
            summary.records, summary.files, summary.seconds, summary.new, summary.updated,
            summary.unchanged, summary.failed, summary.warnings, summary.skipped
        );
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn options(args: &IngestArgs) -> anyhow::Result<Options> {
    let encoding = match &args.encoding {
        Some(name) => Some(
            marsad_ingest::parse_encoding(name)
                .with_context(|| format!("unknown encoding {name:?} (use utf-8, windows-1256 or iso-8859-6)"))?,
        ),
        None => None,
    };
    Ok(Options {
        encoding,
        source: args.source.clone(),
        date: args.date.clone(),
        url: args.url.clone(),
        max_record_bytes: args.max_record_mib << 20,
    })
}

fn total_bytes(paths: &[PathBuf]) -> u64 {
    fn walk(p: &Path) -> u64 {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => std::fs::read_dir(p).map_or(0, |d| d.flatten().map(|e| walk(&e.path())).sum()),
            Ok(m) => m.len(),
            Err(_) => 0,
        }
    }
    paths.iter().map(|p| walk(p)).sum()
}

/// Ingests `args.paths` into the store at `data`; errors are per record.
pub fn ingest(data: &Path, args: &IngestArgs) -> anyhow::Result<(Summary, Vec<ErrorLine>)> {
    let started = Instant::now();
    let options = options(args)?;
    let mut writer = Writer::open(data).with_context(|| format!("opening the store at {}", data.display()))?;
    let progress = Progress::bytes(total_bytes(&args.paths), args.quiet || args.json);
    let (tx, rx) = mpsc::sync_channel::<Event>(CHANNEL_DEPTH);
    let paths = args.paths.clone();
    let reader = std::thread::spawn(move || {
        marsad_ingest::read_paths(&paths, &options, &mut |event| {
            let _ = tx.send(event);
        })
    });
    let mut summary = Summary::default();
    let mut errors = Vec::new();
    let mut batch: Vec<NewRecord> = Vec::with_capacity(BATCH_RECORDS);
    let mut batch_bytes = 0;
    for event in rx {
        match event {
            Event::FileStarted { .. } => summary.files += 1,
            Event::FileFinished { bytes, .. } => {
                summary.bytes += bytes;
                progress.advance(bytes);
            }
            Event::Skipped { .. } => summary.skipped += 1,
            Event::Error(e) => {
                progress.println(&format!("error: {e}"));
                errors.push(error_line(&e));
                summary.failed += 1;
            }
            Event::Record(r) => {
                summary.records += 1;
                summary.record_bytes += r.raw.len() as u64;
                if !r.warnings.is_empty() {
                    summary.warnings += 1;
                }
                batch_bytes += r.raw.len();
                batch.push(NewRecord::from(r));
                if batch.len() >= BATCH_RECORDS || batch_bytes >= BATCH_BYTES {
                    flush(&mut writer, &mut batch, &mut summary)?;
                    batch_bytes = 0;
                    progress.message(format!("{} articles ({} new)", summary.records, summary.new));
                }
            }
        }
    }
    reader
        .join()
        .map_err(|_| anyhow::anyhow!("the reader thread panicked"))?;
    flush(&mut writer, &mut batch, &mut summary)?;
    progress.message("committing the index".into());
    writer.finish().context("committing the search index")?;
    progress.finish();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok((summary, errors))
}

fn error_line(e: &RecordError) -> ErrorLine {
    ErrorLine {
        origin: e.origin.to_string(),
        kind: format!("{:?}", e.kind).to_lowercase(),
        message: e.message.clone(),
    }
}

fn flush(writer: &mut Writer, batch: &mut Vec<NewRecord>, summary: &mut Summary) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    for outcome in writer.write(batch).context("writing a batch to the store")? {
        match outcome {
            Outcome::New => summary.new += 1,
            Outcome::Updated => summary.updated += 1,
            Outcome::Unchanged => summary.unchanged += 1,
        }
    }
    batch.clear();
    Ok(())
}

/// Peak resident memory of this process so far, in bytes (Linux).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs `marsad bench ...`.
pub fn bench(data: &Path, args: BenchArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        BenchCommand::Stories { sizes, size } => crate::bench_stories::run(data, &sizes, size),
        BenchCommand::Ingest { paths, keep, json } => bench_ingest(paths, keep, json),
        BenchCommand::Search {
            queries,
            rounds,
            weights,
            facets,
        } => crate::search::bench(data, &queries, rounds, weights, facets),
    }
}

fn bench_ingest(paths: Vec<PathBuf>, keep: Option<PathBuf>, json: bool) -> anyhow::Result<ExitCode> {
    let tmp = tempfile::tempdir()?;
    let dir = keep.unwrap_or_else(|| tmp.path().join("store"));
    if dir.join(marsad_store::DB_FILE).exists() {
        bail!(
            "{} already holds a store; bench ingest needs an empty one",
            dir.display()
        );
    }
    let args = IngestArgs {
        paths,
        encoding: None,
        source: None,
        date: None,
        url: None,
        max_record_mib: 16,
        json: true,
        quiet: true,
    };
    let (first, _) = ingest(&dir, &args)?;
    let rss_first = peak_rss();
    let (second, _) = ingest(&dir, &args)?;
    let stats = Store::open(&dir)?.stats()?;
    let figures = serde_json::json!({
        "articles": stats.articles,
        "sources": stats.sources.len(),
        "first_ingest_seconds": first.seconds,
        "first_ingest_new": first.new,
        "first_ingest_failed": first.failed,
        "record_mb": first.record_bytes as f64 / 1e6,
        "record_mb_per_second": first.record_bytes as f64 / 1e6 / first.seconds,
        "reingest_seconds": second.seconds,
        "reingest_unchanged": second.unchanged,
        "peak_rss_mib_after_first": rss_first.map(|b| b / (1 << 20)),
        "peak_rss_mib": peak_rss().map(|b| b / (1 << 20)),
        "store_mib": stats.disk_bytes / (1 << 20),
    });
    if json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        println!(
            "bench ingest: {} articles from {} sources; first ingest {:.2}s ({} new, {:.1} MB/s of records), re-ingest {:.2}s ({} unchanged); peak RSS {} MiB; store {} MiB",
            stats.articles, stats.sources.len(), first.seconds, first.new, figures["record_mb_per_second"].as_f64().unwrap_or(0.0),
            second.seconds, second.unchanged, figures["peak_rss_mib"], figures["store_mib"]
        );
    }
    Ok(ExitCode::SUCCESS)
}
