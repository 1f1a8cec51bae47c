//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Marsad (مرصد): ingest, clean, analyse and search Arabic news.
#[derive(Parser, Debug)]
#[command(name = "marsad", version, about)]
pub struct Cli {
    /// Data directory (SQLite store and search index).
    #[arg(long, global = true, default_value = "marsad-data", env = "MARSAD_DATA")]
    pub data: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Ingest files and directories: .txt pages, .json, .jsonl/.ndjson, .zip of those.
    Ingest(IngestArgs),
    /// Search the store (bag of words, "phrases", -exclusions, OR, source:NAME, speaker:NAME).
    Search(SearchArgs),
    /// Show how Marsad analyses a text: each token's surface, normalized form, stem and offsets.
    Analyze(AnalyzeArgs),
    /// Show one article by id.
    Show(ShowArgs),
    /// Find attributed statements by words, speaker and date.
    Quotes(QuotesArgs),
    /// Speakers reconciled across articles, with their aliases, roles and quote counts.
    Speakers(SpeakersArgs),
    /// Articles per source and per day, store size.
    Stats(JsonFlag),
    /// Write the store back out.
    Export(ExportArgs),
    /// Rebuild the search index from the SQLite store alone.
    Reindex,
    /// Clean every stored article again with the current source statistics.
    Reclean,
    /// List stories: articles from any outlets on the same event, with copies.
    Stories(StoriesArgs),
    /// Group every stored article into stories again (after a change of thresholds).
    Regroup,
    /// Evaluation commands.
    Eval(EvalArgs),
    /// Ingest the bundled sample and show what Marsad does.
    Demo(DemoArgs),
    /// Benchmarks measured by Marsad itself (wall time, peak memory).
    Bench(BenchArgs),
    /// Serve the web interface and the JSON API over the store.
    Serve(ServeArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Bearer token for POST /api/articles (without one, ingest over HTTP is off).
    #[arg(long, env = "MARSAD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest request body, in MiB.
    #[arg(long, default_value_t = 16)]
    pub max_body_mib: usize,
    /// Threads that run searches and other store reads (0: one per core).
    #[arg(long, env = "MARSAD_SEARCH_THREADS", default_value_t = 0)]
    pub search_threads: usize,
}

#[derive(Args, Debug, Clone)]
pub struct IngestArgs {
    /// Files or directories (read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Force an encoding: utf-8, windows-1256, iso-8859-6 (default: detect).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Source (outlet) for records that name none.
    #[arg(long)]
    pub source: Option<String>,
    /// Publication date for records that give none.
    #[arg(long)]
    pub date: Option<String>,
    /// URL for records that give none (a .txt page carries none).
    #[arg(long)]
    pub url: Option<String>,
    /// Largest record accepted, in MiB.
    #[arg(long, default_value_t = 16)]
    pub max_record_mib: usize,
    /// Print the summary and errors as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// The query (omit with --batch, or with --speaker for every article quoting the speaker).
    #[arg(required_unless_present_any = ["batch", "speaker"])]
    pub query: Option<String>,
    /// Number of results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Fields searched.
    #[arg(long, value_enum, default_value_t = Fields::All)]
    pub fields: Fields,
    /// First publication day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Last publication day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Only articles quoting this speaker: a name, surname, alias or role (e.g. بيسكوف, "ديمتري بيسكوف").
    #[arg(long)]
    pub speaker: Option<String>,
    /// Order of the results.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,
    /// Print results as JSON.
    #[arg(long)]
    pub json: bool,
    /// Run every query of a TSV file (`qid<TAB>query`), read as plain words.
    #[arg(long)]
    pub batch: Option<PathBuf>,
    /// Collapse results by story: one line per story, with how many more articles and from which outlets.
    #[arg(long)]
    pub group: bool,
    /// Output format of --batch.
    #[arg(long, value_enum, default_value_t = BatchFormat::Trec)]
    pub format: BatchFormat,
    /// Results per query in --batch.
    #[arg(long, default_value_t = 100)]
    pub top: usize,
    /// Scoring weights, e.g. `title=2,exact=0.3` (for experiments).
    #[arg(long, default_value = "")]
    pub weights: marsad_store::Weights,
    /// Write --batch output here (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    Relevance,
    /// Latest publication day first (best match first within a day).
    Newest,
    /// Earliest publication day first (best match first within a day).
    Oldest,
}

impl From<Sort> for marsad_store::Order {
    fn from(sort: Sort) -> Self {
        match sort {
            Sort::Relevance => marsad_store::Order::Relevance,
            Sort::Newest => marsad_store::Order::Newest,
            Sort::Oldest => marsad_store::Order::Oldest,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Title and content.
    #[value(name = "title,content", alias = "all")]
    All,
    /// Content only.
    Content,
    /// Title only.
    Title,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchFormat {
    /// `qid Q0 docid rank score marsad`
    Trec,
}

#[derive(Args, Debug)]
pub struct QuotesArgs {
    /// Words of the statement (matched on stems, all required); omit for every statement.
    pub query: Option<String>,
    /// A speaker: name, surname, alias or role (e.g. بيسكوف).
    #[arg(long)]
    pub speaker: Option<String>,
    /// First day (YYYY-MM-DD): the statement's date, else its article's.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Number of statements.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct StoriesArgs {
    /// Stories seen on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Stories seen on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Stories carried by this outlet.
    #[arg(long)]
    pub source: Option<String>,
    /// Stories with at least this many articles.
    #[arg(long, default_value_t = 2)]
    pub min_size: i64,
    /// Number of stories (largest first).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct SpeakersArgs {
    /// Number of speakers.
    #[arg(long, default_value_t = 30)]
    pub limit: usize,
    /// Speakers to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// Text to analyse.
    pub text: String,
    /// Print tokens as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Article id (its id field, URL or text hash).
    pub id: String,
    /// Print the raw record verbatim instead.
    #[arg(long)]
    pub raw: bool,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct JsonFlag {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Export format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Write here (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One article per line.
    Jsonl,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub command: EvalCommand,
}

#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    /// Score a TREC run against TREC qrels: MRR@10, R@10, R@100, nDCG@10.
    Run {
        /// Qrels file (`qid 0 docid rel`).
        #[arg(long)]
        qrels: PathBuf,
        /// Run file (`qid Q0 docid rank score tag`).
        #[arg(long)]
        run: PathBuf,
        /// Fail (exit 1) if MRR@10 is below this.
        #[arg(long)]
        min_mrr: Option<f64>,
        /// Fail (exit 1) if R@100 is below this.
        #[arg(long)]
        min_r100: Option<f64>,
    },
    /// Write a known-item set built from the store: each eligible article's headline as a query for the
    /// article and its copies (see `marsad_store::known_item`), to search with `search --batch --fields
    /// content` and score with `eval run`.
    Headlines {
        /// Queries file to write (`qid<TAB>headline`).
        #[arg(long)]
        queries: PathBuf,
        /// Qrels file to write (`qid 0 docid 1`).
        #[arg(long)]
        qrels: PathBuf,
        /// Leave out the articles relevant in these qrels (a dev set's answers).
        #[arg(long)]
        exclude: Option<PathBuf>,
    },
    /// Extract quotes from articles (`id`, `content`, optional `date`) and score them like score_quotes.py.
    Quotes {
        /// Articles file (JSON lines with `id`, `content`, optional `date`).
        #[arg(long)]
        articles: PathBuf,
        /// Gold file (`{"id","quotes"}` per line).
        #[arg(long)]
        gold: PathBuf,
        /// Write predictions in the gold's format here.
        #[arg(long)]
        predictions: PathBuf,
        /// Fail (exit 1) if span F1 is below this.
        #[arg(long)]
        min_span_f1: Option<f64>,
        /// Fail (exit 1) if span+speaker F1 is below this.
        #[arg(long)]
        min_speaker_f1: Option<f64>,
    },
    /// Decide for each gold pair whether both articles are in the same story; score like score_stories.py.
    Stories {
        /// Gold pairs (`{"a","b","label"}` per line); labels are only used to score.
        #[arg(long)]
        gold: PathBuf,
        /// Write predictions (`{"a","b","label":"same"|"different"}` per line) here.
        #[arg(long)]
        predictions: PathBuf,
        /// Fail (exit 1) if the same-story F1 is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Fail (exit 1) if the same-story precision is below this.
        #[arg(long)]
        min_precision: Option<f64>,
    },
    /// Label each line of gold articles (source statistics from the store) and score the cleaning.
    Clean {
        /// Gold file (`{"id","source","title","lines","labels"}` per line); labels are only used to score.
        #[arg(long)]
        gold: PathBuf,
        /// Write predictions (`{"id","labels"}` per line) here.
        #[arg(long)]
        predictions: PathBuf,
        /// Fail (exit 1) if the removed-line F1 is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Fail (exit 1) if the removed-line precision is below this.
        #[arg(long)]
        min_precision: Option<f64>,
        /// Fail (exit 1) if the label accuracy is below this.
        #[arg(long)]
        min_accuracy: Option<f64>,
    },
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to put the demo store (default: a fresh temporary directory).
    #[arg(long)]
    pub demo_data: Option<PathBuf>,
    /// Stop after the searches instead of serving the web interface.
    #[arg(long)]
    pub no_serve: bool,
    /// Address the demo serves on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: BenchCommand,
}

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Ingest into an empty store, then re-ingest the same input; report wall time and peak RSS.
    Ingest {
        /// Inputs (e.g. ../shared/corpus/saudinewsnet).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Keep the store here (default: a temporary directory, removed after).
        #[arg(long)]
        keep: Option<PathBuf>,
        /// Print figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Story grouping on a synthetic corpus built from the store's articles (perturbed, spread over a
    /// year): wall time and peak RSS per size, each in its own process.
    Stories {
        /// Corpus sizes (articles).
        #[arg(long, value_delimiter = ',', default_value = "100000,300000,1000000")]
        sizes: Vec<usize>,
        /// Run one size in this process (used by the benchmark itself).
        #[arg(long, hide = true)]
        size: Option<usize>,
    },
    /// Search latency over a query file (`qid<TAB>query`), with snippets for the top 10.
    Search {
        /// Queries (e.g. ../shared/eval/known_item/dev.queries.tsv).
        queries: PathBuf,
        /// Rounds over the query file (the first warms up).
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Scoring weights, e.g. `proximity=0` (for experiments).
        #[arg(long, default_value = "")]
        weights: marsad_store::Weights,
        /// Count matches per source and day too, in the same pass (as `/api/search` does).
        #[arg(long)]
        facets: bool,
    },
}
