//! Datelines: "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس" parsed
//! into place ("الرياض"), date text ("26 شوال 1436 هـ الموافق 11 أغسطس 2015 م")
//! and agency ("واس").
//!
//! A dateline is a short line (at most 16 words, not ending a sentence) made
//! of an optional place of at most three words, then one contiguous date run
//! (day numbers, Hijri or Gregorian month names, including the Levantine ones,
//! years, "هـ"/"م", "الموافق", weekdays) holding at least a month and a number,
//! then nothing or a news agency of at most three words.

use crate::line::{ends_sentence, fold};
use serde::{Deserialize, Serialize};

/// The parts of a dateline, as they are written in the line.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dateline {
    /// Where the report was filed ("الرياض").
    pub place: Option<String>,
    /// The date as written ("26 شوال 1436 هـ الموافق 11 أغسطس 2015 م").
    pub date: Option<String>,
    /// The news agency ("واس"), when named.
    pub agency: Option<String>,
}

/// First words of month names (Hijri, Gregorian, Levantine), folded.
const MONTHS: [&str; 36] = [
    "محرم",
    "صفر",
    "ربيع",
    "جمادي",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو",
    "ذي",
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "اغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "اذار",
    "نيسان",
    "ايار",
    "حزيران",
    "تموز",
    "اب",
    "ايلول",
    "تشرين",
    "جانفي",
    "فيفري",
];

/// Second words of two-word month names, folded.
const MONTH_TAILS: [&str; 7] = ["الاول", "الاخر", "الثاني", "الاولي", "الاخره", "القعده", "الحجه"];

/// Other words that belong to a date run, folded.
const DATE_WORDS: [&str; 14] = [
    "ه",
    "هـ",
    "م",
    "الموافق",
    "الموافقه",
    "يوم",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "هجري",
];

/// News agencies, folded with spaces and dots removed.
const AGENCIES: [&str; 20] = [
    "واس",
    "رويترز",
    "افب",
    "دبا",
    "كونا",
    "وام",
    "بنا",
    "قنا",
    "سبا",
    "سانا",
    "الاناضول",
    "شينخوا",
    "يوبياي",
    "اشا",
    "بترا",
    "afp",
    "reuters",
    "ap",
    "dpa",
    "اب",
];

/// What one word of a candidate dateline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Number,
    Month,
    DateWord,
    Other,
}

/// Parses a dateline, or `None` when the line is not one.
pub fn parse_dateline(line: &str) -> Option<Dateline> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 16 || ends_sentence(&fold(line)) {
        return None;
    }
    let kinds = classify(&words);
    let start = kinds.iter().position(|k| *k != Tok::Other)?;
    let len = kinds[start..].iter().take_while(|k| **k != Tok::Other).count();
    let run = &kinds[start..start + len];
    if !run.contains(&Tok::Month) || !run.contains(&Tok::Number) || start > 3 {
        return None;
    }
    let tail = &words[start + len..];
    let agency = agency_of(tail)?;
    Some(Dateline {
        place: join(&words[..start]),
        date: join(&words[start..start + len]),
        agency,
    })
}

/// Classifies each word; month tails count only right after a month.
fn classify(words: &[&str]) -> Vec<Tok> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let f = fold(w);
        let f = f.trim_matches(|c: char| !c.is_alphanumeric());
        let prev_month = out.last() == Some(&Tok::Month);
        let digits = f.trim_end_matches(['ه', 'م']);
        let kind = if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '/') {
            Tok::Number
        } else if MONTHS.contains(&f) {
            Tok::Month
        } else if DATE_WORDS.contains(&f) || (prev_month && MONTH_TAILS.contains(&f)) {
            Tok::DateWord
        } else {
            Tok::Other
        };
        out.push(kind);
    }
    out
}

/// The agency after the date run: `Some(None)` when there is none,
/// `None` when the tail is too long to be a dateline's.
fn agency_of(tail: &[&str]) -> Option<Option<String>> {
    if tail.is_empty() {
        return Some(None);
    }
    let joined: String = fold(&tail.join("")).chars().filter(|c| c.is_alphanumeric()).collect();
    if AGENCIES.contains(&joined.as_str()) || tail.len() <= 2 {
        let text = tail.join(" ");
        let text = text.trim_matches(|c: char| !c.is_alphanumeric());
        return Some((!text.is_empty()).then(|| text.to_string()));
    }
    None
}

/// Joins words with single spaces and strips edge punctuation; `None` if empty.
fn join(words: &[&str]) -> Option<String> {
    let s = words.join(" ");
    let s = s.trim_matches(|c: char| !c.is_alphanumeric());
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spa_dateline_is_parsed() {
        let d = parse_dateline(" الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس").unwrap();
        assert_eq!(d.place.as_deref(), Some("الرياض"));
        assert_eq!(d.date.as_deref(), Some("26 شوال 1436 هـ الموافق 11 أغسطس 2015 م"));
        assert_eq!(d.agency.as_deref(), Some("واس"));
        let d = parse_dateline("مكة المكرمة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس").unwrap();
        assert_eq!(d.place.as_deref(), Some("مكة المكرمة"));
    }

    #[test]
    fn levantine_months_and_no_agency() {
        let d = parse_dateline("بيروت 11 آب 2015").unwrap();
        assert_eq!(d.place.as_deref(), Some("بيروت"));
        assert_eq!(d.date.as_deref(), Some("11 آب 2015"));
        assert_eq!(d.agency, None);
        let d = parse_dateline("الأربعاء 14 ربيع الأول 1436هـ").unwrap();
        assert_eq!((d.place, d.agency), (None, None));
        assert_eq!(d.date.as_deref(), Some("الأربعاء 14 ربيع الأول 1436هـ"));
    }

    #[test]
    fn sentences_with_dates_are_not_datelines() {
        assert!(parse_dateline("وسيلتقي الهلال والاتحاد في موقعة كلاسيكو منتظر في 30 مايو.").is_none());
        assert!(parse_dateline("ووقع الحادث في 30 مايو الماضي بحضور عدد كبير من المسؤولين").is_none());
        assert!(parse_dateline("عين اليوم – متابعات").is_none());
    }
}
