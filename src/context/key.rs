//! The keys of the context model's features: a word's folded UTF-8 bytes,
//! or a pair of consecutive words, hashed to 64 bits. Shared by the crate
//! and its build script, which lays the embedded model out in a table by
//! these keys.

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Spreads the bits of `h` so that the top bits, which pick a slot, depend
/// on all of them; never 0, which marks an empty slot.
const fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    if h == 0 {
        1
    } else {
        h
    }
}

/// The key of one folded word.
pub(crate) fn word_key(bytes: &[u8]) -> u64 {
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
    }
    finish(h)
}

/// The key of two consecutive words, from their [`word_key`]s.
pub(crate) fn pair_key(first: u64, second: u64) -> u64 {
    finish(first.rotate_left(23).wrapping_mul(SEED) ^ second)
}

/// The slot a key starts probing at, in a table of `1 << bits` slots.
pub(crate) fn slot_of(key: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (key >> (64 - bits)) as usize
    }
}
