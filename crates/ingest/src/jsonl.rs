//! Reader for JSON Lines (`.jsonl`, `.ndjson`): one article object per
//! line, blank lines skipped, lines read with a size bound so an oversized
//! line is measured and skipped without being held in memory.

use crate::encoding::{detect_stream, looks_binary, BOM};
use crate::error::Error;
use crate::record::Ctx;
use crate::Format;
use marsad_core::{Origin, Position};
use std::io::{self, BufRead};

/// One line: its bytes without the line break, or its size when too long.
enum Line {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

/// Reads JSON Lines from `reader`, one record or error per non-blank line.
pub(crate) fn read_jsonl(reader: &mut dyn BufRead, base: &Origin, ctx: &mut Ctx) {
    let sample = match reader.fill_buf() {
        Ok(sample) => sample,
        Err(e) => return ctx.error(base.clone(), &Error::Io(e)),
    };
    if looks_binary(sample) {
        return ctx.error(base.clone(), &Error::Binary);
    }
    let enc = detect_stream(sample, ctx.options.encoding);
    if sample.starts_with(BOM) {
        reader.consume(BOM.len());
    }
    let limit = ctx.options.max_record_bytes;
    for number in 1.. {
        let origin = base.at(Position::Line(number));
        match next_line(reader, limit) {
            Ok(None) => break,
            Ok(Some(Line::Bytes(line))) if line.trim_ascii().is_empty() => {}
            Ok(Some(Line::Bytes(line))) => ctx.record(origin, Format::JsonLines, enc, line),
            Ok(Some(Line::TooLarge(size))) => ctx.error(origin, &Error::TooLarge { size, limit }),
            Err(e) => return ctx.error(origin, &Error::Io(e)),
        }
    }
}

/// Reads up to the next `\n`, keeping at most `limit` bytes. A trailing
/// `\r` is dropped with the `\n`.
fn next_line(reader: &mut dyn BufRead, limit: usize) -> io::Result<Option<Line>> {
    let mut out = Some(Vec::new());
    let (mut size, mut any) = (0u64, false);
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (len, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i, true),
            None => (buf.len(), false),
        };
        size += len as u64;
        if size > limit as u64 {
            out = None;
        } else if let Some(out) = out.as_mut() {
            out.extend_from_slice(&buf[..len]);
        }
        reader.consume(len + usize::from(done));
        if done {
            break;
        }
    }
    Ok(match out {
        _ if !any => None,
        Some(mut line) => {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            Some(Line::Bytes(line))
        }
        None => Some(Line::TooLarge(size)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Event, Options};

    fn run(input: &[u8], limit: usize) -> Vec<String> {
        let options = Options {
            max_record_bytes: limit,
            ..Options::default()
        };
        let mut out = Vec::new();
        let mut sink = |e: Event| match e {
            Event::Record(r) => out.push(format!("{} {}", r.origin, String::from_utf8(r.raw).unwrap())),
            Event::Error(e) => out.push(e.to_string()),
            _ => {}
        };
        let mut ctx = Ctx::new(&options, &mut sink);
        read_jsonl(&mut &input[..], &Origin::file("f.jsonl"), &mut ctx);
        out
    }

    #[test]
    fn one_record_per_line_blank_lines_skipped() {
        let out = run(b"\xEF\xBB\xBF{\"title\":\"a\"}\r\n\n  \n{\"title\":\"b\"}", 100);
        assert_eq!(
            out,
            ["f.jsonl line 1 {\"title\":\"a\"}", "f.jsonl line 4 {\"title\":\"b\"}"]
        );
    }

    #[test]
    fn bad_lines_are_errors() {
        let mut input = "{\"title\":\"أخبار الكرملين\"}\n{\"title\":\nnot json\n"
            .as_bytes()
            .to_vec();
        input.extend_from_slice(b"{\"title\":\"\xC3\x28\"}\n{\"title\":\"b\"}\n");
        let out = run(&input, 100);
        assert_eq!(out.len(), 5);
        assert!(out[1].starts_with("f.jsonl line 2: malformed JSON: EOF"), "{}", out[1]);
        assert!(out[2].starts_with("f.jsonl line 3: malformed JSON"), "{}", out[2]);
        assert_eq!(out[3], "f.jsonl line 4: invalid UTF-8 at byte 10 of the record");
        assert_eq!(out[4], "f.jsonl line 5 {\"title\":\"b\"}");
    }

    #[test]
    fn long_lines_are_measured_not_kept() {
        let input = format!("{{\"content\":\"{}\"}}\n{{}}\n", "x".repeat(300));
        let out = run(input.as_bytes(), 100);
        assert_eq!(
            out[0],
            "f.jsonl line 1: record of 314 bytes exceeds the limit of 100 bytes (max_record_bytes); skipped"
        );
        assert_eq!(out[1], "f.jsonl line 2 {}");
    }
}
