//! Walking the paths given to `marsad ingest`: files and directories,
//! recursively, in a deterministic order (paths as given; directory entries
//! sorted by name), dispatching each file by its extension.

use crate::error::Error;
use crate::event::Event;
use crate::format::{kind_of, sniff, Kind};
use crate::record::Ctx;
use crate::{read_format, zip, BUFFER};
use marsad_core::Origin;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Reads one path given explicitly (followed if a symlink; a file of
/// unknown extension is sniffed) or found in a directory (`explicit` false:
/// symlinked directories are not followed, unknown extensions are skipped).
pub(crate) fn read_path(path: &Path, explicit: bool, ctx: &mut Ctx) {
    let name = path.display().to_string();
    let meta = if explicit {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    };
    let meta = match meta {
        Ok(meta) => meta,
        Err(e) => return ctx.error(Origin::file(name), &Error::Io(e)),
    };
    if meta.is_dir() {
        read_dir(path, ctx);
    } else if meta.is_symlink() {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => ctx.skipped(name, "symlinked directory not followed"),
            Ok(m) => read_file(path, m.len(), explicit, ctx),
            Err(e) => ctx.error(Origin::file(name), &Error::Io(e)),
        }
    } else if meta.is_file() {
        read_file(path, meta.len(), explicit, ctx);
    } else {
        ctx.skipped(name, "not a regular file");
    }
}

fn read_dir(path: &Path, ctx: &mut Ctx) {
    let entries = match fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => return ctx.error(Origin::file(path.display().to_string()), &Error::Io(e)),
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => ctx.error(Origin::file(path.display().to_string()), &Error::Io(e)),
        }
    }
    paths.sort();
    for p in paths {
        read_path(&p, false, ctx);
    }
}

fn read_file(path: &Path, bytes: u64, explicit: bool, ctx: &mut Ctx) {
    let name = path.display().to_string();
    let kind = kind_of(&name);
    if kind == Kind::Unknown && !explicit {
        return ctx.skipped(name, "unknown extension");
    }
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => return ctx.error(Origin::file(name), &Error::Io(e)),
    };
    ctx.emit(Event::FileStarted {
        path: name.clone(),
        bytes,
    });
    let base = Origin::file(name.as_str());
    match kind {
        Kind::Zip => zip::read_zip(file, &name, ctx),
        Kind::Format(format) => read_format(format, &mut BufReader::with_capacity(BUFFER, file), &base, ctx),
        Kind::Unknown => {
            let mut reader = BufReader::with_capacity(BUFFER, file);
            match reader.fill_buf() {
                Ok(sample) => read_format(sniff(sample), &mut reader, &base, ctx),
                Err(e) => ctx.error(base, &Error::Io(e)),
            }
        }
    }
    ctx.emit(Event::FileFinished { path: name, bytes });
}
