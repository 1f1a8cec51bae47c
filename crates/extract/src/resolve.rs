//! Finding a speaker that is not right after its verb.
//!
//! - **Before the verb** (subject–verb order): after `أن`/`إن`, `لكن`, or at a line start, up to
//!   six words (`أن الكرملين أعلن`, `لكن الرئيس الأمريكي شدد`, `أن فرق التحقيق في الموقع
//!   رجحت`). A phrase opening with a preposition (`في نوفمبر تعهدت`) or holding a time word is
//!   not a subject.
//! - **Antecedent of a relative pronoun**: `من منسق اللجنة عبدالله العساف، الذي أوضح أن`.
//! - **Nearest described person**: a role word and the words after it (`قدم عميد القبول والتسجيل
//!   د. عبدالعزيز الصقر خلال الجولة شرحا، مؤكدا أن`), for implicit subjects with no earlier
//!   statement to continue.

use crate::speakers::is_role_word;
use crate::token::Tokens;
use crate::verbs::lookup;
use crate::words::{is_introducer, is_time_or_adjunct};

/// Folded words that open a clause: a subject before a verb starts after them.
const BOUNDARY: &[&str] = &["لكن", "ولكن", "بل", "ثم"];
/// Folded words that show the words before a verb are not its subject.
const NOT_SUBJECT: &[&str] = &[
    "في",
    "وفي",
    "من",
    "على",
    "الى",
    "عن",
    "مع",
    "بعد",
    "قبل",
    "كما",
    "وكما",
    "فيما",
    "بينما",
    "حيث",
    "قد",
    "وقد",
    "كان",
    "وكان",
    "و",
    "وعن",
    "وحول",
    "حول",
    "لقد",
    "ولقد",
];
const RELATIVE: &[&str] = &["الذي", "التي", "الذين", "اللذين", "اللتين"];

fn stops(key: &str) -> bool {
    is_introducer(key) || BOUNDARY.contains(&key) || lookup(key).is_some()
}

/// Up to six words right before the verb at `v`, after a clause boundary: an SVO subject.
pub(crate) fn subject_before(t: &Tokens, v: usize) -> Option<(usize, usize)> {
    if v > 0 && t.is_word(v - 1) && RELATIVE.contains(&t.key(v - 1)) {
        return antecedent(t, v - 1);
    }
    let mut k = v;
    while k > 0 && v - k < 6 && t.is_word(k - 1) && !stops(t.key(k - 1)) {
        k -= 1;
    }
    let first = t.key(k);
    if k < v && (NOT_SUBJECT.contains(&first) || is_time_or_adjunct(first)) {
        return None;
    }
    if (k..v).any(|x| is_time_or_adjunct(t.key(x))) {
        return None;
    }
    let at_boundary = k == 0
        || t.toks[k - 1].kind == crate::token::Kind::Newline
        || t.ends_sentence(k - 1)
        || (t.is_word(k - 1) && stops(t.key(k - 1)));
    (k < v && at_boundary).then_some((k, v))
}

/// The noun phrase before a relative pronoun at `r` (a comma may separate them).
fn antecedent(t: &Tokens, r: usize) -> Option<(usize, usize)> {
    let mut end = r;
    if end > 0 && t.is_comma(end - 1) {
        end -= 1;
    }
    let mut k = end;
    while k > 0 && end - k < 5 && t.is_word(k - 1) {
        let key = t.key(k - 1);
        if NOT_SUBJECT.contains(&key) || stops(key) || is_time_or_adjunct(key) {
            break;
        }
        k -= 1;
    }
    (k < end).then_some((k, end))
}

/// The nearest role-led phrase before token `v` within `window` tokens: a role word and up to ten
/// words after it, to an adjunct, comma or sentence end.
pub(crate) fn described_person(t: &Tokens, v: usize, window: usize) -> Option<(usize, usize)> {
    let from = v.saturating_sub(window);
    let start = (from..v).rev().find(|&k| t.is_word(k) && is_role_word(t.key(k)))?;
    let mut end = start + 1;
    while end < v && end < start + 10 {
        if !t.is_word(end) && t.punct(end) != Some('.') {
            break;
        }
        if t.is_word(end) {
            let key = t.key(end);
            if is_time_or_adjunct(key) || NOT_SUBJECT.contains(&key) && key != "في" || stops(key) {
                break;
            }
        }
        end += 1;
    }
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn before(text: &str, verb: &str) -> Option<String> {
        let t = Tokens::new(text);
        let v = (0..t.len()).find(|&i| t.surface(i) == verb).unwrap();
        subject_before(&t, v).map(|(a, b)| t.slice(a, b).to_string())
    }

    #[test]
    fn svo_subjects_after_boundaries() {
        assert_eq!(
            before("ذكرت وسائل، أن الكرملين أعلن أمس أن", "أعلن").as_deref(),
            Some("الكرملين")
        );
        assert_eq!(
            before("لكن الرئيس الأمريكي شدد على", "شدد").as_deref(),
            Some("الرئيس الأمريكي")
        );
        assert_eq!(before("وفي نوفمبر تشرين الثاني تعهدت السعودية", "تعهدت"), None);
        assert_eq!(before("وفي سياق آخر، قال مصدر", "قال"), None);
    }

    #[test]
    fn relative_pronoun_takes_its_antecedent() {
        let text = "واستمعوا إلى شرح من منسق اللجنة عبدالله العساف، الذي أوضح أن";
        assert_eq!(before(text, "أوضح").as_deref(), Some("منسق اللجنة عبدالله العساف"));
    }

    #[test]
    fn nearest_described_person() {
        let text = "وقدم عميد القبول والتسجيل د. عبدالعزيز الصقر خلال الجولة شرحا، مؤكدا أن";
        let t = Tokens::new(text);
        let v = (0..t.len()).find(|&i| t.surface(i) == "مؤكدا").unwrap();
        let (a, b) = described_person(&t, v, 40).unwrap();
        assert_eq!(t.slice(a, b), "عميد القبول والتسجيل د. عبدالعزيز الصقر");
    }
}
