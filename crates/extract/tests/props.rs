//! Invariants on arbitrary input: no panic, spans in bounds, on char boundaries, equal to the text.

use marsad_extract::{extract_quotes, find_dates, split_speaker};
use proptest::prelude::*;

/// Arabic-heavy strings built from cue words, marks, punctuation and random characters.
fn arabic_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "قال",
        "وقال",
        "وأضاف",
        "أكد",
        "مؤكدا",
        "بحسب",
        "وفقا لقناة",
        "أن",
        "إن",
        "الكرملين",
        "المتحدث باسم",
        "ديمتري بيسكوف",
        "«",
        "»",
        "\"",
        "“",
        "”",
        ":",
        "،",
        ".",
        "\n",
        " ",
        "اليوم",
        "أمس",
        "الثلاثاء",
        "26",
        "شوال",
        "1436",
        "هـ",
        "د.",
        "2.8",
        "٢٫٥",
        "٫",
        "3,",
        "٣",
        "لـ",
        "الذي",
        "عن",
        "ـ",
        "\u{064E}",
        "é",
        "😀",
    ]);
    (prop::collection::vec(pieces, 0..60), any::<String>()).prop_map(|(v, noise)| {
        let mut s = v.concat();
        s.push_str(&noise);
        s
    })
}

proptest! {
    #[test]
    fn spans_stay_in_bounds_on_char_boundaries(text in arabic_text(), date in prop::option::of("20[0-9]{2}-0[1-9]-1[0-9]")) {
        for q in extract_quotes(&text, date.as_deref()) {
            prop_assert!(q.span.start <= q.span.end && q.span.end <= text.len());
            prop_assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
            prop_assert_eq!(&text[q.span.start..q.span.end], q.text.as_str());
        }
        for d in find_dates(&text, date.as_deref()) {
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let _ = extract_quotes(&text, Some("2021-04-14"));
        let _ = split_speaker(&text);
    }
}
