//! `emocue`: analyse messages, evaluate and fit on labelled data.
//!
//! Exit codes: 0 success, 1 failure (bad data, a file that cannot be read
//! or is not UTF-8), 2 usage error.
//!
//! Input files and standard input may start with a UTF-8 byte order mark
//! (dropped) and end their lines with CRLF (the CR is dropped). Invalid
//! UTF-8 is an error naming the file (or `<stdin>`) and line, unless
//! `--lossy` is given: then invalid bytes become U+FFFD and a note on
//! standard error says how many lines were touched.

#![forbid(unsafe_code)]

/// `println!` that returns the command's error instead of panicking when
/// standard output fails; a reader that stopped early (`emocue eval FILE |
/// head`) ends the command quietly (see [`OUTPUT_CLOSED`]).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        crate::written(writeln!(std::io::stdout().lock(), $($arg)*))
    }};
}

mod conversation;
mod plot;
mod report;
mod research;
mod respond;

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, Subcommand};
use emocue::fit::FitOptions;
use emocue::{Analysis, Detector, Emotion};
use research::DataArgs;

#[derive(Parser)]
#[command(
    name = "emocue",
    version,
    about = "Detect frustration, anger, confusion and anxiety in support messages, with the cues behind each.",
    after_help = "Input: files and standard input are UTF-8; a byte order mark and CRLF line ends are accepted. \
Invalid UTF-8 is an error naming the file and line, unless --lossy is given.\n\n\
Exit status: 0 success; 1 failure (bad data, a file that cannot be read or is not UTF-8, a gate not met); 2 usage error."
)]
struct Cli {
    /// Replace invalid UTF-8 in input files and standard input with U+FFFD (and say on standard error how many lines were touched) instead of failing.
    #[arg(long, global = true)]
    lossy: bool,
    #[command(subcommand)]
    command: Command,
}

/// Whether `--lossy` was given (set once, before any input is read).
static LOSSY: AtomicBool = AtomicBool::new(false);

