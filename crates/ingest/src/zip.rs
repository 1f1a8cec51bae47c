//! Reader for `.zip` archives: each member of a known format is streamed
//! through its reader, in archive order; other members are skipped.
//!
//! A damaged or truncated archive (no readable central directory) is read a
//! second way, member by member from the local headers at the front, so the
//! members before the damage are still read. It gets exactly one error: on
//! the member where its data breaks off, if it does, else on the archive.

use crate::error::Error;
use crate::format::{kind_of, Kind};
use crate::record::Ctx;
use crate::{read_format, BUFFER};
use marsad_core::Origin;
use std::fs::File;
use std::io::{self, BufReader, Read};
use zip::read::{read_zipfile_from_stream, ZipFile};
use zip::ZipArchive;

/// Reads every member of the archive at `path`.
pub(crate) fn read_zip(file: File, path: &str, ctx: &mut Ctx) {
    let mut archive = match ZipArchive::new(BufReader::new(file)) {
        Ok(archive) => archive,
        Err(e) => return recover(path, &e.to_string(), ctx),
    };
    for i in 0..archive.len() {
        match archive.by_index(i) {
            Ok(mut member) => read_member(&mut member, path, None, ctx),
            Err(e) => {
                let error = Error::Archive(format!("cannot read member {i}: {e}"));
                ctx.error(Origin::file(path), &error);
            }
        }
    }
}

/// Reads members from their local headers after the central directory
/// could not be read.
fn recover(path: &str, why: &str, ctx: &mut Ctx) {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return ctx.error(Origin::file(path), &Error::Io(e)),
    };
    let mut reader = BufReader::new(file);
    let mut recovered = 0;
    let damage = format!("zip archive truncated or damaged ({why})");
    let end = loop {
        match read_zipfile_from_stream(&mut reader) {
            Ok(Some(mut member)) => {
                let mut cut = false;
                read_member(&mut member, path, Some((&damage, &mut cut)), ctx);
                if cut {
                    return;
                }
                recovered += 1;
            }
            Ok(None) => break "its central directory is unreadable".to_string(),
            Err(e) => break format!("reading the next member failed: {e}"),
        }
    };
    let msg = format!("{damage}: {end}; read {recovered} members from their local headers");
    ctx.error(Origin::file(path), &Error::Archive(msg));
}

/// Reads one member by its extension. In recovery, `cut` is set when the
/// member's data breaks off, and the reader's error says why.
fn read_member<R: Read>(member: &mut ZipFile<'_, R>, path: &str, cut: Option<(&str, &mut bool)>, ctx: &mut Ctx) {
    if member.is_dir() {
        return;
    }
    let name = match member.name() {
        Ok(name) => name.into_owned(),
        Err(_) => String::from_utf8_lossy(member.name_raw()).into_owned(),
    };
    let format = match kind_of(&name) {
        Kind::Format(format) => format,
        Kind::Zip => return ctx.skipped(format!("{path}!{name}"), "nested zip archives are not read"),
        Kind::Unknown => return ctx.skipped(format!("{path}!{name}"), "unknown extension"),
    };
    let base = Origin {
        member: Some(name),
        ..Origin::file(path)
    };
    let Some((damage, cut)) = cut else {
        return read_format(format, &mut BufReader::with_capacity(BUFFER, member), &base, ctx);
    };
    let mut reader = BufReader::with_capacity(
        BUFFER,
        Cut {
            inner: member,
            damage,
            cut: false,
        },
    );
    read_format(format, &mut reader, &base, ctx);
    *cut = reader.get_ref().cut;
}

/// A member reader that notes, and explains, where its data breaks off.
struct Cut<'a, R> {
    inner: R,
    damage: &'a str,
    cut: bool,
}

impl<R: Read> Read for Cut<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            self.cut = true;
            io::Error::other(format!("{}: the member's data breaks off here ({e})", self.damage))
        })
    }
}
