//! The reporting-verb lexicon: which words introduce a statement, and how.
//!
//! Each row of [`VERBS`] gives a verb's perfect (3rd person masculine singular), its imperfect,
//! its active participle in the accusative (`مؤكدا` — the circumstantial form that continues the
//! previous speaker's statement), the prepositions that may introduce its content (`أشار إلى`,
//! `أعرب عن`, `شدد على`; `ب` is a prefix: `تعهد بالإبقاء`), and irregular forms. From each row
//! the table generates, on folded keys:
//!
//! | form | generated | example |
//! | --- | --- | --- |
//! | perfect | base, +ت, +وا, +ا, +تا | `أكد أكدت أكدوا أكدا` |
//! | imperfect | ي…, ت…, +ون, +ان | `يؤكد تؤكد يؤكدون` |
//! | participle | stem +ا/ة/ين/ات (tanween folds away: `مؤكداً`) | `مؤكدا مؤكدة مؤكدين` |
//!
//! Words are looked up with their clitics removed: `و`/`ف` (`وأضاف`, `فقال`) and `ل` before
//! imperfects (`لتؤكد`). [`SOURCES`] lists the attribution phrases whose speaker *follows* them
//! (`بحسب البيت الأبيض`, `وفقا لقناة العربية`, `نقلا عن`). Verbs marked weak are also common
//! non-reporting words (`بين` "between", `زاد` "increased", `تابع` "followed", `نقل`
//! "transport") and count only with a `و`/`ف` prefix; so do all imperfects (`يذكر`/`يبلغ` are
//! mostly impersonal: "it is mentioned", "amounts to"), which also take `ل` (`لتؤكد`).

use crate::token::fold_key;
use crate::wordhash::WordMap;
use std::sync::OnceLock;

/// One reporting verb: `(perfect, imperfect, participle, prepositions, extra forms, weak)`.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

/// The lexicon (see the module docs for how each row expands).
#[rustfmt::skip]
pub const VERBS: &[Row] = &[
    ("قال", "يقول", "قائلا", "", "قالوا", false),
    ("أكد", "يؤكد", "مؤكدا", "على", "", false),
    ("أعلن", "يعلن", "معلنا", "عن", "", false),
    ("أضاف", "يضيف", "مضيفا", "", "", false),
    ("أوضح", "يوضح", "موضحا", "", "", false),
    ("أشار", "يشير", "مشيرا", "إلى", "", false),
    ("ذكر", "", "", "", "", false),
    ("شدد", "يشدد", "مشددا", "على", "", false),
    ("صرح", "يصرح", "مصرحا", "", "", false),
    ("دعا", "يدعو", "داعيا", "إلى", "دعت دعوا", false),
    ("أعرب", "يعرب", "معربا", "عن", "", false),
    ("لفت", "يلفت", "لافتا", "إلى", "", false),
    ("بين", "يبين", "مبينا", "", "", true),
    ("أبان", "", "", "", "", false),
    ("أفاد", "يفيد", "مفيدا", "", "", false),
    ("كشف", "يكشف", "كاشفا", "عن", "", false),
    ("نفى", "ينفي", "نافيا", "", "نفت نفوا", false),
    ("اعتبر", "", "معتبرا", "", "", false),
    ("رأى", "يرى", "", "", "رأت رأوا", false),
    ("توقع", "يتوقع", "متوقعا", "", "", false),
    ("تابع", "", "", "", "", true),
    ("زاد", "", "", "", "", true),
    ("أردف", "", "مردفا", "", "", false),
    ("استطرد", "", "", "", "", false),
    ("حذر", "يحذر", "محذرا", "من", "", false),
    ("طالب", "يطالب", "مطالبا", "ب", "", false),
    ("تعهد", "يتعهد", "متعهدا", "ب", "", false),
    ("أوصى", "يوصي", "موصيا", "ب", "أوصت", false),
    ("نوه", "ينوه", "منوها", "إلى", "", false),
    ("أبلغ", "", "", "", "أبلغه أبلغهم أبلغها", false),
    ("اعترف", "يعترف", "معترفا", "", "", false),
    ("زعم", "يزعم", "زاعما", "", "", false),
    ("ادعى", "", "", "", "ادعت", false),
    ("رجح", "يرجح", "مرجحا", "", "", false),
    ("علق", "", "", "على", "", false),
    ("وصف", "يصف", "واصفا", "ب", "", false),
    ("حث", "يحث", "حاثا", "على", "", false),
    ("أقر", "يقر", "مقرا", "", "", false),
    ("نقل", "", "ناقلا", "", "", true),
    ("أبدى", "", "", "", "أبدت", false),
    ("أفصح", "", "", "عن", "", false),
    ("نبه", "ينبه", "منبها", "إلى", "", false),
    ("أجاب", "", "", "", "", false),
    ("ختم", "", "", "", "اختتم اختتمت", false),
];

