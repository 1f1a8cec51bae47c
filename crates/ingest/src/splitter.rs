//! A byte-level splitter for JSON files: yields each element of a top-level
//! array (or the single top-level value) as its verbatim bytes, without ever
//! holding more than one element in memory.
//!
//! The splitter tracks only what it needs to find element boundaries:
//! strings (with `\` escapes), and a stack of open `{`/`[`. It does not check
//! anything else; each element is then parsed alone, so a malformed element
//! is an error for that element and the next one is still read. What the
//! splitter cannot get past — a mismatched bracket, a missing comma between
//! elements, the end of the file inside an element — is a fatal error and
//! ends the file. Elements longer than the limit are scanned to their end but
//! not kept, and reported with their size.

use crate::encoding::BOM;
use crate::error::Error;
use marsad_core::Position;
use memchr::memchr2;
use std::io::BufRead;

/// Deepest nesting of brackets accepted inside one element.
const MAX_DEPTH: usize = 4096;

/// An error for one element, or for the file when `fatal`.
#[derive(Debug)]
pub(crate) struct SplitError {
    pub position: Position,
    pub error: Error,
    #[allow(dead_code)] // read by the tests; the readers treat every error alike
    pub fatal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Start,
    Array { first: bool },
    AfterValue,
    Done,
}

/// Iterator over the top-level elements of a JSON document.
pub(crate) struct Splitter<R> {
    reader: R,
    limit: usize,
    mode: Mode,
    index: u64,
    pos: u64,
    hint: usize,
}

enum Scanned {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

impl<R: BufRead> Splitter<R> {
    /// A splitter keeping elements of at most `limit` bytes.
    pub fn new(reader: R, limit: usize) -> Self {
        Splitter {
            reader,
            limit,
            mode: Mode::Start,
            index: 0,
            pos: 0,
            hint: 4096,
        }
    }

    /// Skips whitespace and returns the next byte without consuming it.
    fn peek(&mut self) -> Result<Option<u8>, Error> {
        loop {
            let buf = self.reader.fill_buf()?;
            let Some(&b) = buf.first() else { return Ok(None) };
            let skip = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if skip == 0 {
                return Ok(Some(b));
            }
            self.reader.consume(skip);
            self.pos += skip as u64;
        }
    }

    fn bump(&mut self) {
        self.reader.consume(1);
        self.pos += 1;
    }

    fn fatal(&mut self, position: Position, error: Error) -> Option<Result<(Position, Vec<u8>), SplitError>> {
        self.mode = Mode::Done;
        Some(Err(SplitError {
            position,
            error,
            fatal: true,
        }))
    }

    fn structure(&self, what: String) -> Error {
        Error::Structure(format!("{what} at byte {}", self.pos))
    }

    fn skip_bom(&mut self) -> Result<(), Error> {
        if self.reader.fill_buf()?.starts_with(BOM) {
            self.reader.consume(BOM.len());
            self.pos += BOM.len() as u64;
        }
        Ok(())
    }

    /// One step of the top-level state machine.
    fn advance(&mut self) -> Option<Result<(Position, Vec<u8>), SplitError>> {
        let here = Position::Index(self.index);
        if self.mode == Mode::Done {
            return None;
        }
        if self.mode == Mode::Start {
            if let Err(e) = self.skip_bom() {
                return self.fatal(Position::Whole, e);
            }
        }
        let next = match self.peek() {
            Ok(b) => b,
            Err(e) => return self.fatal(here, e),
        };
        match (self.mode, next) {
            (Mode::Done, _) | (Mode::AfterValue, None) => None,
            (Mode::Start, None) => self.fatal(Position::Whole, Error::Syntax("empty file, no JSON value".into())),
            (Mode::Start, Some(b'[')) => {
                self.bump();
                self.mode = Mode::Array { first: true };
                self.advance()
            }
            (Mode::Start, Some(_)) => {
                self.mode = Mode::AfterValue;
                self.element(Position::Whole)
            }
            (Mode::AfterValue, Some(b)) => {
                let e = self.structure(format!("unexpected {} after the end of the JSON value", show(b)));
                self.fatal(Position::Whole, e)
            }
            (Mode::Array { .. }, None) => {
                let e = self.structure(format!(
                    "unexpected end of file: array not closed after {} records",
                    self.index
                ));
                self.fatal(here, e)
            }
            (Mode::Array { .. }, Some(b']')) => {
                self.bump();
                self.mode = Mode::AfterValue;
                self.advance()
            }
            (Mode::Array { first: false }, Some(b',')) => {
                self.bump();
                self.mode = Mode::Array { first: true };
                self.advance()
            }
            (Mode::Array { first: true }, Some(b)) if !matches!(b, b',' | b'}' | b':') => {
                self.mode = Mode::Array { first: false };
                self.element(here)
            }
            (Mode::Array { first }, Some(b)) => {
                let want = if first { "a value" } else { "',' or ']'" };
                let e = self.structure(format!(
                    "expected {want} before record {}, found {}",
                    self.index,
                    show(b)
                ));
                self.fatal(here, e)
            }
        }
    }

