//! Lays the embedded context model (`data/context.tsv`) out as an
//! open-addressing table of fixed-size slots, so that the library reads it
//! in place: no parsing, no allocation and no build time when a detector
//! is made.
//!
//! The table (`$OUT_DIR/context.bin`, little-endian): `b"EMCX"`, the number
//! of slot bits (`u32`), the number of records (`u32`), the four offsets
//! (`f32`); then each of the `1 << bits` slots (`u32`, 0 when empty), a
//! dense array that probes walk: in its low half the key's print (its
//! fingerprint and what the key is: a feature with weights, the first word
//! of some pair feature, the second word of some pair feature; see
//! `src/context/key.rs`), in its high half the index of the key's record;
//! then the records, one per key: the key (`u64`) and four weights in
//! thousandths (`i16`), in the order frustration, anger, confusion,
//! anxiety, read only where a print agrees. Weights have three decimals in
//! the model file, so thousandths hold them exactly, and a record is 16
//! bytes: the whole table is about 750 KB, and stays in cache. The words of
//! pair features are all in the table, with no weights when they are not
//! features themselves, so that a pair of words that cannot be a feature
//! is never looked up.
//!
//! The numbers of slot bits and of records are also written as constants
//! (`$OUT_DIR/context_bits.rs`), so that the library indexes the table
//! with no bounds checks; and the features' words, a line each
//! (`$OUT_DIR/context_words.txt`), which a detector with the model adds to
//! its vocabulary.

use std::collections::{HashMap, HashSet};
use std::path::Path;

#[path = "src/context/key.rs"]
#[allow(dead_code)]
mod key;

const SOURCE: &str = "data/context.tsv";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    println!("cargo:rerun-if-changed=src/context/key.rs");
    let text = std::fs::read_to_string(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let (offsets, features) = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let (bits, records, bytes) = table(offsets, &features).unwrap_or_else(|e| panic!("{e}"));
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("context.bin"), bytes).expect("OUT_DIR is writable");
    let consts = format!(
        "/// The embedded table's slot bits: it has `1 << BITS` slots.\n\
         const BITS: u32 = {bits};\n\
         /// The embedded table's records: one per key.\n\
         const RECORDS: usize = {records};\n"
    );
    std::fs::write(Path::new(&out).join("context_bits.rs"), consts).expect("OUT_DIR is writable");
    std::fs::write(Path::new(&out).join("context_words.txt"), words(&features))
        .expect("OUT_DIR is writable");
}

/// The words of the model's features, each once, in the file's order, a
/// line each: the detector gives each a word id, so that the tokenizer
/// finds them as it reads, and a word without one is in no feature.
fn words(features: &[Feature]) -> String {
    let mut seen = HashSet::new();
    let mut out = String::new();
    for word in features.iter().flat_map(|f| f.name.split(' ')) {
        if seen.insert(word) {
            out.push_str(word);
            out.push('\n');
        }
    }
    out
}

type Weights = [f32; 4];
/// A feature's weights in thousandths.
type Thousandths = [i16; 4];

/// A feature of the model file: its name (one word or two), its key, its
/// weights, and, for a pair, the keys of its words.
struct Feature<'a> {
    name: &'a str,
    key: u64,
    weights: Thousandths,
    words: Option<(u64, u64)>,
}

/// The offsets and the features of the model file.
fn parse(text: &str) -> Result<(Weights, Vec<Feature<'_>>), String> {
    let mut offsets = None;
    let mut features = Vec::new();
    let mut seen = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let at = format!("{SOURCE}:{}", i + 1);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let name = fields.next().unwrap_or_default();
        let weights = weights(fields).map_err(|e| format!("{at}: {e}"))?;
        if name == "@offset" {
            offsets = Some(weights.map(|(w, _)| w));
            continue;
        }
        let weights = thousandths(&weights).map_err(|e| format!("{at}: {e}"))?;
        let words: Vec<&str> = name.split(' ').collect();
        let (key, words) = match words[..] {
            [w] if !w.is_empty() => (key::word_key(w.as_bytes()), None),
            [a, b] if !a.is_empty() && !b.is_empty() => {
                let (a, b) = (key::word_key(a.as_bytes()), key::word_key(b.as_bytes()));
                (key::pair_key(a, b), Some((a, b)))
            }
            _ => return Err(format!("{at}: `{name}` is not one word or two words")),
        };
        if !seen.insert(key) {
            return Err(format!(
                "{at}: `{name}` is listed twice (or shares its key)"
            ));
        }
        features.push(Feature {
            name,
            key,
            weights,
            words,
        });
    }
    let offsets = offsets.ok_or_else(|| format!("{SOURCE}: no @offset line"))?;
    Ok((offsets, features))
}