/// Attribution phrases whose speaker follows: `بحسب X`, `وفقا لـX`, `نقلا عن X`, `حسبما ذكرت X`.
pub const SOURCES: &[&str] = &["بحسب", "حسب", "حسبما", "وفقا", "طبقا", "نقلا", "بحسبما"];

/// How a cue word introduces a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A finite verb: its subject is stated next to it or implied.
    Finite,
    /// A circumstantial participle: continues the current speaker.
    Participle,
    /// An attribution phrase: the speaker follows it.
    Source,
}

/// A lexicon hit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cue {
    /// Which row of [`VERBS`] (unused for sources).
    pub row: usize,
    /// How it introduces a statement.
    pub form: Form,
    /// A weak verb (see the module docs): its content needs an explicit introducer.
    pub weak: bool,
}

impl Cue {
    /// The folded prepositions that may introduce this verb's content.
    pub fn preps(&self) -> &'static [String] {
        match self.form {
            Form::Source => &[],
            _ => &table().preps[self.row],
        }
    }

    /// True for `نقل`: its subject is a relay, the speaker follows `عن`.
    pub fn is_relay(&self) -> bool {
        self.form != Form::Source && VERBS[self.row].0 == "نقل"
    }
}

struct Table {
    forms: WordMap<Cue>,
    weak: WordMap<Cue>,
    preps: Vec<Vec<String>>,
    /// Which endings the keys of `forms` and `weak` have (see [`Endings`]).
    endings: Endings,
}

/// A bit per hashed last six bytes (three Arabic letters) of the table's
/// keys. [`lookup`] runs on every word of every article and tries up to four
/// hash maps per word; stripping a prefix keeps a word's ending, so one look
/// at this set turns away most words before any map is read. Keys shorter
/// than six bytes (`حث`) are kept aside and compared whole.
struct Endings {
    bits: [u64; ENDING_WORDS],
    short: Vec<String>,
}

/// Size of [`Endings`] in 64-bit words (4,096 bits).
const ENDING_WORDS: usize = 64;
/// Length of the endings [`Endings`] hashes, in bytes.
const ENDING: usize = 6;

impl Endings {
    fn bit(key: &str) -> Option<usize> {
        let b = key.as_bytes();
        let mut w = [0u8; 8];
        w[..ENDING].copy_from_slice(b.get(b.len().checked_sub(ENDING)?..)?);
        let h = u64::from_le_bytes(w).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52;
        Some(h as usize % (ENDING_WORDS * 64))
    }

    fn add(&mut self, key: &str) {
        match Self::bit(key) {
            Some(bit) => self.bits[bit / 64] |= 1 << (bit % 64),
            None => self.short.push(key.to_string()),
        }
    }

