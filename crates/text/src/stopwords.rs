//! Arabic stop words: prepositions, conjunctions, pronouns, demonstratives, relatives and common
//! particles and auxiliaries.
//!
//! The list ([`RAW_STOPWORDS`]) is written in ordinary spelling and folded once, on first use, into
//! a hash set, so it always agrees with the current folding rules.
//! Lookups take the *folded* surface form (not the stem).

use std::sync::OnceLock;

use crate::fold::normalize_and_fold;
use crate::wordset::WordSet;

/// The stop words as written (folded on first use).
pub const RAW_STOPWORDS: &[&str] = &[
    // Single letters left by tatweel or spacing (`لـ «...»`).
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
    "ال",
    // Prepositions and adverbs of place/time.
    "من",
    "إلى",
    "الى",
    "عن",
    "على",
    "في",
    "مع",
    "منذ",
    "حتى",
    "خلال",
    "بين",
    "عند",
    "لدى",
    "حول",
    "ضد",
    "نحو",
    "تحت",
    "فوق",
    "بعد",
    "قبل",
    "دون",
    "عبر",
    "أمام",
    "بدون",
    "ضمن",
    "لدي",
    "لديه",
    "لديها",
    "لديهم",
    "إثر",
    "عقب",
    "لدن",
    // Prepositions with pronouns.
    "به",
    "بها",
    "بهم",
    "بهما",
    "له",
    "لها",
    "لهم",
    "لهما",
    "لنا",
    "لي",
    "لك",
    "فيه",
    "فيها",
    "فيهم",
    "منه",
    "منها",
    "منهم",
    "منهما",
    "عنه",
    "عنها",
    "عنهم",
    "عليه",
    "عليها",
    "عليهم",
    "إليه",
    "إليها",
    "إليهم",
    "معه",
    "معها",
    "معهم",
    "بينها",
    "بينهم",
    "بينهما",
    "عندها",
    // Conjunctions and particles.
    "ثم",
    "أو",
    "أم",
    "بل",
    "لكن",
    "لكنه",
    "لكنها",
    "إن",
    "أن",
    "إنه",
    "أنه",
    "إنها",
    "أنها",
    "إنهم",
    "أنهم",
    "أنا",
    "لأن",
    "بأن",
    "كأن",
    "كي",
    "لكي",
    "حيث",
    "إذ",
    "إذا",
    "لو",
    "لولا",
    "قد",
    "لقد",
    "لم",
    "لن",
    "لا",
    "ما",
    "ليس",
    "ليست",
    "هل",
    "كما",
    "مثل",
    "سوى",
    "غير",
    "إلا",
    "ألا",
    "أي",
    "أية",
    "أيضا",
    "أيضاً",
    "كل",
    "كلا",
    "بعض",
    "جميع",
    "عدة",
    "إما",
    "أما",
    "إنما",
    "بما",
    "مما",
    "عما",
    "فيما",
    "كلما",
    "لما",
    "بينما",
    "عندما",
    "حين",
    "حينما",
    "حيثما",
    "كذلك",
    "لذلك",
    "وفق",
    "وفقا",
    "يا",
    "سوف",
    "ربما",
    "فقط",
    "جدا",
    "نحن",
    "أنت",
    "أنتم",
    // Pronouns.
    "هو",
    "هي",
    "هم",
    "هما",
    "هن",
    // Demonstratives and relatives.
    "هذا",
    "هذه",
    "هذان",
    "هاتان",
    "هؤلاء",
    "ذلك",
    "تلك",
    "ذاك",
    "أولئك",
    "هنا",
    "هناك",
    "هنالك",
    "الذي",
    "التي",
    "الذين",
    "اللذان",
    "اللتان",
    "اللذين",
    "اللتين",
    "اللواتي",
    "اللاتي",
    // Interrogatives.
    "ماذا",
    "متى",
    "أين",
    "كيف",
    "لماذا",
    "كم",
    // Auxiliaries.
    "كان",
    "كانت",
    "كانوا",
    "يكون",
    "تكون",
    "يكن",
    "تكن",
    "أصبح",
    "أصبحت",
    "ظل",
    "مازال",
    "لازال",
];

fn table() -> &'static WordSet {
    static TABLE: OnceLock<WordSet> = OnceLock::new();
    TABLE.get_or_init(|| WordSet::new(RAW_STOPWORDS.iter().map(|w| normalize_and_fold(w))))
}

/// True if the folded word is a stop word.
#[inline]
pub fn is_stopword(folded: &str) -> bool {
    // Stop words are short: skip the search for long tokens.
    folded.len() <= 16 && table().contains(folded)
}

/// True if the folded token is a stop word, possibly behind the conjunction `و` or `ف`
/// (`وفي`, `فإن`, `ولكن`).
#[inline]
pub fn is_stop_token(folded: &str) -> bool {
    is_stopword(folded)
        || ["و", "ف"].iter().any(|c| {
            folded
                .strip_prefix(c)
                .is_some_and(|rest| rest != "لي" && is_stopword(rest))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_function_words() {
        for w in ["في", "من", "الي", "علي", "ان", "هذه", "التي", "الذي", "كان", "و"] {
            assert!(is_stopword(w), "{w}");
        }
    }

    #[test]
    fn content_words_are_not_stop_words() {
        for w in ["رءيس", "قال", "بوتين", "عام", "يوم", "قمه"] {
            assert!(!is_stopword(w), "{w}");
        }
    }

    #[test]
    fn conjunction_forms() {
        assert!(is_stop_token("وفي"));
        assert!(is_stop_token("فان"));
        assert!(is_stop_token("ولكن"));
        assert!(!is_stop_token("وزير"));
        assert!(!is_stop_token("وقال"));
    }

    #[test]
    fn table_is_folded_and_sorted() {
        let t = table().words();
        assert!(t.iter().all(|w| crate::fold(w) == w.as_str()));
        assert!(t.len() > 150);
    }
}
