//! The held-out support sets, written and labelled blind to the lexicon.
//! The first (`tests/data/support_heldout.jsonl`, 409 customer messages and
//! chat turns): `blind-a` (standalone messages) helps choose how much the
//! in-domain training data counts; `blind-b` (turns of 20 conversations,
//! labelled in context) had its misses read while patterns were added, so
//! it is tuned on; `blind-c` is measured only. The second
//! (`tests/data/support_heldout_2.jsonl`, 885), the third
//! (`tests/data/support_heldout_3.jsonl`, 320), the fourth
//! (`tests/data/support_heldout_4.jsonl`, 360), the fifth
//! (`tests/data/support_heldout_5.jsonl`, 320), the sixth
//! (`tests/data/support_heldout_6.jsonl`, 320), the seventh
//! (`tests/data/support_heldout_7.jsonl`, 300), the eighth
//! (`tests/data/support_heldout_8.jsonl`, 250) and the ninth
//! (`tests/data/support_heldout_9.jsonl`, 250) are measured only. Guards
//! that the embedded default keeps what it gained on support language it
//! has not seen.
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

/// Fails unless the default detector reads the `rows` examples of `file`
/// (under `tests/data/`) with at least `min_f1` macro-F1 and `min_precision`
/// macro-precision.
fn guard(file: &str, rows: usize, min_f1: f64, min_precision: f64) {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let examples = read(&path);
    assert_eq!(examples.len(), rows, "{file}");
    let report = evaluate(&Detector::default(), &examples);
    assert!(
        report.macro_.f1 >= min_f1 && report.macro_.precision >= min_precision,
        "{file}: macro-F1 below {min_f1} or precision below {min_precision}\n{report}"
    );
}

#[test]
fn held_out_support_f1_holds() {
    // Measured 0.558 (precision 0.751) when the set was added; 0.609
    // (precision 0.759) with the balanced thresholds.
    guard("support_heldout.jsonl", 409, 0.57, 0.70);
}

/// The second held-out set (`tests/data/support_heldout_2.jsonl`), written
/// later by two more writers blind to the lexicon and measured only:
/// `blind-d`, 435 customer turns of 60 chats labelled in context, and
/// `blind-e`, 450 standalone messages, from domains the first sets lack.
#[test]
fn second_held_out_support_f1_holds() {
    // Measured 0.482 (precision 0.737) when the set was added; 0.497
    // (precision 0.749) with the balanced thresholds.
    guard("support_heldout_2.jsonl", 885, 0.48, 0.70);
}

/// The third held-out set (`tests/data/support_heldout_3.jsonl`),
/// `blind-f`: 320 standalone messages from 30 domains (35% calm), written
/// by another writer blind to the lexicon and measured before the patterns
/// of the same round were written from a separate training set.
#[test]
fn third_held_out_support_f1_holds() {
    // Measured 0.680 (precision 0.837) when the set was added, before that
    // round's patterns; 0.709 (precision 0.865) after them.
    guard("support_heldout_3.jsonl", 320, 0.66, 0.75);
}

/// The fourth held-out set (`tests/data/support_heldout_4.jsonl`),
/// `blind-g`: 200 standalone messages and 160 customer turns of 20 chats,
/// from 35 domains (128 calm), written by another writer blind to the
/// lexicon and measured before the patterns of the same round were written
/// from a separate training set (`data/support/messages_and_chats.jsonl`).
#[test]
fn fourth_held_out_support_f1_holds() {
    // Measured 0.537 (precision 0.686) when the set was added, before that
    // round's changes; 0.559 (precision 0.695) after them.
    guard("support_heldout_4.jsonl", 360, 0.54, 0.66);
}

/// The fifth held-out set (`tests/data/support_heldout_5.jsonl`),
/// `blind-h`: 220 messages and 100 chat turns in the form support inboxes
/// receive them (greetings, signatures, quoted replies, order numbers,
/// several issues at once; 116 calm), written by another writer blind to
/// the lexicon and measured before the patterns of the same round were
/// written from a separate training set (`data/support/inbox.jsonl`).
#[test]
fn fifth_held_out_support_f1_holds() {
    // Measured 0.633 (precision 0.646) when the set was added, before that
    // round's changes; 0.634 (precision 0.645) after them.
    guard("support_heldout_5.jsonl", 320, 0.61, 0.62);
}

/// The sixth held-out set (`tests/data/support_heldout_6.jsonl`),
/// `blind-i`: 200 standalone messages and 120 customer turns of 20 chats
/// from 14 domains (112 calm), written by another writer blind to the
/// lexicon and measured before the patterns of the same round were written
/// from a separate training set.
#[test]
fn sixth_held_out_support_f1_holds() {
    // Measured 0.704 (precision 0.782) when the set was added, before that
    // round's changes.
    guard("support_heldout_6.jsonl", 320, 0.68, 0.74);
}

