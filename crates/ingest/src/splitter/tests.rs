//! Unit and property tests of the JSON splitter.

use super::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn split(input: &[u8], limit: usize) -> Vec<Result<(Position, Vec<u8>), String>> {
    Splitter::new(input, limit)
        .map(|r| r.map_err(|e| format!("{}{}", if e.fatal { "FATAL " } else { "" }, e.error)))
        .collect()
}

fn texts(input: &str) -> Vec<String> {
    split(input.as_bytes(), 1 << 20)
        .into_iter()
        .map(|r| r.map(|(_, b)| String::from_utf8(b).unwrap()).unwrap_or_else(|e| e))
        .collect()
}

#[test]
fn splits_array_elements_verbatim() {
    let input = "\u{feff} [ {\"a\": \"x,]}\\\"\"} ,\n[1, [2]], \"s\", 12.5e3, null ,true]\n";
    assert_eq!(
        texts(input),
        ["{\"a\": \"x,]}\\\"\"}", "[1, [2]]", "\"s\"", "12.5e3", "null", "true"]
    );
}

#[test]
fn positions_are_indexes_or_whole() {
    let r = split(b"[{}, {}]", 100);
    assert_eq!(r[1].as_ref().unwrap().0, Position::Index(1));
    let r = split(b" {\"a\":1} ", 100);
    assert_eq!(r, [Ok((Position::Whole, b"{\"a\":1}".to_vec()))]);
}

#[test]
fn malformed_elements_do_not_stop_the_array() {
    assert_eq!(
        texts("[{\"a\": tru}, {\"b\" 1},{\"c\":3},]"),
        ["{\"a\": tru}", "{\"b\" 1}", "{\"c\":3}"]
    );
}

#[test]
fn broken_structure_is_fatal() {
    let t = texts("[{\"a\":1}, {\"b\":[2}, {\"c\":3}]");
    assert_eq!(t.len(), 2);
    assert!(t[1].starts_with("FATAL mismatched '}' at byte 17"), "{t:?}");
    let t = texts("[{\"a\":1} {\"b\":2}]");
    assert!(
        t[1].starts_with("FATAL expected ',' or ']' before record 1, found '{'"),
        "{t:?}"
    );
    let t = texts("[{\"a\":1}, {\"b\":\"unterminated}]");
    assert!(
        t[1].contains("unexpected end of file inside a record that starts at byte 10"),
        "{t:?}"
    );
    let t = texts("[{\"a\":1}");
    assert!(t[1].contains("array not closed after 1 records"), "{t:?}");
    let t = texts("{} x");
    assert!(t[1].contains("unexpected 'x' after the end of the JSON value"), "{t:?}");
    assert_eq!(texts("  "), ["FATAL malformed JSON: empty file, no JSON value"]);
}

#[test]
fn oversized_elements_are_skipped_with_their_size() {
    let big = format!("[{{\"a\":\"{}\"}}, {{\"b\":1}}]", "x".repeat(100));
    let r = split(big.as_bytes(), 50);
    assert_eq!(
        r[0].as_ref().unwrap_err(),
        "record of 108 bytes exceeds the limit of 50 bytes (max_record_bytes); skipped"
    );
    assert_eq!(r[1].as_ref().unwrap().1, b"{\"b\":1}");
}

#[test]
fn tiny_buffers_split_the_same() {
    let input = json!([{"a": "q\"\\\\", "b": [1, {"c": null}]}, "x\\", 3]).to_string();
    let reader = std::io::BufReader::with_capacity(1, input.as_bytes());
    let got: Vec<Vec<u8>> = Splitter::new(reader, 1000).map(|r| r.unwrap().1).collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[2], b"3");
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        ".*".prop_map(Value::String),
        "[\"\\\\\\[\\]{},:]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn yields_exactly_the_serialised_elements(values in prop::collection::vec(arb_json(), 0..8), cap in 1usize..64) {
        let compact = serde_json::to_string(&values).unwrap();
        let reader = std::io::BufReader::with_capacity(cap, compact.as_bytes());
        let got: Vec<Vec<u8>> = Splitter::new(reader, usize::MAX).map(|r| r.unwrap().1).collect();
        let want: Vec<Vec<u8>> = values.iter().map(|v| serde_json::to_vec(v).unwrap()).collect();
        prop_assert_eq!(got, want);

        let pretty = serde_json::to_string_pretty(&values).unwrap();
        let parsed: Vec<Value> = Splitter::new(pretty.as_bytes(), usize::MAX)
            .map(|r| serde_json::from_slice(&r.unwrap().1).unwrap())
            .collect();
        prop_assert_eq!(parsed, values);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), limit in 0usize..64) {
        let n = Splitter::new(bytes.as_slice(), limit).take(1000).count();
        prop_assert!(n <= bytes.len() + 1);
    }

    #[test]
    fn json_ish_bytes_never_panic(bytes in prop::collection::vec(prop::sample::select(b"[]{}\",:\\ a1\n".to_vec()), 0..256)) {
        let n = Splitter::new(bytes.as_slice(), 64).take(1000).count();
        prop_assert!(n <= bytes.len() + 1);
    }
}
