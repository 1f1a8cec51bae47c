//! Gregorian calendar days: ISO parsing, day arithmetic and weekdays, with no dependencies.
//!
//! Days are counted from 1970-01-01 (day 0) with the proleptic Gregorian rules (a year is leap
//! when divisible by 4, except centuries not divisible by 400), computed through 400-year eras
//! so any year works.

use crate::{Error, Result};
use std::fmt;

/// A Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    /// Year (astronomical: 0 is 1 BC).
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

/// True for Gregorian leap years.
pub fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` of `year`.
pub fn month_len(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl CivilDate {
    /// A date, if it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= month_len(year, month);
        ok.then_some(CivilDate { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, ignoring anything after the day (`2015-08-07 06:25:24`).
    pub fn parse_iso(s: &str) -> Result<Self> {
        let bad = || Error::BadDate(s.to_string());
        let head = s.trim().get(..10).ok_or_else(bad)?;
        let mut it = head.split('-');
        let mut num = || it.next().and_then(|p| p.parse::<u32>().ok()).ok_or_else(bad);
        let (y, m, d) = (num()?, num()?, num()?);
        CivilDate::new(y as i32, m, d).ok_or_else(bad)
    }

    /// Days since 1970-01-01.
    pub fn days(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        CivilDate { year, month, day }
    }

    /// This date moved by `n` days.
    pub fn add_days(&self, n: i64) -> Self {
        CivilDate::from_days(self.days() + n)
    }

    /// Day of the week, 0 = Sunday (الأحد) … 6 = Saturday (السبت).
    pub fn weekday(&self) -> u32 {
        (self.days() + 4).rem_euclid(7) as u32
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_weekdays() {
        let d = CivilDate::parse_iso("2021-04-14").unwrap();
        assert_eq!(d.weekday(), 3, "a Wednesday");
        assert_eq!(CivilDate::from_days(d.days()), d);
        assert_eq!(CivilDate::from_days(0).to_string(), "1970-01-01");
        assert_eq!(d.add_days(-1).to_string(), "2021-04-13");
        assert_eq!(
            CivilDate::new(2020, 2, 29).unwrap().add_days(1).to_string(),
            "2020-03-01"
        );
    }

    #[test]
    fn parses_iso_with_time_and_rejects_nonsense() {
        assert_eq!(
            CivilDate::parse_iso("2015-08-07 06:25:24").unwrap().to_string(),
            "2015-08-07"
        );
        assert!(CivilDate::parse_iso("2015-02-30").is_err());
        assert!(CivilDate::parse_iso("yesterday").is_err());
    }
}
