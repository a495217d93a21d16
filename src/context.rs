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
//! regression would label it (for messages of four words or more that it
//! reads). The offset is what a message of words it does not know tends
//! to; it comes in a quarter for each word read, up to four, so a message
//! of nothing but lexicon terms is scored by the lexicon alone, and it is
//! always below the threshold's evidence, so no message is labelled by the
//! offset alone.
//!
//! The embedded model (`data/context.tsv`, one feature a line with its four
//! weights) is laid out by the build script as an open-addressing table
//! that the library reads in place. Making a detector with the model gives
//! each of the model's words a word id (so the tokenizer finds them as it
//! reads) and looks up each word id's entry once; analysis then reads words
//! by id. Its features are not cues: the lexicon's cues say *what* in the text
//! raised an emotion; [`Analysis::context`](crate::Analysis::context) says
//! how much the rest of the wording moved it.

mod key;

use crate::lexicon::Compiled;
use crate::text::{Token, TokenKind, Tokens, NO_WORD};
use crate::{Emotion, EmotionMap};

pub(crate) use key::word_key;
use key::{fingerprint, pair_key, ENDS_PAIR, FEATURE, FLAGS, STARTS_PAIR};

/// The embedded model's table, written by `build.rs`.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/context.bin"));

/// The words of the embedded model's features, a line each, written by
/// `build.rs`.
static WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/context_words.txt"));

// `BITS`, the embedded table's slot bits, and `RECORDS`, its number of
// records, written by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/context_bits.rs"));

/// The header: magic, slot bits, records, four offsets.
const HEADER: usize = 4 + 4 + 4 + 16;
/// The embedded table's slots.
const SLOTS: usize = 1 << BITS;
// The build script makes at least 4 slots, and 1 to 2^16 records.
const _: () = assert!(BITS >= 2 && BITS < 32 && RECORDS >= 1 && RECORDS <= 1 << 16);
/// A slot: the key's print (fingerprint and flags, see `key::fingerprint`)
/// in the low half, the index of its record in the high half.
const SLOT: usize = 4;
/// A record: key and four weights in thousandths.
const RECORD: usize = 8 + 8;

/// How many words the model must read before its offset applies in full:
/// a message of nothing but lexicon terms is the lexicon's alone.
const PHASE_IN_WORDS: f32 = 4.0;

/// Added to the word count under the square root that scales the weights,
/// as in the fit (`scripts/fit_context.py --smooth`): a short message's few
/// words move it less, and its lexicon cues decide.
const SMOOTHING_WORDS: f32 = 10.0;

/// The embedded table, read in place: which keys it holds, and the
/// weights of its features. Its sizes are constants, so that indexing it
/// needs no bounds checks.
#[derive(Debug, Clone, Copy)]
struct Table {
    /// The print and record index of each slot, 0 when empty: all that a
    /// probe past other keys reads.
    slots: &'static [u8; SLOT * SLOTS],
    /// The record of each key: key and weights.
    records: &'static [u8; RECORD * RECORDS],
    offsets: EmotionMap<f32>,
}

/// A key found in the table: its record, and its flags (see
/// `key::FLAGS`).
#[derive(Debug, Clone, Copy)]
struct Found {
    record: u32,
    flags: u16,
}

impl Found {
    /// Not in the table: no weights, in no pair.
    const NONE: Found = Found {
        record: 0,
        flags: 0,
    };
}

impl Table {
    fn read(bytes: &'static [u8]) -> Option<Table> {
        let u32_at = |at: usize| Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
        if bytes.get(..4)? != b"EMCX"
            || u32_at(4)? != BITS
            || usize::try_from(u32_at(8)?).ok()? != RECORDS
        {
            return None;
        }
        let slots = bytes.get(HEADER..HEADER + SLOT * SLOTS)?;
        let records = bytes.get(HEADER + SLOT * SLOTS..)?;
        Some(Table {
            slots: slots.try_into().ok()?,
            records: records.try_into().ok()?,
            offsets: offsets_at(bytes, 12)?,
        })
    }

