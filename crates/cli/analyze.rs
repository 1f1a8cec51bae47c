//! `marsad analyze TEXT`: each token's surface, normalized form, stem and
//! offsets, as the index sees them.

use crate::args::AnalyzeArgs;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Serialize)]
struct Row<'a> {
    surface: &'a str,
    normalized: &'a str,
    stem: &'a str,
    offset_from: usize,
    offset_to: usize,
    position: usize,
    stop: bool,
}

/// Runs `marsad analyze`.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let tokens = marsad_text::analyze(&args.text);
    let rows: Vec<Row> = tokens
        .iter()
        .map(|t| Row {
            surface: &t.surface,
            normalized: &t.folded,
            stem: &t.stem,
            offset_from: t.offset_from,
            offset_to: t.offset_to,
            position: t.position,
            stop: t.is_stop,
        })
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<18} {:<18} {:<14} {:>9}  stop",
        "surface", "normalized", "stem", "bytes"
    );
    for r in &rows {
        let span = format!("{}..{}", r.offset_from, r.offset_to);
        println!(
            "{:<18} {:<18} {:<14} {:>9}  {}",
            r.surface,
            r.normalized,
            r.stem,
            span,
            if r.stop { "yes" } else { "" }
        );
    }
    Ok(ExitCode::SUCCESS)
}
