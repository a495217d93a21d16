//! The context model: what the words of a message say beyond the lexicon.
//!
//! Many customers say how they feel without a word the lexicon holds: "my
//! flight is tomorrow and the booking still shows cancelled" is anxious
//! because of the situation, not because of an emotion word. The context
//! model reads the words of the message that no lexicon term matched, as
//! the tokenizer folded them, and every pair of consecutive ones, and adds
//! (or, for calm wording, takes away) evidence per emotion:
//!
//! ```text
//! context = offset × min(1, words / 4) + (Σ weight of each distinct word and word pair it knows) / √(words + 10)
//! ```
//!
//! It is a logistic regression fitted jointly with the lexicon's evidence
//! (see `scripts/fit_context.py` and the README), rewritten in the lexicon's
//! units: an emotion is labelled when the lexicon's evidence plus the
//! context reaches the threshold's evidence, exactly where the fitted
//! regression would label it. The offset is what a message with no known
//! word starts from; it is always below the threshold's evidence, so an
//! empty message is never labelled.
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
use std::ops::Range;

use crate::hash::FxHasher;
use crate::lexicon::Compiled;
use crate::text::{TokenKind, Tokens};
use crate::{Emotion, EmotionMap};

use key::{pair_key, word_key};

/// The embedded model's table, written by `build.rs`.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/context.bin"));

/// The header: magic, slot bits, four offsets.
const HEADER: usize = 4 + 4 + 16;
/// A slot: key and four weights.
const SLOT: usize = 8 + 16;

/// How many words the model must read before its offset applies in full:
/// a message of nothing but lexicon terms is the lexicon's alone.
const PHASE_IN_WORDS: f32 = 4.0;

/// Added to the word count under the square root that scales the weights,
/// as in the fit (`scripts/fit_context.py --smooth`): a short message's few
/// words move it less, and its lexicon cues decide.
const SMOOTHING_WORDS: f32 = 10.0;

/// The keys seen in the current message (features count once each).
pub(crate) type KeySet = HashSet<u64, BuildHasherDefault<FxHasher>>;

/// A fitted context model, read in place from its table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContextModel {
    slots: &'static [u8],
    bits: u32,
    offsets: EmotionMap<f32>,
}

impl ContextModel {
    /// The embedded English model.
    pub(crate) fn embedded() -> ContextModel {
        // build.rs wrote the table; a malformed one reads as an empty model.
        Self::read(EMBEDDED).unwrap_or(ContextModel {
            slots: &[],
            bits: 0,
            offsets: EmotionMap::splat(0.0),
        })
    }

    fn read(bytes: &'static [u8]) -> Option<ContextModel> {
        let u32_at = |at: usize| Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
        if bytes.get(..4)? != b"EMCX" {
            return None;
        }
        let bits = u32_at(4)?;
        let slots = bytes.get(HEADER..)?;
        if bits >= 32 || slots.len() != SLOT << bits {
            return None;
        }
        let offsets = weights_at(bytes, 8)?;
        Some(ContextModel {
            slots,
            bits,
            offsets,
        })
    }

