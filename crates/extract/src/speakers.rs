//! Speaker mentions: splitting role from name, and keys that reconcile mentions across articles.
//!
//! A mention such as `المتحدث باسم الكرملين ديمتري بيسكوف` is a *role* then a *name*; `خالد الغبان
//! الناطق الرسمي لشرطة تبوك` is a name then a role; `رئيس مجلس محافظة الأنبار، صباح كرحوت` puts
//! them in apposition. Rules, on folded words:
//! 1. leading honorifics and ranks (`المقدم`, `الدكتور`, `الشيخ`, `معالي`) are dropped;
//! 2. with a comma, the segment holding a role word is the role and another segment the name;
//! 3. a mention opening with a role word (`وزير`, `المتحدث`, `رئيس` ... see [`ROLE_WORDS`]) is a
//!    role until the first word that follows a definite word (`ال…`) without being definite, a
//!    preposition, or a `ب`/`ل`-prefixed noun in construct (`بمكتب النائب`): there the name
//!    starts (`…الكرملين | ديمتري`);
//! 4. otherwise the name runs until the first role word (`خالد الغبان | الناطق …`);
//! 5. no role word: the whole mention is the name (`الكرملين`, `مصدر في وزارة الخارجية`).
//!
//! [`speaker_key`] folds the name (or the role when there is no name) so `بيسكوف`/`بيسكوف` spelt
//! with different hamza or yeh forms meet; [`same_speaker`] then matches a surname against a
//! full name (`بيسكوف` ~ `ديمتري بيسكوف`).

use crate::token::{fold_key, Tokens};
use crate::wordhash::WordSet;
use std::sync::OnceLock;

/// Head words of roles and titles (matched folded, with or without `ال`).
#[rustfmt::skip]
pub const ROLE_WORDS: &[&str] = &["وزير", "وزيرة", "رئيس", "رئيسة", "متحدث", "متحدثة", "ناطق", "ناطقة",
    "مدير", "مديرة", "عضو", "عضوة", "مستشار", "مستشارة", "أمين", "عميد", "عميدة", "محلل", "محللة", "سفير",
    "نائب", "نائبة", "قائد", "ممثل", "منسق", "مشرف", "سكرتير", "مبعوث", "موفد", "محافظ", "مسؤول",
    "مساعد", "وكيل", "خبير", "أستاذ", "مؤسس", "مندوب", "محامي", "زعيم", "مستثمر", "مفتي", "باحث",
    "مراسل", "كاتب", "المفوض", "مفوض", "قائدة", "نقيب", "عمدة", "رئيسه", "حاكم", "شقيق", "أخصائي",
    "أخصائية", "مشرفة", "طبيب", "طبيبة", "استشاري", "استشارية", "معلم", "معلمة", "مستشارة",
    "شقيقة", "شقيقته", "شقيقه", "أحد", "إحدى", "مدرب", "لاعب", "مخرج", "المخرج", "الفنان", "الفنانة"];

/// Honorifics and ranks dropped from the front of a mention.
#[rustfmt::skip]
pub const TITLES: &[&str] = &["المقدم", "اللواء", "العميد", "العقيد", "الدكتور", "الدكتورة", "د", "الشيخ",
    "الأمير", "المهندس", "الأستاذ", "السيد", "السيدة", "الفريق", "النقيب", "الرائد", "سمو", "معالي",
    "فضيلة", "سعادة", "العقيد", "الملازم", "المشير", "الأستاذة", "م"];

const PREPS: &[&str] = &["في", "لدى", "باسم", "عن", "من", "على", "الى", "مع", "ب", "ل"];

struct Lists {
    roles: WordSet,
    titles: WordSet,
    preps: WordSet,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let set = |l: &[&str]| l.iter().map(|w| fold_key(w)).collect();
        Lists {
            roles: set(ROLE_WORDS),
            titles: set(TITLES),
            preps: set(PREPS),
        }
    })
}

/// True when the folded word is a role head (`وزير`, `المتحدث`).
pub fn is_role_word(key: &str) -> bool {
    let l = lists();
    l.roles.contains(key) || key.strip_prefix("ال").is_some_and(|k| l.roles.contains(k))
}

/// A mention split into name and role; both are substrings of the mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SpeakerParts<'a> {
    /// The name (`ديمتري بيسكوف`), if the mention has one.
    pub name: Option<&'a str>,
    /// The role or title (`المتحدث باسم الكرملين`), if any.
    pub role: Option<&'a str>,
}

impl<'a> SpeakerParts<'a> {
    /// The shortest span naming the speaker: the name, else the role, else `None`.
    pub fn speaker(&self) -> Option<&'a str> {
        self.name.or(self.role)
    }
}

/// Splits a speaker mention into name and role (rules in the module docs).
pub fn split_speaker(mention: &str) -> SpeakerParts<'_> {
    let t = Tokens::new(mention);
    let words: Vec<usize> = (0..t.len()).filter(|&i| t.is_word(i)).collect();
    let first = words
        .iter()
        .position(|&i| !lists().titles.contains(t.key(i)))
        .unwrap_or(words.len());
    let words = &words[first..];
    if words.is_empty() {
        return SpeakerParts::default();
    }
    let segments = comma_segments(&t, words);
    if segments.len() > 1 {
        let role = segments.iter().position(|s| is_role_word(t.key(s[0])));
        if let Some(r) = role {
            let n = if r == 0 { 1 } else { 0 };
            return SpeakerParts {
                name: Some(span(&t, segments[n])),
                role: Some(span(&t, segments[r])),
            };
        }
    }
    split_words(&t, words)
}