    fn may_end(&self, key: &str) -> bool {
        Self::bit(key).is_some_and(|bit| self.bits[bit / 64] & (1 << (bit % 64)) != 0)
            || self.short.iter().any(|s| key.ends_with(s.as_str()))
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

fn build() -> Table {
    let mut t = Table {
        forms: WordMap::default(),
        weak: WordMap::default(),
        preps: Vec::new(),
        endings: Endings {
            bits: [0; ENDING_WORDS],
            short: Vec::new(),
        },
    };
    for (row, &(perfect, imperfect, participle, preps, extra, weak)) in VERBS.iter().enumerate() {
        let finite = Cue {
            row,
            form: Form::Finite,
            weak,
        };
        let map = if weak { &mut t.weak } else { &mut t.forms };
        for suffix in ["", "ت", "وا", "ا", "تا"] {
            map.insert(fold_key(&format!("{perfect}{suffix}")), finite);
        }
        for form in extra.split_whitespace() {
            map.insert(fold_key(form), finite);
        }
        if let Some(stem) = imperfect.strip_prefix('ي') {
            for form in [format!("ي{stem}"), format!("ت{stem}"), format!("ي{stem}ون")] {
                t.weak.insert(fold_key(&form), finite);
            }
        }
        if let Some(stem) = participle.strip_suffix('ا') {
            let part = Cue {
                row,
                form: Form::Participle,
                weak: false,
            };
            for suffix in ["ا", "ة", "ين", "ات"] {
                t.forms.insert(fold_key(&format!("{stem}{suffix}")), part);
            }
        }
        t.preps.push(preps.split_whitespace().map(fold_key).collect());
    }
    for s in SOURCES {
        t.forms.insert(
            fold_key(s),
            Cue {
                row: 0,
                form: Form::Source,
                weak: false,
            },
        );
    }
    for key in t.forms.keys().chain(t.weak.keys()) {
        t.endings.add(key);
    }
    t
}

/// Looks up a folded word, removing a leading `و`/`ف` and a `ل` before imperfects. Weak verbs
/// and imperfects match only with a prefix; participles only without one (`ومطالبة` is a noun).
pub(crate) fn lookup(key: &str) -> Option<Cue> {
    let t = table();
    if !t.endings.may_end(key) {
        return None;
    }
    lookup_in_maps(t, key)
}

/// [`lookup`] without its first test of the word's ending.
fn lookup_in_maps(t: &Table, key: &str) -> Option<Cue> {
    if let Some(c) = t.forms.get(key) {
        return Some(*c);
    }
    if let Some(rest) = key.strip_prefix('ل') {
        return t.weak.get(rest).filter(|c| c.form == Form::Finite).copied();
    }
    let rest = key.strip_prefix('و').or_else(|| key.strip_prefix('ف'))?;
    if let Some(c) = t.weak.get(rest) {
        return Some(*c);
    }
    if let Some(c) = t.forms.get(rest).filter(|c| c.form != Form::Participle) {
        return Some(*c);
    }
    let rest = rest.strip_prefix('ل')?;
    t.weak.get(rest).filter(|c| c.form == Form::Finite).copied()
}

/// Looks up a word after a relative pronoun (`الذي بين أن`), where weak verbs count too.
pub(crate) fn lookup_after_relative(key: &str) -> Option<Cue> {
    lookup(key).or_else(|| table().weak.get(key).copied())
}

/// True when the folded `key` has a `و`/`ف` conjunction prefix (sentence-initial verb).
pub(crate) fn has_conjunction(key: &str) -> bool {
    (key.starts_with('و') || key.starts_with('ف')) && !table().forms.contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ending_test_turns_away_no_reporting_form() {
        let t = table();
        let keys: Vec<&String> = t.forms.keys().chain(t.weak.keys()).collect();
        let mut found = 0;
        for key in keys {
            for prefix in ["", "و", "ف", "ل", "ول", "فل"] {
                let word = format!("{prefix}{key}");
                let full = lookup_in_maps(t, &word).map(|c| (c.row, c.form, c.weak));
                assert_eq!(lookup(&word).map(|c| (c.row, c.form, c.weak)), full, "{word}");
                found += usize::from(full.is_some());
            }
        }
        assert!(found > 500, "{found}");
        let turned_away = ["الذين", "والحكومة", "مشروع", "في", "السعودية", "لها"]
            .iter()
            .filter(|w| !t.endings.may_end(&fold_key(w)))
            .count();
        assert!(turned_away >= 4, "{turned_away}");
    }

    fn form(word: &str) -> Option<Form> {
        lookup(&fold_key(word)).map(|c| c.form)
    }

    #[test]
    fn inflected_forms_are_finite() {
        for w in [
            "قال",
            "وقالت",
            "فقالوا",
            "أكدت",
            "وأضاف",
            "ويقول",
            "وتقول",
            "لتؤكد",
            "ونفت",
        ] {
            assert_eq!(form(w), Some(Form::Finite), "{w}");
        }
    }

    #[test]
    fn participles_continue_the_speaker() {
        for w in ["مؤكدا", "مؤكداً", "مشيرةً", "لافتاً", "مضيفا", "مشيرين", "داعيا", "مبيناً"]
        {
            assert_eq!(form(w), Some(Form::Participle), "{w}");
        }
    }

    #[test]
    fn sources_and_non_cues() {
        assert_eq!(form("بحسب"), Some(Form::Source));
        assert_eq!(form("وفقاً"), Some(Form::Source));
        assert_eq!(form("الكرملين"), None);
        assert_eq!(form("بين"), None, "bare بين is a preposition");
        assert_eq!(form("وبين"), Some(Form::Finite));
        assert_eq!(form("مجددا"), None, "an adverb, not a participle");
        assert_eq!(form("يبلغ"), None, "an imperfect needs its conjunction");
        assert_eq!(form("نقل"), None);
        assert_eq!(form("ومطالبة"), None, "a conjoined participle is a noun");
    }

    #[test]
    fn prepositions_and_relays() {
        let c = lookup(&fold_key("وأشار")).unwrap();
        assert_eq!(c.preps(), &[fold_key("إلى")]);
        assert!(lookup(&fold_key("ونقلت")).unwrap().is_relay());
        assert_eq!(lookup(&fold_key("وتعهدت")).unwrap().preps(), &[fold_key("ب")]);
        assert!(has_conjunction(&fold_key("وأضاف")));
        assert!(!has_conjunction(&fold_key("وصف")), "و is the root's first letter");
    }
}
