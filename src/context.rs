//! The context model: what the words of a message say beyond the lexicon.
//!
//! Many customers say how they feel without a word the lexicon holds: "my
//! flight is tomorrow and the booking still shows cancelled" is anxious
//! because of the situation, not because of an emotion word. The context
//! model reads every word of the message and every pair of consecutive
//! words, as the tokenizer folded them, and adds (or, for calm wording,
//! takes away) evidence per emotion:
//!
//! ```text
//! context = offset + (Σ weight of each distinct word and word pair it knows) / √(words)
//! ```
//!
//! It is a logistic regression fitted jointly with the lexicon's evidence
//! (see `scripts/fit_context.py` and the README), rewritten in the lexicon's
//! units: an emotion is labelled when the lexicon's evidence plus the
//! context reaches the threshold's evidence, exactly where the fitted
//! regression would label it. The offset (below zero) is what a message
//! with no sign of the emotion starts from.
//!
//! The embedded model (`data/context.tsv`, one feature a line with its four
//! weights) is laid out by the build script as an open-addressing table
//! that the library reads in place, so making a detector costs nothing for
//! it. Its features are not cues: the lexicon's cues say *what* in the text
//! raised an emotion; [`Analysis::context`](crate::Analysis::context) says
//! how much the rest of the wording moved it.

mod key;

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use crate::hash::FxHasher;
use crate::text::{TokenKind, Tokens};
use crate::{Emotion, EmotionMap};

pub(crate) use key::{pair_key, word_key};

/// The embedded model's table, written by `build.rs`.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/context.bin"));

/// The header: magic, slot bits, feature count, four offsets.
const HEADER: usize = 4 + 4 + 4 + 16;
/// A slot: key and four weights.
const SLOT: usize = 8 + 16;

/// The keys seen in the current message (features count once each).
pub(crate) type KeySet = HashSet<u64, BuildHasherDefault<FxHasher>>;

/// A fitted context model, read in place from its table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContextModel {
    slots: &'static [u8],
    bits: u32,
    features: usize,
    offsets: EmotionMap<f32>,
}

impl ContextModel {
    /// The embedded English model.
    pub(crate) fn embedded() -> ContextModel {
        // build.rs wrote the table; a malformed one reads as an empty model.
        Self::read(EMBEDDED).unwrap_or(ContextModel {
            slots: &[],
            bits: 0,
            features: 0,
            offsets: EmotionMap::splat(0.0),
        })
    }

    fn read(bytes: &'static [u8]) -> Option<ContextModel> {
        let u32_at = |at: usize| Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
        if bytes.get(..4)? != b"EMCX" {
            return None;
        }
        let bits = u32_at(4)?;
        let features = u32_at(8)? as usize;
        let slots = bytes.get(HEADER..)?;
        if bits >= 32 || slots.len() != SLOT << bits {
            return None;
        }
        let offsets = weights_at(bytes, 12)?;
        Some(ContextModel {
            slots,
            bits,
            features,
            offsets,
        })
    }

    /// How many words and word pairs the model knows.
    pub(crate) fn features(&self) -> usize {
        self.features
    }

    /// The size of its table in bytes (static data, not heap).
    pub(crate) fn table_bytes(&self) -> usize {
        self.slots.len()
    }

    /// The weights of the feature with `key`, if the model knows it.
    fn weights(&self, key: u64) -> Option<EmotionMap<f32>> {
        let mask = (1usize << self.bits) - 1;
        let mut i = key::slot_of(key, self.bits);
        // At most half the slots are full, so a probe ends at an empty one.
        for _ in 0..=mask {
            let at = i * SLOT;
            let here = u64::from_le_bytes(self.slots.get(at..at + 8)?.try_into().ok()?);
            if here == key {
                return weights_at(self.slots, at + 8);
            }
            if here == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
        None
    }

    /// The context evidence per emotion of the words in `tokens`; `seen`
    /// is working memory.
    pub(crate) fn evidence(&self, tokens: &Tokens, seen: &mut KeySet) -> EmotionMap<f32> {
        seen.clear();
        let mut sum = EmotionMap::splat(0.0f32);
        let mut words = 0usize;
        let mut previous = None;
        for token in tokens.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            let bytes = tokens.folded.get(token.folded.clone()).unwrap_or_default();
            let word = word_key(bytes);
            words += 1;
            let pair = previous.map(|p| pair_key(p, word));
            previous = Some(word);
            for key in std::iter::once(word).chain(pair) {
                if !seen.insert(key) {
                    continue;
                }
                if let Some(w) = self.weights(key) {
                    for e in Emotion::ALL {
                        sum[e] += w[e];
                    }
                }
            }
        }
        let scale = 1.0 / (words.max(1) as f32).sqrt();
        EmotionMap::from_fn(|e| self.offsets[e] + sum[e] * scale)
    }
}

/// Four little-endian `f32`s at `at`, in [`Emotion::ALL`] order.
fn weights_at(bytes: &[u8], at: usize) -> Option<EmotionMap<f32>> {
    let mut w = EmotionMap::splat(0.0f32);
    for (k, e) in Emotion::ALL.into_iter().enumerate() {
        let o = at + 4 * k;
        w[e] = f32::from_le_bytes(bytes.get(o..o + 4)?.try_into().ok()?);
    }
    Some(w)
}
