//! Generates `src/whole.rs`: words whose letters all belong to them, so that stemming keeps
//! them whole (`بوتين`, not `ب` + `وت` + `ين`; `فلسطين`, not `فلسط` + `ين`).
//!
//! `cargo run --release -p marsad-text --example whole_words -- CORPUS_DIR [MIN_COUNT] > /tmp/whole.rs`
//! and move it to `src/whole.rs` (not straight there: the build would read the emptied file).
//!
//! Evidence, from the folded words of the SaudiNewsNet article contents (CORPUS_DIR holds its
//! zips). A candidate `B` is a word seen bare or after the article (`كرملين` from `الكرملين`,
//! `التزام` from `الالتزام`), of at least [`MIN_LETTERS`] letters, that the rules would cut to a
//! stem `S`. Its *forms* are `B` after any proclitic and before any pronoun or the accusative
//! alef (`B`, `الB`, `وB`, `بالB`, `Bهم`, `Bا`...). `B` is kept whole when
//! - its forms are seen at least MIN_COUNT times;
//! - at least [`HEAD_SHARE`] of those are `B` or `الB` (a word's own head, not a proclitic glued to
//!   some other word);
//! - after a bare proclitic (`و` `ب` `ل`), what follows is seen, bare or after the article, less
//!   than [`REST_SHARE`] as often as `B` or `الB` (`بوتين`: `وتين` is never seen; `وبلغت` is
//!   `و` and `بلغت`, seen on its own), unless `B` starts with a `ب` that the rules cut and is
//!   seen at least [`MIN_AFTER_PREPOSITION`] times after `ب` or `ل` (`لبايدن`): a preposition
//!   does not follow a preposition, so the `ب` is `B`'s own, and what follows it is another
//!   word (`ايدن`, Eden), which the next rule does not count either;
//! - keeping it whole joins more than it splits: the words that are not forms of `B` and that
//!   the rules cut to `S` are seen at most [`OTHER_SHARE`] as often as `B`'s forms (cutting
//!   `كرملين` to `كرمل` joins it with nothing), or less often than the words the rules cut to `B`
//!   itself, its family (`لبنان` → `لبن` joins `اللبن`, milk, but splits it from `اللبناني`,
//!   `اللبنانية`, which the rules cut to `لبنان`); a plural whose singular is seen (`المتظاهرين`,
//!   `المتظاهر`) is neither;
//! - what the rules cut is more than a final `ه` (`قمه` → `قم` keeps `قمتها` beside it), and `B`
//!   is not a feminine noun with a pronoun (`اهميتها`).
//!
//! Also learned: [`article_after_lam`], and the spellings of one name ([`variants`]); and written
//! out, the rules' stems of the whole words' forms (`WHOLE_TRIGGERS`), which the stemmer would
//! otherwise compute at start-up.
//!
//! A word that is another listed word after a proclitic or before one of `WHOLE_SUFFIXES`
//! (`لبوتين`, `تلفزيوني`, `قانونا`) is left out: the stemmer finds the listed word inside it.
//!
//! `WHOLE_COUNTS=FILE` keeps the word counts in FILE (read from it when it exists: the corpus
//! takes a minute to read); `WHOLE_DEBUG=word,word` prints each one's evidence to stderr.

use std::collections::{HashMap, HashSet};

use marsad_text::stem::{
    lam_word_start, light_range, whole_forms_stems, ARTICLE_PREFIXES, BARE_PREFIXES, LAM_ARTICLE, WHOLE_SUFFIXES,
};

#[path = "common/corpus.rs"]
mod corpus;

