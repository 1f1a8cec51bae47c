//! The search query language, parsed into a small syntax tree before any
//! analysis:
//!
//! - `word word` — bag of words, ranked by BM25 (documents with more of the
//!   words rank higher);
//! - `"exact phrase"` (also «…» and “…”) — must appear as a phrase;
//! - `+word` must appear; `-word` / `-"phrase"` must not;
//! - `a OR b` — either; a group joined by `OR` is required when any of its
//!   members is (a phrase or a `+` item);
//! - `source:NAME` — only articles from that outlet (`-source:NAME` excludes);
//! - `speaker:NAME` — only articles quoting that speaker (a name, surname,
//!   alias or role, as `marsad quotes --speaker` reads it; `-speaker:NAME`
//!   excludes them).
//!
//! Malformed input (an unclosed quote, a query with nothing to look for, an
//! empty field value) is a [`QueryError`] with a message for the user.

use std::fmt;

/// How a clause takes part in matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Adds to the score; not required.
    Should,
    /// Required.
    Must,
    /// Excluded.
    MustNot,
}

/// One searchable item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A single word, matched by stem and by surface form.
    Word(String),
    /// Words that must appear together, in order.
    Phrase(String),
}

/// Items joined by `OR`, with how the group takes part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Should, must or must not.
    pub occur: Occur,
    /// The alternatives (one unless joined by `OR`).
    pub items: Vec<Item>,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Text clauses.
    pub clauses: Vec<Clause>,
    /// Only these sources (empty: all).
    pub sources: Vec<String>,
    /// Never these sources.
    pub excluded_sources: Vec<String>,
    /// Only articles quoting one of these speakers (empty: all).
    pub speakers: Vec<String>,
    /// Never articles quoting these speakers.
    pub excluded_speakers: Vec<String>,
}

/// Why a query could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A token of the query string.
#[derive(Debug, PartialEq)]
enum Tok {
    Or,
    Item {
        sign: Option<char>,
        item: Item,
    },
    Field {
        sign: Option<char>,
        name: String,
        value: String,
    },
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '«' => Some('»'),
        '“' => Some('”'),
        _ => None,
    }
}

fn lex(input: &str) -> Result<Vec<Tok>, QueryError> {
    let mut toks = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut sign = None;
        if c == '-' || c == '+' {
            chars.next();
            match chars.peek() {
                Some(&(_, n)) if !n.is_whitespace() => sign = Some(c),
                _ => continue, // a lone sign is punctuation
            }
        }
        let &(pos, c) = chars.peek().expect("peeked above");
        if let Some(close) = closing_quote(c) {
            chars.next();
            let body_start = pos + c.len_utf8();
            let end = input[body_start..].find(close).ok_or_else(|| {
                QueryError(format!(
                    "missing closing {close} for the phrase starting at character {}",
                    input[..start].chars().count() + 1
                ))
            })?;
            let phrase = input[body_start..body_start + end].trim().to_string();
            while chars.peek().is_some_and(|&(i, _)| i <= body_start + end) {
                chars.next();
            }
            if !phrase.is_empty() {
                toks.push(Tok::Item {
                    sign,
                    item: Item::Phrase(phrase),
                });
            }
            continue;
        }
        let mut end = input.len();
        while let Some(&(i, ch)) = chars.peek() {
            if ch.is_whitespace() || closing_quote(ch).is_some() {
                end = i;
                break;
            }
            chars.next();
        }
        let word = &input[pos..end];
        toks.push(word_token(sign, word)?);
    }
    Ok(toks)
}

fn word_token(sign: Option<char>, word: &str) -> Result<Tok, QueryError> {
    if word == "OR" && sign.is_none() {
        return Ok(Tok::Or);
    }
    if let Some((name, value)) = word.split_once(':') {
        for (field, example) in [("source", "source:okaz"), ("speaker", "speaker:بيسكوف")] {
            if name.eq_ignore_ascii_case(field) {
                if value.is_empty() {
                    return Err(QueryError(format!("{field}: needs a name, e.g. {example}")));
                }
                return Ok(Tok::Field {
                    sign,
                    name: field.into(),
                    value: value.to_string(),
                });
            }
        }
    }
    Ok(Tok::Item {
        sign,
        item: Item::Word(word.to_string()),
    })
}

/// Reads a query as plain text: every whitespace-separated chunk is a
/// ranked word, with no operators (the IR convention for batch runs, where
/// queries are headlines that may contain quotes and dashes).
pub fn parse_plain(input: &str) -> Result<ParsedQuery, QueryError> {
    let clauses: Vec<Clause> = input
        .split_whitespace()
        .map(|w| Clause {
            occur: Occur::Should,
            items: vec![Item::Word(w.to_string())],
        })
        .collect();
    if clauses.is_empty() {
        return Err(QueryError("the query is empty".into()));
    }
    Ok(ParsedQuery {
        clauses,
        ..Default::default()
    })
}

