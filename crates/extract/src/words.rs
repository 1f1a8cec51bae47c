//! Word lists the attribution scanner consults, on folded keys: time words, adjunct heads,
//! skippable words, settings (`في بيان`), media, content introducers and object nouns.

use crate::token::{fold_key, Tokens};
use crate::wordhash::WordSet;
use std::sync::OnceLock;

/// Single time words: skipped, and they end a subject already started.
#[rustfmt::skip]
const TIME: &[&str] = &["اليوم", "أمس", "الأمس", "غدا", "يوم", "الليلة", "أول", "الأحد", "الإثنين", "الاثنين",
    "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "مؤخرا", "سابقا", "حاليا", "مساء", "صباح", "ظهر",
    "فجر", "ليل", "الأسبوع", "الشهر"];
/// Heads of adjunct phrases: everything after them, to the next comma, is skipped.
#[rustfmt::skip]
const ADJUNCT: &[&str] = &["قبل", "بعد", "عقب", "منذ", "خلال", "عبر", "أثناء", "إثر", "لدى", "الذي", "التي", "الذين", "اللذين", "حيث", "وذلك", "ردا",
    "تعليقا", "معلقا", "ضمن", "عندما", "حين", "حينما", "فيما", "بينما", "بعدما", "أمام", "رغم", "إذ"];
#[rustfmt::skip]
const SKIP: &[&str] = &["أيضا", "كذلك", "بدوره", "بدورها", "بدورهم", "قد", "لقد", "من", "جهته", "جهتها",
    "جانبه", "جانبها", "ناحيته", "ناحيتها", "جهتهم", "جانبهم", "هذا", "هذه", "ذلك", "مرارا", "مجددا",
    "صراحة", "فيه", "فيها", "له", "لها", "لهم", "لنا", "عليه", "عليها", "حديثه", "حديثها", "بقوله", "بقولها",
    "كلامه", "كلامها", "بالقول", "عن", "إلى", "مع",
    // Addressees of the reporting verb (`قال بيسكوف للصحفيين إن`): not part of the speaker.
    "للصحفيين", "للصحافيين", "للصحافة", "للإعلاميين", "للمراسلين", "للحاضرين", "للحضور"];
#[rustfmt::skip]
const SETTINGS: &[&str] = &["بيان", "تصريح", "تصريحات", "حديث", "مؤتمر", "كلمة", "لقاء", "مقابلة", "رسالة",
    "تغريدة", "اتصال", "ختام", "افتتاح", "حوار", "ندوة", "تقرير", "اجتماع", "جلسة", "تدوينة", "منشور",
    "خطاب", "إفادة", "معرض", "سياق", "تعليق", "ردها", "رده", "كلمته", "كلمتها", "حفل", "برنامج"];
#[rustfmt::skip]
const MEDIA: &[&str] = &["قناة", "صحيفة", "جريدة", "وكالة", "موقع", "تلفزيون", "التلفزيون", "إذاعة", "مجلة",
    "شبكة", "رويترز", "فرانس", "أسوشيتد", "وسائل", "الوكالة", "القناة", "الصحيفة", "سبوتنيك", "نشرة",
    "التلفزيون", "الإذاعة", "المجلة", "الموقع", "الشبكة", "وكالات", "صحف", "الصحف", "بي", "سي", "إن"];

pub(crate) struct Words {
    pub time: WordSet,
    pub adjunct: WordSet,
    pub skip: WordSet,
    pub settings: WordSet,
    pub media: WordSet,
}

pub(crate) fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let set = |l: &[&str]| l.iter().map(|w| fold_key(w)).collect();
        Words {
            time: set(TIME),
            adjunct: set(ADJUNCT),
            skip: set(SKIP),
            settings: set(SETTINGS),
            media: set(MEDIA),
        }
    })
}

/// True for `أن`/`إن`/`بأن`/`وأن` with or without a pronoun suffix (`أنه`, `إنها`, `بأنهم`).
pub(crate) fn is_introducer(key: &str) -> bool {
    let k = key.strip_prefix(['ب', 'و']).unwrap_or(key);
    let Some(rest) = k.strip_prefix("ان") else {
        return false;
    };
    matches!(rest, "" | "ه" | "ها" | "هم" | "هما" | "نا" | "ني" | "كم" | "هن")
}

/// True for a time word or the head of an adjunct that cannot belong to a speaker mention.
pub(crate) fn is_time_or_adjunct(key: &str) -> bool {
    let w = words();
    w.time.contains(key) || w.adjunct.contains(key)
}

/// True for the head word of a medium (`قناة`, `وكالة`, `رويترز`), with `ل`/`ال` removed.
pub(crate) fn is_medium(key: &str) -> bool {
    let w = words();
    w.media.contains(key) || key.strip_prefix("ال").is_some_and(|k| w.media.contains(k))
}

/// Verbal nouns that open an object clause after the subject (`أكدت وزارة العمل حرمان ...`).
#[rustfmt::skip]
const OBJECT_NOUNS: &[&str] = &["تعيين", "تسجيل", "حرمان", "صدور", "رفض", "موافقة", "أهمية", "ضرورة", "وجوب",
    "استعداد", "تمسك", "عدم", "إلغاء", "تأييد", "ترحيب", "اتخاذ", "إطلاق", "بدء", "انطلاق", "قبول", "فتح",
    "إنشاء", "إقامة", "اعتماد", "استمرار", "تشكيل", "إجراء", "إصدار", "مقتل", "وفاة", "نجاح", "فشل"];

/// An object after the subject: a verbal noun, or a noun with a possessive pronoun
/// (`موافقتها`, `رفضها`, `مسؤوليتها`) that no speaker mention ends with.
pub(crate) fn is_object(t: &Tokens, j: usize) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    let set = SET.get_or_init(|| OBJECT_NOUNS.iter().map(|w| fold_key(w)).collect());
    let surface = t.surface(j);
    let key = t.key(j);
    set.contains(key)
        || (surface.ends_with("ها") || surface.ends_with("هم") || surface.ends_with("هما"))
            && key.chars().count() > 4
            && !crate::speakers::is_role_word(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_match_folded_keys() {
        assert!(is_time_or_adjunct(&fold_key("الأربعاء")) && is_time_or_adjunct(&fold_key("خلال")));
        assert!(is_medium(&fold_key("قناة")) && is_medium(&fold_key("الوكالة")));
        assert!(!is_medium(&fold_key("الكرملين")));
        let t = Tokens::new("موافقتها عبدالله أهمية");
        assert!(is_object(&t, 0) && !is_object(&t, 1) && is_object(&t, 2));
    }
}