/// Share of a word's forms that must be the word itself or the word after the article.
const HEAD_SHARE: f64 = 0.3;
/// Most that other words may reach the word's rule-made stem, relative to the word's forms.
const OTHER_SHARE: f64 = 0.05;
/// Most that what follows a leading proclitic may be seen, relative to the word.
const REST_SHARE: f64 = 0.1;
/// Fewest times a word that starts with `ب` must be seen after a preposition for that letter to
/// count as its own (`لبايدن`, `ببكين`: a preposition does not follow a preposition).
const MIN_AFTER_PREPOSITION: u64 = 3;
/// Fewest letters of a whole word.
const MIN_LETTERS: usize = 4;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: whole_words CORPUS_DIR [MIN_COUNT]");
    let min: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let counts = match std::env::var("WHOLE_COUNTS") {
        Ok(path) if std::path::Path::new(&path).exists() => read_counts(&path),
        Ok(path) => {
            let counts = count_words(&dir);
            let lines: Vec<String> = counts.iter().map(|(w, n)| format!("{w}\t{n}")).collect();
            std::fs::write(path, lines.join("\n")).unwrap();
            counts
        }
        Err(_) => count_words(&dir),
    };
    let whole = whole_words(&counts, min);
    let variants = variants(&whole);
    let words: Vec<String> = whole.into_iter().map(|(w, _)| w).collect();
    let after_lam = article_after_lam(&counts, min, &words);
    let listed: Vec<&str> = words.iter().map(String::as_str).collect();
    let triggers = whole_forms_stems(&listed);
    print_table(&words, &variants, &after_lam, &triggers, min);
}

fn count_words(dir: &str) -> HashMap<String, u64> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    corpus::for_each_word(dir, |word| *counts.entry(word.to_owned()).or_default() += 1);
    counts
}

fn read_counts(path: &str) -> HashMap<String, u64> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(w, n)| (w.to_owned(), n.parse().unwrap()))
        .collect()
}

fn light(word: &str) -> &str {
    let (start, end) = light_range(word);
    &word[start..end]
}

fn prefixes() -> impl Iterator<Item = &'static str> {
    ARTICLE_PREFIXES
        .iter()
        .copied()
        .chain(BARE_PREFIXES.iter().map(|p| p.prefix))
}

/// The whole words, sorted, each with how often its forms are seen.
fn whole_words(counts: &HashMap<String, u64>, min: u64) -> Vec<(String, u64)> {
    let mut reach: HashMap<&str, u64> = HashMap::new();
    for (word, &n) in counts {
        *reach.entry(light(word)).or_default() += n;
    }
    let count = |w: &str| counts.get(w).copied().unwrap_or(0);
    let mut candidates: Vec<&str> = counts
        .keys()
        .map(|w| ARTICLE_PREFIXES.iter().find_map(|p| w.strip_prefix(p)).unwrap_or(w))
        .filter(|w| w.chars().count() >= MIN_LETTERS)
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let debug = std::env::var("WHOLE_DEBUG").unwrap_or_default();
    let mut whole: Vec<(String, u64)> = Vec::new();
    for &word in &candidates {
        let head = count(word) + count(&format!("ال{word}"));
        if (head as f64) < HEAD_SHARE * min as f64 {
            continue;
        }
        let (start, end) = light_range(word);
        // Nothing cut, or only a final `ه`; or a feminine noun's `ت` before a pronoun (`اهميتها`).
        let feminine = ["ته", "تها", "تهم", "تهما", "تهن", "تنا"]
            .iter()
            .any(|e| word.ends_with(e));
        if feminine || start == 0 && (end == word.len() || &word[end..] == "ه") {
            continue;
        }
        let stem = &word[start..end];
        let forms: Vec<String> = forms(word).filter(|f| counts.contains_key(f)).collect();
        let seen: u64 = forms.iter().map(|f| count(f)).sum();
        let own: u64 = forms.iter().filter(|f| light(f) == stem).map(|f| count(f)).sum();
        let other = reach.get(stem).copied().unwrap_or(0) - own;
        let family = reach.get(word).copied().unwrap_or(0);
        let rest_head = BARE_PREFIXES
            .iter()
            .filter_map(|p| word.strip_prefix(p.prefix))
            .map(|rest| count(rest) + count(&format!("ال{rest}")))
            .max()
            .unwrap_or(0);
        let after_preposition = after_preposition(word, &count);
        if debug.split(',').any(|d| d == word) {
            eprintln!("{word}: seen {seen} head {head} other {other} family {family} rest {rest_head} after a preposition {after_preposition} stem {stem}");
            let mut others: Vec<_> = counts
                .iter()
                .filter(|(w, _)| light(w) == stem && !forms.contains(w))
                .collect();
            others.sort_by_key(|(_, &n)| std::cmp::Reverse(n));
            eprintln!("  {:?}", &others[..others.len().min(12)]);
        }
        let own_first = start > 0 && after_preposition >= MIN_AFTER_PREPOSITION;
        let headed =
            head as f64 >= HEAD_SHARE * seen as f64 && ((rest_head as f64) < REST_SHARE * head as f64 || own_first);
        let joins = other as f64 <= OTHER_SHARE * seen as f64 || family >= other || own_first;
        if seen >= min && headed && joins {
            whole.push((word.to_owned(), seen));
        }
    }
    let listed: HashSet<String> = whole.iter().map(|(w, _)| w.clone()).collect();
    whole.retain(|(w, _)| !inside_listed(w, &listed));
    whole.sort();
    whole
}

