//! Bylines: credit lines naming the author, correspondent, desk or
//! syndication source.
//!
//! Where a line stands matters: "عين اليوم – متابعات" at the top of a story is
//! a byline, while "العلاقات الامريكية - الروسية" between paragraphs is a
//! subheading; "* خدمة «نيويورك تايمز»" closes a story, while "* وصفة كردية"
//! opens a section. The rules, all on lines of at most 8 words that do not end
//! a sentence or with a colon:
//! - anywhere: a credit opening ("بقلم", "كتب", "خدمة", "بالاتفاق مع", "خاص بـ", ...);
//! - first or last lines: two short parts around a dash ("لجين الأحمدي – عين اليوم");
//! - first lines: "place: name" with short parts ("لاس فيغاس: إد أوكيفي");
//! - last lines: a line opened by "*" or "-" ("* استشاري طب الأطفال"), or a bare
//!   name of at most three words ("بدر العبدان", "\"صياد\"").
//!
//! A leading "Next Previous" gallery widget is ignored.

use crate::line::{has_digit, is_particle, LineInfo};

/// Where a line stands among an article's kept lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// Among the first lines of the body.
    Lead,
    /// Between paragraphs.
    Middle,
    /// The last line of the body.
    Tail,
}

/// Credit openings, folded.
const CREDITS: [&str; 13] = [
    "بقلم",
    "كتب ",
    "كتبت ",
    "كتب:",
    "تقرير:",
    "اعداد:",
    "ترجمه",
    "خدمه ",
    "بالاتفاق مع",
    "خاص ب",
    "مراسل ",
    "من مراسل",
    "نقلا عن",
];

/// First words of job titles and photo labels, which a bare name never has.
const NOT_NAMES: [&str; 14] = [
    "وزير",
    "امير",
    "رئيس",
    "ولي",
    "محافظ",
    "مدير",
    "نائب",
    "سفير",
    "الملك",
    "فعاليات",
    "جانب",
    "صوره",
    "مقالات",
    "عضو",
];

/// True when the line is a byline at this place.
pub(crate) fn is_byline(line: &LineInfo, place: Place) -> bool {
    let folded = line.folded.strip_prefix("next previous").unwrap_or(&line.folded);
    let folded = folded.trim();
    let open = folded.ends_with([':', '،', ',']);
    if line.words > 8 || folded.is_empty() || line.ends_sentence() || open {
        return false;
    }
    let bare = folded.trim_start_matches(['*', '-', '–', ' ', '•']);
    if CREDITS.iter().any(|c| bare.starts_with(c)) {
        return true;
    }
    match place {
        Place::Lead => is_dash_credit(line.text) || is_place_name(folded),
        Place::Middle => false,
        Place::Tail => {
            is_dash_credit(line.text)
                || (folded.starts_with(['*', '-', '–']) && line.words <= 6)
                || is_bare_name(folded)
        }
    }
}

/// Short parts around dashes: "عين اليوم – متابعات", "الرياضي ـ جدة",
/// "حامد القرشي – قاسم الزرعي – عين اليوم" (a colon may also separate parts).
fn is_dash_credit(text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
    if has_digit(rest) || rest.contains(['،', ',']) {
        return false;
    }
    let short = |s: &str| {
        s.split(':')
            .all(|piece| (1..=3).contains(&piece.split_whitespace().count()))
    };
    let mut parts = 0;
    while let Some((left, right)) = split_dash(rest) {
        if !short(left) {
            return false;
        }
        parts += 1;
        rest = right;
    }
    parts > 0 && short(rest) && rest.matches(':').count() <= 1
}

/// Splits at the first dash: –, —, -, or a tatweel standing next to a space.
fn split_dash(text: &str) -> Option<(&str, &str)> {
    let spaced_tatweel = text.find(" ـ").map(|i| (i + 1, 'ـ'.len_utf8()));
    let spaced_tatweel = spaced_tatweel.or_else(|| text.find("ـ ").map(|i| (i, 'ـ'.len_utf8())));
    let dash = text
        .find(['–', '—', '-'])
        .map(|i| (i, text[i..].chars().next().map_or(1, char::len_utf8)));
    let (i, len) = match (dash, spaced_tatweel) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some((text[..i].trim(), text[i + len..].trim()))
}

/// "لاس فيغاس: إد أوكيفي": a short place, a colon, a short name.
fn is_place_name(folded: &str) -> bool {
    let Some((left, right)) = folded.split_once(':') else {
        return false;
    };
    let (l, r) = (left.split_whitespace().count(), right.split_whitespace().count());
    (1..=2).contains(&l) && (1..=3).contains(&r) && !has_digit(folded) && !right.contains(':')
}

/// A name of one to three words: letters, dots and quotes only, no particle.
fn is_bare_name(folded: &str) -> bool {
    let words: Vec<&str> = folded.split_whitespace().collect();
    let plain = folded
        .chars()
        .all(|c| crate::line::is_letter(c) || matches!(c, ' ' | '.' | '"' | '«' | '»' | '“' | '”'));
    let first = words.first().copied().unwrap_or("");
    (1..=3).contains(&words.len())
        && plain
        && !is_particle(first)
        && !first.starts_with("ال")
        && !NOT_NAMES.contains(&first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, place: Place) -> bool {
        is_byline(&LineInfo::new(s), place)
    }

    #[test]
    fn desk_and_author_lines_lead_the_story() {
        assert!(at("لجين الأحمدي – عين اليوم", Place::Lead));
        assert!(at("عين اليوم – متابعات", Place::Lead));
        assert!(at(" Next Previous عين اليوم – واس", Place::Lead));
        assert!(at("الرياضي ـ جدة", Place::Lead));
        assert!(at("لاس فيغاس: إد أوكيفي", Place::Lead));
        assert!(at("حامد القرشي – قاسم الزرعي – عين اليوم", Place::Lead));
        assert!(at("نايف عبدالله – لجين الأحمدي: عين اليوم", Place::Lead));
        assert!(!at(
            "سبق- أبها: تجاوز الإبداع الفني لدى فناني وفنانات مدينة أبها",
            Place::Lead
        ));
    }

    #[test]
    fn dashed_headings_in_the_middle_are_not_bylines() {
        assert!(!at("العلاقات الامريكية - الروسية", Place::Middle));
        assert!(!at("قمة أمريكية -روسية", Place::Middle));
    }

    #[test]
    fn credits_and_names_close_the_story() {
        assert!(at("* خدمة «نيويورك تايمز»", Place::Tail));
        assert!(at("* خدمة «نيويورك تايمز»", Place::Middle));
        assert!(at("* استشاري طب الأطفال", Place::Tail));
        assert!(at("بدر العبدان ", Place::Tail));
        assert!(at("\"صياد\" ", Place::Tail));
        assert!(!at("العشاق كالفقراء لهم أحلام لا تتحقق!.", Place::Tail));
        assert!(!at("والله المستعان", Place::Tail));
        assert!(!at("وزير الدفاع", Place::Tail));
        assert!(!at("وحدهُ كانَ يُمطرُها بالقُبُل،", Place::Tail));
        assert!(!at("•• ومضة:", Place::Tail));
    }
}
