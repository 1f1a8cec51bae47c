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
    let mut i = 0;
    while i < t.len() {
        let found = if t.is_word(i) { date_at(t, i, pubd) } else { None };
        match found {
            Some((date, kind, end)) => {
                let span = Span {
                    start: t.toks[i].start,
                    end: t.toks[end - 1].end,
                };
                out.push(DateMention { span, date, kind });
                i = end;
            }
            None => i += 1,
        }
    }
    out
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
    for (m, names) in GREGORIAN.iter().enumerate() {
        for name in names.iter() {
            let key = crate::token::fold_key(name);
            let mut parts = key.split(' ');
            let (a, b) = (parts.next().unwrap_or(""), parts.next());
            let hit = a == first && b.is_none_or(|b| word(t, k + 1) == Some(b));
            if hit {
                return Some((m as u32 + 1, 1 + usize::from(b.is_some())));
            }
        }
    }
    None
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

/// The first date written inside `range` of the text, as ISO.
pub(crate) fn first_in(dates: &[DateMention], range: Span) -> Option<String> {
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
}