/// How often a word that starts with `ب` is seen after the preposition `ب` or `ل` (`ببكين`,
/// `لبايدن`). Not `ك` before it, which starts many words (`كبير`), nor a word that starts with
/// `ل`: `ب` starts many words too (`بلدينا` is not `ب` + `لدينا`).
fn after_preposition(word: &str, count: &impl Fn(&str) -> u64) -> u64 {
    if !word.starts_with('ب') {
        return 0;
    }
    ["ب", "ل"].iter().map(|p| count(&format!("{p}{word}"))).sum()
}

/// Letters that spell the sound g in transliterated names (`انجلترا`, `انكلترا`; `بلومبيرغ`).
const G_LETTERS: [char; 4] = ['ج', 'غ', 'ق', 'ك'];
/// Fewest letters of a [`skeleton`] for its words to count as spellings of one name.
const MIN_SKELETON: usize = 5;

/// A transliterated name's letters without the choices writers differ on: one letter for the g
/// sound, and no long vowels (`ا` `و` `ي`) between its first and last letter (`تشيلسي` and
/// `تشلسي` are both `تشلسي`).
fn skeleton(word: &str) -> String {
    let letters: Vec<char> = word
        .chars()
        .map(|c| if G_LETTERS.contains(&c) { 'ج' } else { c })
        .collect();
    let last = letters.len() - 1;
    let keep = |(i, c): &(usize, &char)| *i == 0 || *i == last || !matches!(c, 'ا' | 'و' | 'ي');
    letters.iter().enumerate().filter(keep).map(|(_, c)| *c).collect()
}

/// Whole words that spell one name ([`skeleton`]s of at least [`MIN_SKELETON`] letters; shorter
/// ones join Arabic words, `تعاون` and `تعيين`), each with the group's most seen spelling.
fn variants(whole: &[(String, u64)]) -> Vec<(String, String)> {
    let mut groups: HashMap<String, Vec<&(String, u64)>> = HashMap::new();
    for entry in whole {
        groups.entry(skeleton(&entry.0)).or_default().push(entry);
    }
    let mut variants: Vec<(String, String)> = Vec::new();
    for (skeleton, group) in groups {
        if group.len() < 2 || skeleton.chars().count() < MIN_SKELETON {
            continue;
        }
        let canonical = group
            .iter()
            .max_by_key(|(w, n)| (*n, std::cmp::Reverse(w.clone())))
            .unwrap();
        let others = group.iter().filter(|(w, _)| *w != canonical.0);
        variants.extend(others.map(|(w, _)| (w.clone(), canonical.0.clone())));
    }
    variants.sort();
    variants
}

