//! Dates in the text: Hijri, Gregorian and relative days, resolved to ISO dates.
//!
//! | written | resolved |
//! | --- | --- |
//! | `26 شوال 1436 هـ`, `٢٦ ذي القعدة` (Arabic-Indic digits fold to ASCII) | Umm al-Qura → Gregorian ([`crate::hijri`]) |
//! | `14 أبريل 2021`, `5 آب`, `3 يوليو تموز` (both month-name systems) | Gregorian |
//! | `اليوم` (+ weekday), `أمس`/`البارحة`, `أول أمس`, `غدا`, `بعد غد` | publication date ± days |
//! | bare weekday `الأربعاء`, `يوم الثلاثاء الماضي`, `الخميس المقبل` | the latest such day on or before publication; `المقبل`/`القادم` the next after it; `الماضي` strictly before |
//!
//! A missing year is the one that puts the date closest to the publication date. Relative and
//! year-less dates need a publication date and are skipped without one.

use crate::civil::CivilDate;
use crate::hijri;
use crate::quote::Span;
use crate::token::Tokens;
use std::sync::OnceLock;

/// How a date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// Hijri day and month (and year).
    Hijri,
    /// Gregorian day and month (and year).
    Gregorian,
    /// A day relative to publication (`اليوم`, `أمس`, a weekday).
    Relative,
}

/// A date found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    /// Where it is written.
    pub span: Span,
    /// The Gregorian day it names.
    pub date: CivilDate,
    /// How it was written.
    pub kind: DateKind,
}

/// Gregorian month names, both systems (Egyptian/Gulf and Levantine), folded-compatible.
#[rustfmt::skip]
const GREGORIAN: [&[&str]; 12] = [
    &["يناير", "كانون الثاني"], &["فبراير", "شباط"], &["مارس", "آذار"], &["أبريل", "إبريل", "ابريل", "نيسان"],
    &["مايو", "أيار"], &["يونيو", "يونيه", "حزيران"], &["يوليو", "يوليه", "تموز"], &["أغسطس", "اغسطس", "آب"],
    &["سبتمبر", "أيلول"], &["أكتوبر", "تشرين الأول"], &["نوفمبر", "تشرين الثاني"], &["ديسمبر", "كانون الأول"],
];

/// Weekday names, Sunday first (folded).
const WEEKDAYS: [&str; 7] = ["الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت"];

/// Every date in `text`; `published` (ISO) anchors relative days and missing years.
pub fn find_dates(text: &str, published: Option<&str>) -> Vec<DateMention> {
    dates_in(&Tokens::new(text), published)
}

/// [`find_dates`] over already tokenized text.
pub(crate) fn dates_in(t: &Tokens, published: Option<&str>) -> Vec<DateMention> {
    let pubd = published.and_then(|p| CivilDate::parse_iso(p).ok());
    let mut out = Vec::new();
    scan(t, 0, t.len(), pubd, |d| {
        out.push(d);
        true
    });
    out
}

/// Reads the dates of tokens `from..to` in text order, giving each to
/// `take` until it returns false.
fn scan(t: &Tokens, from: usize, to: usize, pubd: Option<CivilDate>, mut take: impl FnMut(DateMention) -> bool) {
    let mut i = from;
    while i < to {
        let found = if t.is_word(i) { date_at(t, i, pubd) } else { None };
        match found {
            Some((date, kind, end)) => {
                let span = Span {
                    start: t.toks[i].start,
                    end: t.toks[end - 1].end,
                };
                if !take(DateMention { span, date, kind }) {
                    return;
                }
                i = end;
            }
            None => i += 1,
        }
    }
}

/// Tokens a date can span at most (`3 يوليو / تموز 2015 هـ`): a scan of part
/// of the text starts this far back, so it falls into step with a scan of
/// the whole text before the part begins.
const LONGEST_DATE: usize = 8;

/// The first date written inside bytes `range` of the text, as ISO: what
/// [`first_in`] finds in [`dates_in`], reading only the tokens near `range`
/// (an article has a few short attributions; dating them must not cost a
/// scan of the whole text each).
pub(crate) fn first_within(t: &Tokens, pubd: Option<CivilDate>, range: Span) -> Option<String> {
    let first = t.toks.partition_point(|k| k.start < range.start);
    let last = t.toks.partition_point(|k| k.end <= range.end);
    let mut found = None;
    scan(t, first.saturating_sub(LONGEST_DATE), last, pubd, |d| {
        if d.span.start >= range.start && d.span.end <= range.end {
            found = Some(d.date.to_string());
            return false;
        }
        true
    });
    found
}

