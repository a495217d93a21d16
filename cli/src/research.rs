//! The research workflow: reading labelled data in several formats,
//! `eval` (with ranking, co-occurrence, errors and a plot), `calibrate`
//! and `fit`.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use emocue::eval::{self, Dataset, Example, Format, LabelMap, ReadOptions, RowFilter};
use emocue::fit::{fit, suggest_cues, FitOptions};
use emocue::{Detector, DetectorBuilder, Emotion, EmotionMap};

use crate::{read, write, Result};

/// How to read labelled data.
#[derive(clap::Args, Clone)]
pub struct DataArgs {
    /// Input format; by default from the extension (.jsonl, .csv, .tsv).
    #[arg(long, value_name = "jsonl|csv|tsv")]
    format: Option<String>,
    /// The field or column holding the text: a name, or in CSV/TSV a column number from 1 [default: text].
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    /// The field or column holding the labels (in CSV/TSV separated by `,` or `;`) [default: labels].
    #[arg(long, value_name = "NAME")]
    labels_column: Option<String>,
    /// CSV/TSV without a header row: name columns by number (--text-column 1).
    #[arg(long)]
    no_header: bool,
    /// JSON object mapping the data's labels to ours, e.g. {"annoyance": "frustration", "joy": null}.
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
    /// Count labels that are neither mapped nor ours (summary on stderr) instead of failing.
    #[arg(long)]
    ignore_unknown: bool,
    /// Read a known data set's released files as they are. goemotions: the GoEmotions TSV files (no header, text in column 1, label ids in column 2, its labels mapped as in the README).
    #[arg(long, value_name = "NAME", value_parser = ["goemotions"])]
    preset: Option<String>,
    /// Keep only the rows whose FIELD (a JSON field, or a CSV/TSV column name or number) holds VALUE, e.g. speaker=customer for a transcript's customer turns; how many were left out goes to stderr.
    #[arg(long = "where", value_name = "FIELD=VALUE", value_parser = parse_row_filter)]
    keep_only: Option<RowFilter>,
}

/// Parses `FIELD=VALUE` for `--where`.
fn parse_row_filter(s: &str) -> std::result::Result<RowFilter, String> {
    match s.split_once('=') {
        Some((field, value)) if !field.trim().is_empty() => Ok(RowFilter::new(field.trim(), value)),
        _ => Err(format!("expected FIELD=VALUE, got `{s}`")),
    }
}

impl DataArgs {
    fn options(&self, path: &Path) -> Result<ReadOptions> {
        let mut options = match self.preset.as_deref() {
            Some("goemotions") => ReadOptions::goemotions_tsv(),
            _ => {
                let format =
                    Format::from_path(&path.display().to_string()).unwrap_or(Format::Jsonl);
                ReadOptions::new(format)
            }
        };
        if let Some(f) = &self.format {
            options.format = f.parse::<Format>().map_err(|e| e.to_string())?;
        }
        if let Some(c) = &self.text_column {
            options.text_column.clone_from(c);
        }
        if let Some(c) = &self.labels_column {
            options.labels_column.clone_from(c);
        }
        options.header &= !self.no_header;
        if let Some(m) = &self.map {
            options.labels = LabelMap::from_json(&m.display().to_string(), &read(m)?)
                .map_err(|e| e.to_string())?;
        }
        options.labels.ignore_unknown = self.ignore_unknown;
        options.keep_only.clone_from(&self.keep_only);
        Ok(options)
    }
}

/// Files larger than this get a progress bar (when stderr is a terminal).
const PROGRESS_BYTES: usize = 4 << 20;

