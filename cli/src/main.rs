//! `emocue`: analyse messages, evaluate and fit on labelled data.
//!
//! Exit codes: 0 success, 1 failure (bad data, a file that cannot be read),
//! 2 usage error.

#![forbid(unsafe_code)]

mod conversation;
mod plot;
mod report;
mod research;
mod respond;

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use emocue::fit::FitOptions;
use emocue::{Analysis, Detector, Emotion};
use research::DataArgs;

#[derive(Parser)]
#[command(
    name = "emocue",
    version,
    about = "Detect frustration, anger, confusion and anxiety in support messages, with the cues behind each."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DetectorArgs {
    /// Extra lexicon file(s) (phrase<TAB>emotion<TAB>weight), added to the default.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Thresholds file (emotion<TAB>threshold, or a JSON object when it ends in .json), replacing the default thresholds.
    #[arg(long, value_name = "FILE")]
    thresholds: Option<PathBuf>,
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
        #[arg(long, value_name = "X|EMOTION=X", value_parser = research::parse_min_f1)]
        min_f1: Vec<research::MinF1>,
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
    /// Fit the lexicon's weights to labelled data, starting from the embedded priors; writes a weights file.
    Fit {
        /// The labelled training file.
        train: PathBuf,
        /// Where to write the fitted weights (lexicon format).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Also write thresholds calibrated on the training file (.json for JSON, else TSV).
        #[arg(long, value_name = "FILE")]
        thresholds_out: Option<PathBuf>,
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
        Command::Fit {
            train,
            output,
            thresholds_out,
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
                output: &output,
                thresholds_out: thresholds_out.as_deref(),
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
        Err(e) => {
            eprintln!("emocue: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn detector_from(args: &DetectorArgs) -> Result<Detector> {
    if args.lexicon.is_empty() && args.thresholds.is_none() {
        return Ok(Detector::default());
    }
    let mut b = Detector::builder();
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
        let written = if pretty {
            writeln!(out, "{}", render(&a, color))
        } else {
            let json = serde_json::to_string(&a).map_err(|e| e.to_string())?;
            writeln!(out, "{json}")
        };
        written.map_err(|e| format!("writing output: {e}"))
    };
    if texts.is_empty() {
        for (i, line) in io::stdin().lock().lines().enumerate() {
            let line = line.map_err(|e| format!("<stdin>:{}: {e}", i + 1))?;
            emit(line.strip_suffix('\r').unwrap_or(&line), &mut out)?;
        }
    } else {
        for t in texts {
            emit(t, &mut out)?;
        }
    }
    out.flush().map_err(|e| format!("writing output: {e}"))
}

/// The text with its counting cues marked, then a line of labels.
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
            format!("{e}{mark} {:.2} ({})", a.score(*e), a.intensity(*e))
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
