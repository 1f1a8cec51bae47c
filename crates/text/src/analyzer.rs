//! Tantivy tokenizers and the analysis used by `marsad analyze`.
//!
//! Two analyzers, registered by the store under fixed names:
//! - [`STEM_ANALYZER`] ([`ArabicStemTokenizer`]): folded, light-stemmed tokens; stop words are
//!   removed but still take a position, so phrase queries keep their gaps.
//! - [`SURFACE_ANALYZER`] ([`ArabicSurfaceTokenizer`]): folded surface forms, no stemming, stop
//!   words kept (exact phrases).
//!
//! Invariants for both: offsets are byte offsets into the original text (on char boundaries),
//! positions strictly increase, and tokens longer than [`MAX_TOKEN_BYTES`] are skipped (they
//! still take a position).
//!
//! Query text goes through the same tokenizer as documents: tantivy's `QueryParser` analyses each
//! field's query terms with the analyzer registered for that field, and [`query_terms`] gives the
//! same terms for callers that build queries by hand.

use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

use crate::chunks::ChunkFilter;
use crate::sieve::StemSieve;
use crate::stem::stem_in_place;
use crate::stopwords::is_stop_token;
use crate::tokenize::{Scanner, TokenKind};

/// Name under which [`ArabicStemTokenizer`] is registered.
pub const STEM_ANALYZER: &str = "marsad_stem";
/// Name under which [`ArabicSurfaceTokenizer`] is registered.
pub const SURFACE_ANALYZER: &str = "marsad_surface";
/// Folded tokens longer than this (in bytes) are not emitted.
pub const MAX_TOKEN_BYTES: usize = 120;

/// Folded, stemmed tokens without stop words (the default search analyzer).
#[derive(Debug, Clone, Copy, Default)]
pub struct ArabicStemTokenizer;

/// Folded surface tokens with stop words kept (exact-phrase analyzer).
#[derive(Debug, Clone, Copy, Default)]
pub struct ArabicSurfaceTokenizer;

/// The token stream of both Marsad tokenizers.
pub struct MarsadTokenStream<'a> {
    scanner: Scanner<'a>,
    token: Token,
    next_position: usize,
    stem: bool,
}

impl<'a> MarsadTokenStream<'a> {
    fn new(text: &'a str, stem: bool) -> Self {
        MarsadTokenStream {
            scanner: Scanner::new(text),
            token: Token::default(),
            next_position: 0,
            stem,
        }
    }
}

impl Tokenizer for ArabicStemTokenizer {
    type TokenStream<'a> = MarsadTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MarsadTokenStream<'a> {
        MarsadTokenStream::new(text, true)
    }
}

impl Tokenizer for ArabicSurfaceTokenizer {
    type TokenStream<'a> = MarsadTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MarsadTokenStream<'a> {
        MarsadTokenStream::new(text, false)
    }
}

impl TokenStream for MarsadTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some(span) = self.scanner.next_into(&mut self.token.text) {
            let position = self.next_position;
            self.next_position += 1;
            if self.token.text.len() > MAX_TOKEN_BYTES {
                continue;
            }
            if self.stem {
                if span.kind == TokenKind::Arabic && is_stop_token(&self.token.text) {
                    continue;
                }
                if span.kind == TokenKind::Arabic {
                    stem_in_place(&mut self.token.text);
                }
            }
            self.token.offset_from = span.offset_from;
            self.token.offset_to = span.offset_to;
            self.token.position = position;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// One token as shown by `marsad analyze`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The token as written in the original text.
    pub surface: String,
    /// Normalized and folded form (what [`SURFACE_ANALYZER`] indexes).
    pub folded: String,
    /// Light stem (what [`STEM_ANALYZER`] indexes, unless `is_stop`).
    pub stem: String,
    /// Byte offset of the first character in the original text.
    pub offset_from: usize,
    /// Byte offset just past the last character in the original text.
    pub offset_to: usize,
    /// Position of the token (stop words included).
    pub position: usize,
    /// What the token is made of.
    pub kind: TokenKind,
    /// True if the stem analyzer drops this token as a stop word.
    pub is_stop: bool,
}

/// Every token of `text` with its folded form, stem and stop-word flag.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    crate::tokenize::tokenize(text)
        .into_iter()
        .map(|t| {
            let is_stop = t.kind == TokenKind::Arabic && is_stop_token(&t.text);
            AnalyzedToken {
                surface: t.surface(text).to_owned(),
                stem: t.stem().into_owned(),
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: t.position,
                kind: t.kind,
                is_stop,
                folded: t.text,
            }
        })
        .collect()
}

/// The terms [`STEM_ANALYZER`] indexes for `text`, in order: use them to build queries by hand.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut tokenizer = ArabicStemTokenizer;
    let mut stream = tokenizer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

/// Both analyzers' terms for `text` in one pass, for callers that match
/// them (snippets): `f` gets each token's span, its [`SURFACE_ANALYZER`]
/// term and, for a token the `stems` sieve lets through, its
/// [`STEM_ANALYZER`] term (`None` for a stop word, a token ruled out or
/// without a sieve). Tokens either analyzer skips as too long are skipped.
pub fn scan_terms(text: &str, stems: Option<&StemSieve>, f: impl FnMut(crate::Span, &str, Option<&str>)) {
    scan_terms_with(text, stems, &mut (String::new(), String::new()), f);
}

