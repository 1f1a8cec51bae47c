//! Publication dates to ISO 8601.
//!
//! Recognised, with Arabic-Indic or Persian digits as well as ASCII:
//! - `2015-07-21`, `2015/07/21`, `2015.07.21`, optionally followed by a time
//!   `02:51[:32[.123]]` after a space or `T`, and a zone `Z`, `UTC`, `GMT`,
//!   `+03:00` or `+0300`;
//! - day first: `21/07/2015`, `21-07-2015`, `21.07.2015` (month first only
//!   when the second number cannot be a month: `07/21/2015`), with a time;
//! - month names in English (`21 Jul 2015`, `Tue, 21 Jul 2015 02:51:32 +0300`,
//!   `July 21, 2015`) and Arabic (`21 يوليو 2015`, `21 تموز 2015`).
//!
//! Output is `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`, plus the zone as `Z` or
//! `±HH:MM` when the input gives one; fractions of a second are dropped.
//! Anything else yields `None` and the caller keeps the text verbatim.

/// Normalises `input` to ISO 8601, or `None` when it is not a recognisable date.
pub fn normalize_date(input: &str) -> Option<String> {
    let tokens = tokenize(input)?;
    let (date, rest) = split_date(&tokens)?;
    let (y, m, d) = date;
    if !valid_ymd(y, m, d) {
        return None;
    }
    let mut out = format!("{y:04}-{m:02}-{d:02}");
    let (time, zone) = parse_time_zone(rest)?;
    if let Some((h, mi, s)) = time {
        out.push_str(&format!("T{h:02}:{mi:02}:{s:02}"));
        out.push_str(&zone);
    }
    Some(out)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(u32, usize),
    Month(u32),
    Sep(char),
    Word(String),
}

fn tokenize(input: &str) -> Option<Vec<Tok>> {
    let mut toks = Vec::new();
    let mut chars = input.trim().chars().peekable();
    while let Some(&c) = chars.peek() {
        if digit(c).is_some() {
            let (mut n, mut len) = (0u32, 0usize);
            while let Some(v) = chars.peek().and_then(|&c| digit(c)) {
                n = n.checked_mul(10)?.checked_add(v)?;
                len += 1;
                chars.next();
            }
            toks.push(Tok::Num(n, len));
        } else if c.is_alphabetic() {
            let mut w = String::new();
            while let Some(&c) = chars.peek().filter(|c| c.is_alphabetic()) {
                w.push(c);
                chars.next();
            }
            toks.push(word(w));
        } else {
            chars.next();
            if !c.is_whitespace() && c != ',' && c != '،' {
                toks.push(Tok::Sep(c));
            }
        }
    }
    Some(toks)
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

const MONTHS: [&[&str]; 12] = [
    &["jan", "january", "يناير", "كانون الثاني", "كانون ثاني"],
    &["feb", "february", "فبراير", "شباط"],
    &["mar", "march", "مارس", "آذار", "اذار"],
    &["apr", "april", "أبريل", "ابريل", "إبريل", "نيسان"],
    &["may", "مايو", "أيار", "ايار"],
    &["jun", "june", "يونيو", "يونيه", "حزيران"],
    &["jul", "july", "يوليو", "يوليه", "تموز"],
    &["aug", "august", "أغسطس", "اغسطس", "آب", "اب"],
    &["sep", "sept", "september", "سبتمبر", "أيلول", "ايلول"],
    &["oct", "october", "أكتوبر", "اكتوبر", "تشرين الأول", "تشرين اول"],
    &["nov", "november", "نوفمبر", "تشرين الثاني", "تشرين ثاني"],
    &["dec", "december", "ديسمبر", "كانون الأول", "كانون اول"],
];

fn word(w: String) -> Tok {
    let lower = w.to_lowercase();
    match MONTHS.iter().position(|names| names.contains(&lower.as_str())) {
        Some(i) => Tok::Month(i as u32 + 1),
        None => Tok::Word(lower),
    }
}

/// Joins two-word month names (`تشرين الأول`) and drops weekday names.
fn clean(tokens: &[Tok]) -> Vec<Tok> {
    const WEEKDAYS: [&str; 21] = [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "الاثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
    ];
    let mut out: Vec<Tok> = Vec::new();
    for t in tokens {
        if let (Tok::Word(w), Some(Tok::Word(prev))) = (t, out.last()) {
            if let Tok::Month(m) = word(format!("{prev} {w}")) {
                *out.last_mut().expect("checked") = Tok::Month(m);
                continue;
            }
        }
        match t {
            Tok::Word(w) if WEEKDAYS.contains(&w.as_str()) => {}
            _ => out.push(t.clone()),
        }
    }
    out
}

type Ymd = (u32, u32, u32);

fn split_date(tokens: &[Tok]) -> Option<(Ymd, Vec<Tok>)> {
    let t = clean(tokens);
    use Tok::{Month, Num, Sep};
    let (ymd, used) = match t.as_slice() {
        [Num(y, 4), Sep(a), Num(m, _), Sep(b), Num(d, _), ..] if a == b && "-/.".contains(*a) => ((*y, *m, *d), 5),
        [Num(d, _), Sep(a), Num(m, _), Sep(b), Num(y, 4), ..] if a == b && "-/.".contains(*a) => {
            let (d, m) = if *m > 12 && *d <= 12 { (*m, *d) } else { (*d, *m) };
            ((*y, m, d), 5)
        }
        [Num(d, 1..=2), Month(m), Num(y, 4), ..] => ((*y, *m, *d), 3),
        [Num(d, 1..=2), Sep('-'), Month(m), Sep('-'), Num(y, 4), ..] => ((*y, *m, *d), 5),
        [Month(m), Num(d, 1..=2), Num(y, 4), ..] => ((*y, *m, *d), 3),
        _ => return None,
    };
    Some((ymd, t[used..].to_vec()))
}

fn valid_ymd(y: u32, m: u32, d: u32) -> bool {
    let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1000..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1]
}