#[derive(clap::Args)]
struct DetectorArgs {
    /// Extra lexicon file(s) (phrase<TAB>emotion<TAB>weight), added to the default.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Thresholds file (emotion<TAB>threshold, or a JSON object when it ends in .json), replacing the default thresholds.
    #[arg(long, value_name = "FILE")]
    thresholds: Option<PathBuf>,
    /// Spellings file(s) (spelling<TAB>word, e.g. pmt<TAB>payment), added to the embedded spellings.
    #[arg(long, value_name = "FILE")]
    spellings: Vec<PathBuf>,
    /// Leave out the context model (what the words no lexicon term matched say): the lexicon's cues alone; see the README's "Context model".
    #[arg(long)]
    no_context: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse each TEXT, or each line of standard input when none is given; prints one JSON object per input.
    Analyze {
        /// Texts to analyse.
        texts: Vec<String>,
        /// Show the text with its cues highlighted, for a person.
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        detector: DetectorArgs,
    },
    /// Evaluate on labelled data (JSON Lines {"text", "labels"}, CSV or TSV): precision, recall, F1, average precision per emotion, co-occurrence.
    Eval {
        /// The labelled file.
        file: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Fail (exit 1) when the macro-F1 is below this.
        #[arg(long, value_name = "X")]
        min_macro_f1: Option<f64>,
        /// Fail (exit 1) when an emotion's F1 is below X (all emotions) or EMOTION=X (one; repeatable).
        #[arg(long, value_name = "X|EMOTION=X", value_parser = research::parse_per_emotion)]
        min_f1: Vec<research::PerEmotion>,
        /// Write the false positives and false negatives as JSON Lines, with scores and the cues that fired.
        #[arg(long, value_name = "FILE.jsonl")]
        errors: Option<PathBuf>,
        /// Draw precision-recall curves per emotion as a self-contained SVG.
        #[arg(long, value_name = "FILE.svg")]
        plot: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        detector: DetectorArgs,
    },
    /// Choose per-emotion thresholds on labelled data (best F1, or --min-precision); writes a thresholds file (JSON when it ends in .json).
    Calibrate {
        /// The labelled file.
        file: PathBuf,
        /// Where to write the thresholds (.json for JSON, else TSV).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Per emotion, the lowest threshold reaching this precision (instead of the best F1).
        #[arg(long, value_name = "P", value_parser = parse_unit)]
        min_precision: Option<f64>,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        detector: DetectorArgs,
    },
    /// For each row of a labelled file, the words the detector reads and the evidence per emotion: the input of scripts/fit_context.py (the evidence is the lexicon's alone, with or without the context model). Prints JSON Lines {"text", "labels", "words", "evidence"}.
    Features {
        /// The labelled file.
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        detector: DetectorArgs,
    },
    /// Fit the lexicon's weights to labelled data, starting from the embedded priors; writes a weights file.
    Fit {
        /// The labelled training file.
        train: PathBuf,
        /// In-domain labelled data fitted beside TRAIN (repeatable): a small set in the language you analyse beside a large general one.
        #[arg(long, value_name = "FILE")]
        in_domain: Vec<PathBuf>,
        /// How many times each --in-domain example counts.
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
        in_domain_weight: u32,
        /// Where to write the fitted weights (lexicon format).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Also write thresholds calibrated on the training file (.json for JSON, else TSV).
        #[arg(long, value_name = "FILE")]
        thresholds_out: Option<PathBuf>,
        /// Calibrate the thresholds for the best mean F1 over TRAIN and each --in-domain file, each counted once, instead of the best F1 on all of them pooled (where the largest file decides).
        #[arg(long, requires = "in_domain")]
        balance_domains: bool,
        /// With --balance-domains: choose only thresholds above X (all emotions) or EMOTION=X (one; repeatable). 0.5035 keeps one cue of weight 0.7, an ambiguous support pattern, from labelling alone.
        #[arg(long, value_name = "X|EMOTION=X", requires = "balance_domains", value_parser = research::parse_per_emotion)]
        thresholds_above: Vec<research::PerEmotion>,
        /// Report on this labelled file after fitting.
        #[arg(long, value_name = "FILE")]
        dev: Option<PathBuf>,
        /// Also print up to N candidate new cues per emotion (words and 2-3-word phrases not in the lexicon), for review.
        #[arg(long, value_name = "N")]
        suggest: Option<usize>,
        /// Pull towards the prior weights.
        #[arg(long, default_value_t = FitOptions::default().l2)]
        l2: f64,
        /// Optimisation steps.
        #[arg(long, default_value_t = FitOptions::default().iterations)]
        iterations: usize,
        /// Fit the signals' weights (<caps>, <question>, …) too.
        #[arg(long)]
        fit_signals: bool,
        /// Fit the support patterns' weights too.
        #[arg(long)]
        fit_support: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Follow each conversation of a transcript (JSON Lines of {"conversation_id", "turn", "speaker", "text"}); prints one JSON object per conversation.
    Conversation {
        /// The transcript file.
        file: PathBuf,
        #[command(flatten)]
        detector: DetectorArgs,
    },
    /// Write a self-contained HTML report of a transcript's conversations: turns with cues highlighted, a chart of the emotions, escalations and hand-over.
    Report {
        /// The transcript file.
        file: PathBuf,
        /// Where to write the HTML page.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        detector: DetectorArgs,
    },
    /// Suggest a reply to TEXT for what the customer feels, filled from --name, --agent, --issue….
    Suggest(respond::SuggestArgs),
    /// Review a DRAFT reply to --customer TEXT: phrases that escalate, and a missing acknowledgement.
    Review(respond::ReviewArgs),
}

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    LOSSY.store(cli.lossy, Ordering::Relaxed);
    let result = match cli.command {
        Command::Analyze {
            texts,
            pretty,
            detector,
        } => detector_from(&detector).and_then(|d| analyze(&d, &texts, pretty)),
        Command::Eval {
            file,
            json,
            min_macro_f1,
            min_f1,
            errors,
            plot,
            data,
            detector,
        } => detector_from(&detector).and_then(|d| {
            let args = research::EvalArgs {
                json,
                min_macro_f1,
                min_f1,
                errors,
                plot,
            };
            research::evaluate(&d, &file, &data, &args)
        }),
        Command::Calibrate {
            file,
            output,
            min_precision,
            data,
            detector,
        } => detector_from(&detector)
            .and_then(|d| research::calibrate(&d, &file, &data, &output, min_precision)),
        Command::Features {
            file,
            data,
            detector,
        } => detector_from(&detector).and_then(|d| research::features(&d, &file, &data)),
        Command::Fit {
            train,
            in_domain,
            in_domain_weight,
            output,
            thresholds_out,
            balance_domains,
            thresholds_above,
            dev,
            suggest,
            l2,
            iterations,
            fit_signals,
            fit_support,
            data,
        } => {
            let args = research::FitArgs {
                train: &train,
                in_domain: &in_domain,
                in_domain_weight,
                output: &output,
                thresholds_out: thresholds_out.as_deref(),
                balance_domains,
                thresholds_above: &thresholds_above,
                dev: dev.as_deref(),
                suggest,
                options: FitOptions {
                    l2,
                    iterations,
                    fit_signals,
                    fit_support,
                    ..FitOptions::default()
                },
            };
            research::fit_weights(&args, &data)
        }
        Command::Conversation { file, detector } => {
            detector_from(&detector).and_then(|d| conversation::run(&d, &file))
        }
        Command::Report {
            file,
            output,
            detector,
        } => detector_from(&detector).and_then(|d| report::run(&d, &file, &output)),
        Command::Suggest(args) => respond::suggest(args),
        Command::Review(args) => respond::review(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader has all it wanted: not a failure.
        Err(e) if e == OUTPUT_CLOSED => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("emocue: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The error of a write to standard output that found the reader gone
/// (a closed pipe), which ends a command quietly and successfully.
const OUTPUT_CLOSED: &str = "standard output was closed";

/// The command's error for a failed write to standard output.
fn written(r: io::Result<()>) -> Result<()> {
    r.map_err(|e| match e.kind() {
        io::ErrorKind::BrokenPipe => OUTPUT_CLOSED.to_owned(),
        _ => format!("writing output: {e}"),
    })
}

/// Reads a whole input file as UTF-8 (see the module docs: BOM, `--lossy`).
fn read(path: &Path) -> Result<String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    decode(
        &path.display().to_string(),
        bytes,
        LOSSY.load(Ordering::Relaxed),
    )
}

/// The advice that ends every invalid-UTF-8 error.
const UTF8_ADVICE: &str =
    "convert it to UTF-8 (e.g. with iconv), or pass --lossy to replace invalid bytes with U+FFFD";

/// Decodes a file's bytes: drops a leading byte order mark; invalid UTF-8
/// is an error naming `name`, the line and the column (in bytes), or with
/// `lossy` is replaced, with a note on standard error.
fn decode(name: &str, mut bytes: Vec<u8>, lossy: bool) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let bytes = e.into_bytes();
            if !lossy {
                let at = first_invalid(&bytes).unwrap_or(0);
                let line_start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                return Err(format!(
                    "{name}:{line}: invalid UTF-8 (byte 0x{:02X} at column {}); {UTF8_ADVICE}",
                    bytes[at],
                    at - line_start + 1
                ));
            }
            let touched = bytes
                .split(|&b| b == b'\n')
                .filter(|l| std::str::from_utf8(l).is_err())
                .count();
            report_lossy(name, touched);
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

/// The index of the first byte that is not valid UTF-8.
fn first_invalid(bytes: &[u8]) -> Option<usize> {
    std::str::from_utf8(bytes).err().map(|e| e.valid_up_to())
}

fn report_lossy(name: &str, touched: usize) {
    if touched > 0 {
        eprintln!(
            "emocue: {name}: --lossy replaced invalid UTF-8 on {touched} line{}",
            if touched == 1 { "" } else { "s" }
        );
    }
}

fn detector_from(args: &DetectorArgs) -> Result<Detector> {
    if args.lexicon.is_empty()
        && args.thresholds.is_none()
        && args.spellings.is_empty()
        && !args.no_context
    {
        return Ok(Detector::default());
    }
    let mut b = Detector::builder().context_model(!args.no_context);
    for path in &args.spellings {
        b = b
            .add_spellings(&path.display().to_string(), &read(path)?)
            .map_err(|e| e.to_string())?;
    }
    for path in &args.lexicon {
        b = b
            .add_lexicon(&path.display().to_string(), &read(path)?)
            .map_err(|e| e.to_string())?;
    }
    if let Some(path) = &args.thresholds {
        b = research::read_thresholds(b, path)?;
    }
    b.build().map_err(|e| e.to_string())
}

/// A number in [0, 1].
fn parse_unit(s: &str) -> std::result::Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is outside [0, 1]"))
    }
}

fn analyze(d: &Detector, texts: &[String], pretty: bool) -> Result<()> {
    let stdout = io::stdout();
    let color = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut a = Analysis::default();
    let mut emit = |text: &str, out: &mut dyn Write| -> Result<()> {
        d.analyze_into(text, &mut a);
        if pretty {
            written(writeln!(out, "{}", render(&a, color)))
        } else {
            let json = serde_json::to_string(&a).map_err(|e| e.to_string())?;
            written(writeln!(out, "{json}"))
        }
    };
    let result = if texts.is_empty() {
        each_stdin_line(|line| emit(line, &mut out))
    } else {
        texts.iter().try_for_each(|t| emit(t, &mut out))
    };
    // A reader that stops early (`emocue analyze | head`) is not a
    // failure: `main` ends quietly on OUTPUT_CLOSED.
    result.and_then(|()| written(out.flush()))
}

/// Calls `f` on each line of standard input, streaming: one reused buffer,
/// so memory stays flat whatever the input's size (it grows only to the
/// longest line). A byte order mark at the start and a CR before each LF
/// are dropped; invalid UTF-8 is an error naming the line, or with
/// `--lossy` is replaced and counted.
fn each_stdin_line(mut f: impl FnMut(&str) -> Result<()>) -> Result<()> {
    let lossy = LOSSY.load(Ordering::Relaxed);
    let mut input = io::stdin().lock();
    let mut buf = Vec::with_capacity(8 * 1024);
    let mut number = 0usize;
    let mut touched = 0usize;
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| format!("<stdin>:{}: {e}", number + 1))?;
        if n == 0 {
            break;
        }
        number += 1;
        let mut line = &buf[..];
        if number == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        match std::str::from_utf8(line) {
            Ok(text) => f(text)?,
            Err(_) if lossy => {
                touched += 1;
                f(&String::from_utf8_lossy(line))?;
            }
            Err(e) => {
                return Err(format!(
                    "<stdin>:{number}: invalid UTF-8 (byte 0x{:02X} at column {}); {UTF8_ADVICE}",
                    line[e.valid_up_to()],
                    e.valid_up_to() + 1
                ))
            }
        }
    }
    report_lossy("<stdin>", touched);
    Ok(())
}

