//! The held-out support sets (`tests/data/support_heldout*.jsonl`), each
//! written and labelled by a writer blind to the lexicon, and the support
//! training files. Of the first set, `blind-a` (standalone messages) helps
//! choose how much the in-domain training data counts and `blind-b` (turns
//! of 20 conversations, labelled in context) had its misses read while
//! patterns were added; everything else is measured only. Guards that the
//! embedded default keeps what it gained on support language it has not
//! seen, and that no training file loses a row.
#![cfg(feature = "serde")]

use emocue::eval::{evaluate, parse_jsonl, Example};
use emocue::Detector;

fn read(path: &str) -> Vec<Example> {
    let text = std::fs::read_to_string(path).expect("the file is in the repository");
    parse_jsonl(path, &text).expect("the file parses")
}

/// The path of a file under `data/support/`.
fn support_file(name: &str) -> String {
    format!("{}/data/support/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// How many of `examples` carry no label.
fn calm(examples: &[Example]) -> usize {
    examples
        .iter()
        .filter(|e| e.labels.iter().all(|(_, l)| !l))
        .count()
}

/// A held-out set under `tests/data/`, and the floors it must hold.
struct HeldOut {
    file: &'static str,
    rows: usize,
    min_f1: f64,
    min_precision: f64,
}

/// The held-out sets, each with its macro-F1 (and precision) when it
/// arrived, measured before any change made for its round; the floors sit
/// a little under today's figures so that noise-level moves pass.
const HELD_OUT: &[HeldOut] = &[
    // Measured 0.558 (precision 0.751) when the set was added; 0.609
    // (precision 0.759) with the balanced thresholds.
    HeldOut {
        file: "support_heldout.jsonl",
        rows: 409,
        min_f1: 0.57,
        min_precision: 0.70,
    },
    // `blind-d`, 435 customer turns of 60 chats labelled in context, and
    // `blind-e`, 450 standalone messages, from domains the first sets
    // lack. Measured 0.482 (precision 0.737); 0.497 (0.749) with the
    // balanced thresholds.
    HeldOut {
        file: "support_heldout_2.jsonl",
        rows: 885,
        min_f1: 0.48,
        min_precision: 0.70,
    },
    // `blind-f`: 320 standalone messages from 30 domains (35% calm).
    // Measured 0.680 (precision 0.837), before that round's patterns.
    HeldOut {
        file: "support_heldout_3.jsonl",
        rows: 320,
        min_f1: 0.66,
        min_precision: 0.75,
    },
    // `blind-g`: 200 standalone messages and 160 customer turns of 20
    // chats, from 35 domains (128 calm). Measured 0.537 (precision 0.686).
    HeldOut {
        file: "support_heldout_4.jsonl",
        rows: 360,
        min_f1: 0.54,
        min_precision: 0.66,
    },
    // `blind-h`: 220 messages and 100 chat turns in the form support
    // inboxes receive them (greetings, signatures, quoted replies, order
    // numbers; 116 calm). Measured 0.633 (precision 0.646).
    HeldOut {
        file: "support_heldout_5.jsonl",
        rows: 320,
        min_f1: 0.61,
        min_precision: 0.62,
    },
    // `blind-i`: 200 standalone messages and 120 customer turns of 20 chats
    // from 14 domains (112 calm). Measured 0.704 (precision 0.782).
    HeldOut {
        file: "support_heldout_6.jsonl",
        rows: 320,
        min_f1: 0.68,
        min_precision: 0.74,
    },
    // `blind-j`: 300 standalone messages, 50 from each of six kinds of
    // writer (non-native English, voice transcripts, short mobile texts,
    // business email, older and younger customers; 104 calm). Measured
    // 0.673 (precision 0.800); 0.647 before the repetition cues and round 22.
    HeldOut {
        file: "support_heldout_7.jsonl",
        rows: 300,
        min_f1: 0.65,
        min_precision: 0.76,
    },
    // `blind-k`: 250 messages in a formal register, 150 from business
    // customers and 100 formal complaint letters (86 calm). Measured 0.681
    // (precision 0.727); 0.649 before the repetition cues and rounds 22-23.
    HeldOut {
        file: "support_heldout_8.jsonl",
        rows: 250,
        min_f1: 0.65,
        min_precision: 0.69,
    },
    // `blind-l`: 250 public posts support teams answer: 100 reviews, 100
    // social-media posts, 50 forum and marketplace messages (87 calm).
    // Measured 0.687 (precision 0.703); 0.676 before the repetition cues
    // and rounds 22-24.
    HeldOut {
        file: "support_heldout_9.jsonl",
        rows: 250,
        min_f1: 0.66,
        min_precision: 0.67,
    },
    // `blind-m`: 250 messages typed to a support chatbot (89 calm).
    // Measured 0.638 (precision 0.794); 0.630 before the repetition cues
    // and rounds 22-24.
    HeldOut {
        file: "support_heldout_10.jsonl",
        rows: 250,
        min_f1: 0.61,
        min_precision: 0.75,
    },
    // `blind-n`: 250 chat messages typed fast on phones, lower case, no
    // apostrophes, chat shorthand (90 calm). Measured 0.634 (precision
    // 0.894) at 4ac5cc6, before the spellings fold; 0.663 (0.880) after.
    HeldOut {
        file: "support_heldout_11.jsonl",
        rows: 250,
        min_f1: 0.63,
        min_precision: 0.83,
    },
    // `blind-o`: 300 messages to support by chat, email, SMS and social
    // media, 75 each (105 calm). Measured 0.653 (precision 0.759) at
    // 4ac5cc6, this release's start, and 0.658 (0.759) when it arrived.
    HeldOut {
        file: "support_heldout_12.jsonl",
        rows: 300,
        min_f1: 0.63,
        min_precision: 0.72,
    },
];

/// The default detector keeps what it gained on support language it has
/// not seen: every held-out set is checked, and every set below its
/// floors is named.
#[test]
fn held_out_support_sets_hold_their_figures() {
    let detector = Detector::default();
    let mut failures = Vec::new();
    for set in HELD_OUT {
        let path = format!("{}/tests/data/{}", env!("CARGO_MANIFEST_DIR"), set.file);
        let examples = read(&path);
        assert_eq!(examples.len(), set.rows, "{}", set.file);
        let report = evaluate(&detector, &examples);
        if report.macro_.f1 < set.min_f1 || report.macro_.precision < set.min_precision {
            failures.push(format!(
                "{}: macro-F1 {:.3} (floor {}), precision {:.3} (floor {})",
                set.file, report.macro_.f1, set.min_f1, report.macro_.precision, set.min_precision
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The support training files under `data/support/`, read for patterns
/// (and `train.jsonl` fitted on; see the README): each must load whole,
/// with the number of messages and of calm ones it was written with.
const TRAINING: &[(&str, usize, usize)] = &[
    // `synth-1` to `synth-4` (1,400 messages, 504 calm) and `synth-5`
    // (1,000, 353 calm): fitted on.
    ("train.jsonl", 2400, 857),
    // 600 messages, 30% angry and 30% anxious, most without naming it.
    ("anger_anxiety.jsonl", 600, 180),
    // Round 20: 500 standalone messages and 300 turns of 30 chats.
    ("messages_and_chats.jsonl", 800, 279),
    // Round 21: 500 messages and 200 chat turns in inbox form.
    ("inbox.jsonl", 700, 256),
    // Round 22: most emotional messages do not name the feeling.
    ("indirect.jsonl", 800, 284),
    // Round 23: six kinds of writer.
    ("voices.jsonl", 800, 274),
    // Round 24: business customers and formal complaint letters.
    ("formal.jsonl", 800, 280),
    // Round 26: messages typed to a support chatbot.
    ("chatbot.jsonl", 800, 285),
    // Round 27: chat messages typed fast on phones (chat spellings).
    ("phone_chat.jsonl", 800, 280),
];

#[test]
fn training_files_read_whole() {
    for &(name, rows, calm_rows) in TRAINING {
        let examples = read(&support_file(name));
        assert_eq!(examples.len(), rows, "{name}");
        assert_eq!(calm(&examples), calm_rows, "{name}: calm examples");
    }
    let anger_anxiety = read(&support_file("anger_anxiety.jsonl"));
    let count = |emotion| anger_anxiety.iter().filter(|e| e.labels[emotion]).count();
    assert_eq!(count(emocue::Emotion::Anger), 180);
    assert_eq!(count(emocue::Emotion::Anxiety), 180);
}

/// `data/support/chats.jsonl`: 55 training chats (customer turns labelled
/// in the context of the chat), used to find chat-turn patterns and not
/// fitted on (see the README).
#[test]
fn training_chats_read_whole() {
    let path = support_file("chats.jsonl");
    let examples = read(&path);
    assert_eq!(examples.len(), 496);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut chats: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["conversation"].to_string())
        .collect();
    chats.dedup();
    assert_eq!(chats.len(), 55, "each chat's turns are together");
}
