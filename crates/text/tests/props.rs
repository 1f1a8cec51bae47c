//! Property tests: idempotence, span invariants and robustness on arbitrary text.

use marsad_text::{fold, normalize, normalize_and_fold, query_terms, stem, tokenize};
use marsad_text::{ArabicStemTokenizer, ArabicSurfaceTokenizer};
use proptest::prelude::*;
use tantivy_tokenizer_api::{TokenStream, Tokenizer};

/// Strings mixing Arabic (incl. diacritics, presentation forms, digits), Latin, controls, spaces.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[\u{0600}-\u{06FF}]{1,8}",
        "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}]{1,3}",
        "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{00A0}\u{061C}]",
        "[a-zA-Z0-9]{1,6}",
        "[ .,;!?«»\n]{1,2}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn normalize_is_idempotent(s in text()) {
        let once = normalize(&s).into_owned();
        prop_assert_eq!(normalize(&once), once.as_str());
    }

    #[test]
    fn fold_is_idempotent(s in text()) {
        let once = fold(&normalize(&s)).into_owned();
        prop_assert_eq!(fold(&once), once.as_str());
        prop_assert_eq!(normalize_and_fold(&s), once);
    }

    #[test]
    fn token_spans_are_valid(s in text()) {
        let tokens = tokenize(&s);
        let mut last_from = 0;
        for (i, t) in tokens.iter().enumerate() {
            prop_assert!(t.offset_from < t.offset_to && t.offset_to <= s.len());
            prop_assert!(s.is_char_boundary(t.offset_from) && s.is_char_boundary(t.offset_to));
            prop_assert!(t.offset_from >= last_from);
            prop_assert!(!t.text.is_empty());
            prop_assert_eq!(t.position, i);
            last_from = t.offset_from;
        }
    }

    #[test]
    fn token_text_is_folded_surface(s in "[\u{0621}-\u{0652} a-zA-Z0-9\u{0660}-\u{0669}\u{200C}]{0,40}") {
        for t in tokenize(&s) {
            prop_assert_eq!(normalize_and_fold(t.surface(&s)), t.text);
        }
    }

    #[test]
    fn stems_are_never_empty_or_longer(s in text()) {
        for t in tokenize(&s) {
            let st = stem(&t.text);
            prop_assert!(!st.is_empty() && st.chars().count() <= t.text.chars().count());
        }
    }

    #[test]
    fn tantivy_streams_keep_invariants(s in text()) {
        check_stream(&mut ArabicStemTokenizer, &s)?;
        check_stream(&mut ArabicSurfaceTokenizer, &s)?;
        let _ = query_terms(&s);
    }
}

fn check_stream<T: Tokenizer>(tokenizer: &mut T, s: &str) -> Result<(), TestCaseError> {
    let mut stream = tokenizer.token_stream(s);
    let mut last: Option<(usize, usize)> = None;
    while stream.advance() {
        let t = stream.token();
        prop_assert!(t.offset_from < t.offset_to && t.offset_to <= s.len());
        prop_assert!(s.is_char_boundary(t.offset_from) && s.is_char_boundary(t.offset_to));
        if let Some((pos, from)) = last {
            prop_assert!(t.position > pos && t.offset_from >= from);
        }
        prop_assert!(!t.text.is_empty());
        last = Some((t.position, t.offset_from));
    }
    Ok(())
}