type Hms = (u32, u32, u32);

/// Parses what follows the date: nothing, or a time and an optional zone.
fn parse_time_zone(rest: Vec<Tok>) -> Option<(Option<Hms>, String)> {
    use Tok::{Num, Sep, Word};
    let mut t = rest.as_slice();
    if let [Word(w), tail @ ..] = t {
        if w == "t" {
            t = tail;
        }
    }
    let (hms, mut t) = match t {
        [] => return Some((None, String::new())),
        [Num(h, 1..=2), Sep(':'), Num(m, 2), Sep(':'), Num(s, 2), Sep('.'), Num(..), tail @ ..]
        | [Num(h, 1..=2), Sep(':'), Num(m, 2), Sep(':'), Num(s, 2), tail @ ..] => ((*h, *m, *s), tail),
        [Num(h, 1..=2), Sep(':'), Num(m, 2), tail @ ..] => ((*h, *m, 0), tail),
        _ => return None,
    };
    let mut hms = hms;
    if let [Word(w), tail @ ..] = t {
        if let Some(h) = am_pm(hms.0, w) {
            hms.0 = h;
            t = tail;
        }
    }
    if hms.0 > 23 || hms.1 > 59 || hms.2 > 60 {
        return None;
    }
    Some((Some(hms), zone(t)?))
}

fn am_pm(h: u32, w: &str) -> Option<u32> {
    match w {
        "am" | "ص" if (1..=12).contains(&h) => Some(h % 12),
        "pm" | "م" if (1..=12).contains(&h) => Some(h % 12 + 12),
        _ => None,
    }
}

fn zone(t: &[Tok]) -> Option<String> {
    use Tok::{Num, Sep, Word};
    let sign = |c: &char| if *c == '-' { '-' } else { '+' };
    match t {
        [] => Some(String::new()),
        [Word(w)] if w == "z" || w == "utc" || w == "gmt" => Some("Z".into()),
        [Sep(c @ ('+' | '-')), Num(hm, 4)] => Some(format!("{}{:02}:{:02}", sign(c), hm / 100, hm % 100)),
        [Sep(c @ ('+' | '-')), Num(h, 2), Sep(':'), Num(m, 2)] => Some(format!("{}{h:02}:{m:02}", sign(c))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_date as n;

    #[test]
    fn iso_forms() {
        assert_eq!(n("2015-07-21 02:51:32").unwrap(), "2015-07-21T02:51:32");
        assert_eq!(n("2015-07-21T02:51:32.123Z").unwrap(), "2015-07-21T02:51:32Z");
        assert_eq!(n("2015-07-21").unwrap(), "2015-07-21");
        assert_eq!(n(" 2015/7/1 9:05 ").unwrap(), "2015-07-01T09:05:00");
        assert_eq!(n("2015-07-21 02:51:32+0300").unwrap(), "2015-07-21T02:51:32+03:00");
    }

    #[test]
    fn day_first_and_names() {
        assert_eq!(n("21/07/2015").unwrap(), "2015-07-21");
        assert_eq!(n("07/21/2015").unwrap(), "2015-07-21");
        assert_eq!(n("03/04/2015").unwrap(), "2015-04-03");
        assert_eq!(n("٢١/٠٧/٢٠١٥").unwrap(), "2015-07-21");
        assert_eq!(
            n("Tue, 21 Jul 2015 02:51:32 +0300").unwrap(),
            "2015-07-21T02:51:32+03:00"
        );
        assert_eq!(n("July 21, 2015").unwrap(), "2015-07-21");
        assert_eq!(n("الثلاثاء 21 يوليو 2015").unwrap(), "2015-07-21");
        assert_eq!(n("21 تشرين الأول 2015 5:30 م").unwrap(), "2015-10-21T17:30:00");
    }

    #[test]
    fn rejects_non_dates() {
        for s in [
            "",
            "yesterday",
            "اليوم الأربعاء",
            "2015-02-30",
            "2015-13-01",
            "21/07/15",
            "2015-07-21 junk",
        ] {
            assert_eq!(n(s), None, "{s}");
        }
    }
}