/// The seventh held-out set (`tests/data/support_heldout_7.jsonl`),
/// `blind-j`: 300 standalone messages, 50 from each of six kinds of
/// writer (non-native English, voice transcripts, short mobile texts,
/// business email, older and younger customers; 104 calm), written by
/// another writer blind to the lexicon and measured before the patterns of
/// the same round were written from a separate training set.
#[test]
fn seventh_held_out_support_f1_holds() {
    // Measured 0.673 (precision 0.800) when the set was added, before that
    // round's changes; 0.647 before the repetition cues and round 22.
    guard("support_heldout_7.jsonl", 300, 0.65, 0.76);
}

/// The eighth held-out set (`tests/data/support_heldout_8.jsonl`),
/// `blind-k`: 250 messages in a formal register, 150 from business
/// customers (outages, SLAs, invoices, integrations, renewals) and 100
/// formal complaint letters from consumers (86 calm), written by another
/// writer blind to the lexicon and measured before the patterns of the
/// same round were written from a separate training set.
#[test]
fn eighth_held_out_support_f1_holds() {
    // Measured 0.681 (precision 0.727) when the set was added, before that
    // round's changes; 0.649 before the repetition cues and rounds 22-23.
    guard("support_heldout_8.jsonl", 250, 0.65, 0.69);
}

/// The ninth held-out set (`tests/data/support_heldout_9.jsonl`),
/// `blind-l`: 250 public posts that support teams answer: 100 app-store
/// and product reviews, 100 social-media posts, 50 forum and marketplace
/// messages (87 calm), written by another writer blind to the lexicon and
/// measured before the patterns of the same round were written from a
/// separate training set.
#[test]
fn ninth_held_out_support_f1_holds() {
    // Measured 0.687 (precision 0.703) when the set was added, before that
    // round's changes; 0.676 before the repetition cues and rounds 22-24.
    guard("support_heldout_9.jsonl", 250, 0.66, 0.67);
}

#[test]
fn in_domain_training_data_reads_whole() {
    let examples = read(&support_file("train.jsonl"));
    // `synth-1` to `synth-4` (1,400 messages, 504 calm) and `synth-5` (1,000, 353 calm).
    assert_eq!(examples.len(), 2400);
    let calm = calm(&examples);
    assert!((800..=900).contains(&calm), "{calm} calm examples");
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

/// `data/support/anger_anxiety.jsonl`: 600 messages, 30% angry and 30%
/// anxious, most without naming the feeling; read for patterns and not
/// fitted on (see the README).
#[test]
fn anger_and_anxiety_messages_read_whole() {
    let examples = read(&support_file("anger_anxiety.jsonl"));
    assert_eq!(examples.len(), 600);
    let count = |emotion| examples.iter().filter(|e| e.labels[emotion]).count();
    assert_eq!(count(emocue::Emotion::Anger), 180);
    assert_eq!(count(emocue::Emotion::Anxiety), 180);
}

/// `data/support/messages_and_chats.jsonl`: 500 standalone messages and 300
/// customer turns of 30 chats (279 calm), read for patterns and not fitted
/// on (see the README).
#[test]
fn round_20_training_messages_read_whole() {
    let examples = read(&support_file("messages_and_chats.jsonl"));
    assert_eq!(examples.len(), 800);
    let calm = calm(&examples);
    assert_eq!(calm, 279);
}

/// `data/support/inbox.jsonl`: 500 messages and 200 customer turns of 24
/// chats in the form support inboxes receive them (256 calm), read for
/// patterns and not fitted on (see the README).
#[test]
fn inbox_training_messages_read_whole() {
    let examples = read(&support_file("inbox.jsonl"));
    assert_eq!(examples.len(), 700);
    assert_eq!(calm(&examples), 256);
}

/// `data/support/indirect.jsonl`: 800 support messages (284 calm), most of
/// the emotional ones without naming the feeling; read for the patterns of
/// round 22 and not fitted on (see the README).
#[test]
fn round_22_training_messages_read_whole() {
    let examples = read(&support_file("indirect.jsonl"));
    assert_eq!(examples.len(), 800);
    assert_eq!(calm(&examples), 284);
}

/// `data/support/voices.jsonl`: 800 support messages from six kinds of
/// writer (274 calm); read for the patterns of round 23 and not fitted on
/// (see the README).
#[test]
fn round_23_training_messages_read_whole() {
    let examples = read(&support_file("voices.jsonl"));
    assert_eq!(examples.len(), 800);
    assert_eq!(calm(&examples), 274);
}

/// `data/support/formal.jsonl`: 800 messages in a formal register, 501
/// from business customers and 299 formal complaint letters (280 calm);
/// read for the patterns of round 24 and not fitted on (see the README).
#[test]
fn round_24_training_messages_read_whole() {
    let examples = read(&support_file("formal.jsonl"));
    assert_eq!(examples.len(), 800);
    assert_eq!(calm(&examples), 280);
}
