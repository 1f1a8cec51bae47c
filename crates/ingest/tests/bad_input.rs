//! Bad input never crashes a run or loses good data: each bad file or record
//! gets one error naming where it is, and everything else is still read.
//! Every test builds its fixtures in its own temp dir.

use marsad_core::Position;
use marsad_ingest::{parse_raw, read_paths, ErrorKind, Event, Options, Record, RecordError};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use zip::write::SimpleFileOptions;

const ARTICLE: &str = "أكد الكرملين، اليوم الأربعاء، أن روسيا ستدرس اقتراح الرئيس الأمريكي جو بايدن لعقد قمة مع الرئيس الروسي فلاديمير بوتين.";

#[derive(Default, Debug)]
struct Run {
    records: Vec<Record>,
    errors: Vec<RecordError>,
    skipped: Vec<String>,
    files: Vec<String>,
}

fn run_with(paths: &[PathBuf], options: &Options) -> Run {
    let mut run = Run::default();
    read_paths(paths, options, &mut |event| match event {
        Event::Record(r) => run.records.push(r),
        Event::Error(e) => run.errors.push(e),
        Event::Skipped { path, .. } => run.skipped.push(path),
        Event::FileStarted { path, .. } => run.files.push(path),
        Event::FileFinished { .. } => {}
    });
    run
}

