//! What the benches share: the short messages they measure, and the floor.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Support messages measured when `../shared` is not beside the repository.
pub const FALLBACK: &[&str] = &[
    "This is the THIRD time I've asked and it still doesn't work!!",
    "I've been waiting for two weeks and no one has replied.",
    "I'm not angry, just confused about the invoice.",
    "will I lose my data if I downgrade?",
    "Thanks, that fixed it.",
    "you people are useless, I want to speak to a manager",
    "how am I supposed to export this???",
    "The update broke my login again 😡",
];

/// The short messages: the GoEmotions dev texts when `../shared` is beside
/// the repository, else [`FALLBACK`].
pub fn short_messages() -> Vec<String> {
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

/// The floor: ASCII-lowercase, split into words, hash each word: what any
/// word-based analyser does at the least.
pub fn floor(text: &str, buf: &mut String) -> u64 {
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
