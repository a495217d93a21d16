//! Throughput of `analyze`, measured beside a bare tokenizer (the floor for
//! any word-based analyser) and VADER (the peer), over the same texts in
//! one run, so that ratios hold when the machine's speed drifts.
//!
//! Short messages are the GoEmotions dev texts when `../shared` is beside
//! the repository, else the support messages below. Run with
//! `cargo bench --bench throughput`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use emocue::{Analysis, Detector};

const FALLBACK: &[&str] = &[
    "This is the THIRD time I've asked and it still doesn't work!!",
    "I've been waiting for two weeks and no one has replied.",
    "I'm not angry, just confused about the invoice.",
    "will I lose my data if I downgrade?",
    "Thanks, that fixed it.",
    "you people are useless, I want to speak to a manager",
    "how am I supposed to export this???",
    "The update broke my login again 😡",
];

fn short_messages() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/goemotions/dev.jsonl"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_owned))
            .collect(),
        Err(_) => FALLBACK.iter().map(|s| s.to_string()).collect(),
    }
}

/// The floor: ASCII-lowercase, split into words, hash each word.
fn floor(text: &str, buf: &mut String) -> u64 {
    let mut total = 0u64;
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        if word.is_empty() {
            continue;
        }
        buf.clear();
        buf.push_str(word);
        buf.make_ascii_lowercase();
        let mut h = DefaultHasher::new();
        buf.hash(&mut h);
        total = total.wrapping_add(h.finish());
    }
    total
}

fn bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

fn short(c: &mut Criterion) {
    let texts = short_messages();
    let detector = Detector::default();
    let vader = vader_sentiment::SentimentIntensityAnalyzer::new();
    let mut g = c.benchmark_group("short_messages");
    g.throughput(Throughput::Bytes(bytes(&texts)));
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
    g.finish();
    // VADER is slow: measure it on the first 500 texts, with their bytes.
    let head = &texts[..texts.len().min(500)];
    let mut g = c.benchmark_group("short_messages_peer");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes(head)));
    g.bench_function("vader_sentiment", |b| {
        b.iter(|| {
            for t in head {
                black_box(vader.polarity_scores(black_box(t)));
            }
        })
    });
    g.bench_function("emocue_analyze_into", |b| {
        let mut a = Analysis::default();
        b.iter(|| {
            for t in head {
                detector.analyze_into(black_box(t), &mut a);
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
}

criterion_group!(benches, short, adversarial, build);
criterion_main!(benches);