    /// The record and flags of `key`, if the table holds it.
    #[inline]
    fn find(&self, key: u64) -> Option<Found> {
        let print = fingerprint(key);
        let mut i = key::slot_of(key, BITS) & (SLOTS - 1);
        // At most two thirds of the slots are full, so a probe ends at an
        // empty one.
        for _ in 0..SLOTS {
            let mut here = [0u8; SLOT];
            here.copy_from_slice(&self.slots[SLOT * i..SLOT * i + SLOT]);
            let here = u32::from_le_bytes(here);
            let record = here >> 16;
            if here as u16 & !FLAGS == print && self.key_at(record) == key {
                return Some(Found {
                    record,
                    flags: here as u16 & FLAGS,
                });
            }
            if here == 0 {
                return None;
            }
            i = (i + 1) & (SLOTS - 1);
        }
        None
    }

    /// The key of `record` (one of [`RECORDS`], as the build script wrote
    /// the slots).
    #[inline]
    fn key_at(&self, record: u32) -> u64 {
        let at = RECORD * ((record as usize).min(RECORDS - 1));
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.records[at..at + 8]);
        u64::from_le_bytes(b)
    }

    /// The weights of `record`, in thousandths.
    #[inline]
    fn weights_of(&self, record: u32) -> [i16; 4] {
        let at = RECORD * ((record as usize).min(RECORDS - 1)) + 8;
        let mut w = [0i16; 4];
        for (k, w) in w.iter_mut().enumerate() {
            *w = i16::from_le_bytes([self.records[at + 2 * k], self.records[at + 2 * k + 1]]);
        }
        w
    }
}

/// How a word the context model reads stands in its table.
#[derive(Debug, Clone, Copy)]
struct Word {
    key: u64,
    found: Found,
    /// Its weights in thousandths, if it is a feature.
    weights: [i16; 4],
}

impl Word {
    /// A word in no feature.
    const NONE: Word = Word {
        key: 0,
        found: Found::NONE,
        weights: [0; 4],
    };

    /// The word with `key`, as the table holds it.
    fn new(table: &Table, key: u64) -> Word {
        let found = table.find(key).unwrap_or(Found::NONE);
        let weights = if found.flags & FEATURE != 0 {
            table.weights_of(found.record)
        } else {
            [0; 4]
        };
        Word {
            key,
            found,
            weights,
        }
    }
}

/// A fitted context model, read in place from its table, with the table's
/// entry for each word of its lexicon worked out when the detector is
/// built.
#[derive(Debug, Clone)]
pub(crate) struct ContextModel {
    /// `None` if the embedded table is malformed (it never is: the build
    /// script wrote it): an empty model.
    table: Option<Table>,
    /// For each word id of the lexicon it was made for, the word that id
    /// reads as (see `Compiled::context_keys`).
    known: Vec<Word>,
}

impl ContextModel {
    /// The embedded English model, for reading texts tokenized by
    /// `lexicon`, which it gives an id for each word of its features (see
    /// [`Compiled::add_context_words`]): a word the tokenizer finds no id
    /// for is then in no feature, and is not looked up.
    pub(crate) fn embedded(lexicon: &mut Compiled) -> ContextModel {
        lexicon.add_context_words(WORDS.lines());
        let table = Table::read(EMBEDDED);
        let known = match &table {
            Some(table) => lexicon
                .context_keys
                .iter()
                .map(|&key| Word::new(table, key))
                .collect(),
            None => Vec::new(),
        };
        ContextModel { table, known }
    }

