//! The timeline: matching articles over time as an inline SVG bar chart.
//!
//! Days with no match are filled in, so gaps show. A long span is drawn by
//! month (over [`MAX_DAILY_BARS`] days) or by year (over [`MAX_MONTHLY_BARS`]
//! months). Time runs right to left, as the page reads; each bar is a link
//! that narrows the search to its period and has a tooltip with its count.

use crate::html::{escape, ltr, push_escaped};
use marsad_store::FacetCount;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Most bars drawn one per day.
pub const MAX_DAILY_BARS: i64 = 92;
/// Most bars drawn one per month.
pub const MAX_MONTHLY_BARS: i64 = 48;

const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 100.0;
/// Room above the tallest bar.
const TOP: f64 = 4.0;
/// Bars are never wider than one of this many slots.
const MIN_SLOTS: f64 = 24.0;

/// One bar: a period, its first and last day and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// The period's label (`2015-07-21`, `2015-07` or `2015`).
    pub label: String,
    /// First day of the period (`YYYY-MM-DD`).
    pub from: String,
    /// Last day of the period (`YYYY-MM-DD`).
    pub to: String,
    /// Matching articles in the period.
    pub count: u64,
}

/// A calendar day.
type Ymd = (i64, i64, i64);

fn parse(day: &str) -> Option<Ymd> {
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    ((1..=12).contains(&m) && (1..=month_len(y, m)).contains(&d)).then_some((y, m, d))
}

fn month_len(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Months from year 0 (for spans and gap filling by month).
fn month_index(y: i64, m: i64) -> i64 {
    y * 12 + m - 1
}

/// Buckets per-day counts into bars, filling the gaps between the first and
/// last day. Days that are not valid dates are left out.
pub fn bars(days: &[FacetCount]) -> Vec<Bar> {
    let counts: BTreeMap<Ymd, u64> =
        days.iter()
            .filter_map(|c| Some((parse(&c.value)?, c.count)))
            .fold(BTreeMap::new(), |mut m, (d, n)| {
                *m.entry(d).or_default() += n;
                m
            });
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let months = month_index(last.0, last.1) - month_index(first.0, first.1) + 1;
    let mut out = Vec::new();
    if months <= 4 && span_days(first, last) <= MAX_DAILY_BARS {
        let mut day = first;
        while day <= last {
            let label = format!("{:04}-{:02}-{:02}", day.0, day.1, day.2);
            let count = counts.get(&day).copied().unwrap_or(0);
            out.push(Bar {
                from: label.clone(),
                to: label.clone(),
                label,
                count,
            });
            day = next_day(day);
        }
    } else if months <= MAX_MONTHLY_BARS {
        for i in month_index(first.0, first.1)..=month_index(last.0, last.1) {
            let (y, m) = (i.div_euclid(12), i.rem_euclid(12) + 1);
            let count = counts.range((y, m, 1)..=(y, m, 31)).map(|(_, n)| n).sum();
            out.push(Bar {
                label: format!("{y:04}-{m:02}"),
                from: format!("{y:04}-{m:02}-01"),
                to: format!("{y:04}-{m:02}-{:02}", month_len(y, m)),
                count,
            });
        }
    } else {
        for y in first.0..=last.0 {
            let count = counts.range((y, 1, 1)..=(y, 12, 31)).map(|(_, n)| n).sum();
            out.push(Bar {
                label: format!("{y:04}"),
                from: format!("{y:04}-01-01"),
                to: format!("{y:04}-12-31"),
                count,
            });
        }
    }
    out
}

fn next_day((y, m, d): Ymd) -> Ymd {
    if d < month_len(y, m) {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    }
}

/// Days from `a` to `b` (at most `MAX_DAILY_BARS + 1`: callers only ask
/// whether a span is short).
fn span_days(a: Ymd, b: Ymd) -> i64 {
    let (mut day, mut n) = (a, 0);
    while day < b && n <= MAX_DAILY_BARS {
        day = next_day(day);
        n += 1;
    }
    n + 1
}

/// Draws the bars as an SVG chart that stretches to its box;
/// `href(from, to)` gives each bar's link. Empty input draws nothing.
///
/// ```
/// use marsad_server::chart::{bars, svg};
/// use marsad_store::FacetCount;
/// let days = [FacetCount { value: "2015-07-21".into(), count: 3 },
///             FacetCount { value: "2015-07-23".into(), count: 1 }];
/// let bars = bars(&days);
/// assert_eq!(bars.iter().map(|b| b.count).collect::<Vec<_>>(), [3, 0, 1]);
/// let chart = svg(&bars, |from, to| format!("/?from={from}&to={to}"));
/// assert!(chart.starts_with("<svg") && chart.matches("class=\"bar\"").count() == 3);
/// ```
pub fn svg(bars: &[Bar], href: impl Fn(&str, &str) -> String) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let slot = WIDTH / bars.len() as f64;
    // Few bars stay slim; many bars keep a small gap while there is room.
    let width = (slot * 0.8).min(WIDTH / MIN_SLOTS);
    let width = if slot > 3.0 { width } else { slot };
    let plot = HEIGHT - TOP;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" preserveAspectRatio=\"none\" role=\"img\" \
         aria-label=\"عدد المقالات المطابقة عبر الزمن\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, bar) in bars.iter().enumerate() {
        // The first (oldest) slot is at the right.
        let left = WIDTH - (i as f64 + 1.0) * slot;
        let x = left + (slot - width) / 2.0;
        let h = if bar.count == 0 {
            0.0
        } else {
            (bar.count as f64 / max as f64 * plot).max(1.5)
        };
        let _ = write!(out, "<a href=\"{}\"><title>", escape(&href(&bar.from, &bar.to)));
        push_escaped(&mut out, &format!("{}: {}", bar.label, bar.count));
        let _ = write!(
            out,
            "</title><rect x=\"{left:.2}\" y=\"0\" width=\"{slot:.2}\" height=\"{HEIGHT}\" class=\"slot\"/>\
             <rect x=\"{x:.2}\" y=\"{:.2}\" width=\"{width:.2}\" height=\"{h:.2}\" class=\"bar\"/></a>",
            HEIGHT - h
        );
    }
    out.push_str("</svg>");
    out
}