/// The text with its counting cues marked, then a line of scores: each
/// emotion with a score, `*` if labelled, its intensity, and how far the
/// context model moved it where that is 0.05 or more (a label can come
/// from the wording around the cues, or from no cue at all).
fn render(a: &Analysis, color: bool) -> String {
    let text = a.text();
    let mut spans: Vec<_> = a
        .cues()
        .iter()
        .filter(|c| c.weight > 0.0)
        .map(|c| (c.span.clone(), c.emotion))
        .collect();
    spans.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
    let mut out = String::new();
    let mut at = 0;
    for (span, emotion) in spans {
        if span.start < at {
            continue;
        }
        out.push_str(&text[at..span.start]);
        let piece = &text[span.clone()];
        if color {
            let code = match emotion {
                Emotion::Frustration => "33",
                Emotion::Anger => "31",
                Emotion::Confusion => "36",
                Emotion::Anxiety => "35",
            };
            out.push_str(&format!("\x1b[1;{code}m{piece}\x1b[0m"));
        } else {
            out.push_str(&format!("[{piece}]{{{emotion}}}"));
        }
        at = span.end;
    }
    out.push_str(&text[at..]);
    let labels: Vec<String> = Emotion::ALL
        .iter()
        .filter(|e| a.score(**e) > 0.0)
        .map(|e| {
            let mark = if a.has(*e) { "*" } else { "" };
            let context = a.context(*e);
            let moved = if context.abs() >= 0.05 {
                format!("; context {context:+.2}")
            } else {
                String::new()
            };
            format!("{e}{mark} {:.2} ({}{moved})", a.score(*e), a.intensity(*e))
        })
        .collect();
    if labels.is_empty() {
        out.push_str("\n  calm");
    } else {
        out.push_str(&format!("\n  {}", labels.join(", ")));
    }
    out
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
