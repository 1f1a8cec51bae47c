//! Development harness: headline→article retrieval (MRR@10) over SaudiNewsNet with BM25.
//!
//! `cargo run --profile bench -p marsad-text --example known_item -- [marsad|lucene|simple]`
//!
//! Indexes the `content` of every article in `../shared/corpus/saudinewsnet/*.zip` with the chosen
//! analyzer, runs each title in `../shared/eval/known_item/dev.queries.tsv` as an OR query and
//! scores against `dev.qrels`. `lucene` approximates Lucene's ArabicAnalyzer (Light10 stemmer
//! on Marsad's folded tokens) to compare stemmers on the same harness.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Read;

use marsad_text::tokenize::Scanner;
use marsad_text::{is_stopword, ArabicStemTokenizer, STEM_ANALYZER};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{doc, Index, IndexWriter, TantivyDocument, Term};

const SHARED: &str = "/work/shared";

fn main() -> tantivy::Result<()> {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "marsad".into());
    let analyzer = match mode.as_str() {
        "marsad" => TextAnalyzer::from(ArabicStemTokenizer),
        "lucene" => TextAnalyzer::from(LuceneLike),
        _ => TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
            .filter(tantivy::tokenizer::RemoveLongFilter::limit(40))
            .filter(tantivy::tokenizer::LowerCaser)
            .build(),
    };
    let mut builder = Schema::builder();
    let url = builder.add_text_field("url", STRING | STORED);
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(STEM_ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqs);
    let content = builder.add_text_field("content", TextOptions::default().set_indexing_options(indexing));
    let index = Index::create_in_ram(builder.build());
    index.tokenizers().register(STEM_ANALYZER, analyzer.clone());
    let mut writer: IndexWriter = index.writer_with_num_threads(2, 400_000_000)?;
    let mut files: Vec<_> = std::fs::read_dir(format!("{SHARED}/corpus/saudinewsnet"))?
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let mut archive = zip::ZipArchive::new(File::open(&path)?).expect("zip");
        for i in 0..archive.len() {
            let mut json = String::new();
            archive.by_index(i).expect("entry").read_to_string(&mut json)?;
            let articles: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
            for a in articles {
                let u = a["url"].as_str().unwrap_or_default();
                let c = a["content"].as_str().unwrap_or_default();
                writer.add_document(doc!(url => u, content => c))?;
            }
        }
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();
    let qrels = read_qrels();
    let queries = std::fs::read_to_string(format!("{SHARED}/eval/known_item/dev.queries.tsv"))?;
    let (mut rr, mut n) = (0.0, 0);
    let mut analyzer = analyzer;
    for line in queries.lines() {
        let Some((qid, title)) = line.split_once('\t') else { continue };
        n += 1;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        analyzer.token_stream(title).process(&mut |t: &Token| {
            let term = Term::from_field_text(content, &t.text);
            clauses.push((Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))));
        });
        let hits = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(10).order_by_score())?;
        let relevant = &qrels[qid];
        for (rank, (_, addr)) in hits.iter().enumerate() {
            let d: TantivyDocument = searcher.doc(*addr)?;
            if relevant.contains(d.get_first(url).and_then(|v| v.as_str()).unwrap_or_default()) {
                rr += 1.0 / (rank + 1) as f64;
                break;
            }
        }
    }
    println!("{mode}: MRR@10 = {:.4} over {n} queries", rr / n as f64);
    Ok(())
}

fn read_qrels() -> HashMap<String, HashSet<String>> {
    let text = std::fs::read_to_string(format!("{SHARED}/eval/known_item/dev.qrels")).expect("qrels");
    let mut map: HashMap<String, HashSet<String>> = HashMap::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.splitn(4, ' ').collect();
        let doc = parts[2..].join(" ");
        let doc = doc.rsplit_once(' ').map(|(d, _)| d.to_string()).unwrap_or(doc);
        map.entry(parts[0].to_string()).or_default().insert(doc);
    }
    map
}

/// Light10 as in Lucene's ArabicStemmer, on Marsad's folded tokens.
#[derive(Clone)]
struct LuceneLike;

struct LuceneStream<'a> {
    scanner: Scanner<'a>,
    token: Token,
}

impl Tokenizer for LuceneLike {
    type TokenStream<'a> = LuceneStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> LuceneStream<'a> {
        LuceneStream { scanner: Scanner::new(text), token: Token::default() }
    }
}

impl TokenStream for LuceneStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some(span) = self.scanner.next_into(&mut self.token.text) {
            if is_stopword(&self.token.text) {
                continue;
            }
            let stemmed = light10(&self.token.text).to_string();
            self.token.text = stemmed;
            self.token.offset_from = span.offset_from;
            self.token.offset_to = span.offset_to;
            return true;
        }
        false
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

fn light10(w: &str) -> &str {
    let len = |s: &str| s.chars().count();
    let mut s = w;
    for p in ["ال", "وال", "بال", "كال", "فال", "لل", "و"] {
        if let Some(rest) = s.strip_prefix(p) {
            let ok = if p == "و" { len(s) > 3 } else { len(s) >= len(p) + 2 };
            if ok {
                s = rest;
                break;
            }
        }
    }
    for x in ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"] {
        if s.ends_with(x) && len(s) >= len(x) + 2 {
            s = &s[..s.len() - x.len()];
        }
    }
    s
}
