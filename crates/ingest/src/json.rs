//! Reader for `.json` files: one article object, or an array of them,
//! streamed element by element through the [`Splitter`].

use crate::encoding::{detect_stream, looks_binary};
use crate::error::Error;
use crate::record::Ctx;
use crate::splitter::Splitter;
use crate::Format;
use marsad_core::Origin;
use std::io::BufRead;

/// Reads a JSON document from `reader`, emitting one record per array
/// element (or one for a single object), and an error per bad element.
pub(crate) fn read_json(reader: &mut dyn BufRead, base: &Origin, ctx: &mut Ctx) {
    let sample = match reader.fill_buf() {
        Ok(sample) => sample,
        Err(e) => return ctx.error(base.clone(), &Error::Io(e)),
    };
    if looks_binary(sample) {
        return ctx.error(base.clone(), &Error::Binary);
    }
    let enc = detect_stream(sample, ctx.options.encoding);
    for item in Splitter::new(reader, ctx.options.max_record_bytes) {
        match item {
            Ok((position, raw)) => ctx.record(base.at(position), Format::Json, enc, raw),
            Err(e) => ctx.error(base.at(e.position), &e.error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Event, Options};
    use marsad_core::Position;

    fn run(input: &[u8]) -> Vec<String> {
        let options = Options::default();
        let mut out = Vec::new();
        let mut sink = |e: Event| match e {
            Event::Record(r) => out.push(format!("{:?} {}", r.origin.position, r.article.title)),
            Event::Error(e) => out.push(e.to_string()),
            _ => {}
        };
        let mut ctx = Ctx::new(&options, &mut sink);
        read_json(&mut &input[..], &Origin::file("f.json"), &mut ctx);
        out
    }

    #[test]
    fn reads_arrays_and_single_objects() {
        assert_eq!(run(br#"[{"title":"a"},{"title":"b"}]"#), ["Index(0) a", "Index(1) b"]);
        assert_eq!(run("\u{feff}{\"headline\":\"ج\"}".as_bytes()), ["Whole ج"]);
    }

    #[test]
    fn bad_elements_are_errors_and_the_rest_is_read() {
        let out = run(br#"[{"title":"a"}, {"title": tru}, 7, {"title":"d"}]"#);
        assert_eq!(out[0], "Index(0) a");
        assert!(
            out[1].starts_with("f.json record 1: malformed JSON: expected ident"),
            "{}",
            out[1]
        );
        assert_eq!(out[2], "f.json record 2: expected a JSON object, found number 7");
        assert_eq!(out[3], "Index(3) d");
    }

    #[test]
    fn binary_and_invalid_utf8() {
        assert_eq!(run(b"\0\0\0[]"), ["f.json: binary file, not text"]);
        let out = run(b"[{\"title\":\"ok\"},{\"title\":\"\xFF\"}]");
        assert_eq!(
            out,
            ["Index(0) ok", "f.json record 1: invalid UTF-8 at byte 10 of the record"]
        );
        let _ = Position::Whole;
    }
}
