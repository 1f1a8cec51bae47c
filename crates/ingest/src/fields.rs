//! Maps a JSON object's fields to an [`Article`], under the names used by
//! Arabic news corpora. Field names match case-insensitively.
//!
//! | article field | JSON names, in priority order        | JSON types        |
//! |---------------|--------------------------------------|-------------------|
//! | `id`          | `id`                                 | string, number    |
//! | `title`       | `title`, `head_line`, `headline`     | string, null      |
//! | `content`     | `content`, `text`, `body`            | string, null      |
//! | `url`         | `url`, `link`                        | string, null      |
//! | `date`        | `date`, `date_extracted`, `published`| string, null      |
//! | `source`      | `source`                             | string, null      |
//! | `author`      | `author`                             | string, null      |
//!
//! When several names of one field are present, the first non-empty one is
//! used and the others stay in `extra` with every unknown field, so nothing
//! is lost. A value of another type is an error naming the field.

use crate::error::{Error, Result};
use marsad_core::Article;
use serde_json::{Map, Value};

const TITLE: &[&str] = &["title", "head_line", "headline"];
const CONTENT: &[&str] = &["content", "text", "body"];
const URL: &[&str] = &["url", "link"];
const DATE: &[&str] = &["date", "date_extracted", "published"];

/// Builds an article from a parsed JSON value. The date is left as given.
pub(crate) fn article_from_value(value: Value) -> Result<Article> {
    let mut map = match value {
        Value::Object(map) => map,
        other => {
            return Err(Error::Type(format!(
                "expected a JSON object, found {}",
                describe(&other)
            )))
        }
    };
    let mut problems = Vec::new();
    let mut text = |names: &[&str], map: &mut Map<String, Value>| match take_string(map, names) {
        Ok(s) => s,
        Err(p) => {
            problems.push(p);
            None
        }
    };
    let title = text(TITLE, &mut map).unwrap_or_default();
    let content = text(CONTENT, &mut map).unwrap_or_default();
    let url = text(URL, &mut map);
    let date = text(DATE, &mut map);
    let source = text(&["source"], &mut map);
    let author = text(&["author"], &mut map);
    let id = take_id(&mut map).unwrap_or_else(|p| {
        problems.push(p);
        String::new()
    });
    if !problems.is_empty() {
        return Err(Error::Type(problems.join("; ")));
    }
    Ok(Article {
        id,
        title,
        content,
        url,
        date,
        source,
        author,
        extra: map,
    })
}

/// Finds the key of `map` equal to `name` ignoring ASCII case.
fn key_of(map: &Map<String, Value>, name: &str) -> Option<String> {
    if map.contains_key(name) {
        return Some(name.to_string());
    }
    map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

/// Takes the first non-empty string among `names`; `Ok(None)` if none is
/// present or all are null, `Err` naming the first field of a wrong type.
fn take_string(map: &mut Map<String, Value>, names: &[&str]) -> std::result::Result<Option<String>, String> {
    let mut found: Option<(String, String)> = None;
    for name in names {
        let Some(key) = key_of(map, name) else { continue };
        let wanted = found.as_ref().is_none_or(|(_, f)| f.trim().is_empty());
        match map.remove(&key).expect("key exists") {
            Value::Null => {}
            Value::String(s) if wanted => {
                if let Some((k, old)) = found.replace((key, s)) {
                    map.insert(k, Value::String(old));
                }
            }
            Value::String(s) => {
                map.insert(key, Value::String(s));
            }
            other => return Err(format!("field `{key}`: expected a string, found {}", describe(&other))),
        }
    }
    Ok(found.map(|(_, s)| s))
}

fn take_id(map: &mut Map<String, Value>) -> std::result::Result<String, String> {
    let Some(key) = key_of(map, "id") else {
        return Ok(String::new());
    };
    match map.remove(&key).expect("key exists") {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!(
            "field `{key}`: expected a string or a number, found {}",
            describe(&other)
        )),
    }
}

/// Names a value's type, with the value itself when it is short.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() <= 20 => format!("string {s:?}"),
        Value::String(_) => "a string".into(),
        Value::Array(a) => format!("an array of {} elements", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn maps_corpus_names_and_keeps_extra() {
        let v = json!({"head_line": "عنوان", "text": "نص", "link": "http://x/1", "date_extracted": "2015-07-21",
                       "source": "aawsat", "author": "لندن", "id": 42, "section": "world"});
        let a = article_from_value(v).unwrap();
        assert_eq!((a.title.as_str(), a.content.as_str()), ("عنوان", "نص"));
        assert_eq!(a.url.as_deref(), Some("http://x/1"));
        assert_eq!(a.date.as_deref(), Some("2015-07-21"));
        assert_eq!(
            (a.source.as_deref(), a.author.as_deref()),
            (Some("aawsat"), Some("لندن"))
        );
        assert_eq!(a.id, "42");
        assert_eq!(a.extra["section"], "world");
    }

    #[test]
    fn first_non_empty_alias_wins_and_others_are_kept() {
        let a = article_from_value(json!({"title": "", "headline": "H", "Content": "c", "body": "b"})).unwrap();
        assert_eq!(a.title, "H");
        assert_eq!(a.extra["title"], "");
        assert_eq!(a.content, "c");
        assert_eq!(a.extra["body"], "b");
    }

    #[test]
    fn wrong_types_name_the_field() {
        let e = article_from_value(json!({"title": 5, "content": {"a": 1}}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("field `title`: expected a string, found number 5"), "{e}");
        assert!(e.contains("field `content`: expected a string, found an object"), "{e}");
        let e = article_from_value(json!({"id": [1]})).unwrap_err().to_string();
        assert!(e.contains("field `id`: expected a string or a number"), "{e}");
        let e = article_from_value(json!([1, 2])).unwrap_err().to_string();
        assert_eq!(e, "expected a JSON object, found an array of 2 elements");
    }

    #[test]
    fn nulls_are_absent() {
        let a = article_from_value(json!({"title": null, "url": null, "id": null})).unwrap();
        assert_eq!(a, Article::default());
    }
}