/// The endings of [`WHOLE_SUFFIXES`] that leave the word itself (pronouns, the accusative alef):
/// its nisba `ي` and plural `ات` make other words of the family (`فلسطيني`, `مهرجانات`), counted
/// apart.
fn pronouns() -> impl Iterator<Item = &'static str> + Clone {
    WHOLE_SUFFIXES.iter().copied().filter(|q| !matches!(*q, "ي" | "ات"))
}

/// `word` with each proclitic and each of [`pronouns`] (itself first).
fn forms(word: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once("").chain(prefixes()).flat_map(move |p| {
        std::iter::once("")
            .chain(pronouns())
            .map(move |q| format!("{p}{word}{q}"))
    })
}

/// True if `word` is a listed word with a proclitic or one of [`WHOLE_SUFFIXES`] (`لبوتين`,
/// `تلفزيوني`): the stemmer finds the listed word inside it.
fn inside_listed(word: &str, listed: &HashSet<String>) -> bool {
    let fronts = std::iter::once(word).chain(prefixes().filter_map(|p| word.strip_prefix(p)));
    fronts
        .flat_map(|w| std::iter::once(w).chain(WHOLE_SUFFIXES.iter().filter_map(move |q| w.strip_suffix(q))))
        .any(|inner| inner != word && listed.contains(inner))
}

/// Words `X` that `للX` (`ولل`, `فلل`) holds after `ل` + the article, although `لX`'s stem is
/// protected and the rules read `ل` + `لX`: the corpus sees `الX` more often than `اللX`
/// (`للصين` is `ل` + `الصين`, not `ل` + `لصين`; `للجنه` stays `ل` + `لجنه`), at least twice as
/// often (`الحاق` is also `إلحاق`, so `للحاق` stays `ل` + `لحاق`), and `لX` is not a whole word
/// (`للبنان`). Seen, with its prefixes, at least MIN_COUNT times.
fn article_after_lam(counts: &HashMap<String, u64>, min: u64, whole: &[String]) -> Vec<String> {
    let count = |w: &str| counts.get(w).copied().unwrap_or(0);
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for (word, &n) in counts {
        for prefix in LAM_ARTICLE {
            let Some(rest) = word.strip_prefix(prefix) else {
                continue;
            };
            // The protected stems read `ل` + `لX`.
            if lam_word_start(word, prefix).is_some() {
                *seen.entry(rest).or_default() += n;
            }
        }
    }
    let mut words: Vec<String> = seen
        .into_iter()
        .filter(|&(rest, n)| n >= min && count(&format!("ال{rest}")) > 2 * count(&format!("الل{rest}")))
        .filter(|(rest, _)| !whole.iter().any(|w| w.strip_prefix('ل') == Some(rest)))
        .map(|(rest, _)| rest.to_owned())
        .collect();
    words.sort();
    words
}

fn print_table(words: &[String], variants: &[(String, String)], after_lam: &[String], triggers: &[String], min: u64) {
    println!("//! Words whose letters all belong to them: stemming removes only their proclitics and endings.");
    println!("//!");
    println!("//! Generated by `examples/whole_words.rs` (words seen at least {min} times in SaudiNewsNet,");
    println!("//! see there for the evidence); sorted. Regenerate after changing the stemming rules.");
    println!();
    corpus::print_words("Sorted folded words kept whole by the stemmer.", "WHOLE_WORDS", words);
    println!();
    println!("/// Whole words that spell the same name as another, sorted: (variant, the most seen spelling).");
    println!("#[rustfmt::skip]");
    println!("pub const WHOLE_VARIANTS: &[(&str, &str)] = &[");
    for (variant, canonical) in variants {
        println!("    (\"{variant}\", \"{canonical}\"),");
    }
    println!("];");
    println!();
    corpus::print_words(
        "Words that follow `لل` as `ل` + the article, though the rules would read `ل` + `ل`-word, sorted.",
        "ARTICLE_AFTER_LAM",
        after_lam,
    );
    println!();
    corpus::print_words(
        "The rules' stems of every form of the whole words (see `stem::whole_forms_stems`), sorted.",
        "WHOLE_TRIGGERS",
        triggers,
    );
}
