//! Furniture patterns that hold across sources: mastheads, read-more links,
//! wire end markers and transmission times, e-mail protection leftovers,
//! share/comment widgets, newsletter prompts, separators and tag lists.
//! Contact footers (SMS, phones, addresses) live in [`crate::contact`].
//!
//! Every rule works on one line's fold and is deliberately narrow: a rule
//! that fires on body text costs more than furniture left in (removing real
//! text is the worse error). Long lines are never matched except by the
//! wire-marker rule.

use crate::contact;
use crate::label::Furniture;
use crate::line::{bare_words, has_digit, has_letters, is_invisible, LineInfo};

/// Masthead openings, folded.
const MASTHEADS: [&str; 6] = [
    "رئيس مجلس الاداره",
    "رئيس مجلسي الاداره",
    "رئيس التحرير",
    "رئيس مجلس التحرير",
    "نائب رئيس التحرير",
    "مدير التحرير",
];

/// Read-also openings, folded.
const READ_ALSO: [&str; 10] = [
    "مقالات اخري للكاتب",
    "المزيد من مقالات",
    "اقرا ايضا",
    "اقرا كذلك",
    "شاهد ايضا",
    "طالع ايضا",
    "اقرا المزيد",
    "اخبار ذات صله",
    "مواضيع ذات صله",
    "مقالات ذات صله",
];

/// Words of share/comment/navigation widgets, folded.
const WIDGET_WORDS: [&str; 34] = [
    "تعليقات",
    "التعليقات",
    "تعليق",
    "شارك",
    "مشاركه",
    "طباعه",
    "اطبع",
    "ارسل",
    "لصديق",
    "حفظ",
    "فيسبوك",
    "تويتر",
    "واتساب",
    "واتس",
    "اب",
    "google",
    "facebook",
    "twitter",
    "whatsapp",
    "tweet",
    "share",
    "like",
    "print",
    "email",
    "next",
    "previous",
    "السابق",
    "التالي",
    "linkedin",
    "telegram",
    "pinterest",
    "الخط",
    "حجم",
    "قراءات",
];

/// Tag-list openings, folded ("سمات" only counts on an article's last line,
/// see [`is_tag_list`]).
const TAGS: [&str; 4] = ["الوسوم", "كلمات دلاليه", "tags:", "وسوم:"];

/// The furniture a line is, by cross-source pattern, if any.
pub(crate) fn furniture(line: &LineInfo) -> Option<Furniture> {
    let f = line.folded.as_str();
    if f.is_empty() || line.text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Some(Furniture::Empty);
    }
    if is_wire_marker(f) {
        return Some(Furniture::WireEndMarker);
    }
    if is_transmission_time(f) {
        return Some(Furniture::TransmissionTime);
    }
    if line.words > 12 {
        return (line.words <= 40 && contact::is_long_sms(f)).then_some(Furniture::SmsFooter);
    }
    short_furniture(line).or_else(|| contact::footer(line))
}

/// Patterns checked only on short lines (at most 12 words).
fn short_furniture(line: &LineInfo) -> Option<Furniture> {
    let f = line.folded.as_str();
    if MASTHEADS.iter().any(|m| f.starts_with(m)) {
        return Some(Furniture::Masthead);
    }
    if is_read_more(f) && !line.ends_sentence() {
        return Some(Furniture::ReadMore);
    }
    if f.contains("email protected") || f.contains("email&#160;protected") {
        return Some(Furniture::EmailProtection);
    }
    if is_widget(f) {
        return Some(Furniture::ShareWidget);
    }
    if f.contains("النشره البريديه") || f.starts_with("اشترك ") || f.starts_with("للاشتراك ")
    {
        return Some(Furniture::Newsletter);
    }
    if !has_letters(f) && !has_digit(f) {
        return Some(Furniture::Separator);
    }
    if TAGS.iter().any(|t| f.starts_with(t)) {
        return Some(Furniture::TagList);
    }
    if f.starts_with("رابط الخبر") {
        return Some(Furniture::Permalink);
    }
    None
}

/// A tag list in an article's last line: also "سمات ..." (3alyoum's tags),
/// which in the middle of an article could open a heading.
pub(crate) fn is_tag_list(line: &LineInfo) -> bool {
    let f = line.folded.as_str();
    line.words <= 15 && (f.starts_with("سمات ") || TAGS.iter().any(|t| f.starts_with(t)))
}

/// "// انتهى //", "//يتبع//", possibly followed by a transmission time.
fn is_wire_marker(f: &str) -> bool {
    let compact: String = f.chars().filter(|c| !c.is_whitespace()).collect();
    let marker = compact.starts_with("//انتهي") || compact.starts_with("//يتبع");
    marker && compact.chars().count() <= 40
}

/// "11:03 ت م", "19:23 ت م NNNN": a clock time with the wire's zone letters.
fn is_transmission_time(f: &str) -> bool {
    let mut words = f.split(' ');
    let Some(first) = words.next() else {
        return false;
    };
    let Some((h, m)) = first.split_once(':') else {
        return false;
    };
    let clock = (1..=2).contains(&h.len()) && m.len() == 2 && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit());
    clock && words.all(|w| matches!(w, "ت" | "م" | "غ" | "تم" | "تغ" | "nnnn"))
}

