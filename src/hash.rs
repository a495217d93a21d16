//! A small, fast, deterministic hasher for the lexicon's look-up tables.
//!
//! The keys are short words and pairs of integers chosen by the crate's own
//! data, so resistance to hash flooding (what std's SipHash buys) is not
//! needed on this path, and the multiply-rotate scheme of rustc's FxHash is
//! several times faster on short keys.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// FxHash: `hash = (hash.rotl(5) ^ word) * SEED` over 8-byte words.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, mut bytes: &[u8]) {
        while bytes.len() >= 8 {
            let (head, rest) = bytes.split_at(8);
            let mut word = [0u8; 8];
            word.copy_from_slice(head);
            self.add(u64::from_le_bytes(word));
            bytes = rest;
        }
        if !bytes.is_empty() {
            let mut word = [0u8; 8];
            word[..bytes.len()].copy_from_slice(bytes);
            self.add(u64::from_le_bytes(word) ^ ((bytes.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Words up to this many bytes are stored inline in [`Vocab`]'s table.
const INLINE: usize = 16;

/// One slot of [`Vocab`]'s table: a word of up to [`INLINE`] bytes, padded
/// with zeros, its length, and its id.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: [u64; 2],
    len: u8,
    id: u32,
}

/// A map from words to ids, tuned for the hot path's look-up of every word
/// of every message.
///
/// Short words (nearly all of them) live inline in an open-addressing table
/// under 30% full, so a look-up hashes two machine words and compares
/// two more, with no pointer to follow; longer words go to an ordinary map.
/// The table is filled from the crate's data and only read afterwards, so
/// however a text is written, a look-up probes at most the longest cluster.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocab {
    slots: Vec<Slot>,
    len: usize,
    long: FxHashMap<Box<[u8]>, u32>,
}

impl Vocab {
    /// The id of `word`, if it is in the map.
    #[inline]
    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        self.get_bytes(word.as_bytes())
    }

    /// The id of the word whose UTF-8 bytes are `word`, if it is in the map.
    #[inline]
    pub(crate) fn get_bytes(&self, word: &[u8]) -> Option<u32> {
        match inline_key(word) {
            Some(key) => self.get_inline(key, word.len()),
            None => self.long.get(word).copied(),
        }
    }

    /// The id of the word of `len` bytes (at most [`INLINE`]) whose
    /// zero-padded little-endian bytes are `key`, if it is in the map.
    #[inline]
    pub(crate) fn get_inline(&self, key: [u64; 2], len: usize) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = slot_index(key, mask);
        loop {
            let slot = &self.slots[i];
            if slot.len == 0 {
                return None;
            }
            if slot.key == key && usize::from(slot.len) == len {
                return Some(slot.id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `word` with `id`, replacing its id if it is present. Empty words
    /// are ignored: no text has them.
    pub(crate) fn insert(&mut self, word: &str, id: u32) {
        let Some(key) = inline_key(word.as_bytes()) else {
            self.long.insert(word.as_bytes().into(), id);
            return;
        };
        if word.is_empty() {
            return;
        }
        if (self.len + 1) * 10 > self.slots.len() * 3 {
            self.grow();
        }
        let slot = Slot {
            key,
            len: word.len() as u8,
            id,
        };
        if self.put(slot) {
            self.len += 1;
        }
    }

    /// The bytes the map holds on the heap, roughly.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot>()
            + self.long.keys().map(|k| k.len() + 24).sum::<usize>()
    }

    /// Puts a slot in the table; returns whether its word was new.
    fn put(&mut self, slot: Slot) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = slot_index(slot.key, mask);
        loop {
            let here = &mut self.slots[i];
            if here.len == 0 {
                *here = slot;
                return true;
            }
            if here.key == slot.key && here.len == slot.len {
                here.id = slot.id;
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old.into_iter().filter(|s| s.len > 0) {
            self.put(slot);
        }
    }
}

/// A word of up to [`INLINE`] bytes as two zero-padded machine words: its
/// key in [`Vocab`].
///
/// Built from whole-word loads that overlap where the word is short: the
/// overlapping bytes are the same bytes at the same places, so or-ing them
/// in changes nothing, and no byte-by-byte copy stalls the look-up.
#[inline]
pub(crate) fn inline_key(b: &[u8]) -> Option<[u64; 2]> {
    let n = b.len();
    let le8 = |at: usize| {
        u64::from_le_bytes([
            b[at],
            b[at + 1],
            b[at + 2],
            b[at + 3],
            b[at + 4],
            b[at + 5],
            b[at + 6],
            b[at + 7],
        ])
    };
    let le4 = |at: usize| u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
    Some(match n {
        0 => [0, 0],
        1..=3 => {
            let lo = u64::from(b[0])
                | u64::from(b[n / 2]) << (8 * (n / 2))
                | u64::from(b[n - 1]) << (8 * (n - 1));
            [lo, 0]
        }
        4..=7 => [le4(0) | le4(n - 4) << (8 * (n - 4)), 0],
        8 => [le8(0), 0],
        9..=INLINE => [le8(0), le8(n - 8) >> (8 * (INLINE - n))],
        _ => return None,
    })
}

/// The table index of a key: the high bits of a multiplicative hash.
#[inline]
fn slot_index(key: [u64; 2], mask: usize) -> usize {
    let h = (key[0].wrapping_mul(SEED).rotate_left(26) ^ key[1]).wrapping_mul(SEED);
    // The high 32 bits mix best; `mask` keeps the index in the table.
    (h >> 32) as usize & mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn hash<T: Hash + ?Sized>(t: &T) -> u64 {
        let mut h = FxHasher::default();
        t.hash(&mut h);
        h.finish()
    }

    #[test]
    fn distinguishes_short_words_and_prefixes() {
        let words = ["a", "ab", "abc", "angry", "angry!", "angrier", "", "ba"];
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                assert_ne!(hash(*a), hash(*b), "{a} vs {b}");
            }
        }
        assert_eq!(hash("same"), hash("same"));
    }

    #[test]
    fn vocab_finds_what_was_inserted_and_nothing_else() {
        let mut v = Vocab::default();
        let words: Vec<String> = (0..500).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            v.insert(w, i as u32);
        }
        let long = "a-word-longer-than-sixteen-bytes";
        v.insert(long, 7);
        v.insert("w3", 99);
        assert_eq!(v.get("w3"), Some(99));
        assert_eq!(v.get("w499"), Some(499));
        assert_eq!(v.get(long), Some(7));
        assert_eq!(v.get("w500"), None);
        assert_eq!(v.get("w3\0"), None);
        assert_eq!(v.get(""), None);
        assert_eq!(Vocab::default().get("w1"), None);
    }

    #[test]
    fn inline_keys_are_the_zero_padded_bytes() {
        let text = "abcdefghijklmnopq";
        for n in 0..=INLINE {
            let mut buf = [0u8; 16];
            buf[..n].copy_from_slice(&text.as_bytes()[..n]);
            let lo = u64::from_le_bytes(buf[..8].try_into().unwrap());
            let hi = u64::from_le_bytes(buf[8..].try_into().unwrap());
            assert_eq!(
                inline_key(&text.as_bytes()[..n]),
                Some([lo, hi]),
                "{n} bytes"
            );
        }
        assert_eq!(inline_key(text.as_bytes()), None);
    }
}