/// Reads a labelled file as `args` say; a progress bar on stderr for long
/// files when stderr is a terminal; a summary of ignored labels.
pub fn load(path: &Path, args: &DataArgs) -> Result<Dataset> {
    let options = args.options(path)?;
    let text = read(path)?;
    let name = path.display().to_string();
    let show = text.len() > PROGRESS_BYTES && io::stderr().is_terminal();
    let mut last = usize::MAX;
    let mut bar = |done: usize, total: usize| {
        if !show || total == 0 {
            return;
        }
        let percent = done * 100 / total;
        if percent != last {
            last = percent;
            let filled = percent * 30 / 100;
            eprint!(
                "\rreading {name} [{}{}] {percent:>3}%",
                "#".repeat(filled),
                " ".repeat(30 - filled)
            );
            let _ = io::stderr().flush();
        }
    };
    let data = Dataset::parse_with_progress(&name, &text, &options, &mut bar);
    if show {
        eprint!("\r\x1b[2K");
    }
    let data = data.map_err(|e| e.to_string())?;
    if let Some(filter) = &options.keep_only {
        let (kept, skipped) = (data.examples.len(), data.skipped);
        let (field, value) = (&filter.column, &filter.value);
        if kept == 0 {
            return Err(format!(
                "{name}: no row has `{field}` = `{value}` ({skipped} rows left out)"
            ));
        }
        eprintln!(
            "emocue: {name}: kept {kept} rows where `{field}` = `{value}`, left out {skipped}"
        );
    }
    if !data.ignored.is_empty() {
        let total: usize = data.ignored.values().sum();
        let list: Vec<String> = data
            .ignored
            .iter()
            .map(|(l, n)| format!("{l} ({n})"))
            .collect();
        eprintln!(
            "emocue: {name}: ignored {total} unknown label(s): {}",
            list.join(", ")
        );
    }
    Ok(data)
}

/// Prints, for each row of `file`, its text and labels, the words `d`'s
/// context model reads and the lexicon's evidence per emotion (the sum of
/// the cues' weights, without the context model's), as JSON Lines: what
/// `scripts/fit_context.py` fits the context model on.
pub fn features(d: &Detector, file: &Path, data_args: &DataArgs) -> Result<()> {
    let data = load(file, data_args)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut a = emocue::Analysis::default();
    for example in &data.examples {
        d.analyze_into(&example.text, &mut a);
        let labels: Vec<String> = Emotion::ALL
            .into_iter()
            .filter(|e| example.labels[*e])
            .map(|e| e.to_string())
            .collect();
        // The lexicon's evidence: its cues' weights, summed in the order the
        // detector sums them (the context model's part is what is fitted).
        let evidence: serde_json::Map<String, serde_json::Value> = Emotion::ALL
            .into_iter()
            .map(|e| {
                let lexicon = a
                    .cues()
                    .iter()
                    .filter(|c| c.emotion == e)
                    .fold(0.0f32, |sum, c| sum + c.weight);
                (e.to_string(), serde_json::json!(lexicon))
            })
            .collect();
        let row = serde_json::json!({
            "text": example.text,
            "labels": labels,
            "words": d.context_words(&example.text),
            "evidence": evidence,
        });
        crate::written(writeln!(out, "{row}"))?;
    }
    crate::written(out.flush())
}

/// A value given for every emotion (`0.4`) or for one (`anger=0.4`), as
/// `--min-f1` and `--thresholds-above` take it.
#[derive(Clone, Debug)]
pub struct PerEmotion {
    emotion: Option<Emotion>,
    value: f64,
}

impl PerEmotion {
    /// The value for `emotion` in `list`: the last one naming it, else the
    /// last one for every emotion.
    pub fn find(list: &[PerEmotion], emotion: Emotion) -> Option<f64> {
        let last = |wanted: Option<Emotion>| list.iter().rev().find(|v| v.emotion == wanted);
        last(Some(emotion)).or_else(|| last(None)).map(|v| v.value)
    }
}