    /// The weights of the feature with `key`, if the model knows it.
    fn weights(&self, key: u64) -> Option<EmotionMap<f32>> {
        let mask = (1usize << self.bits) - 1;
        let mut i = key::slot_of(key, self.bits);
        // At most two thirds of the slots are full, so a probe ends at an
        // empty one.
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

    /// The context evidence per emotion of the words of `tokens` outside
    /// the `matched` spans (the lexicon's terms, in order of their
    /// starts); `seen` is working memory.
    pub(crate) fn evidence(
        &self,
        tokens: &Tokens,
        lexicon: &Compiled,
        matched: &[Range<usize>],
        seen: &mut KeySet,
    ) -> EmotionMap<f32> {
        seen.clear();
        let mut sum = EmotionMap::splat(0.0f32);
        let mut words = 0usize;
        let mut previous = None;
        for bytes in context_words(tokens, lexicon, matched) {
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
        let scale = 1.0 / (words as f32 + SMOOTHING_WORDS).sqrt();
        let phase = (words as f32 / PHASE_IN_WORDS).min(1.0);
        EmotionMap::from_fn(|e| self.offsets[e] * phase + sum[e] * scale)
    }
}

/// The folded words of `tokens` that no `matched` span (sorted by start)
/// covers: what the context model reads. The lexicon's terms are left to
/// the lexicon, which knows when they are negated or name the reader's
/// feeling rather than the writer's. Everyday spellings are read as their
/// words (`dont` as `don't`), as the lexicon reads them.
pub(crate) fn context_words<'a>(
    tokens: &'a Tokens,
    lexicon: &'a Compiled,
    matched: &'a [Range<usize>],
) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut next = 0;
    tokens
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .filter(move |t| {
            while matched.get(next).is_some_and(|m| m.end <= t.span.start) {
                next += 1;
            }
            !matched[next..]
                .iter()
                .take_while(|m| m.start <= t.span.start)
                .any(|m| t.span.end <= m.end)
        })
        .map(|t| match lexicon.spelled_words.get(&t.id) {
            Some(word) => word.as_bytes(),
            None => tokens.folded.get(t.folded.clone()).unwrap_or_default(),
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{tokenize, Vocabulary};

    /// No lexicon: every word is a context word, read as folded.
    struct NoLexicon;
    impl Vocabulary for NoLexicon {}

    fn evidence(text: &str) -> EmotionMap<f32> {
        let mut tokens = Tokens::default();
        tokenize(text, &NoLexicon, &mut tokens);
        let lexicon = Compiled::new(&[], &[], &[]).unwrap();
        ContextModel::embedded().evidence(&tokens, &lexicon, &[], &mut KeySet::default())
    }

    #[test]
    fn embedded_table_is_read_and_holds_the_file() {
        let m = ContextModel::embedded();
        assert!(m.bits > 10, "the embedded table is empty");
        let lines = include_str!("../data/context.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('@') && !l.is_empty());
        let mut checked = 0;
        for line in lines.step_by(97) {
            let mut fields = line.split('\t');
            let name = fields.next().unwrap();
            let want: Vec<f32> = fields.map(|f| f.parse().unwrap()).collect();
            let words: Vec<&str> = name.split(' ').collect();
            let key = match words[..] {
                [w] => word_key(w.as_bytes()),
                [a, b] => pair_key(word_key(a.as_bytes()), word_key(b.as_bytes())),
                _ => unreachable!("build.rs checks this"),
            };
            let got = m
                .weights(key)
                .unwrap_or_else(|| panic!("`{name}` is not in the table"));
            assert_eq!(Emotion::ALL.map(|e| got[e]).to_vec(), want, "{name}");
            checked += 1;
        }
        assert!(checked > 100);
        assert!(m.weights(word_key(b"qzxvkwj")).is_none());
        // Static data, not heap: well under the 4 MB a detector may hold.
        assert!(m.slots.len() < 3 << 20, "{} bytes", m.slots.len());
    }

    #[test]
    fn smoothing_is_the_one_the_model_was_fitted_with() {
        let header = include_str!("../data/context.tsv")
            .lines()
            .find(|l| l.contains(", smooth "))
            .expect("the header names the smoothing");
        assert!(
            header.contains(&format!("smooth {SMOOTHING_WORDS}")),
            "{header}"
        );
    }

    #[test]
    fn no_words_label_nothing() {
        let thresholds = crate::Detector::default().thresholds();
        for (e, v) in evidence("").iter() {
            assert!(*v < -(1.0 - thresholds[e]).ln(), "{e}: {v}");
        }
    }

    #[test]
    fn words_count_once_and_scale_with_length() {
        let once = evidence("deadline");
        let twice = evidence("deadline deadline");
        // "deadline deadline" has the word once, the pair once, and two words.
        let pair = ContextModel::embedded()
            .weights(pair_key(word_key(b"deadline"), word_key(b"deadline")))
            .unwrap_or(EmotionMap::splat(0.0));
        let offsets = ContextModel::embedded().offsets;
        let scale = |words: f32| 1.0 / (words + SMOOTHING_WORDS).sqrt();
        for e in Emotion::ALL {
            // One word: a quarter of the offset; two words: half of it.
            let word = (once[e] - offsets[e] / 4.0) / scale(1.0);
            let expected = offsets[e] / 2.0 + (word + pair[e]) * scale(2.0);
            assert!((twice[e] - expected).abs() < 1e-5, "{e}");
        }
    }

    #[test]
    fn situation_words_move_the_right_emotion() {
        let calm = evidence("thanks, that fixed it");
        let worried = evidence("my flight is tomorrow and i still have no ticket");
        assert!(worried[Emotion::Anxiety] > calm[Emotion::Anxiety]);
    }
}