/// [`scan_terms`] with buffers for the folded and stemmed token.
fn scan_terms_with(
    text: &str,
    stems: Option<&StemSieve>,
    (folded, stem): &mut (String, String),
    mut f: impl FnMut(crate::Span, &str, Option<&str>),
) {
    let mut scanner = Scanner::new(text);
    while let Some(span) = scanner.next_into(folded) {
        if folded.len() > MAX_TOKEN_BYTES {
            continue;
        }
        let arabic = span.kind == TokenKind::Arabic;
        let stemmed = if stems.is_some_and(|s| s.may_match(folded)) && !(arabic && is_stop_token(folded)) {
            stem.clear();
            stem.push_str(folded);
            if arabic {
                stem_in_place(stem);
            }
            Some(stem.as_str())
        } else {
            None
        };
        f(span, folded, stemmed);
    }
}

/// [`scan_terms`] for callers that only want some tokens: the chunks of
/// `text` that `filter` rules out are not tokenized, so `f` sees a subset of
/// the tokens, with the same arguments, that holds every token the filter
/// is for (see [`crate::chunks`]). When `f` breaks, the scan ends after the
/// chunk (the run of text between ASCII separators) it is in.
pub fn scan_wanted(
    text: &str,
    stems: Option<&StemSieve>,
    filter: &ChunkFilter,
    mut f: impl FnMut(crate::Span, &str, Option<&str>) -> std::ops::ControlFlow<()>,
) {
    let mut buffers = (String::new(), String::new());
    for (start, chunk) in filter.chunks(text) {
        let mut done = false;
        scan_terms_with(chunk, stems, &mut buffers, |span, surface, stem| {
            if done {
                return;
            }
            let span = crate::Span {
                offset_from: span.offset_from + start,
                offset_to: span.offset_to + start,
                ..span
            };
            done = f(span, surface, stem).is_break();
        });
        if done {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_scan_gives_what_both_analyzers_give() {
        let text = "وقال المتحدث في الكرملين، إن COVID-19 و٢٠٢١ والمفاوضات مع الأمريكيين ستستمر ".to_string()
            + &"ب".repeat(200)
            + " انتهى";
        let (mut stems, mut surfaces) = (Vec::new(), Vec::new());
        scan_terms(&text, Some(&StemSieve::all()), |span, surface, stem| {
            surfaces.push((span.offset_from, surface.to_string()));
            if let Some(stem) = stem {
                stems.push((span.offset_from, stem.to_string()));
            }
        });
        let terms = |tokenizer: &mut dyn FnMut(&str) -> Vec<Token>| -> Vec<(usize, String)> {
            tokenizer(&text).into_iter().map(|t| (t.offset_from, t.text)).collect()
        };
        assert_eq!(stems, terms(&mut |t| collect(ArabicStemTokenizer, t)));
        assert_eq!(surfaces, terms(&mut |t| collect(ArabicSurfaceTokenizer, t)));
        assert!(stems.len() < surfaces.len(), "stop words have no stem term");
        let mut without = 0;
        scan_terms(&text, None, |_, _, stem| without += usize::from(stem.is_none()));
        assert_eq!(without, surfaces.len());
    }

    #[test]
    fn a_wanted_scan_ends_with_the_chunk_where_it_is_told_to() {
        let text = "الرئيس قال: الرئيس،الرئيس الرئيس";
        let sieve = StemSieve::new(["رءيس"]);
        let filter = ChunkFilter::new(&sieve, []);
        let mut seen = Vec::new();
        scan_wanted(text, Some(&sieve), &filter, |span, _, _| {
            seen.push(span.offset_from);
            if seen.len() == 2 {
                std::ops::ControlFlow::Break(())
            } else {
                std::ops::ControlFlow::Continue(())
            }
        });
        // The second and third are one chunk (no ASCII separator between
        // them): the scan breaks inside it and calls `f` no more.
        assert_eq!(seen, [0, text.find(": ").unwrap() + 2]);
        let mut all = 0;
        scan_wanted(text, Some(&sieve), &filter, |_, _, _| {
            all += 1;
            std::ops::ControlFlow::Continue(())
        });
        assert_eq!(all, 4);
    }

    fn collect(mut tokenizer: impl Tokenizer, text: &str) -> Vec<Token> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    #[test]
    fn stem_stream_drops_stop_words_and_keeps_gaps() {
        let text = "قال الرئيس في المؤتمر";
        let tokens = collect(ArabicStemTokenizer, text);
        let terms: Vec<_> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(terms, ["قال", "رءيس", "مءتمر"]);
        let positions: Vec<_> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 3]);
        assert_eq!(&text[tokens[1].offset_from..tokens[1].offset_to], "الرئيس");
    }

    #[test]
    fn surface_stream_keeps_everything() {
        let tokens = collect(ArabicSurfaceTokenizer, "قال الرئيس في ٢٠١٥");
        let terms: Vec<_> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(terms, ["قال", "الرءيس", "في", "2015"]);
    }

    #[test]
    fn queries_and_documents_meet() {
        assert_eq!(query_terms("والرئيس الأميركي"), query_terms("رئيس امريكي"));
    }

    #[test]
    fn analyze_reports_each_stage() {
        let tokens = analyze("وفي الروسى");
        assert_eq!(tokens.len(), 2);
        assert!(tokens[0].is_stop);
        assert_eq!(tokens[1].surface, "الروسى");
        assert_eq!(tokens[1].folded, "الروسي");
        assert_eq!(tokens[1].stem, "روس");
    }

    #[test]
    fn latin_and_numbers_pass_through() {
        assert_eq!(query_terms("NASA في 2015"), ["nasa", "2015"]);
    }
}
