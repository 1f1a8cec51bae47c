//! The seed page (Al-Dostor, 14 April 2021): every statement the issue asks for.

use marsad_extract::{extract_quotes, Quote, QuoteKind};

const SEED: &str = include_str!("../../../data/sample/dostor-kremlin-summit.txt");

fn quotes() -> Vec<Quote> {
    extract_quotes(SEED, Some("2021-04-14"))
}

/// The quote whose text contains `needle`.
fn find<'a>(qs: &'a [Quote], needle: &str) -> &'a Quote {
    qs.iter()
        .find(|q| q.text.contains(needle))
        .unwrap_or_else(|| panic!("no quote with {needle:?} in {qs:#?}"))
}

#[test]
fn spans_are_the_texts() {
    for q in quotes() {
        assert_eq!(&SEED[q.span.start..q.span.end], q.text);
    }
}

#[test]
fn peskov_direct_quote_via_al_arabiya() {
    let qs = quotes();
    let q = find(&qs, "من المبكر التحدث");
    assert_eq!(q.speaker.as_deref(), Some("ديمتري بيسكوف"));
    assert_eq!(q.role.as_deref(), Some("المتحدث باسم الكرملين"));
    assert_eq!(q.via.as_deref(), Some("قناة العربية الإخبارية"));
    assert_eq!(q.cue, "وقال");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert!(q.text.ends_with("وستتم دراسته"));
}

#[test]
fn kremlin_indirect_statement_dated_today() {
    let qs = quotes();
    let q = find(&qs, "روسيا ستدرس اقتراح الرئيس الأمريكي");
    assert_eq!(q.speaker.as_deref(), Some("الكرملين"));
    assert_eq!(q.cue, "أكد");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.date.as_deref(), Some("2021-04-14"), "اليوم الأربعاء");
}

#[test]
fn headline_attribution() {
    let qs = quotes();
    let q = find(&qs, "بوتين سيدرس اقتراح");
    assert_eq!((q.speaker.as_deref(), q.cue.as_str()), (Some("الكرملين"), ":"));
}

#[test]
fn kremlin_relayed_by_russian_media_dated_yesterday() {
    let qs = quotes();
    let q = find(&qs, "أبديا استعدادهما");
    assert_eq!(q.speaker.as_deref(), Some("الكرملين"));
    assert_eq!(q.via.as_deref(), Some("وسائل اعلام روسية"));
    assert_eq!(q.date.as_deref(), Some("2021-04-13"), "أمس");
    assert!(!qs.iter().any(|q| q.speaker.as_deref() == Some("وسائل اعلام روسية")));
}

#[test]
fn foreign_ministry_source_and_its_continuation() {
    let qs = quotes();
    let q = find(&qs, "هذه التصريحات أدلى بها يوري أوشاكوف");
    assert!(q.implicit, "وقالت has no stated subject");
    assert_eq!(q.speaker.as_deref(), Some("مصدر في وزارة الخارجية"));
    let told = find(&qs, "سيتصرف على نحو حاسم");
    assert_eq!(told.speaker.as_deref(), Some("الكرملين"));
    assert_eq!(told.date.as_deref(), Some("2021-04-14"), "أبلغ واشنطن اليوم");
}

#[test]
fn biden_statements_relayed_by_the_white_house() {
    let qs = quotes();
    let worry = find(&qs, "قلقه إزاء الحشد المفاجئ");
    assert_eq!(worry.speaker.as_deref(), Some("بايدن"));
    let call = find(&qs, "خفض التوترات");
    assert!(call.implicit);
    assert_eq!(call.speaker.as_deref(), Some("بايدن"));
    let stress = find(&qs, "سعيه لـ\"بناء علاقة مستقرة\"");
    assert_eq!(stress.speaker.as_deref(), Some("الرئيس الأمريكي"));
}

#[test]
fn relative_days_resolve_against_publication() {
    let days: Vec<(String, String)> = marsad_extract::find_dates(SEED, Some("2021-04-14"))
        .iter()
        .map(|d| (SEED[d.span.start..d.span.end].to_string(), d.date.to_string()))
        .collect();
    assert!(
        days.contains(&("اليوم الأربعاء".into(), "2021-04-14".into())),
        "{days:?}"
    );
    assert!(days.contains(&("أمس الثلاثاء".into(), "2021-04-13".into())), "{days:?}");
}

#[test]
fn without_publication_date_no_relative_dates() {
    assert!(extract_quotes(SEED, None).iter().all(|q| q.date.is_none()));
}