    /// Scans one element and yields it.
    fn element(&mut self, position: Position) -> Option<Result<(Position, Vec<u8>), SplitError>> {
        self.index += 1;
        match self.scan_value() {
            Ok(Scanned::Bytes(bytes)) => Some(Ok((position, bytes))),
            Ok(Scanned::TooLarge(size)) => {
                let error = Error::TooLarge {
                    size,
                    limit: self.limit,
                };
                Some(Err(SplitError {
                    position,
                    error,
                    fatal: false,
                }))
            }
            Err(e) => self.fatal(position, e),
        }
    }

    /// Reads one value starting at the current (non-whitespace) byte.
    fn scan_value(&mut self) -> Result<Scanned, Error> {
        let (start, mut size) = (self.pos, 0u64);
        let mut state = ValueState::default();
        let mut out = Some(Vec::with_capacity(self.hint.min(self.limit)));
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                if state.stack.is_empty() && !state.in_string {
                    break;
                }
                let what = format!("unexpected end of file inside a record that starts at byte {start}");
                return Err(Error::Structure(what));
            }
            let (used, done) = match state.step(buf) {
                Ok(r) => r,
                Err((at, what)) => return Err(Error::Structure(format!("{what} at byte {}", self.pos + at as u64))),
            };
            size += used as u64;
            if size > self.limit as u64 {
                out = None;
            } else if let Some(out) = out.as_mut() {
                out.extend_from_slice(&buf[..used]);
            }
            self.reader.consume(used);
            self.pos += used as u64;
            if done {
                break;
            }
        }
        Ok(match out {
            Some(bytes) => {
                self.hint = bytes.len().max(64);
                Scanned::Bytes(bytes)
            }
            None => Scanned::TooLarge(size),
        })
    }
}

impl<R: BufRead> Iterator for Splitter<R> {
    type Item = Result<(Position, Vec<u8>), SplitError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.advance()
    }
}

fn show(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02X}")
    }
}

/// Lexical state inside one value.
#[derive(Default)]
struct ValueState {
    stack: Vec<u8>,
    in_string: bool,
    escape: bool,
    started: bool,
}

impl ValueState {
    /// Consumes bytes of `buf` until the value ends (`true`) or `buf` does.
    /// A value ends after its closing bracket or quote, or before the byte
    /// that ends a bare scalar.
    fn step(&mut self, buf: &[u8]) -> Result<(usize, bool), (usize, String)> {
        let mut i = 0;
        if self.escape {
            self.escape = false;
            i = 1;
        }
        while i < buf.len() {
            if self.in_string {
                let Some(k) = memchr2(b'"', b'\\', &buf[i..]) else {
                    return Ok((buf.len(), false));
                };
                let j = i + k;
                if buf[j] == b'\\' {
                    if j + 1 == buf.len() {
                        self.escape = true;
                        return Ok((buf.len(), false));
                    }
                    i = j + 2;
                    continue;
                }
                self.in_string = false;
                i = j + 1;
                if self.stack.is_empty() {
                    return Ok((i, true));
                }
                continue;
            }
            let b = buf[i];
            let scalar_open = self.stack.is_empty() && self.started;
            match b {
                b'"' | b'{' | b'[' if scalar_open => return Ok((i, true)),
                b',' | b' ' | b'\t' | b'\n' | b'\r' if self.stack.is_empty() => return Ok((i, true)),
                b'"' => self.in_string = true,
                b'{' | b'[' if self.stack.len() >= MAX_DEPTH => {
                    return Err((i, format!("nesting deeper than {MAX_DEPTH}")))
                }
                b'{' | b'[' => self.stack.push(b),
                b'}' | b']' => match self.stack.pop() {
                    None => return Ok((i, true)),
                    Some(open) if open + 2 != b => return Err((i, format!("mismatched '{}'", b as char))),
                    Some(_) if self.stack.is_empty() => return Ok((i + 1, true)),
                    Some(_) => {}
                },
                _ => {}
            }
            self.started = true;
            i += 1;
        }
        Ok((buf.len(), false))
    }
}

#[cfg(test)]
mod tests;