/// Four finite weights, each with its field, and nothing after them.
fn weights<'a>(mut fields: impl Iterator<Item = &'a str>) -> Result<[(f32, &'a str); 4], String> {
    let mut w = [(0f32, ""); 4];
    for slot in &mut w {
        let field = fields.next().ok_or("expected four weights")?;
        let value: f32 = field
            .parse()
            .map_err(|_| format!("`{field}` is not a number"))?;
        if !value.is_finite() {
            return Err(format!("`{field}` is not finite"));
        }
        *slot = (value, field);
    }
    match fields.next() {
        Some(extra) => Err(format!("unexpected field `{extra}` after four weights")),
        None => Ok(w),
    }
}

/// A feature's weights in thousandths: exact, as the model file gives
/// them with at most three decimals.
fn thousandths(weights: &[(f32, &str); 4]) -> Result<Thousandths, String> {
    let mut t = [0i16; 4];
    for (slot, (_, field)) in t.iter_mut().zip(weights) {
        let value: f64 = field
            .parse()
            .map_err(|_| format!("`{field}` is not a number"))?;
        let scaled = (value * 1000.0).round();
        if (value * 1000.0 - scaled).abs() > 1e-6 {
            return Err(format!("`{field}` has more than three decimals"));
        }
        *slot = i16::try_from(scaled as i64).map_err(|_| format!("`{field}` is beyond ±32.767"))?;
    }
    Ok(t)
}

/// The slot bits, the number of records and the table's bytes: at most two thirds full, linear
/// probing.
fn table(offsets: Weights, features: &[Feature<'_>]) -> Result<(u32, usize, Vec<u8>), String> {
    // Every key in the table, with its weights and flags: the features,
    // and the words of pairs.
    let mut entries: HashMap<u64, (Thousandths, u16)> = HashMap::new();
    for f in features {
        entries.entry(f.key).or_insert((f.weights, 0)).1 |= key::FEATURE;
    }
    for f in features {
        if let Some((first, second)) = f.words {
            entries.entry(first).or_insert(([0; 4], 0)).1 |= key::STARTS_PAIR;
            entries.entry(second).or_insert(([0; 4], 0)).1 |= key::ENDS_PAIR;
        }
    }
    // In the file's order, so that the table is the same on every build.
    let mut order: Vec<u64> = features.iter().map(|f| f.key).collect();
    for f in features {
        order.extend(f.words.iter().flat_map(|&(a, b)| [a, b]));
    }
    let mut placed = HashSet::new();
    order.retain(|k| placed.insert(*k));
    if order.len() > 1 << 16 {
        return Err(format!(
            "{SOURCE}: {} keys; a record's index has 16 bits",
            order.len()
        ));
    }
    let bits = (order.len() * 3 / 2)
        .next_power_of_two()
        .max(2)
        .trailing_zeros();
    let size = 1usize << bits;
    let mut slots: Vec<Option<u64>> = vec![None; size];
    for &key in &order {
        let mut i = key::slot_of(key, bits);
        while slots[i].is_some() {
            i = (i + 1) & (size - 1);
        }
        slots[i] = Some(key);
    }
    let mut out = Vec::with_capacity(28 + size * 4 + order.len() * 16);
    out.extend_from_slice(b"EMCX");
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(&(order.len() as u32).to_le_bytes());
    for o in offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    // Records in slot order: keys that probe together sit together.
    let mut record = 0u32;
    for slot in &slots {
        let entry = slot.map_or(0, |key| {
            let print = u32::from(key::fingerprint(key) | entries[&key].1);
            record += 1;
            print | (record - 1) << 16
        });
        out.extend_from_slice(&entry.to_le_bytes());
    }
    for &key in slots.iter().flatten() {
        out.extend_from_slice(&key.to_le_bytes());
        for w in entries[&key].0 {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    Ok((bits, order.len(), out))
}
