//! The throughput guard that CI runs: times `analyze_into` and the floor
//! (ASCII-lowercase, split, hash each word) alternately over the same short
//! messages in one process, and fails when emocue's throughput falls below
//! a fraction of the floor's.
//!
//! A ratio, not a time: a slow or busy machine slows both sides. Each side
//! keeps its fastest of several alternating rounds, so a burst of load that
//! hits one round of one side does not decide the result.
//!
//! It also times `analyze` (the owned result), `analyze_into` without the
//! context model (the lexicon's cues alone), and the peer `vader_sentiment`
//! in the same rounds, and prints their ratios; only the default
//! detector's ratio to the floor is guarded.
//!
//! `cargo bench --bench ratio_guard -- [MIN_RATIO]` (default 0.3); exits 1
//! when the ratio is below `MIN_RATIO`.

mod common;

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use common::{floor, short_messages};
use emocue::{Analysis, Detector};

/// Alternating rounds per side.
const ROUNDS: usize = 15;

fn main() -> ExitCode {
    let min_ratio: f64 = match std::env::args().skip(1).find(|a| !a.starts_with('-')) {
        None => 0.3,
        Some(arg) => match arg.parse() {
            Ok(x) => x,
            Err(_) => {
                eprintln!("ratio_guard: MIN_RATIO must be a number, got {arg:?}");
                return ExitCode::from(2);
            }
        },
    };
    let texts = short_messages();
    let bytes: usize = texts.iter().map(String::len).sum();
    let detector = Detector::default();
    let lexicon_only = Detector::builder()
        .context_model(false)
        .build()
        .expect("the embedded data builds");
    let mut analysis = Analysis::default();
    let mut buf = String::new();
    let vader = vader_sentiment::SentimentIntensityAnalyzer::new();
    let (mut best_emocue, mut best_owned, mut best_floor, mut best_vader) =
        (Duration::MAX, Duration::MAX, Duration::MAX, Duration::MAX);
    let mut best_lexicon = Duration::MAX;
    for _ in 0..ROUNDS {
        best_floor = best_floor.min(time(|| {
            for t in &texts {
                black_box(floor(black_box(t), &mut buf));
            }
        }));
        best_emocue = best_emocue.min(time(|| {
            for t in &texts {
                detector.analyze_into(black_box(t), &mut analysis);
            }
        }));
        best_lexicon = best_lexicon.min(time(|| {
            for t in &texts {
                lexicon_only.analyze_into(black_box(t), &mut analysis);
            }
        }));
        best_owned = best_owned.min(time(|| {
            for t in &texts {
                black_box(detector.analyze(black_box(t)));
            }
        }));
        best_vader = best_vader.min(time(|| {
            for t in &texts {
                black_box(vader.polarity_scores(black_box(t)));
            }
        }));
    }
    let ratio = best_floor.as_secs_f64() / best_emocue.as_secs_f64();
    let per_msg = |d: Duration| d.as_secs_f64() * 1e6 / texts.len() as f64;
    let mib_s = |d: Duration| bytes as f64 / d.as_secs_f64() / (1 << 20) as f64;
    let over = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "{} texts, {bytes} bytes; fastest of {ROUNDS} alternating rounds:",
        texts.len()
    );
    for (name, d) in [
        ("emocue analyze_into", best_emocue),
        ("emocue analyze", best_owned),
        ("lexicon only", best_lexicon),
        ("floor", best_floor),
        ("vader_sentiment", best_vader),
    ] {
        println!(
            "  {name:<20} {:>7.3} µs/message  {:>6.1} MiB/s",
            per_msg(d),
            mib_s(d)
        );
    }
    println!(
        "  analyze_into: {ratio:.3} × the floor (minimum {min_ratio}), {:.1} × VADER",
        over(best_vader, best_emocue)
    );
    println!(
        "  analyze:      {:.3} × the floor, {:.1} × VADER",
        over(best_floor, best_owned),
        over(best_vader, best_owned)
    );
    println!(
        "  lexicon only: {:.3} × the floor, {:.1} × VADER",
        over(best_floor, best_lexicon),
        over(best_vader, best_lexicon)
    );
    if ratio < min_ratio {
        eprintln!("ratio_guard: emocue's throughput fell below {min_ratio} × the floor's");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}