/// Parses `0.4` or `anger=0.4` (a number in [0, 1]).
pub fn parse_per_emotion(s: &str) -> std::result::Result<PerEmotion, String> {
    let (emotion, number) = match s.split_once('=') {
        Some((e, n)) => (
            Some(e.trim().parse::<Emotion>().map_err(|e| e.to_string())?),
            n,
        ),
        None => (None, s),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{number}` is not a number (expected X or EMOTION=X)"))?;
    if !(0.0..=1.0).contains(&value) {
        return Err(format!("{value} is outside [0, 1]"));
    }
    Ok(PerEmotion { emotion, value })
}

/// `emocue eval`'s options.
pub struct EvalArgs {
    pub json: bool,
    pub min_macro_f1: Option<f64>,
    pub min_f1: Vec<PerEmotion>,
    pub errors: Option<PathBuf>,
    pub plot: Option<PathBuf>,
}

pub fn evaluate(d: &Detector, file: &Path, data_args: &DataArgs, args: &EvalArgs) -> Result<()> {
    let data = load(file, data_args)?;
    let report = eval::evaluate(d, &data.examples);
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        )?;
    } else {
        outln!("{report}")?;
    }
    if let Some(path) = &args.errors {
        write_errors(d, &data, path)?;
    }
    if let Some(path) = &args.plot {
        write(
            path,
            &crate::plot::pr_svg(&report, &file.display().to_string()),
        )?;
    }
    if let Some(min) = args.min_macro_f1 {
        if report.macro_.f1 < min {
            return Err(format!(
                "macro-F1 {:.4} is below the gate {min}",
                report.macro_.f1
            ));
        }
    }
    let mut failed = Vec::new();
    for (e, m) in report.labels.iter() {
        // A per-emotion gate overrides the one for all.
        if let Some(min) = PerEmotion::find(&args.min_f1, e) {
            if m.f1 < min {
                failed.push(format!("{e} F1 {:.4} is below the gate {min}", m.f1));
            }
        }
    }
    if !failed.is_empty() {
        return Err(failed.join("; "));
    }
    Ok(())
}

/// One line of `--errors`.
#[derive(serde::Serialize)]
struct ErrorLine<'a> {
    line: usize,
    text: &'a str,
    gold: Vec<&'static str>,
    predicted: Vec<&'static str>,
    false_positives: Vec<&'static str>,
    false_negatives: Vec<&'static str>,
    scores: &'a EmotionMap<f32>,
    cues: Vec<serde_json::Value>,
}

/// Writes the false positives and false negatives as JSON Lines.
fn write_errors(d: &Detector, data: &Dataset, path: &Path) -> Result<()> {
    let names = |set: &mut dyn Iterator<Item = Emotion>| -> Vec<&'static str> {
        set.map(|e| e.name()).collect()
    };
    let mut out = String::new();
    for m in eval::mistakes(d, &data.examples) {
        let a = &m.analysis;
        let text = a.text();
        let cues: Vec<serde_json::Value> = a
            .cues()
            .iter()
            .map(|c| {
                serde_json::json!({
                    "text": &text[c.span.clone()],
                    "emotion": c.emotion.name(),
                    "kind": serde_json::to_value(c.kind).unwrap_or_default(),
                    "weight": c.weight,
                    "start": c.span.start,
                    "end": c.span.end,
                })
            })
            .collect();
        let line = ErrorLine {
            line: data.lines[m.index],
            text,
            gold: names(&mut Emotion::ALL.into_iter().filter(|e| m.gold[*e])),
            predicted: names(&mut a.labels()),
            false_positives: names(&mut m.false_positives.iter().copied()),
            false_negatives: names(&mut m.false_negatives.iter().copied()),
            scores: a.scores(),
            cues,
        };
        let line = serde_json::to_string(&line).map_err(|e| e.to_string())?;
        out.push_str(&line);
        out.push('\n');
    }
    write(path, &out)
}

/// Thresholds as a file: JSON when `path` ends in `.json`, else TSV.
fn thresholds_text(path: &Path, t: &EmotionMap<f32>, what: &str) -> String {
    if path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
    {
        let mut object = serde_json::Map::new();
        // Written exactly (the shortest form that reads back as the same
        // f32): a threshold rounded up would pass over the very score it
        // was chosen at.
        for (e, v) in t.iter() {
            object.insert(e.name().to_owned(), serde_json::json!(*v));
        }
        let mut s = serde_json::to_string_pretty(&object).unwrap_or_default();
        s.push('\n');
        s
    } else {
        let mut s = format!("# Label thresholds (a score in (0, 1]), {what}.\n");
        for (e, v) in t.iter() {
            s.push_str(&format!("{e}\t{v}\n"));
        }
        s
    }
}

pub fn calibrate(
    d: &Detector,
    file: &Path,
    data_args: &DataArgs,
    output: &Path,
    min_precision: Option<f64>,
) -> Result<()> {
    let data = load(file, data_args)?;
    let (t, what) = match min_precision {
        None => (
            eval::calibrate(d, &data.examples),
            format!("best F1 on {}", file.display()),
        ),
        Some(p) => {
            let found = eval::calibrate_for_precision(d, &data.examples, p);
            let pairs = eval::score_pairs(d, &data.examples);
            let mut t = d.thresholds();
            for (e, point) in found.iter() {
                match point {
                    Some(point) => t[e] = point.threshold,
                    None => {
                        let best = eval::Curve::from_pairs(&pairs[e]).max_precision();
                        eprintln!(
                            "emocue: warning: no threshold reaches precision {p} for {e} on {} (the highest is {best:.3}); kept its threshold {:.4}",
                            file.display(),
                            t[e]
                        );
                    }
                }
            }
            (
                t,
                format!(
                    "the lowest reaching precision {p} on {}{}",
                    file.display(),
                    if found.iter().any(|(_, p)| p.is_none()) {
                        " (emotions that never reach it keep their thresholds)"
                    } else {
                        ""
                    }
                ),
            )
        }
    };
    write(output, &thresholds_text(output, &t, &what))?;
    let calibrated = d
        .to_builder()
        .thresholds(t)
        .build()
        .map_err(|e| e.to_string())?;
    eprintln!("{}", eval::evaluate(&calibrated, &data.examples));
    Ok(())
}

/// `emocue fit`'s options.
pub struct FitArgs<'a> {
    pub train: &'a Path,
    /// In-domain files fitted beside `train`.
    pub in_domain: &'a [PathBuf],
    /// How many times each in-domain example counts.
    pub in_domain_weight: u32,
    pub output: &'a Path,
    pub thresholds_out: Option<&'a Path>,
    /// Calibrate for the best mean F1 over the files, not pooled.
    pub balance_domains: bool,
    /// With `balance_domains`: per emotion, only thresholds above this.
    pub thresholds_above: &'a [PerEmotion],
    pub dev: Option<&'a Path>,
    pub suggest: Option<usize>,
    pub options: FitOptions,
}

pub fn fit_weights(args: &FitArgs<'_>, data_args: &DataArgs) -> Result<()> {
    let (train, options) = (args.train, &args.options);
    let general = load(train, data_args)?.examples;
    let mut domains = Vec::with_capacity(args.in_domain.len());
    for path in args.in_domain {
        domains.push(load(path, data_args)?.examples);
    }
    let mut examples = general.clone();
    for extra in &domains {
        for _ in 0..args.in_domain_weight {
            examples.extend(extra.iter().cloned());
        }
    }
    let examples = &examples;
    let source = training_source(args);
    let priors = DetectorBuilder::embedded_priors()
        .build()
        .map_err(|e| e.to_string())?;
    let fitted = fit(&priors, examples, options);
    let mut text = format!(
        "# Weights fitted by `emocue fit {} --l2 {} --iterations {}{}{}`\n# from the embedded priors; do not edit by hand.\n",
        source,
        options.l2,
        options.iterations,
        if options.fit_signals { " --fit-signals" } else { "" },
        if options.fit_support { " --fit-support" } else { "" },
    );
    text.push_str(&emocue::lexicon::write_lexicon(&fitted.entries));
    write(args.output, &text)?;
    let mut b = priors.to_builder();
    for e in fitted.entries {
        b = b.add_entry(e);
    }
    let detector = b.build().map_err(|e| e.to_string())?;
    let (t, what) = choose_thresholds(args, &detector, &general, &domains, examples, &source);
    if let Some(path) = args.thresholds_out {
        write(path, &thresholds_text(path, &t, &what))?;
    }
    let detector = detector
        .to_builder()
        .thresholds(t)
        .build()
        .map_err(|e| e.to_string())?;
    eprintln!("train ({source}):\n{}", eval::evaluate(&detector, examples));
    if let Some(dev) = args.dev {
        let dev_data = load(dev, data_args)?;
        eprintln!(
            "\ndev ({}):\n{}",
            dev.display(),
            eval::evaluate(&detector, &dev_data.examples)
        );
    }
    if let Some(n) = args.suggest {
        let suggestions = suggest_cues(examples, &priors, n);
        let mut out = format!(
            "# Candidate cues from {}: weighted log-odds with an informative Dirichlet prior\n# (Monroe et al. 2008), phrases not in the lexicon. Review before adding any.\n{:<12} {:>7} {:>8} {:>6} {:>6}  phrase\n",
            source,
            "emotion",
            "z",
            "log-odds",
            "in",
            "out"
        );
        for s in &suggestions {
            out.push_str(&format!(
                "{:<12} {:>7.2} {:>8.3} {:>6} {:>6}  {}\n",
                s.emotion.name(),
                s.z,
                s.log_odds,
                s.count,
                s.other,
                s.phrase
            ));
        }
        crate::written(std::io::stdout().lock().write_all(out.as_bytes()))?;
    }
    Ok(())
}

/// The thresholds `emocue fit` writes and a description of how they were
/// chosen: balanced over the files, above their floors, or best F1 on all
/// of them pooled.
fn choose_thresholds(
    args: &FitArgs<'_>,
    detector: &Detector,
    general: &[Example],
    domains: &[Vec<Example>],
    pooled: &[Example],
    source: &str,
) -> (EmotionMap<f32>, String) {
    if !args.balance_domains {
        return (
            eval::calibrate(detector, pooled),
            format!("best F1 on {source}"),
        );
    }
    let floor = EmotionMap::splat(())
        .map(|e, _| PerEmotion::find(args.thresholds_above, e).map_or(0.0, |x| x as f32));
    let sets: Vec<&[Example]> = std::iter::once(general)
        .chain(domains.iter().map(Vec::as_slice))
        .collect();
    let files: String = args
        .in_domain
        .iter()
        .map(|p| format!(" {}", p.display()))
        .collect();
    let floors: Vec<String> = floor.iter().map(|(e, f)| format!("{e} {f}")).collect();
    (
        eval::calibrate_balanced(detector, &sets, floor),
        format!(
            "best mean F1 over {} and{files}, each counted once, above {}",
            args.train.display(),
            floors.join(", ")
        ),
    )
}

/// The training files as `emocue fit`'s arguments name them.
fn training_source(args: &FitArgs<'_>) -> String {
    let mut source = args.train.display().to_string();
    for path in args.in_domain {
        source.push_str(&format!(" --in-domain {}", path.display()));
    }
    if !args.in_domain.is_empty() && args.in_domain_weight != 1 {
        source.push_str(&format!(" --in-domain-weight {}", args.in_domain_weight));
    }
    source
}

pub fn read_thresholds(b: DetectorBuilder, path: &Path) -> Result<DetectorBuilder> {
    let name = path.display().to_string();
    let text = read(path)?;
    if path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
    {
        let mut b = b;
        for (e, t) in
            emocue::lexicon::parse_thresholds_json(&name, &text).map_err(|e| e.to_string())?
        {
            b = b.threshold(e, t);
        }
        Ok(b)
    } else {
        b.set_thresholds(&name, &text).map_err(|e| e.to_string())
    }
}
