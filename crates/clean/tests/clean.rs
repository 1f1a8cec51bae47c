//! Integration tests: the seed page end to end, and properties that hold on
//! any input.

use marsad_clean::{clean, label_lines, Label, SourceStats};
use proptest::prelude::*;

const SEED: &str = include_str!("../../../data/sample/dostor-kremlin-summit.txt");

fn label_of(c: &marsad_clean::Cleaned, text: &str) -> Vec<Label> {
    c.lines
        .iter()
        .filter(|l| l.span.of(SEED) == text)
        .map(|l| l.label)
        .collect()
}

#[test]
fn seed_masthead_and_duplicates_are_removed() {
    let c = clean(SEED, None, None);
    use Label::*;
    assert_eq!(label_of(&c, "رئيس مجلسى الإدارة والتحرير"), vec![Boilerplate, Duplicate]);
    assert_eq!(label_of(&c, "محمد الباز"), vec![Boilerplate, Duplicate]);
    assert_eq!(label_of(&c, "الكرملين:"), vec![Caption, Duplicate]);
    let reasons: Vec<String> = c.removed().map(|l| l.reason.unwrap().to_string()).collect();
    assert_eq!(reasons[0], "masthead pattern");
    assert_eq!(reasons[2], "duplicate of line 1");
    assert!(!c.cleaned_text().as_str().contains("محمد الباز"));
}

#[test]
fn seed_headline_kicker_and_subheadings_are_recognised() {
    let s = clean(SEED, None, None).structure;
    assert_eq!(
        s.title.as_deref(),
        Some("الكرملين: بوتين سيدرس اقتراح الرئيس الأمريكي بعقد قمة بينهما")
    );
    assert_eq!(s.kickers, vec!["بايدن شدد على سعيه لبناء علاقة مستقرة مع روسيا"]);
    assert_eq!(
        s.subheadings,
        vec!["قمة أمريكية -روسية", "الحوار الحل الأمثل", "العلاقات الامريكية - الروسية"]
    );
    assert_eq!(s.captions, vec!["الكرملين:"]);
}

#[test]
fn seed_loses_no_paragraph() {
    let c = clean(SEED, None, None);
    let body = c.cleaned_text().as_str();
    let paragraphs: Vec<&str> = SEED.lines().map(str::trim).filter(|l| l.chars().count() > 60).collect();
    assert_eq!(paragraphs.len(), 11);
    for p in paragraphs {
        assert!(body.contains(p), "lost: {p}");
    }
    let paragraph_lines = c.lines.iter().filter(|l| l.label == Label::Paragraph).count();
    assert_eq!(paragraph_lines, 11);
}

#[test]
fn seed_labels_match_the_gold_line_for_line() {
    let lines: Vec<&str> = SEED.lines().filter(|l| !l.trim().is_empty()).collect();
    use Label::*;
    let mut want = vec![
        Boilerplate,
        Boilerplate,
        Duplicate,
        Duplicate,
        Kicker,
        Title,
        Caption,
        Duplicate,
    ];
    want.extend([
        Paragraph, Paragraph, Subheading, Paragraph, Paragraph, Paragraph, Subheading,
    ]);
    want.extend([
        Paragraph, Paragraph, Paragraph, Subheading, Paragraph, Paragraph, Paragraph,
    ]);
    assert_eq!(label_lines(&lines, None, None), want);
    assert_eq!(label_lines(&lines, Some(""), None), want, "an empty title is no title");
}

#[test]
fn seed_stats_do_not_change_a_single_page() {
    let mut stats = SourceStats::new();
    stats.add_article(SEED);
    let lines: Vec<&str> = SEED.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(label_lines(&lines, None, Some(&stats)), label_lines(&lines, None, None));
}

/// Arbitrary text built from Arabic lines, furniture, symbols and whitespace.
fn article_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("رئيس مجلسى الإدارة والتحرير".to_string()),
        Just("// انتهى //".to_string()),
        Just("\u{a0}\u{200f}".to_string()),
        Just("أكد الكرملين أن روسيا ستدرس الاقتراح.".to_string()),
        Just("قمة أمريكية -روسية".to_string()),
        "[\\PC\\s]{0,40}",
        "[ء-ي ًٌٍَُِّْـ:«».،\\-–*0-9\\r\\t]{0,60}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.join("\n"))
}

proptest! {
    #[test]
    fn cleaning_never_invents_text(text in article_text(), titled in any::<bool>()) {
        let c = clean(&text, titled.then_some("عنوان"), None);
        for l in &c.lines {
            prop_assert!(l.span.start <= l.span.end && l.span.end <= text.len());
            prop_assert!(text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end));
            let line = l.span.of(&text);
            prop_assert!(!line.trim().is_empty());
            prop_assert_eq!(l.reason.is_some(), l.label.is_removed());
        }
        let body = c.cleaned_text();
        for piece in body.as_str().split('\n') {
            prop_assert!(text.contains(piece));
        }
        let end = body.to_original(body.as_str().len());
        prop_assert!(end.is_some_and(|e| e <= text.len()));
    }

    #[test]
    fn one_label_per_line_and_no_panic(lines in proptest::collection::vec("\\PC{0,30}", 0..10)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut stats = SourceStats::with_bucket_width(2);
        for l in &refs {
            stats.add_article(l);
        }
        prop_assert_eq!(label_lines(&refs, None, Some(&stats)).len(), refs.len());
    }
}