    /// The bytes it holds on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.known.len() * std::mem::size_of::<Word>()
    }

    /// The weights of the feature with `key`, if the model knows it.
    #[cfg(test)]
    fn weights(&self, key: u64) -> Option<EmotionMap<f32>> {
        let table = self.table?;
        let found = table.find(key).filter(|f| f.flags & FEATURE != 0)?;
        let w = table.weights_of(found.record);
        let mut weights = EmotionMap::splat(0.0);
        for (k, e) in Emotion::ALL.into_iter().enumerate() {
            weights[e] = f32::from(w[k]) / 1000.0;
        }
        Some(weights)
    }

    /// The offset per emotion: the evidence of a message with no word the
    /// model knows.
    #[cfg(test)]
    fn offsets(&self) -> EmotionMap<f32> {
        self.table.map_or(EmotionMap::splat(0.0), |t| t.offsets)
    }

    /// A context word as the model reads it: by its word id (every word of
    /// the model has one, so a word without one is in no feature), except a
    /// stretched word that is not a spelling, which is hashed as
    /// [`read_as`] reads it.
    #[inline]
    fn word(&self, table: &Table, token: &Token, tokens: &Tokens, lexicon: &Compiled) -> Word {
        // An elongated word found only without its stretched letters
        // (`soooo` as `so`) reads as folded unless its id is a spelling's,
        // so it goes by id only then.
        if !token.elongated {
            return self
                .known
                .get(token.id as usize)
                .copied()
                .unwrap_or(Word::NONE);
        }
        if token.id != NO_WORD && lexicon.spelled_words.contains_key(&token.id) {
            if let Some(&word) = self.known.get(token.id as usize) {
                return word;
            }
        }
        Word::new(table, word_key(read_as(token, tokens, lexicon)))
    }

    /// The context evidence per emotion of the words of `tokens` that no
    /// lexicon term covers (`in_term`, a flag per token); `lexicon` is the
    /// one this model was made for, and `seen` is working memory.
    pub(crate) fn evidence(
        &self,
        tokens: &Tokens,
        lexicon: &Compiled,
        in_term: &[bool],
        seen: &mut Seen,
    ) -> EmotionMap<f32> {
        let Some(table) = &self.table else {
            return EmotionMap::splat(0.0);
        };
        seen.reset();
        // In thousandths: exact, whatever the order.
        let mut sum = [0i32; 4];
        let mut add = |record: u32, weights: [i16; 4]| {
            // Each feature counts once, however often it occurs.
            if seen.insert(record) {
                for (s, w) in sum.iter_mut().zip(weights) {
                    *s += i32::from(w);
                }
            }
        };
        let mut words = 0usize;
        let mut previous = Word::NONE;
        for token in context_tokens(tokens, in_term) {
            let word = self.word(table, token, tokens, lexicon);
            words += 1;
            if word.found.flags & FEATURE != 0 {
                add(word.found.record, word.weights);
            }
            // Only a pair whose words are in some pair features can be one.
            if previous.found.flags & STARTS_PAIR != 0 && word.found.flags & ENDS_PAIR != 0 {
                let pair = table.find(pair_key(previous.key, word.key));
                if let Some(pair) = pair.filter(|p| p.flags & FEATURE != 0) {
                    add(pair.record, table.weights_of(pair.record));
                }
            }
            previous = word;
        }
        seen.clear();
        let scale = 1.0 / (words as f32 + SMOOTHING_WORDS).sqrt();
        let phase = (words as f32 / PHASE_IN_WORDS).min(1.0);
        let mut evidence = EmotionMap::splat(0.0f32);
        for (k, e) in Emotion::ALL.into_iter().enumerate() {
            evidence[e] = table.offsets[e] * phase + sum[k] as f32 / 1000.0 * scale;
        }
        evidence
    }
}

/// The features already counted in the current message, by record: a
/// bitset over the table's records and the list of those set, so that
/// clearing it costs what the message set. Kept and reused across messages, so that
/// warm analysis allocates nothing; the bitset is made on first use.
#[derive(Debug, Default, Clone)]
pub(crate) struct Seen {
    bits: Option<Box<[u64; RECORDS.div_ceil(64)]>>,
    set: Vec<u32>,
}

impl Seen {
    /// Ready for a message.
    fn reset(&mut self) {
        if self.bits.is_none() {
            self.bits = Some(Box::new([0; RECORDS.div_ceil(64)]));
        }
        self.clear();
    }

    /// Marks `record`; whether it was not marked before.
    #[inline]
    fn insert(&mut self, record: u32) -> bool {
        let Some(bits) = &mut self.bits else {
            // Not reached: `reset` made the bitset.
            return true;
        };
        let i = (record as usize).min(RECORDS - 1);
        let (word, bit) = (&mut bits[i / 64], 1u64 << (i % 64));
        if *word & bit != 0 {
            return false;
        }
        *word |= bit;
        self.set.push(record);
        true
    }

