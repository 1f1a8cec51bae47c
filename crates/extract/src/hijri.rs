//! Hijri ↔ Gregorian conversion through ICU4X's Umm al-Qura calendar.
//!
//! Saudi papers (and most Gulf ones) date in the Umm al-Qura calendar, the official calendar of
//! Saudi Arabia, which `icu_calendar` carries as tables for 1300–1600 AH and approximates
//! astronomically outside them. Religious dates announced on moon sighting can differ from the
//! calendar by a day (Eid al-Adha 1436 was held on 2015-09-24, while Umm al-Qura 10 Dhu al-Hijja
//! is 2015-09-23), and other countries start months on local sightings, so a Hijri date may be a
//! day off the converted date.

use crate::civil::CivilDate;
use icu_calendar::cal::Hijri;
use icu_calendar::{Date, Iso};

/// Hijri month names (folded forms are matched; variants in [`month_number`]).
pub const MONTHS: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];

/// The Gregorian date of Hijri `year`/`month`/`day` (Umm al-Qura), if it exists.
pub fn to_gregorian(year: i32, month: u8, day: u8) -> Option<CivilDate> {
    let h = Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    let iso = h.to_calendar(Iso);
    CivilDate::new(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

/// The Umm al-Qura date `(year, month, day)` of a Gregorian date.
pub fn from_gregorian(d: CivilDate) -> Option<(i32, u8, u8)> {
    let iso: Date<Iso> = Date::try_new_iso(d.year, u8::try_from(d.month).ok()?, u8::try_from(d.day).ok()?).ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some((h.year().extended_year(), h.month().ordinal, h.day_of_month().0))
}

/// The month number (1–12) of a folded Hijri month name of one or two words
/// (`شوال`, `ربيع الاول`, `ذي الحجه`, `جمادي الثانيه`).
pub fn month_number(first: &str, second: Option<&str>) -> Option<(u8, bool)> {
    let single = match first {
        "محرم" | "المحرم" => 1,
        "صفر" => 2,
        "رجب" => 7,
        "شعبان" => 8,
        "رمضان" => 9,
        "شوال" => 10,
        _ => 0,
    };
    if single > 0 {
        return Some((single, false));
    }
    let second = second?;
    let first_half = matches!(second, "الاول" | "الاولي" | "الاوله");
    let second_half = matches!(second, "الاخر" | "الثاني" | "الاخره" | "الثانيه");
    let n = match first {
        "ربيع" if first_half => 3,
        "ربيع" if second_half => 4,
        "جمادي" | "جماد" if first_half => 5,
        "جمادي" | "جماد" if second_half => 6,
        "ذو" | "ذي" if second == "القعده" => 11,
        "ذو" | "ذي" if second == "الحجه" => 12,
        _ => return None,
    };
    Some((n, true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::fold_key;

    #[test]
    fn umm_al_qura_dates_convert() {
        assert_eq!(to_gregorian(1436, 10, 26).unwrap().to_string(), "2015-08-11");
        assert_eq!(to_gregorian(1442, 9, 1).unwrap().to_string(), "2021-04-13");
        let d = CivilDate::new(2015, 7, 17).unwrap();
        assert_eq!(from_gregorian(d), Some((1436, 10, 1)));
        assert!(to_gregorian(1436, 13, 1).is_none());
    }

    #[test]
    fn month_names_and_variants() {
        let n = |a: &str, b: Option<&str>| month_number(&fold_key(a), b.map(fold_key).as_deref());
        assert_eq!(n("شوال", None), Some((10, false)));
        assert_eq!(n("ذي", Some("الحجة")), Some((12, true)));
        assert_eq!(n("جمادى", Some("الآخرة")), Some((6, true)));
        assert_eq!(n("ربيع", Some("الأول")), Some((3, true)));
        assert_eq!(n("الكرملين", None), None);
        assert_eq!(MONTHS.len(), 12);
    }
}