/// The chart with its first and last periods and its largest count under
/// it, as HTML (text in SVG would stretch with the chart).
pub fn figure(bars: &[Bar], href: impl Fn(&str, &str) -> String) -> String {
    let Some((first, last)) = bars.first().zip(bars.last()) else {
        return String::new();
    };
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0);
    let mut out = String::from("<figure class=\"chart\">");
    out.push_str(&svg(bars, href));
    let _ = write!(
        out,
        "<div class=\"ticks\">{}<span>أعلى عدد في الفترة الواحدة: {max}</span>{}</div>\
         <figcaption>المقالات المطابقة عبر الزمن (اضغط على عمود لحصر البحث في فترته)</figcaption></figure>",
        ltr(&first.label),
        if bars.len() > 1 {
            ltr(&last.label)
        } else {
            String::new()
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(pairs: &[(&str, u64)]) -> Vec<FacetCount> {
        pairs
            .iter()
            .map(|&(d, n)| FacetCount {
                value: d.into(),
                count: n,
            })
            .collect()
    }

    #[test]
    fn gaps_are_filled_across_month_ends() {
        let b = bars(&days(&[("2016-02-28", 1), ("2016-03-01", 2)]));
        let labels: Vec<_> = b.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2016-02-28", "2016-02-29", "2016-03-01"]);
    }

    #[test]
    fn long_spans_go_by_month_then_by_year() {
        let b = bars(&days(&[("2015-01-05", 1), ("2015-01-20", 1), ("2015-12-31", 4)]));
        assert_eq!(b.len(), 12);
        assert_eq!(
            (b[0].count, b[0].from.as_str(), b[0].to.as_str()),
            (2, "2015-01-01", "2015-01-31")
        );
        assert_eq!(b[1].to, "2015-02-28");
        let b = bars(&days(&[("2001-06-01", 1), ("2015-06-01", 1)]));
        assert_eq!(b.len(), 15);
        assert_eq!(b[0].label, "2001");
    }

    #[test]
    fn bad_days_are_ignored_and_labels_escaped() {
        assert!(bars(&days(&[("(unknown)", 3), ("2015-02-30", 1)])).is_empty());
        let bar = Bar {
            label: "<x>".into(),
            from: "a".into(),
            to: "b".into(),
            count: 1,
        };
        let s = figure(&[bar], |_, _| "/?q=a&b".into());
        assert!(s.contains("&lt;x&gt;") && s.contains("href=\"/?q=a&amp;b\"") && !s.contains("<x>"));
        assert!(s.contains("<svg") && s.contains("<figcaption>"));
        assert_eq!(figure(&[], |_, _| String::new()), "");
    }
}
