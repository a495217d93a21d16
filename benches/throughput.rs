//! Throughput of `analyze`, measured beside a bare tokenizer (the floor for
//! any word-based analyser) and VADER (the peer), over the same texts in
//! one run, so that ratios hold when the machine's speed drifts.
//!
//! Short messages are the GoEmotions dev texts when `../shared` is beside
//! the repository, else the support messages below. Run with
//! `cargo bench --bench throughput`.

mod common;

use std::hint::black_box;

use common::{floor, short_messages, FALLBACK};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use emocue::{Analysis, Detector, DetectorBuilder};

fn bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

fn short(c: &mut Criterion) {
    let texts = short_messages();
    let detector = Detector::default();
    let vader = vader_sentiment::SentimentIntensityAnalyzer::new();
    let mut g = c.benchmark_group("short_messages");
    g.throughput(Throughput::Bytes(bytes(&texts)));
    // VADER takes some 50 ms a pass: flat sampling keeps the group short.
    g.sample_size(20).sampling_mode(SamplingMode::Flat);
    g.bench_function("emocue_analyze_into", |b| {
        let mut a = Analysis::default();
        b.iter(|| {
            for t in &texts {
                detector.analyze_into(black_box(t), &mut a);
            }
        })
    });
    g.bench_function("emocue_analyze", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(detector.analyze(black_box(t)));
            }
        })
    });
    g.bench_function("floor_lowercase_split_hash", |b| {
        let mut buf = String::new();
        b.iter(|| {
            for t in &texts {
                black_box(floor(black_box(t), &mut buf));
            }
        })
    });
    g.bench_function("vader_sentiment", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(vader.polarity_scores(black_box(t)));
            }
        })
    });
    g.finish();
}

fn adversarial_inputs() -> Vec<(&'static str, String)> {
    const MB: usize = 1 << 20;
    let fill = |unit: &str| unit.repeat(MB / unit.len());
    vec![
        ("transcript_100kb", FALLBACK.join(" ").repeat(100_000 / 400)),
        ("emoji_1mb", fill("😡")),
        ("bangs_1mb", fill("!")),
        ("caps_1mb", fill("ANGRY STILL BROKEN ")),
        ("one_word_1mb", fill("a")),
        ("combining_1mb", fill("a\u{0301}\u{0335}")),
        ("zero_width_1mb", fill("an\u{200B}gry ")),
        ("elongated_1mb", fill("sooooorrrryyy ")),
    ]
}

fn adversarial(c: &mut Criterion) {
    let detector = Detector::default();
    let mut g = c.benchmark_group("adversarial");
    g.sample_size(10);
    for (name, text) in adversarial_inputs() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            let mut a = Analysis::default();
            b.iter(|| detector.analyze_into(black_box(text), &mut a))
        });
    }
    g.finish();
}

fn build(c: &mut Criterion) {
    c.bench_function("detector_build", |b| {
        b.iter(|| black_box(Detector::builder().build().unwrap()))
    });
    // What `Detector::default()` does once per process: parse the embedded
    // files, then compile.
    c.bench_function("detector_build_from_embedded", |b| {
        b.iter(|| black_box(DetectorBuilder::embedded().build().unwrap()))
    });
}

criterion_group!(benches, short, adversarial, build);
criterion_main!(benches);
