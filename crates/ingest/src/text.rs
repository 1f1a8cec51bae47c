//! Reader for raw page text (`.txt`): the whole file is one article's
//! `content`, with no title and no metadata (options may supply source,
//! date and URL). Files larger than the record limit are measured by
//! streaming to the end, not held in memory.

use crate::encoding::{detect_text, looks_binary};
use crate::error::Error;
use crate::record::Ctx;
use crate::Format;
use marsad_core::Origin;
use std::io::{self, Read};

/// Reads one text page from `reader`.
pub(crate) fn read_text(reader: &mut dyn Read, base: &Origin, ctx: &mut Ctx) {
    let limit = ctx.options.max_record_bytes;
    let mut raw = Vec::new();
    if let Err(e) = reader.take(limit as u64 + 1).read_to_end(&mut raw) {
        return ctx.error(base.clone(), &Error::Io(e));
    }
    if raw.len() > limit {
        let rest = match io::copy(reader, &mut io::sink()) {
            Ok(rest) => rest,
            Err(e) => return ctx.error(base.clone(), &Error::Io(e)),
        };
        let size = raw.len() as u64 + rest;
        return ctx.error(base.clone(), &Error::TooLarge { size, limit });
    }
    if looks_binary(&raw) {
        return ctx.error(base.clone(), &Error::Binary);
    }
    match detect_text(&raw, ctx.options.encoding) {
        Ok(enc) => ctx.record(base.clone(), Format::Text, enc, raw),
        Err(e) => ctx.error(base.clone(), &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Event, Options};

    fn run(input: &[u8], options: Options) -> Vec<Event> {
        let mut out = Vec::new();
        let mut sink = |e: Event| out.push(e);
        let mut ctx = Ctx::new(&options, &mut sink);
        read_text(&mut &input[..], &Origin::file("p.txt"), &mut ctx);
        out
    }

    fn one(mut events: Vec<Event>) -> Event {
        assert_eq!(events.len(), 1, "{events:?}");
        events.pop().unwrap()
    }

    #[test]
    fn whole_text_is_content_with_defaults_from_options() {
        let page = "\u{feff}الكرملين: بوتين سيدرس اقتراح بايدن\n";
        let options = Options {
            source: Some("dostor".into()),
            url: Some("http://d/1".into()),
            ..Options::default()
        };
        let Event::Record(r) = one(run(page.as_bytes(), options)) else {
            panic!()
        };
        assert_eq!(r.article.content, page.trim_start_matches('\u{feff}'));
        assert_eq!(r.article.title, "");
        assert_eq!(
            (r.article.id.as_str(), r.article.source.as_deref()),
            ("http://d/1", Some("dostor"))
        );
        assert_eq!((r.encoding, r.raw.as_slice()), ("UTF-8", page.as_bytes()));
    }

    #[test]
    fn legacy_encodings_keep_original_bytes() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("أكد الكرملين أن روسيا ستدرس الاقتراح");
        let Event::Record(r) = one(run(&bytes, Options::default())) else {
            panic!()
        };
        assert_eq!(r.encoding, "windows-1256");
        assert_eq!(r.raw, bytes.as_ref());
        assert_eq!(r.article.content, "أكد الكرملين أن روسيا ستدرس الاقتراح");
    }

    #[test]
    fn too_large_binary_and_undecodable_are_errors() {
        let options = Options {
            max_record_bytes: 10,
            ..Options::default()
        };
        let Event::Error(e) = one(run(&[b'a'; 25], options)) else {
            panic!()
        };
        assert_eq!(
            e.to_string(),
            "p.txt: record of 25 bytes exceeds the limit of 10 bytes (max_record_bytes); skipped"
        );
        let Event::Error(e) = one(run(b"PK\x03\x04\0\0\x01", Options::default())) else {
            panic!()
        };
        assert_eq!(e.message, "binary file, not text");
        let Event::Error(e) = one(run(b"caf\xE9 cr\xE8me", Options::default())) else {
            panic!()
        };
        assert!(e.message.starts_with("neither valid UTF-8"), "{}", e.message);
    }
}