fn date_at(t: &Tokens, i: usize, pubd: Option<CivilDate>) -> Option<(CivilDate, DateKind, usize)> {
    if let Ok(day) = t.key(i).parse::<u32>() {
        if (1..=31).contains(&day) {
            return numeric(t, i, day, pubd);
        }
        return None;
    }
    relative(t, i, pubd?)
}

fn word<'t>(t: &'t Tokens, k: usize) -> Option<&'t str> {
    (k < t.len() && t.is_word(k)).then(|| t.key(k))
}

/// `DAY MONTH [YEAR] [هـ]`, Hijri or Gregorian.
fn numeric(t: &Tokens, i: usize, day: u32, pubd: Option<CivilDate>) -> Option<(CivilDate, DateKind, usize)> {
    let first = word(t, i + 1)?;
    if let Some((month, two)) = hijri::month_number(first, word(t, i + 2)) {
        let mut end = i + 2 + usize::from(two);
        let year = word(t, end)
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|y| (1300..1600).contains(y));
        end += usize::from(year.is_some());
        if matches!(word(t, end), Some("ه" | "هـ")) {
            end += 1;
        }
        let year = year.or_else(|| pubd.and_then(hijri::from_gregorian).map(|h| h.0))?;
        let date = hijri::to_gregorian(year, month, day as u8)?;
        return Some((date, DateKind::Hijri, end));
    }
    let (month, len) = gregorian_month(t, i + 1)?;
    let mut end = i + 1 + len;
    if let Some((_, alt)) = gregorian_month(t, end) {
        end += alt;
    } else if end < t.len() && t.punct(end) == Some('/') && gregorian_month(t, end + 1).is_some() {
        end += 1 + gregorian_month(t, end + 1).map_or(0, |m| m.1);
    }
    let year = word(t, end)
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (1900..2200).contains(y));
    end += usize::from(year.is_some());
    let date = match year {
        Some(y) => CivilDate::new(y, month, day)?,
        None => closest_year(pubd?, month, day)?,
    };
    Some((date, DateKind::Gregorian, end))
}

/// A Gregorian month name at token `k` (one or two words): `(month, words)`.
fn gregorian_month(t: &Tokens, k: usize) -> Option<(u32, usize)> {
    let first = word(t, k)?;
    gregorian_keys()
        .iter()
        .find(|(_, a, b)| a == first && b.as_deref().is_none_or(|b| word(t, k + 1) == Some(b)))
        .map(|(m, _, b)| (*m, 1 + usize::from(b.is_some())))
}

/// [`GREGORIAN`] folded once: month number, first word, second word.
fn gregorian_keys() -> &'static [(u32, String, Option<String>)] {
    static KEYS: OnceLock<Vec<(u32, String, Option<String>)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        for (m, names) in GREGORIAN.iter().enumerate() {
            for name in names.iter() {
                let key = crate::token::fold_key(name);
                let mut parts = key.split(' ').map(str::to_string);
                let first = parts.next().unwrap_or_default();
                keys.push((m as u32 + 1, first, parts.next()));
            }
        }
        keys
    })
}

fn closest_year(pubd: CivilDate, month: u32, day: u32) -> Option<CivilDate> {
    (pubd.year - 1..=pubd.year + 1)
        .filter_map(|y| CivilDate::new(y, month, day))
        .min_by_key(|d| (d.days() - pubd.days()).abs())
}

