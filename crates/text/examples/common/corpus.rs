//! What the table generators share: the corpus's folded Arabic words, and printing a table.

use std::fs::File;
use std::io::Read;

use marsad_text::tokenize::{Scanner, TokenKind};

/// Calls `f` with every folded Arabic word of the `content` of every record in the SaudiNewsNet
/// zips of `dir`, the zips in name order.
pub fn for_each_word(dir: &str, mut f: impl FnMut(&str)) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    files.sort();
    let mut buf = String::new();
    for path in files {
        let mut archive = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
        for i in 0..archive.len() {
            let mut json = String::new();
            archive.by_index(i).unwrap().read_to_string(&mut json).unwrap();
            let records: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
            for content in records.iter().filter_map(|r| r["content"].as_str()) {
                let mut scanner = Scanner::new(content);
                while let Some(span) = scanner.next_into(&mut buf) {
                    if span.kind == TokenKind::Arabic {
                        f(&buf);
                    }
                }
            }
        }
    }
}

/// Prints `pub const NAME: &[&str]` holding `words`, eight to a line, after its doc comment.
pub fn print_words(doc: &str, name: &str, words: &[String]) {
    println!("/// {doc}");
    println!("#[rustfmt::skip]");
    println!("pub const {name}: &[&str] = &[");
    for chunk in words.chunks(8) {
        let line: Vec<String> = chunk.iter().map(|s| format!("\"{s}\"")).collect();
        println!("    {},", line.join(", "));
    }
    println!("];");
}
