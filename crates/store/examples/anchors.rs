//! The known-item anchors of issue #3, run over a store's raw content:
//! tantivy's default analyzer and tantivy + Snowball Arabic, BM25, each
//! query an OR of its terms, top 100.
//!
//! ```sh
//! cargo run --release -p marsad-store --example anchors -- STORE OUT QUERIES.tsv...
//! marsad eval run --qrels QRELS --run OUT/snowball.QUERIES.tsv.run
//! ```
//!
//! Writes `OUT/default.NAME.run` and `OUT/snowball.NAME.run` (TREC) for
//! each queries file `NAME`, so that Marsad and the anchors are scored on
//! the same queries in the same run (dev: 0.627 and 0.666 MRR@10, the
//! figures the issue gives).

use std::io::{BufRead, BufWriter, Write};
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING};
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{doc, Index, TantivyDocument, Term};

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store, out, queries @ ..] = args.as_slice() else {
        return Err("usage: anchors STORE OUT QUERIES.tsv...".into());
    };
    let mut schema = Schema::builder();
    let id = schema.add_text_field("id", STRING | STORED);
    let indexed = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let anchors = [
        ("default", schema.add_text_field("default", indexed("default"))),
        ("snowball", schema.add_text_field("snowball", indexed("snowball"))),
    ];
    let index = Index::create_in_ram(schema.build());
    let snowball = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build();
    index.tokenizers().register("snowball", snowball);

    let store = marsad_store::Store::open(Path::new(store))?;
    let mut writer = index.writer(500_000_000)?;
    let mut stmt = store.connection().prepare("SELECT id, content FROM articles")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (article, content): (String, String) = (row.get(0)?, row.get(1)?);
        let mut document = doc!(id => article);
        for (_, field) in anchors {
            document.add_text(field, &content);
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();

    for path in queries {
        let name = Path::new(path).file_name().ok_or("a queries file")?.to_string_lossy();
        for (label, field) in anchors {
            let mut analyzer = index.tokenizers().get(label).ok_or("registered")?;
            let mut run = BufWriter::new(std::fs::File::create(
                Path::new(out).join(format!("{label}.{name}.run")),
            )?);
            for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
                let line = line?;
                let Some((qid, text)) = line.split_once('\t') else {
                    continue;
                };
                let mut terms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let mut tokens = analyzer.token_stream(text);
                while let Some(t) = tokens.next() {
                    let term = Term::from_field_text(field, &t.text);
                    terms.push((
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                    ));
                }
                let top = searcher.search(&BooleanQuery::new(terms), &TopDocs::with_limit(100).order_by_score())?;
                for (rank, (score, address)) in top.into_iter().enumerate() {
                    let stored: TantivyDocument = searcher.doc(address)?;
                    let article = stored.get_first(id).and_then(|v| v.as_str()).ok_or("stored id")?;
                    writeln!(run, "{qid} Q0 {article} {} {score} {label}", rank + 1)?;
                }
            }
            run.flush()?;
        }
    }
    Ok(())
}