/// `اليوم`, `أمس`, `غدا`, `أول أمس`, `بعد غد`, weekdays.
fn relative(t: &Tokens, i: usize, pubd: CivilDate) -> Option<(CivilDate, DateKind, usize)> {
    let key = t.key(i);
    let (offset, mut end) = match key {
        "اليوم" => (Some(0), i + 1),
        "امس" | "الامس" | "البارحه" => (Some(-1), i + 1),
        "غدا" => (Some(1), i + 1),
        "اول" if word(t, i + 1) == Some("امس") => (Some(-2), i + 2),
        "بعد" if word(t, i + 1) == Some("غد") => (Some(2), i + 2),
        _ => (None, i),
    };
    let weekday = word(t, end).and_then(|w| WEEKDAYS.iter().position(|d| *d == w));
    if let Some(off) = offset {
        return Some((
            pubd.add_days(off),
            DateKind::Relative,
            end + usize::from(weekday.is_some()),
        ));
    }
    let wd = WEEKDAYS.iter().position(|d| *d == key)? as i64;
    end = i + 1;
    let back = (i64::from(pubd.weekday()) - wd).rem_euclid(7);
    let delta = match word(t, end) {
        Some("المقبل" | "القادم") => {
            end += 1;
            match (wd - i64::from(pubd.weekday())).rem_euclid(7) {
                0 => 7,
                n => n,
            }
        }
        Some("الماضي") => {
            end += 1;
            -(if back == 0 { 7 } else { back })
        }
        _ => -back,
    };
    Some((pubd.add_days(delta), DateKind::Relative, end))
}

/// The first date written inside `range` of the text, as ISO (what
/// [`first_within`] must agree with).
#[cfg(test)]
fn first_in(dates: &[DateMention], range: Span) -> Option<String> {
    dates
        .iter()
        .find(|d| d.span.start >= range.start && d.span.end <= range.end)
        .map(|d| d.date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, published: Option<&str>) -> String {
        let d = find_dates(text, published);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        d[0].date.to_string()
    }

    #[test]
    fn relative_days_against_publication() {
        let p = Some("2021-04-14");
        assert_eq!(one("أكد الكرملين، اليوم الأربعاء، أن", p), "2021-04-14");
        assert_eq!(one("بين بوتين وبايدن أمس الثلاثاء.", p), "2021-04-13");
        assert_eq!(one("يصل غداً إلى", p), "2021-04-15");
        assert_eq!(one("وصل أول أمس", p), "2021-04-12");
        assert!(find_dates("أمس الثلاثاء", None).is_empty());
    }

    #[test]
    fn weekdays_point_back_unless_next() {
        let p = Some("2021-04-14");
        assert_eq!(one("يوم الأحد", p), "2021-04-11");
        assert_eq!(one("الخميس المقبل", p), "2021-04-15");
        assert_eq!(one("الأربعاء الماضي", p), "2021-04-07");
    }

    #[test]
    fn hijri_with_arabic_indic_digits() {
        assert_eq!(one("الموافق ٢٦ شوال ١٤٣٦ هـ", None), "2015-08-11");
        assert_eq!(one("في 10 ذي الحجة 1436", None), "2015-09-23");
        assert_eq!(one("في 1 رمضان", Some("2021-04-01")), "2021-04-13");
    }

    #[test]
    fn gregorian_both_month_systems() {
        assert_eq!(one("في 14 أبريل 2021", None), "2021-04-14");
        assert_eq!(one("في 5 آب", Some("2015-08-07")), "2015-08-05");
        assert_eq!(one("بين 3 يوليو تموز 2015 و", None), "2015-07-03");
        assert_eq!(one("في 31 ديسمبر", Some("2016-01-02")), "2015-12-31");
        assert!(find_dates("قتل 13 شخصا", None).is_empty());
    }

    const WORDS: [&str; 24] = [
        "14",
        "3",
        "31",
        "٢٦",
        "أبريل",
        "يوليو",
        "تموز",
        "2015",
        "1436",
        "هـ",
        "شوال",
        "ذي",
        "القعدة",
        "اليوم",
        "أمس",
        "أول",
        "بعد",
        "غد",
        "الأربعاء",
        "الماضي",
        "المقبل",
        "قال",
        "/",
        "،",
    ];

    proptest::proptest! {
        #[test]
        fn dating_a_span_agrees_with_the_whole_text_scan(
            words in proptest::collection::vec(0..WORDS.len(), 0..40),
            a in 0usize..40,
            b in 0usize..40,
        ) {
            let text = words.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ");
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices(' ').map(|(i, _)| i + 1))
                .chain(std::iter::once(text.len()))
                .collect();
            let (a, b) = (starts[a.min(starts.len() - 1)], starts[b.min(starts.len() - 1)]);
            let range = Span { start: a.min(b), end: a.max(b) };
            let published = Some("2021-04-14");
            let t = Tokens::new(&text);
            let pubd = CivilDate::parse_iso("2021-04-14").ok();
            proptest::prop_assert_eq!(
                first_within(&t, pubd, range),
                first_in(&dates_in(&t, published), range),
                "{} {:?}", text, range
            );
        }
    }
}
