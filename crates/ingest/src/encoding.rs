//! Encodings: UTF-8 (with or without BOM) and the legacy Arabic code pages
//! Windows-1256 and ISO-8859-6.
//!
//! Detection rules:
//! - valid UTF-8 is UTF-8;
//! - otherwise the bytes are decoded as both legacy encodings and each is
//!   scored on Arabic letter frequency; the better one is used if the text is
//!   plausible Arabic (no unmapped bytes, at least three quarters of the
//!   non-ASCII characters Arabic or common punctuation), else it is an error;
//! - a streamed file (JSON, JSON Lines) is classified once from its first
//!   buffer: it is legacy only when it has at least four invalid UTF-8 bytes
//!   and they outnumber its valid multi-byte sequences, so one bad record in a
//!   UTF-8 file stays one error.

use crate::error::{Error, Result};
use encoding_rs::{Encoding, ISO_8859_6, UTF_8, WINDOWS_1256};
use std::borrow::Cow;

/// The UTF-8 byte order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Looks up an encoding by name: `utf-8`/`utf8`, `windows-1256`/`cp1256`,
/// `iso-8859-6`/`arabic`, and any other WHATWG label of these three.
pub fn parse_encoding(name: &str) -> Option<&'static Encoding> {
    let name = name.trim();
    let enc = match name.to_ascii_lowercase().as_str() {
        "cp1256" | "win1256" | "windows1256" => WINDOWS_1256,
        "iso8859-6" | "iso88596" | "latin-arabic" => ISO_8859_6,
        _ => Encoding::for_label(name.as_bytes())?,
    };
    [UTF_8, WINDOWS_1256, ISO_8859_6].contains(&enc).then_some(enc)
}

/// True for NUL bytes, or when more than a tenth of the first 8 KiB are
/// control characters other than tab, line breaks, form feed and escape.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, sample).is_some() {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 10 > sample.len()
}

/// Chooses the encoding of a whole text: `forced` if given, UTF-8 if valid,
/// else the more plausible legacy Arabic encoding, else an error.
pub(crate) fn detect_text(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<&'static Encoding> {
    if let Some(enc) = forced {
        return Ok(enc);
    }
    let err = match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => return Ok(UTF_8),
        Err(e) => e,
    };
    best_legacy(bytes).ok_or_else(|| {
        Error::Encoding(format!(
            "neither valid UTF-8 (invalid byte at offset {}) nor plausible windows-1256 or ISO-8859-6 Arabic text",
            err.valid_up_to()
        ))
    })
}

/// Chooses the encoding of a streamed file from its first buffer.
pub(crate) fn detect_stream(sample: &[u8], forced: Option<&'static Encoding>) -> &'static Encoding {
    if let Some(enc) = forced {
        return enc;
    }
    let (valid, invalid) = utf8_census(sample);
    if invalid <= valid || invalid < 4 {
        return UTF_8;
    }
    best_legacy(sample).unwrap_or(UTF_8)
}

/// Decodes one record, failing on bytes invalid in `enc`. A leading UTF-8
/// BOM is dropped.
pub(crate) fn decode<'a>(bytes: &'a [u8], enc: &'static Encoding) -> Result<Cow<'a, str>> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if enc == UTF_8 {
        return simdutf8::compat::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|e| Error::Encoding(format!("invalid UTF-8 at byte {} of the record", e.valid_up_to())));
    }
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| {
            let at = first_unmapped(bytes, enc);
            Error::Encoding(format!(
                "byte 0x{:02X} at offset {at} is not valid {}",
                bytes[at],
                enc.name()
            ))
        })
}

fn first_unmapped(bytes: &[u8], enc: &'static Encoding) -> usize {
    (0..bytes.len())
        .find(|&i| {
            enc.decode_without_bom_handling_and_without_replacement(&bytes[i..=i])
                .is_none()
        })
        .unwrap_or(0)
}

/// Counts valid multi-byte UTF-8 sequences and invalid bytes. A sequence cut
/// by the end of the sample counts as valid.
fn utf8_census(mut bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => return (valid + multibyte(s), invalid),
            Err(e) => {
                let ok = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                valid += multibyte(ok);
                match e.error_len() {
                    None => return (valid + 1, invalid),
                    Some(n) => {
                        invalid += n;
                        bytes = &bytes[e.valid_up_to() + n..];
                    }
                }
            }
        }
    }
}