/// "...المزيد", "اقرأ أيضاً: ...", "لقراءة الحوار كاملا أنقر هنا".
fn is_read_more(f: &str) -> bool {
    let core = f.trim_matches(|c: char| !crate::line::is_letter(c));
    if matches!(
        core,
        "المزيد" | "للمزيد" | "اقرا المزيد" | "التفاصيل" | "المزيد من التفاصيل"
    ) {
        return true;
    }
    if READ_ALSO.iter().any(|p| core.starts_with(p)) {
        return true;
    }
    let click = ["انقر هنا", "اضغط هنا", "اضغط علي الرابط", "انقر علي الرابط"];
    click.iter().any(|p| core.ends_with(p))
}

/// Words that join widget words into a widget's caption ("شارك من خلال
/// تويتر فيسبوك جوجل بلس اكتب رأيك"), folded.
const WIDGET_GLUE: [&str; 7] = ["من", "خلال", "عبر", "جوجل", "بلس", "اكتب", "رايك"];

/// Fewest widget words a leading widget caption needs before real text.
const MIN_PREFIX_WIDGET_WORDS: usize = 3;

/// The byte length of a share widget's caption glued before the text of
/// `line` (0 when there is none): a leading run of widget words and their
/// glue, with at least [`MIN_PREFIX_WIDGET_WORDS`] widget words, followed by
/// other words. The rest of the line is the article's.
pub(crate) fn widget_prefix(line: &str) -> usize {
    let mut widgets = 0;
    let mut words = line.split_whitespace().map(|w| {
        let at = w.as_ptr() as usize - line.as_ptr() as usize;
        (at, crate::line::fold(w))
    });
    let rest = loop {
        let Some((at, folded)) = words.next() else {
            return 0; // all widget: the line is furniture, labelled as such
        };
        let bare = folded.trim_matches(|c: char| !c.is_alphanumeric());
        if WIDGET_WORDS.contains(&bare) {
            widgets += 1;
        } else if !WIDGET_GLUE.contains(&bare) {
            break at;
        }
    };
    if widgets < MIN_PREFIX_WIDGET_WORDS {
        return 0;
    }
    rest
}

/// A line whose every word is a widget word or a number.
fn is_widget(f: &str) -> bool {
    let mut any = false;
    for w in bare_words(f) {
        if WIDGET_WORDS.contains(&w) {
            any = true;
        } else if !w.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<Furniture> {
        furniture(&LineInfo::new(s))
    }

    #[test]
    fn mastheads_are_found() {
        assert_eq!(kind("رئيس مجلسى الإدارة والتحرير"), Some(Furniture::Masthead));
        assert_eq!(kind("رئيس التحرير: محمد الباز"), Some(Furniture::Masthead));
        let body = "ووفقا لخطاب تلقاه مجلس الغرف السعودية من وزير العمل رئيس مجلس إدارة صندوق";
        assert_eq!(kind(body), None);
    }

    #[test]
    fn wire_markers_and_times() {
        assert_eq!(kind(" // انتهى //"), Some(Furniture::WireEndMarker));
        assert_eq!(kind("//انتهى//"), Some(Furniture::WireEndMarker));
        assert_eq!(kind("// يتبع // 19:23 ت م"), Some(Furniture::WireEndMarker));
        assert_eq!(kind(" 11:03 ت م "), Some(Furniture::TransmissionTime));
        assert_eq!(kind("19:23 ت م NNNN"), Some(Furniture::TransmissionTime));
        assert_eq!(kind("انتهى الاجتماع في الساعة 11:03 مساء"), None);
    }

    #[test]
    fn read_more_links() {
        assert_eq!(kind("...المزيد"), Some(Furniture::ReadMore));
        assert_eq!(kind("....المزيد"), Some(Furniture::ReadMore));
        assert_eq!(kind("اقرأ أيضاً: الكرملين يرد"), Some(Furniture::ReadMore));
        assert_eq!(kind("لقراءة الحوار كاملا أنقر هنــا"), Some(Furniture::ReadMore));
        assert_eq!(kind("وطالب المزيد من الدول بالتحرك"), None);
        assert_eq!(kind("١- فتح المنبه المعالج المزود بالتطبيق اضغط هنا."), None);
    }

    #[test]
    fn widget_captions_glued_before_text() {
        let line = "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد الوزير";
        assert_eq!(&line[widget_prefix(line)..], "أكد الوزير");
        assert_eq!(widget_prefix("شارك من خلال تويتر مئات المغردين"), 0);
        assert_eq!(widget_prefix("أكد الوزير أن تويتر وفيسبوك"), 0);
        assert_eq!(widget_prefix("شارك تويتر فيسبوك"), 0);
    }

    #[test]
    fn widgets_separators_tags() {
        assert_eq!(kind("تعليقات ()"), Some(Furniture::ShareWidget));
        assert_eq!(kind("Next Previous"), Some(Furniture::ShareWidget));
        assert_eq!(kind("** ** **"), Some(Furniture::Separator));
        assert_eq!(kind("\u{200F}"), Some(Furniture::Empty));
        assert_eq!(kind("سمات تحرش جدة كورنيش"), None);
        assert!(is_tag_list(&LineInfo::new("سمات تحرش جدة كورنيش")));
        assert_eq!(kind("[email protected] /* */"), Some(Furniture::EmailProtection));
        assert_eq!(kind("شارك وزير الخارجية في الاجتماع"), None);
    }
}