fn run(paths: &[PathBuf]) -> Run {
    run_with(paths, &Options::default())
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn titles(run: &Run) -> Vec<&str> {
    run.records.iter().map(|r| r.article.title.as_str()).collect()
}

fn only_error(run: &Run) -> &RecordError {
    assert_eq!(run.errors.len(), 1, "{:#?}", run.errors);
    &run.errors[0]
}

#[test]
fn malformed_array_element_is_one_error_and_the_rest_is_read() {
    let dir = TempDir::new().unwrap();
    let p = write(
        dir.path(),
        "a.json",
        r#"[{"title":"a"}, {"title": "b",, }, {"title":"c"}]"#,
    );
    let run = run(std::slice::from_ref(&p));
    assert_eq!(titles(&run), ["a", "c"]);
    let e = only_error(&run);
    assert_eq!((e.kind, e.origin.position), (ErrorKind::Syntax, Position::Index(1)));
    assert!(
        e.to_string()
            .starts_with(&format!("{} record 1: malformed JSON", p.display())),
        "{e}"
    );
}

#[test]
fn broken_array_structure_stops_that_file_only() {
    let dir = TempDir::new().unwrap();
    let bad = write(
        dir.path(),
        "a.json",
        r#"[{"title":"a"}, {"title": ["b"}, {"title":"c"}]"#,
    );
    let good = write(dir.path(), "b.json", r#"[{"title":"d"}]"#);
    let run = run(&[bad, good]);
    assert_eq!(titles(&run), ["a", "d"]);
    let e = only_error(&run);
    assert_eq!((e.kind, e.origin.position), (ErrorKind::Structure, Position::Index(1)));
    assert!(e.message.contains("mismatched '}'"), "{e}");
}

#[test]
fn wrong_field_types_name_the_field() {
    let dir = TempDir::new().unwrap();
    let p = write(
        dir.path(),
        "a.jsonl",
        "{\"title\":\"a\"}\n{\"title\": 5}\n{\"content\": {\"a\":1}}\n{\"id\": 12, \"title\":\"b\"}\n",
    );
    let run = run(&[p]);
    assert_eq!(titles(&run), ["a", "b"]);
    assert_eq!(run.records[1].article.id, "12");
    assert_eq!(run.errors.len(), 2);
    assert_eq!(run.errors[0].origin.position, Position::Line(2));
    assert_eq!(
        run.errors[0].message,
        "field `title`: expected a string, found number 5"
    );
    assert_eq!(run.errors[1].origin.position, Position::Line(3));
    assert_eq!(
        run.errors[1].message,
        "field `content`: expected a string, found an object"
    );
    assert!(run.errors.iter().all(|e| e.kind == ErrorKind::Type));
}

#[test]
fn invalid_utf8_is_an_error_for_that_record_only() {
    let dir = TempDir::new().unwrap();
    let good = format!("{{\"title\":\"{ARTICLE}\"}}");
    let mut jsonl = format!("{good}\n{good}\n").into_bytes();
    jsonl.extend_from_slice(b"{\"title\":\"bad \xFF\xFE\"}\n");
    jsonl.extend_from_slice(format!("{good}\n").as_bytes());
    let mut json = format!("[{good},").into_bytes();
    json.extend_from_slice(b"{\"title\":\"\xC0\xAF\"},");
    json.extend_from_slice(format!("{good}]").as_bytes());
    let paths = [write(dir.path(), "a.jsonl", jsonl), write(dir.path(), "b.json", json)];
    let run = run(&paths);
    assert_eq!(run.records.len(), 5);
    assert_eq!(run.errors.len(), 2);
    assert_eq!(
        (run.errors[0].kind, run.errors[0].origin.position),
        (ErrorKind::Encoding, Position::Line(3))
    );
    assert_eq!(
        (run.errors[1].kind, run.errors[1].origin.position),
        (ErrorKind::Encoding, Position::Index(1))
    );
    assert!(
        run.errors[0].message.contains("invalid UTF-8 at byte 14"),
        "{}",
        run.errors[0]
    );
}

#[test]
fn legacy_arabic_text_pages_are_decoded_and_kept_verbatim() {
    let dir = TempDir::new().unwrap();
    let (cp1256, _, bad1) = encoding_rs::WINDOWS_1256.encode(ARTICLE);
    let (iso, _, bad2) = encoding_rs::ISO_8859_6.encode(ARTICLE);
    assert!(!bad1 && !bad2 && cp1256 != iso);
    let paths = [
        write(dir.path(), "cp1256.txt", &cp1256),
        write(dir.path(), "iso.txt", &iso),
    ];
    let run = run(&paths);
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    let encs: Vec<&str> = run.records.iter().map(|r| r.encoding).collect();
    assert_eq!(encs, ["windows-1256", "ISO-8859-6"]);
    for (r, raw) in run.records.iter().zip([&cp1256, &iso]) {
        assert_eq!(r.article.content, ARTICLE);
        assert_eq!(&r.raw, raw.as_ref());
        assert_eq!(
            parse_raw(r.format, r.encoding, &r.raw, &Options::default()).unwrap(),
            r.article
        );
    }
}

#[test]
fn forced_encoding_overrides_detection() {
    let dir = TempDir::new().unwrap();
    let (iso, _, _) = encoding_rs::ISO_8859_6.encode(ARTICLE);
    let json = [b"[{\"title\":\"".as_slice(), &iso, b"\"}]"].concat();
    let p = write(dir.path(), "a.json", json);
    let options = Options {
        encoding: marsad_ingest::parse_encoding("iso-8859-6"),
        ..Options::default()
    };
    let run = run_with(&[p], &options);
    assert_eq!(titles(&run), [ARTICLE]);
    assert_eq!(run.records[0].encoding, "ISO-8859-6");
}

#[test]
fn undecodable_and_binary_files_are_one_error_each() {
    let dir = TempDir::new().unwrap();
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode("Le président a déclaré à Genève qu'il était prêt");
    let paths = [
        write(dir.path(), "latin1.txt", &latin1),
        write(dir.path(), "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"),
        write(dir.path(), "controls.json", [1u8, 2, 3, 4, 5, 6, 7, 8, b'[', b']']),
        write(dir.path(), "ok.txt", ARTICLE),
    ];
    let run = run(&paths);
    assert_eq!(run.records.len(), 1);
    let kinds: Vec<_> = run
        .errors
        .iter()
        .map(|e| (e.kind, e.origin.file.rsplit('/').next().unwrap().to_string()))
        .collect();
    assert_eq!(
        kinds,
        [
            (ErrorKind::Encoding, "latin1.txt".to_string()),
            (ErrorKind::Binary, "image.txt".to_string()),
            (ErrorKind::Binary, "controls.json".to_string())
        ]
    );
    assert!(
        run.errors[0].message.contains("neither valid UTF-8"),
        "{}",
        run.errors[0]
    );
    assert_eq!(run.errors[1].message, "binary file, not text");
}

#[test]
fn unreadable_files_are_errors_and_the_run_goes_on() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("missing.json");
    let locked = write(dir.path(), "locked.json", r#"{"title":"locked"}"#);
    let good = write(dir.path(), "good.json", r#"{"title":"good"}"#);
    let mut perms = fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    fs::set_permissions(&locked, perms).unwrap();
    let root_reads_anyway = fs::read(&locked).is_ok();
    let run = run(&[missing.clone(), locked, good]);
    assert!(titles(&run).contains(&"good"));
    assert_eq!(run.errors[0].origin.file, missing.display().to_string());
    assert_eq!(run.errors[0].kind, ErrorKind::Unreadable);
    assert!(run.errors[0].message.contains("No such file"), "{}", run.errors[0]);
    if !root_reads_anyway {
        assert_eq!(run.errors.len(), 2);
        assert!(run.errors[1].message.contains("Permission denied"), "{}", run.errors[1]);
    }
}

fn zip_bytes(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn big_array(n: usize, tag: &str) -> Vec<u8> {
    let items: Vec<String> = (0..n)
        .map(|i| format!("{{\"title\":\"{tag}{i}\",\"content\":\"{ARTICLE} {i}\"}}"))
        .collect();
    format!("[{}]", items.join(",\n")).into_bytes()
}

#[test]
fn zip_members_are_read_and_unknown_ones_skipped() {
    let dir = TempDir::new().unwrap();
    let bytes = zip_bytes(&[
        ("a.json", &big_array(3, "a")),
        ("notes.csv", b"x,y"),
        ("sub/b.jsonl", b"{\"title\":\"b0\"}\n"),
        ("c.txt", ARTICLE.as_bytes()),
    ]);
    let p = write(dir.path(), "day.zip", bytes);
    let run = run(std::slice::from_ref(&p));
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    assert_eq!(titles(&run), ["a0", "a1", "a2", "b0", ""]);
    assert_eq!(
        run.records[1].origin.to_string(),
        format!("{}!a.json record 1", p.display())
    );
    assert_eq!(run.skipped, [format!("{}!notes.csv", p.display())]);
}

#[test]
fn truncated_zip_is_one_error_and_earlier_members_are_recovered() {
    let dir = TempDir::new().unwrap();
    let bytes = zip_bytes(&[("a.json", &big_array(50, "a")), ("b.json", &big_array(2000, "b"))]);
    // Cut inside b.json's data: a.json is whole, b.json breaks off.
    let cut = write(dir.path(), "cut-member.zip", &bytes[..bytes.len() * 2 / 3]);
    let run1 = run(&[cut]);
    let e = only_error(&run1);
    assert_eq!(e.origin.member.as_deref(), Some("b.json"));
    assert!(e.message.contains("zip archive truncated or damaged"), "{e}");
    assert_eq!(
        run1.records
            .iter()
            .filter(|r| r.origin.member.as_deref() == Some("a.json"))
            .count(),
        50
    );
    assert!(run1.records.len() > 50, "records of b.json before the cut are read");

    // Cut inside the central directory: every member is whole.
    let cd = write(dir.path(), "cut-directory.zip", &bytes[..bytes.len() - 30]);
    let run2 = run(&[cd]);
    let e = only_error(&run2);
    assert_eq!((e.kind, e.origin.member.clone()), (ErrorKind::Archive, None));
    assert!(e.message.contains("read 2 members"), "{e}");
    assert_eq!(run2.records.len(), 2050);
}

#[test]
fn oversized_records_are_skipped_with_their_size() {
    let dir = TempDir::new().unwrap();
    let big = "ب".repeat(25 << 20); // 50 MiB of UTF-8
    let record = format!("{{\"title\":\"big\",\"content\":\"{big}\"}}");
    let json = format!("[{{\"title\":\"a\"}},{record},{{\"title\":\"b\"}}]");
    let jsonl = format!("{{\"title\":\"c\"}}\n{record}\n{{\"title\":\"d\"}}\n");
    let paths = [
        write(dir.path(), "a.json", json),
        write(dir.path(), "b.jsonl", jsonl),
        write(dir.path(), "c.txt", &big),
    ];
    let run = run(&paths);
    assert_eq!(titles(&run), ["a", "b", "c", "d"]);
    let size = record.len();
    let limit = 16 << 20;
    let want = format!("record of {size} bytes exceeds the limit of {limit} bytes (max_record_bytes); skipped");
    assert_eq!(run.errors.len(), 3);
    assert_eq!(
        (run.errors[0].origin.position, run.errors[0].message.as_str()),
        (Position::Index(1), want.as_str())
    );
    assert_eq!(
        (run.errors[1].origin.position, run.errors[1].message.as_str()),
        (Position::Line(2), want.as_str())
    );
    assert!(run.errors[2]
        .message
        .starts_with(&format!("record of {} bytes", big.len())));
    assert!(run.errors.iter().all(|e| e.kind == ErrorKind::TooLarge));
}

#[test]
fn records_without_text_are_kept_with_a_warning() {
    let dir = TempDir::new().unwrap();
    let p = write(
        dir.path(),
        "a.json",
        r#"[{"title":"","content":"","url":"http://x/1"},{"title":"t"}]"#,
    );
    let run = run(&[p]);
    assert!(run.errors.is_empty());
    assert_eq!(run.records[0].warnings, ["no text"]);
    assert_eq!(run.records[0].article.id, "http://x/1");
    assert!(run.records[1].warnings.is_empty());
}

#[test]
fn directories_are_walked_in_sorted_order_and_explicit_unknown_files_sniffed() {
    let dir = TempDir::new().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    write(dir.path(), "b.json", r#"{"title":"b"}"#);
    write(dir.path(), "a.txt", "a");
    write(&dir.path().join("sub"), "c.ndjson", "{\"title\":\"c\"}\n");
    write(dir.path(), "README", "not read");
    let dump = write(dir.path(), "dump.dat", "{\"title\":\"x\"}\n{\"title\":\"y\"}\n");
    let page = write(dir.path(), "page.html", "<p>نص</p>");
    let run = run(&[dir.path().to_path_buf(), dump, page]);
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    let got: Vec<String> = run
        .records
        .iter()
        .map(|r| format!("{}{}", r.article.title, r.article.content))
        .collect();
    assert_eq!(got, ["a", "b", "c", "x", "y", "<p>نص</p>"]);
    assert_eq!(
        run.skipped.len(),
        3,
        "README, dump.dat, page.html inside the dir: {:?}",
        run.skipped
    );
    assert_eq!(run.files.len(), 5);
}

#[test]
fn raw_records_reparse_to_the_same_articles() {
    let dir = TempDir::new().unwrap();
    let jsonl = "{\"head_line\":\"h\",\"text\":\"t\",\"date\":\"21/07/2015\",\"x\":[1]}\r\n";
    let p = write(dir.path(), "a.jsonl", jsonl);
    let options = Options {
        source: Some("okaz".into()),
        ..Options::default()
    };
    let run = run_with(&[p], &options);
    let r = &run.records[0];
    assert_eq!(r.raw, jsonl.trim_end().as_bytes());
    assert_eq!(r.article.date.as_deref(), Some("2015-07-21"));
    assert_eq!(r.article.extra["x"], serde_json::json!([1]));
    assert_eq!(parse_raw(r.format, r.encoding, &r.raw, &options).unwrap(), r.article);
}

mod never_panic {
    use marsad_ingest::{normalize_date, read_reader, Format, Options};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_bytes_through_every_reader(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
            let options = Options { max_record_bytes: 256, ..Options::default() };
            for format in [Format::Text, Format::Json, Format::JsonLines] {
                let mut events = 0;
                read_reader("x", format, &mut bytes.as_slice(), &options, &mut |_| events += 1);
                prop_assert!(events <= bytes.len() + 1);
            }
        }

        #[test]
        fn arbitrary_dates(s in "\\PC{0,40}", d in "[0-9/:. +TZ-]{0,30}") {
            let _ = normalize_date(&s);
            if let Some(iso) = normalize_date(&d) {
                prop_assert_eq!(normalize_date(&iso), Some(iso.clone()), "normalising is idempotent");
            }
        }
    }
}