    /// Unmarks every record.
    fn clear(&mut self) {
        if let Some(bits) = &mut self.bits {
            for record in self.set.drain(..) {
                bits[((record as usize).min(RECORDS - 1)) / 64] = 0;
            }
        }
    }
}

/// The word tokens of `tokens` that no lexicon term covers (`in_term`,
/// a flag per token): the words the context model reads.
fn context_tokens<'a>(
    tokens: &'a Tokens,
    in_term: &'a [bool],
) -> impl Iterator<Item = &'a Token> + 'a {
    debug_assert_eq!(tokens.tokens.len(), in_term.len(), "a flag per token");
    tokens
        .tokens
        .iter()
        .zip(in_term)
        .filter(|(t, covered)| t.kind == TokenKind::Word && !**covered)
        .map(|(t, _)| t)
}

/// The folded words of `tokens` that no lexicon term covers (`in_term`, a
/// flag per token): what the context model reads. The lexicon's terms are
/// left to the lexicon, which knows when they are negated or name the
/// reader's feeling rather than the writer's. Everyday spellings are read as their
/// words (`dont` as `don't`), as the lexicon reads them.
pub(crate) fn context_words<'a>(
    tokens: &'a Tokens,
    lexicon: &'a Compiled,
    in_term: &'a [bool],
) -> impl Iterator<Item = &'a [u8]> + 'a {
    context_tokens(tokens, in_term).map(|t| read_as(t, tokens, lexicon))
}

/// The word the context model reads a word token as: its spelled word if
/// the lexicon has one for its id, else the token as folded.
fn read_as<'a>(token: &Token, tokens: &'a Tokens, lexicon: &'a Compiled) -> &'a [u8] {
    let spelled = match token.id {
        NO_WORD => None,
        id => lexicon.spelled_words.get(&id),
    };
    match spelled {
        Some(word) => word.as_bytes(),
        None => tokens.folded.get(token.folded.clone()).unwrap_or_default(),
    }
}