fn comma_segments<'w>(t: &Tokens, words: &'w [usize]) -> Vec<&'w [usize]> {
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..words.len() {
        if (words[k - 1] + 1..words[k]).any(|p| t.is_comma(p)) {
            out.push(&words[start..k]);
            start = k;
        }
    }
    out.push(&words[start..]);
    out
}

fn span<'a>(t: &Tokens<'a>, words: &[usize]) -> &'a str {
    t.slice(words[0], words[words.len() - 1] + 1)
}

fn split_words<'a>(t: &Tokens<'a>, w: &[usize]) -> SpeakerParts<'a> {
    let l = lists();
    let key = |k: usize| t.key(w[k]);
    let definite = |s: &str| s.starts_with("ال") || s.starts_with("لل") || s.starts_with("بال");
    if is_role_word(key(0)) {
        let start = (1..w.len()).find(|&k| {
            let (prev, cur) = (key(k - 1), key(k));
            let prefixed = cur.starts_with(['ب', 'ل']) && k + 1 < w.len() && definite(key(k + 1));
            definite(prev) && !l.preps.contains(prev) && !definite(cur) && !l.preps.contains(cur) && !prefixed
        });
        return match start {
            Some(s) => {
                let mut r = s;
                while r > 1 && l.titles.contains(key(r - 1)) {
                    r -= 1;
                }
                SpeakerParts {
                    name: Some(span(t, &w[s..])),
                    role: Some(span(t, &w[..r])),
                }
            }
            None => SpeakerParts {
                name: None,
                role: Some(span(t, w)),
            },
        };
    }
    match (1..w.len()).find(|&k| is_role_word(key(k))) {
        Some(r) => SpeakerParts {
            name: Some(span(t, &w[..r])),
            role: Some(span(t, &w[r..])),
        },
        None => SpeakerParts {
            name: Some(span(t, w)),
            role: None,
        },
    }
}

/// A canonical key for a mention: its name (else its role), titles dropped, folded, one space
/// between words. Mentions of one person spelt differently get the same key.
pub fn speaker_key(mention: &str) -> String {
    let parts = split_speaker(mention);
    let core = parts.speaker().unwrap_or(mention);
    let t = Tokens::new(core);
    let words: Vec<&str> = (0..t.len())
        .filter(|&i| t.is_word(i))
        .map(|i| t.key(i))
        .filter(|k| !k.is_empty())
        .collect();
    words.join(" ")
}

/// True when two keys from [`speaker_key`] may name the same speaker: equal, or one is a
/// word-aligned suffix of the other (a surname against a full name).
pub fn same_speaker(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long == short || long.ends_with(&format!(" {short}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(m: &str) -> (Option<&str>, Option<&str>) {
        let p = split_speaker(m);
        (p.name, p.role)
    }

    #[test]
    fn keys_have_one_space_between_words_whatever_stands_between_them() {
        // A tatweel or an invisible character standing alone is a word of
        // the mention with nothing left once folded.
        assert_eq!(speaker_key("ـ أصدقكم القول"), "اصدقكم القول");
        assert_eq!(speaker_key("المليك المفدى ـ أيضاً ـ"), "المليك المفدي ايضا");
        assert_eq!(speaker_key("\u{200B} وأول من"), "واول من");
    }

    #[test]
    fn role_then_name() {
        let m = "المتحدث باسم الكرملين ديمتري بيسكوف";
        assert_eq!(parts(m), (Some("ديمتري بيسكوف"), Some("المتحدث باسم الكرملين")));
        let m = "المتحدث الرسمي باسم وزارة الخارجية المصرية بدر عبدالعاطي";
        assert_eq!(parts(m).0, Some("بدر عبدالعاطي"));
        assert_eq!(parts("الرئيس الراحل كينيدي").0, Some("كينيدي"));
        let m = "المشرف العام على البرنامج الدكتور رائد شالوالة";
        assert_eq!(parts(m), (Some("رائد شالوالة"), Some("المشرف العام على البرنامج")));
    }

    #[test]
    fn name_then_role_and_titles() {
        let m = "المقدم خالد الغبان الناطق الرسمي لشرطة تبوك";
        assert_eq!(parts(m), (Some("خالد الغبان"), Some("الناطق الرسمي لشرطة تبوك")));
    }

    #[test]
    fn apposition_and_role_only() {
        let m = "رئيس مجلس محافظة الأنبار غرب العراق، صباح كرحوت";
        assert_eq!(
            parts(m),
            (Some("صباح كرحوت"), Some("رئيس مجلس محافظة الأنبار غرب العراق"))
        );
        assert_eq!(parts("الرئيس الأمريكي"), (None, Some("الرئيس الأمريكي")));
        assert_eq!(parts("مستشار بوتين للسياسة الخارجية").0, None);
    }

    #[test]
    fn bodies_and_sources_are_names() {
        assert_eq!(parts("الكرملين"), (Some("الكرملين"), None));
        assert_eq!(parts("مصدر في وزارة الخارجية").0, Some("مصدر في وزارة الخارجية"));
    }

    #[test]
    fn keys_reconcile_mentions() {
        let full = speaker_key("المتحدث باسم الكرملين ديمتري بيسكوف");
        assert_eq!(full, speaker_key("ديمتري بيسكوف"));
        assert!(same_speaker(&speaker_key("بيسكوف"), &full));
        assert!(!same_speaker(&speaker_key("بوتين"), &full));
        assert_eq!(speaker_key("الرئيس الروسى"), speaker_key("الرئيس الروسي"));
    }
}
