//! Arabic text analysis for Marsad: normalization, folding, tokenization, light stemming and stop
//! words, with tantivy tokenizers on top. No I/O.
//!
//! ```
//! use marsad_text::{analyze, fold, normalize, query_terms, stem};
//!
//! // Lossless normalization: presentation forms, invisible controls, Arabic-Indic digits.
//! assert_eq!(normalize("ﻻ ٢٠١٥\u{200F}"), "لا 2015");
//! // Lossy folding: diacritics, tatweel, alef and hamza forms, ى/ي, ة/ه.
//! assert_eq!(fold("الرُّوسـى"), "الروسي");
//! // Light stemming of folded words.
//! assert_eq!(stem("والمدرسه"), "مدرس");
//! // Documents and queries are analysed the same way.
//! assert_eq!(query_terms("للرئيس الأميركي"), query_terms("رئيس أمريكي"));
//! // Every token keeps its span in the original text.
//! let text = "قال بوتين";
//! let tokens = analyze(text);
//! assert_eq!(&text[tokens[1].offset_from..tokens[1].offset_to], "بوتين");
//! ```
//!
//! The stages, in the order text flows through them:
//! 1. [`normalize()`](normalize()) — lossless normalization ([`mod@normalize`]).
//! 2. [`tokenize()`](tokenize()) — tokens with byte offsets into the original text; normalizes
//!    and folds on the fly ([`mod@tokenize`]).
//! 3. [`fold()`](fold()) — lossy folding ([`mod@fold`]).
//! 4. [`is_stopword`] — stop words ([`stopwords`]).
//! 5. [`stem()`](stem()) — clitic-aware light stemming ([`mod@stem`]).
//! 6. [`ArabicStemTokenizer`] / [`ArabicSurfaceTokenizer`] — the tantivy analyzers
//!    ([`analyzer`]).
#![deny(missing_docs)]

pub mod analyzer;
pub mod chunks;
pub mod fold;
pub mod normalize;
pub mod protected;
pub mod sieve;
pub mod stem;
pub mod stopwords;
pub mod tense;
pub mod tokenize;
pub mod whole;
mod wordset;

pub use analyzer::{
    analyze, query_terms, scan_terms, scan_wanted, AnalyzedToken, ArabicStemTokenizer, ArabicSurfaceTokenizer,
    STEM_ANALYZER, SURFACE_ANALYZER,
};
pub use chunks::ChunkFilter;
pub use fold::{fold, normalize_and_fold};
pub use normalize::normalize;
pub use sieve::StemSieve;
pub use stem::{spelling_variants, stem};
pub use stopwords::{is_stop_token, is_stopword};
pub use tense::past_stems;
pub use tokenize::{tokenize, Scanner, Span, Token, TokenKind};
