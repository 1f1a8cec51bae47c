//! Analysis throughput on real Arabic news, side by side with tantivy's analyzers.
//!
//! Reads article `content` from two SaudiNewsNet zips in `../shared/corpus/saudinewsnet/` when
//! present (≈ 12 MB of text), else a small bundled Arabic text. Each benchmark counts the tokens
//! it produced and asserts the count, so a fast wrong answer cannot pass.
//!
//! `CARGO_TARGET_DIR=/work/target-text cargo bench -p marsad-text --bench analysis`

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_text::ArabicStemTokenizer;
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/saudinewsnet");
const ZIPS: [&str; 2] = ["2015-07-22.zip", "2015-07-24.zip"];

/// Written for this benchmark: a short news-style paragraph with clitics, digits and marks.
const FALLBACK: &str = "أعلنت وزارة الصحة السعودية اليوم الأربعاء عن افتتاح مستشفى جديد في \
مدينة الرياض بسعة ٣٠٠ سرير، وقال المتحدث الرسمي باسم الوزارة إنّ المشروع يأتي ضمن خطة \
لتطوير الخدمات الصحية في المملكة. وأضاف أنَّ الأطباء والممرضين سيبدؤون العمل بالمستشفى \
خلال الأسابيع المقبلة، مشيراً إلى أن الوزارة تعمل مع الشركات الأمريكية والأوروبية. ";

fn load_articles() -> Vec<String> {
    let mut articles = Vec::new();
    for name in ZIPS {
        let path = Path::new(CORPUS).join(name);
        let Ok(file) = File::open(&path) else { continue };
        let mut archive = zip::ZipArchive::new(file).expect("readable zip");
        for i in 0..archive.len() {
            let mut json = String::new();
            archive
                .by_index(i)
                .expect("zip entry")
                .read_to_string(&mut json)
                .expect("utf-8");
            let records: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
            articles.extend(records.iter().filter_map(|r| r["content"].as_str()).map(str::to_owned));
        }
    }
    if articles.is_empty() {
        articles = vec![FALLBACK.repeat(200); 50];
    }
    articles
}

/// Runs the analyzer over every article, as tantivy's indexer does, and counts the tokens.
fn count_tokens(analyzer: &mut TextAnalyzer, articles: &[String]) -> usize {
    let mut count = 0;
    for text in articles {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            count += 1;
        }
    }
    count
}

fn tantivy_default() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

fn tantivy_arabic_snowball() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build()
}

fn bench_analysis(c: &mut Criterion) {
    let articles = load_articles();
    let bytes: usize = articles.iter().map(String::len).sum();
    eprintln!(
        "analysis corpus: {} articles, {:.1} MB",
        articles.len(),
        bytes as f64 / 1e6
    );
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));

    let mut marsad = TextAnalyzer::from(ArabicStemTokenizer);
    let expected = count_tokens(&mut marsad, &articles);
    assert!(expected > bytes / 20, "too few Marsad tokens: {expected}");
    group.bench_function("marsad_stem", |b| {
        b.iter(|| assert_eq!(count_tokens(&mut marsad, &articles), expected))
    });

    let mut default = tantivy_default();
    let expected_default = count_tokens(&mut default, &articles);
    assert!(expected_default > bytes / 20);
    group.bench_function("tantivy_default", |b| {
        b.iter(|| assert_eq!(count_tokens(&mut default, &articles), expected_default))
    });

    let mut snowball = tantivy_arabic_snowball();
    assert_eq!(count_tokens(&mut snowball, &articles), expected_default);
    group.bench_function("tantivy_snowball_arabic", |b| {
        b.iter(|| assert_eq!(count_tokens(&mut snowball, &articles), expected_default))
    });
    group.finish();
}

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
