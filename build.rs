//! Lays the embedded context model (`data/context.tsv`) out as an
//! open-addressing table of fixed-size slots, so that the library reads it
//! in place: no parsing, no allocation and no build time when a detector
//! is made.
//!
//! The table (`$OUT_DIR/context.bin`, little-endian): `b"EMCX"`, the number
//! of slot bits (`u32`), the four offsets (`f32`),
//! then `1 << bits` slots of a key (`u64`, 0 when empty) and four weights
//! (`f32`), in the order frustration, anger, confusion, anxiety.

use std::collections::HashSet;
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
    let bytes = table(offsets, &features);
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("context.bin"), bytes).expect("OUT_DIR is writable");
}

type Weights = [f32; 4];

/// The offsets and the features (key, weights) of the model file.
fn parse(text: &str) -> Result<(Weights, Vec<(u64, Weights)>), String> {
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
            offsets = Some(weights);
            continue;
        }
        let words: Vec<&str> = name.split(' ').collect();
        let key = match words[..] {
            [w] if !w.is_empty() => key::word_key(w.as_bytes()),
            [a, b] if !a.is_empty() && !b.is_empty() => {
                key::pair_key(key::word_key(a.as_bytes()), key::word_key(b.as_bytes()))
            }
            _ => return Err(format!("{at}: `{name}` is not one word or two words")),
        };
        if !seen.insert(key) {
            return Err(format!("{at}: `{name}` is listed twice"));
        }
        features.push((key, weights));
    }
    let offsets = offsets.ok_or_else(|| format!("{SOURCE}: no @offset line"))?;
    Ok((offsets, features))
}

/// Four finite weights, and nothing after them.
fn weights<'a>(mut fields: impl Iterator<Item = &'a str>) -> Result<Weights, String> {
    let mut w = [0f32; 4];
    for slot in &mut w {
        let field = fields.next().ok_or("expected four weights")?;
        let value: f32 = field
            .parse()
            .map_err(|_| format!("`{field}` is not a number"))?;
        if !value.is_finite() {
            return Err(format!("`{field}` is not finite"));
        }
        *slot = value;
    }
    match fields.next() {
        Some(extra) => Err(format!("unexpected field `{extra}` after four weights")),
        None => Ok(w),
    }
}

/// The table's bytes: at most two thirds full, linear probing.
fn table(offsets: Weights, features: &[(u64, Weights)]) -> Vec<u8> {
    let bits = (features.len() * 3 / 2)
        .next_power_of_two()
        .max(2)
        .trailing_zeros();
    let size = 1usize << bits;
    let mut slots: Vec<Option<(u64, Weights)>> = vec![None; size];
    for &(key, weights) in features {
        let mut i = key::slot_of(key, bits);
        while slots[i].is_some() {
            i = (i + 1) & (size - 1);
        }
        slots[i] = Some((key, weights));
    }
    let mut out = Vec::with_capacity(24 + size * 24);
    out.extend_from_slice(b"EMCX");
    out.extend_from_slice(&bits.to_le_bytes());
    for o in offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    for slot in slots {
        let (key, weights) = slot.unwrap_or((0, [0.0; 4]));
        out.extend_from_slice(&key.to_le_bytes());
        for w in weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    out
}