fn multibyte(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 == 0xC0).count()
}

/// The legacy encoding under which `bytes` read best as Arabic, if any does.
fn best_legacy(bytes: &[u8]) -> Option<&'static Encoding> {
    [WINDOWS_1256, ISO_8859_6]
        .into_iter()
        .map(|enc| (score(bytes, enc), enc))
        .filter(|(s, _)| s.plausible())
        .max_by_key(|(s, _)| s.letters as i64 - 2 * s.foreign as i64)
        .map(|(_, enc)| enc)
}

/// Character classes of a legacy decoding. An Arabic letter next to a Latin
/// one counts as foreign: that is a Latin text read in the wrong code page.
#[derive(Debug, Default)]
struct Score {
    letters: usize,
    other_arabic: usize,
    foreign: usize,
    unmapped: usize,
}

impl Score {
    fn plausible(&self) -> bool {
        let non_ascii = self.letters + self.other_arabic + self.foreign;
        self.unmapped == 0 && self.letters > 0 && self.foreign * 4 <= non_ascii
    }
}

fn score(bytes: &[u8], enc: &'static Encoding) -> Score {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let mut s = Score::default();
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        let latin_neighbour = prev.is_ascii_alphabetic() || next.is_ascii_alphabetic();
        prev = c;
        match c {
            _ if c.is_ascii() => {}
            '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' if latin_neighbour => s.foreign += 1,
            '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => s.letters += 1,
            '\u{FFFD}' => s.unmapped += 1,
            '\u{0600}'..='\u{06FF}' | '«' | '»' | '\u{A0}' | '–' | '—' | '…' | '‘' | '’' | '“' | '”' => {
                s.other_arabic += 1
            }
            _ => s.foreign += 1,
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "أكد الكرملين، اليوم الأربعاء، أن روسيا ستدرس اقتراح الرئيس الأمريكي بايدن لعقد قمة؟";

    #[test]
    fn names_parse() {
        assert_eq!(parse_encoding("utf-8"), Some(UTF_8));
        assert_eq!(parse_encoding("UTF8"), Some(UTF_8));
        assert_eq!(parse_encoding("cp1256"), Some(WINDOWS_1256));
        assert_eq!(parse_encoding("windows-1256"), Some(WINDOWS_1256));
        assert_eq!(parse_encoding("ISO-8859-6"), Some(ISO_8859_6));
        assert_eq!(parse_encoding("latin1"), None);
        assert_eq!(parse_encoding("klingon"), None);
    }

    #[test]
    fn detects_each_encoding() {
        assert_eq!(detect_text(ARABIC.as_bytes(), None).unwrap(), UTF_8);
        for enc in [WINDOWS_1256, ISO_8859_6] {
            let (bytes, _, bad) = enc.encode(ARABIC);
            assert!(!bad);
            assert_eq!(detect_text(&bytes, None).unwrap(), enc, "{}", enc.name());
            assert_eq!(detect_stream(&bytes, None), enc, "{}", enc.name());
            assert_eq!(decode(&bytes, enc).unwrap(), ARABIC);
        }
    }

    #[test]
    fn rejects_latin1_and_flags_binary() {
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode("Ça coûte très cher à Genève, déjà été");
        assert!(detect_text(&latin1, None).is_err());
        assert!(looks_binary(b"abc\0def"));
        assert!(looks_binary(&[1, 2, 3, 4, 5, b'a']));
        assert!(!looks_binary("نص\r\n\ttext".as_bytes()));
    }

    #[test]
    fn one_bad_record_keeps_a_stream_utf8() {
        let mut sample = ARABIC.repeat(3).into_bytes();
        sample.extend_from_slice(b"\xFF\xFE");
        assert_eq!(detect_stream(&sample, None), UTF_8);
        let err = decode(&sample, UTF_8).unwrap_err();
        assert!(err.to_string().contains("invalid UTF-8 at byte"), "{err}");
    }
}
