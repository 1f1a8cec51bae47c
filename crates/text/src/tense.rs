//! Query expansion from the present tense to the past.
//!
//! Headlines put verbs in the present (`يوقع`, `تطرح`, `سيغلق`) where the article's own text
//! tells the same event in the past (`وقع`, `طرحت`, `أغلق`). The stemmer cannot join these
//! forms: `ي` and `ت` also begin many nouns (`تقرير`, `يمن`), so removing them from every word
//! would merge unrelated words. A query can afford to try them instead: [`past_stems`] gives the
//! stems the past forms of a present-tense stem would have, to be looked for beside the word
//! itself (at a lower weight). A guess that is not a verb mostly names no indexed word and so
//! finds nothing.
//!
//! Rules, on a stem (clitics and suffixes already removed, see [`crate::stem()`]):
//! 1. a future prefix `س` before `ي`/`ت` goes with it (`سيغلق` → `غلق`);
//! 2. the present prefix `ي` or `ت` is removed if at least [`MIN_REST`] letters remain;
//! 3. the past stems are the rest (`وقع`), the rest with the feminine `ت` (`طرحت`), and both
//!    again with the `ا` of measure IV and of measures VII–X (`اغلق`, `استهدف`).

use crate::stem::stem;

/// Letters that must remain once the present prefix is removed.
pub const MIN_REST: usize = 3;

/// Present-tense prefixes, longest first (first match wins).
pub const PRESENT_PREFIXES: &[&str] = &["سي", "ست", "ي", "ت"];

/// Stems of the past-tense forms a present-tense verb stem may stand for (empty if `stem` does not
/// look like one). The stem itself is never among them.
pub fn past_stems(present: &str) -> Vec<String> {
    let Some(rest) = PRESENT_PREFIXES
        .iter()
        .find_map(|p| present.strip_prefix(p))
        .filter(|rest| rest.chars().count() >= MIN_REST)
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::with_capacity(5);
    let measure_v = present.starts_with('ت').then(|| format!("{present}ت"));
    let forms = [
        rest.to_string(),
        format!("{rest}ت"),
        format!("ا{rest}"),
        format!("ا{rest}ت"),
    ];
    for form in forms.into_iter().chain(measure_v) {
        let s = stem(&form).into_owned();
        if s != present && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::normalize_and_fold;

    /// The stem of `word` as the index sees it.
    fn st(word: &str) -> String {
        stem(&normalize_and_fold(word)).into_owned()
    }

    fn finds(present: &str, past: &str) -> bool {
        past_stems(&st(present)).contains(&st(past))
    }

    #[test]
    fn present_finds_past() {
        assert!(finds("يوقع", "وقع"));
        assert!(finds("ويخسر", "خسر"));
        assert!(finds("تطرح", "طرحت"));
        assert!(finds("يغلق", "أغلق"));
        assert!(finds("تستهدف", "استهدف"));
        assert!(finds("يعلن", "أعلنت"));
        assert!(finds("تسلم", "تسلمت"));
        assert!(finds("تراجع", "تراجعت"));
    }

    #[test]
    fn future_prefix_goes_with_the_present_one() {
        assert!(finds("سيغلق", "أغلق"));
        assert!(finds("ستطرح", "طرحت"));
    }

    #[test]
    fn short_words_and_other_letters_give_nothing() {
        assert!(past_stems(&st("يمن")).is_empty());
        assert!(past_stems(&st("تلك")).is_empty());
        assert!(past_stems(&st("الرئيس")).is_empty());
        assert!(past_stems(&st("مدرسة")).is_empty());
    }

    #[test]
    fn never_the_word_itself() {
        for w in ["يوقع", "تطرح", "سيغلق", "تقرير", "تت"] {
            let s = st(w);
            assert!(!past_stems(&s).contains(&s), "{w}");
        }
    }
}