/// Four little-endian `f32`s at `at`, in [`Emotion::ALL`] order.
fn offsets_at(bytes: &[u8], at: usize) -> Option<EmotionMap<f32>> {
    let b: &[u8; 16] = bytes.get(at..at + 16)?.try_into().ok()?;
    let f = |k: usize| f32::from_le_bytes([b[4 * k], b[4 * k + 1], b[4 * k + 2], b[4 * k + 3]]);
    let mut w = EmotionMap::splat(0.0f32);
    for (k, e) in Emotion::ALL.into_iter().enumerate() {
        w[e] = f(k);
    }
    Some(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// An empty lexicon, with the model's words: every word is a context
    /// word, read as folded.
    fn model() -> ContextModel {
        ContextModel::embedded(&mut Compiled::new(&[], &[], &[]).unwrap())
    }

    fn evidence(text: &str) -> EmotionMap<f32> {
        let mut lexicon = Compiled::new(&[], &[], &[]).unwrap();
        let model = ContextModel::embedded(&mut lexicon);
        let mut tokens = Tokens::default();
        tokenize(text, &lexicon, &mut tokens);
        let in_term = vec![false; tokens.tokens.len()];
        model.evidence(&tokens, &lexicon, &in_term, &mut Seen::default())
    }

    /// The key of a feature as the model file names it.
    fn key_of(name: &str) -> u64 {
        let words: Vec<&str> = name.split(' ').collect();
        match words[..] {
            [w] => word_key(w.as_bytes()),
            [a, b] => pair_key(word_key(a.as_bytes()), word_key(b.as_bytes())),
            _ => unreachable!("build.rs checks this"),
        }
    }

    #[test]
    fn embedded_table_is_read_and_holds_the_file() {
        let m = model();
        assert!(m.table.is_some(), "the embedded table is malformed");
        let lines = include_str!("../data/context.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('@') && !l.is_empty());
        let mut checked = 0;
        for line in lines.step_by(97) {
            let mut fields = line.split('\t');
            let name = fields.next().unwrap();
            let want: Vec<f32> = fields.map(|f| f.parse().unwrap()).collect();
            let got = m
                .weights(key_of(name))
                .unwrap_or_else(|| panic!("`{name}` is not in the table"));
            assert_eq!(Emotion::ALL.map(|e| got[e]).to_vec(), want, "{name}");
            checked += 1;
        }
        assert!(checked > 100);
        assert!(m.weights(word_key(b"qzxvkwj")).is_none());
        // Static data, not heap: well under the 4 MB a detector may hold.
        assert!(EMBEDDED.len() < 3 << 20, "{} bytes", EMBEDDED.len());
    }

    #[test]
    fn the_words_of_every_pair_are_flagged() {
        let table = model().table.unwrap();
        let lines = include_str!("../data/context.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('@') && !l.is_empty());
        let mut pairs = 0;
        for line in lines {
            let name = line.split('\t').next().unwrap();
            let flags = |w: &str| table.find(word_key(w.as_bytes())).map_or(0, |f| f.flags);
            if let Some((a, b)) = name.split_once(' ') {
                assert!(flags(a) & STARTS_PAIR != 0, "{name}");
                assert!(flags(b) & ENDS_PAIR != 0, "{name}");
                pairs += 1;
            } else {
                assert!(flags(name) & FEATURE != 0, "{name}");
            }
        }
        assert!(pairs > 1000);
    }

    #[test]
    fn every_word_of_the_model_has_an_id() {
        let mut lexicon = Compiled::new(&[], &[], &[]).unwrap();
        let before = lexicon.is_number.len();
        let _ = ContextModel::embedded(&mut lexicon);
        assert!(lexicon.is_number.len() > before + 1000);
        let mut tokens = Tokens::default();
        for word in WORDS.lines().step_by(7) {
            tokenize(word, &lexicon, &mut tokens);
            let ids: Vec<u32> = tokens.tokens.iter().map(|t| t.id).collect();
            assert!(ids.len() == 1 && ids[0] != NO_WORD, "`{word}`: {ids:?}");
        }
        // A stretched word is still the lexicon's word without its
        // stretched letters ("soooo angry" is the phrase "so angry"), not a
        // context word that happens to be spelled with two of them.
        let a = crate::Detector::default().analyze("soooo angry");
        assert!(
            a.cues()
                .iter()
                .any(|c| c.span == (0..11) && c.kind == crate::CueKind::Phrase),
            "{:?}",
            a.cues()
        );
    }

    #[test]
    fn word_keys_hash_every_length() {
        // The reference: the bytes in 8-byte words, the last zero-padded.
        fn reference(bytes: &[u8]) -> u64 {
            let mut h = bytes.len() as u64;
            for chunk in bytes.chunks(8) {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                h = (h.rotate_left(5) ^ u64::from_le_bytes(word))
                    .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
            }
            h ^= h >> 33;
            h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
            h ^= h >> 33;
            h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            h ^ (h >> 33)
        }
        let text = b"abcdefghijklmnopqrstuvwxyz\xc3\xa9\xe2\x80\x99";
        for len in 0..=text.len() {
            assert_eq!(word_key(&text[..len]), reference(&text[..len]), "{len}");
        }
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
    fn a_message_of_lexicon_terms_alone_is_the_lexicons() {
        // No words read: the offset is not applied at all.
        assert_eq!(evidence(""), EmotionMap::splat(0.0));
        let d = crate::Detector::default();
        let a = d.analyze("where do I even start");
        assert!(d.context_words(a.text()).is_empty());
        for e in Emotion::ALL {
            assert_eq!(a.context(e), 0.0, "{e}");
        }
        // Every word the model reads brings a quarter of the offset in,
        // up to four.
        let offsets = model().offsets();
        let one = evidence("qzxvkwj");
        let five = evidence("qzxvkwj qzxvkwk qzxvkwl qzxvkwm qzxvkwn");
        for e in Emotion::ALL {
            assert!((one[e] - offsets[e] / 4.0).abs() < 1e-6, "{e}");
            assert!((five[e] - offsets[e]).abs() < 1e-6, "{e}");
        }
    }

    #[test]
    fn words_count_once_and_scale_with_length() {
        let once = evidence("deadline");
        let twice = evidence("deadline deadline");
        // "deadline deadline" has the word once, the pair once, and two words.
        let pair = model()
            .weights(pair_key(word_key(b"deadline"), word_key(b"deadline")))
            .unwrap_or(EmotionMap::splat(0.0));
        let offsets = model().offsets();
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
