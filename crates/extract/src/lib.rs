//! Who said what in Arabic news: attributed statements, their speakers, and the dates in the text.
//!
//! ```
//! use marsad_extract::{extract_quotes, QuoteKind};
//!
//! let text = "أكد الكرملين، اليوم الأربعاء، أن روسيا ستدرس الاقتراح.\n\
//!             وقال المتحدث باسم الكرملين ديمتري بيسكوف، وفقا لقناة العربية الإخبارية، \
//!             إنه \"من المبكر التحدث عن هذا اللقاء\".\nوأضاف أن الاقتراح جديد.";
//! let quotes = extract_quotes(text, Some("2021-04-14"));
//! assert_eq!(quotes.len(), 3);
//!
//! assert_eq!(quotes[0].speaker.as_deref(), Some("الكرملين"));
//! assert_eq!(quotes[0].text, "روسيا ستدرس الاقتراح");
//! assert_eq!(quotes[0].date.as_deref(), Some("2021-04-14"));
//!
//! let peskov = &quotes[1];
//! assert_eq!(peskov.speaker.as_deref(), Some("ديمتري بيسكوف"));
//! assert_eq!(peskov.role.as_deref(), Some("المتحدث باسم الكرملين"));
//! assert_eq!(peskov.via.as_deref(), Some("قناة العربية الإخبارية"));
//! assert_eq!(peskov.kind, QuoteKind::Direct);
//! assert_eq!(&text[peskov.span.start..peskov.span.end], "من المبكر التحدث عن هذا اللقاء");
//!
//! // "وأضاف" has no stated subject: it continues the last speaker.
//! assert!(quotes[2].implicit);
//! assert_eq!(quotes[2].speaker.as_deref(), Some("ديمتري بيسكوف"));
//! ```
//!
//! The stages, in the order text flows through them (one file each):
//! 1. `token` — words and marks with byte offsets and folded keys (via `marsad_text`);
//! 2. `marks` — pairing quotation marks, balanced or not;
//! 3. [`verbs`] — the reporting-verb lexicon (a documented table);
//! 4. `attribution` (with its word lists in `words`) — subject, via and content start around
//!    a cue;
//! 5. `content` — where the statement ends, direct or indirect;
//! 6. `quotes` and `headline` — the extraction pass, pronoun and implicit-subject resolution,
//!    relays, headline attributions (`الكرملين: ...`);
//! 7. [`speakers`] — role/name split and keys for reconciling speakers across articles;
//! 8. [`dates`], [`hijri`], [`civil`] — Hijri, Gregorian and relative dates, attached to the
//!    statements they date;
//! 9. [`quote`] — the output type and the gold JSONL format of `eval/quotes/SPEC.md`.
//!
//! No I/O: everything takes text and returns values.
#![deny(missing_docs)]

mod attribution;
pub mod civil;
mod content;
pub mod dates;
mod error;
mod headline;
pub mod hijri;
mod marks;
pub mod quote;
mod quotes;
mod resolve;
pub mod speakers;
mod token;
pub mod verbs;
mod wordhash;
mod words;

pub use civil::CivilDate;
pub use dates::{find_dates, DateKind, DateMention};
pub use error::{Error, Result};
pub use quote::{gold_line, parse_gold_line, GoldLine, GoldQuote, Quote, QuoteKind, Span};
pub use speakers::{same_speaker, speaker_key, split_speaker, SpeakerParts};

/// Extracts every attributed statement of `text` (rules in `eval/quotes/SPEC.md` and the module
/// docs), in text order. `published` (ISO `YYYY-MM-DD`, a time may follow) resolves relative days
/// (`اليوم الأربعاء`, `أمس`) that date a statement's attribution; without it, only absolute
/// dates are attached. Spans are byte offsets into `text`, on `char` boundaries.
pub fn extract_quotes(text: &str, published: Option<&str>) -> Vec<Quote> {
    let tokens = token::Tokens::new(text);
    let cands = quotes::find(&tokens);
    let pubd = published.and_then(|p| CivilDate::parse_iso(p).ok());
    cands
        .into_iter()
        .map(|c| {
            let mut q = c.quote;
            let attribution = Span {
                start: c.attr_start_byte,
                end: c.content.start,
            };
            q.date = dates::first_within(&tokens, pubd, attribution);
            q
        })
        .collect()
}
