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
use marsad_text::{
    is_stop_token, is_stopword, ArabicStemTokenizer, ArabicSurfaceTokenizer, STEM_ANALYZER, SURFACE_ANALYZER,
};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{doc, Index, IndexWriter, TantivyDocument, Term};

/// `../shared` beside the checkout.
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn main() -> tantivy::Result<()> {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "marsad".into());
    let analyzer = match mode.as_str() {
        "marsad" => TextAnalyzer::from(ArabicStemTokenizer),
        "lucene" => TextAnalyzer::from(LuceneLike),
        "surface" | "both" => TextAnalyzer::from(ArabicSurfaceTokenizer),
        "shingle" => TextAnalyzer::from(Shingle),
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
    let surface_indexing = TextFieldIndexing::default()
        .set_tokenizer(SURFACE_ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqs);
    let surface = builder.add_text_field("surface", TextOptions::default().set_indexing_options(surface_indexing));
    let both = mode == "both" || mode == "shingle";
    let index = Index::create_in_ram(builder.build());
    let stem_analyzer = if both {
        TextAnalyzer::from(ArabicStemTokenizer)
    } else {
        analyzer.clone()
    };
    index.tokenizers().register(STEM_ANALYZER, stem_analyzer.clone());
    let second = if mode == "shingle" {
        TextAnalyzer::from(Shingle)
    } else {
        TextAnalyzer::from(ArabicSurfaceTokenizer)
    };
    index.tokenizers().register(SURFACE_ANALYZER, second.clone());
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
                if both {
                    writer.add_document(doc!(url => u, content => c, surface => c))?;
                } else {
                    writer.add_document(doc!(url => u, content => c))?;
                }
            }
        }
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();
    let qrels = read_qrels();
    let queries = std::fs::read_to_string(format!("{SHARED}/eval/known_item/dev.queries.tsv"))?;
    let (mut rr, mut n) = (0.0, 0);
    let mut analyzer = stem_analyzer;
    let mut surface_analyzer = second;
    for line in queries.lines() {
        let Some((qid, title)) = line.split_once('\t') else {
            continue;
        };
        n += 1;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        analyzer.token_stream(title).process(&mut |t: &Token| {
            let term = Term::from_field_text(content, &t.text);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            ));
        });
        if both {
            surface_analyzer.token_stream(title).process(&mut |t: &Token| {
                if mode != "shingle" && is_stop_token(&t.text) {
                    return;
                }
                let term = Term::from_field_text(surface, &t.text);
                let boost: f32 = std::env::var("BOOST").ok().and_then(|b| b.parse().ok()).unwrap_or(1.0);
                let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
                clauses.push((
                    Occur::Should,
                    Box::new(tantivy::query::BoostQuery::new(Box::new(q), boost)),
                ));
            });
        }
        let hits = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(10).order_by_score())?;
        let relevant = &qrels[qid];
        let mut found = None;
        for (rank, (_, addr)) in hits.iter().enumerate() {
            let d: TantivyDocument = searcher.doc(*addr)?;
            if relevant.contains(d.get_first(url).and_then(|v| v.as_str()).unwrap_or_default()) {
                rr += 1.0 / (rank + 1) as f64;
                found = Some(rank + 1);
                break;
            }
        }
        if std::env::var_os("DEBUG").is_some() {
            let mut terms = Vec::new();
            analyzer
                .token_stream(title)
                .process(&mut |t: &Token| terms.push(t.text.clone()));
            println!(
                "{qid}\t{}\t{title}\t{}",
                found.map_or("-".into(), |r| r.to_string()),
                terms.join(" ")
            );
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
        LuceneStream {
            scanner: Scanner::new(text),
            token: Token::default(),
        }
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

/// Adjacent stem pairs.
#[derive(Clone)]
struct Shingle;

struct ShingleStream {
    tokens: Vec<Token>,
    i: usize,
}

impl Tokenizer for Shingle {
    type TokenStream<'a> = ShingleStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> ShingleStream {
        let mut stems = Vec::new();
        TextAnalyzer::from(ArabicStemTokenizer)
            .token_stream(text)
            .process(&mut |t: &Token| stems.push(t.clone()));
        let mut tokens = Vec::new();
        for w in stems.windows(2) {
            let mut t = w[0].clone();
            t.text.push('_');
            t.text.push_str(&w[1].text);
            t.offset_to = w[1].offset_to;
            tokens.push(t);
        }
        ShingleStream { tokens, i: 0 }
    }
}

impl TokenStream for ShingleStream {
    fn advance(&mut self) -> bool {
        self.i += 1;
        self.i <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.i - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.i - 1]
    }
}
