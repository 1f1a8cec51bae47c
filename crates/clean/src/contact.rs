//! Contact footers: the SMS blocks of Saudi papers ("للتواصل مع الكاتب ارسل
//! رسالة SMS تبدأ بالرمز (47) ثم مسافة ثم نص الرسالة إلى 88591 - Stc"),
//! phone/fax lines, and lines made only of e-mail addresses, URLs and social
//! handles. Only short lines (at most 12 words) reach these rules.

use crate::label::Furniture;
use crate::line::{bare_words, LineInfo};

/// Mobile operators named in SMS footers, folded.
const OPERATORS: [&str; 9] = ["stc", "mobily", "zain", "الاتصالات", "موبايلي", "زين", "سوا", "او", "و"];

/// Words that may label a contact address ("تويتر: @x", "لمراسلة الكاتب: ..."), folded.
const ADDRESS_LABELS: [&str; 16] = [
    "twitter",
    "تويتر",
    "email",
    "e-mail",
    "mail",
    "ايميل",
    "البريد",
    "الالكتروني",
    "الإلكتروني",
    "فيسبوك",
    "facebook",
    "instagram",
    "انستقرام",
    "لمراسله",
    "الكاتب",
    "للتواصل",
];

/// The contact-footer kind of a short line, if it is one.
pub(crate) fn footer(line: &LineInfo) -> Option<Furniture> {
    let f = line.folded.as_str();
    if is_sms(f, line.words) || is_operator_list(f) {
        return Some(Furniture::SmsFooter);
    }
    if is_phone_line(f, line.words) {
        return Some(Furniture::PhoneFooter);
    }
    if is_address_only(f) {
        return Some(Furniture::ContactAddress);
    }
    None
}

/// The wording of an SMS footer or one of its wrapped pieces.
fn is_sms(f: &str, words: usize) -> bool {
    let asks = ["للتواصل", "بالرمز", "ارسل", "راسل"].iter().any(|w| f.contains(w));
    if (f.contains("sms") || f.contains("رساله نصيه")) && asks {
        return true;
    }
    if f.contains("بالرمز") && (f.contains("مسافه") || f.contains("الرساله")) {
        return true;
    }
    words <= 6 && (f.ends_with("ثم الرساله") || f.ends_with("ثم نص الرساله"))
}

/// A whole SMS footer on one long line: "للتواصل أرسل sms إلى 88548 الاتصالات
/// ... تبدأ بالرمز 153 مسافة ثم الرسالة".
pub(crate) fn is_long_sms(f: &str) -> bool {
    f.contains("sms") && f.contains("بالرمز") && f.contains("مسافه")
}

/// "88591 - Stc", "الاتصالات ,636250 موبايلي, 738303": numbers and operators.
fn is_operator_list(f: &str) -> bool {
    let (mut number, mut operator) = (false, false);
    for w in bare_words(f) {
        if w.len() >= 4 && w.chars().all(|c| c.is_ascii_digit()) {
            number = true;
        } else if OPERATORS.contains(&w) {
            operator |= w.len() > 2;
        } else {
            return false;
        }
    }
    number && operator
}

/// "فاكس: 6514582", "أو الاتصال على 920000 تحويله 12".
fn is_phone_line(f: &str, words: usize) -> bool {
    let opener = ["فاكس", "هاتف", "تلفون", "جوال", "للتواصل", "للاتصال", "او الاتصال"]
        .iter()
        .any(|w| f.starts_with(w))
        || f.contains("فاكس");
    words <= 10 && opener && longest_digit_run(f) >= 5
}

/// Length of the longest run of ASCII digits.
fn longest_digit_run(f: &str) -> usize {
    f.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0)
}

/// A line of addresses only, after an optional short label.
fn is_address_only(f: &str) -> bool {
    let rest = match f.split_once(':') {
        Some((label, rest)) if label.split(' ').count() <= 3 && !is_address(label) => rest,
        _ => f,
    };
    let mut any = false;
    for w in rest.split(' ').filter(|w| !w.is_empty()) {
        if is_address(w) {
            any = true;
        } else if !ADDRESS_LABELS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())) {
            return false;
        }
    }
    any
}

/// An e-mail address, URL, domain or @handle.
fn is_address(w: &str) -> bool {
    let w = w.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ',' | '،' | '<' | '>'));
    if w.starts_with("http") || w.starts_with("www.") {
        return true;
    }
    if let Some(i) = w.find('@') {
        let (user, host) = (&w[..i], &w[i + 1..]);
        let handle = user.is_empty() && host.len() > 1 && host.is_ascii();
        let email = !user.is_empty() && host.contains('.');
        return handle || email;
    }
    [".com", ".net", ".org", ".sa", ".gov"]
        .iter()
        .any(|d| w.is_ascii() && w.contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<Furniture> {
        footer(&LineInfo::new(s))
    }

    #[test]
    fn sms_footers_and_their_pieces() {
        for s in [
            "للتواصل مع الكاتب ارسل رسالة SMS",
            "تبدأ بالرمز (47) ثم مسافة ثم نص الرسالة إلى",
            "88591 - Stc",
            "635031 - Mobily",
            "737221 - Zain ",
            "للتواصل أرسل sms إلى 88548",
            "الاتصالات ,636250 موبايلي, 738303",
            " ثم الرسالة",
            "زين تبدأ بالرمز 158 مسافة ثم الرسالة",
        ] {
            assert_eq!(kind(s), Some(Furniture::SmsFooter), "{s}");
        }
    }

    #[test]
    fn long_sms_lines() {
        let f = crate::line::fold(
            "للتواصل أرسل sms إلى 88548 الاتصالات، 636250 موبايلي، 738303 زين تبدأ بالرمز 153 مسافة ثم الرسالة",
        );
        assert!(is_long_sms(&f));
    }

    #[test]
    fn addresses_and_phones() {
        assert_eq!(kind("alrashed@asharqalawsat.com"), Some(Furniture::ContactAddress));
        assert_eq!(kind("@T_algashgari"), Some(Furniture::ContactAddress));
        assert_eq!(kind("Badr19march@hotmail.com "), Some(Furniture::ContactAddress));
        assert_eq!(
            kind("لمراسلة الكاتب: turki@alriyadh.net"),
            Some(Furniture::ContactAddress)
        );
        assert_eq!(kind("Twitter @firas_t"), Some(Furniture::ContactAddress));
        assert_eq!(kind("www.alehaidib.com"), Some(Furniture::ContactAddress));
        assert_eq!(kind("فاكس: 6514582"), Some(Furniture::PhoneFooter));
    }

    #[test]
    fn body_lines_are_not_footers() {
        assert_eq!(kind("بدر العبدان"), None);
        assert_eq!(kind("وأرسل الوزير رسالة إلى نظيره الروسي"), None);
        assert_eq!(kind("ارتفع المؤشر 88 نقطة أو 1.2 %"), None);
        assert_eq!(kind("•• ومضة:"), None);
    }
}