/// Parses a query string.
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    let mut q = ParsedQuery::default();
    let mut pending_or = false;
    for tok in lex(input)? {
        match tok {
            Tok::Or => pending_or = !q.clauses.is_empty(),
            Tok::Field { sign, name, value } => {
                let (only, never) = match name.as_str() {
                    "speaker" => (&mut q.speakers, &mut q.excluded_speakers),
                    _ => (&mut q.sources, &mut q.excluded_sources),
                };
                if sign == Some('-') {
                    never.push(value);
                } else {
                    only.push(value);
                }
                pending_or = false;
            }
            Tok::Item { sign, item } => {
                let occur = match (sign, &item) {
                    (Some('-'), _) => Occur::MustNot,
                    (Some('+'), _) | (_, Item::Phrase(_)) => Occur::Must,
                    _ => Occur::Should,
                };
                match q.clauses.last_mut() {
                    Some(last) if pending_or && occur != Occur::MustNot && last.occur != Occur::MustNot => {
                        last.items.push(item);
                        if occur == Occur::Must {
                            last.occur = Occur::Must;
                        }
                    }
                    _ => q.clauses.push(Clause {
                        occur,
                        items: vec![item],
                    }),
                }
                pending_or = false;
            }
        }
    }
    if !q.clauses.iter().any(|c| c.occur != Occur::MustNot) && q.sources.is_empty() && q.speakers.is_empty() {
        return Err(QueryError(
            "the query has nothing to look for (only exclusions or operators)".into(),
        ));
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(s: &str) -> Item {
        Item::Word(s.into())
    }

    #[test]
    fn bag_phrase_exclusion_source() {
        let q = parse(r#"قمة "حوار استراتيجي" -بيسكوف source:okaz"#).unwrap();
        assert_eq!(q.clauses.len(), 3);
        assert_eq!(
            q.clauses[0],
            Clause {
                occur: Occur::Should,
                items: vec![word("قمة")]
            }
        );
        assert_eq!(
            q.clauses[1],
            Clause {
                occur: Occur::Must,
                items: vec![Item::Phrase("حوار استراتيجي".into())]
            }
        );
        assert_eq!(
            q.clauses[2],
            Clause {
                occur: Occur::MustNot,
                items: vec![word("بيسكوف")]
            }
        );
        assert_eq!(q.sources, vec!["okaz".to_string()]);
    }

    #[test]
    fn speaker_fields_filter_and_may_stand_alone() {
        let q = parse("قمة speaker:بيسكوف -speaker:المصادر Speaker:الكرملين").unwrap();
        assert_eq!(q.clauses.len(), 1);
        assert_eq!(q.speakers, ["بيسكوف", "الكرملين"]);
        assert_eq!(q.excluded_speakers, ["المصادر"]);
        assert!(q.sources.is_empty());
        let alone = parse("speaker:بيسكوف").unwrap();
        assert!(alone.clauses.is_empty() && alone.speakers == ["بيسكوف"]);
        assert!(parse("speaker:").unwrap_err().0.contains("speaker: needs a name"));
        assert!(parse("-speaker:بيسكوف").unwrap_err().0.contains("nothing to look for"));
    }

    #[test]
    fn or_joins_neighbours_and_phrases_make_groups_required() {
        let q = parse(r#"«بوتين بايدن» OR ترامب سوريا"#).unwrap();
        assert_eq!(q.clauses[0].occur, Occur::Must);
        assert_eq!(
            q.clauses[0].items,
            vec![Item::Phrase("بوتين بايدن".into()), word("ترامب")]
        );
        assert_eq!(
            q.clauses[1],
            Clause {
                occur: Occur::Should,
                items: vec![word("سوريا")]
            }
        );
    }

    #[test]
    fn malformed_queries_get_messages() {
        assert!(parse(r#""حوار استراتيجي"#).unwrap_err().0.contains("missing closing"));
        assert!(parse("-بيسكوف").unwrap_err().0.contains("nothing to look for"));
        assert!(parse("   ").is_err());
        assert!(parse("OR OR").is_err());
        assert!(parse("source:").is_err());
    }

    #[test]
    fn stray_signs_and_urls_are_words() {
        let q = parse("- http://x.com/a + بايدن").unwrap();
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(q.clauses[0].items, vec![word("http://x.com/a")]);
    }

    #[test]
    fn plain_queries_have_no_operators() {
        let q = parse_plain(r#"الاتحاد يوقع مع "أريس -القبرصي"#).unwrap();
        assert_eq!(q.clauses.len(), 5);
        assert!(q.clauses.iter().all(|c| c.occur == Occur::Should));
        assert!(parse_plain(" ").is_err());
    }

    #[test]
    fn never_panics_on_hostile_input() {
        for s in [
            "\"",
            "«",
            "-\"",
            "+",
            "\u{202e}\"x",
            "a OR",
            "OR a",
            "\"\"",
            "-\"\" x",
            "source:a:b",
        ] {
            let _ = parse(s);
        }
    }
}
