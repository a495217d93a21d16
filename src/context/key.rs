//! The keys of the context model's features: a word's folded UTF-8 bytes,
//! or a pair of consecutive words, hashed to 64 bits. Shared by the crate
//! and its build script, which lays the embedded model out in a table by
//! these keys.

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Spreads the bits of `h` so that the top bits, which pick a slot, and
/// the bottom bits, which make the fingerprint, depend on all of them.
const fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
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
        h = (h.rotate_left(5) ^ tail(rest)).wrapping_mul(SEED);
    }
    finish(h)
}

/// The bytes of `rest` (fewer than 8) as a zero-padded little-endian
/// `u64`, from at most three loads rather than a copy of unknown length.
fn tail(rest: &[u8]) -> u64 {
    let mut word = 0u64;
    let mut at = 0;
    if let Some(&[a, b, c, d]) = rest.get(..4) {
        word = u64::from(u32::from_le_bytes([a, b, c, d]));
        at = 4;
    }
    if let Some(&[a, b]) = rest.get(at..at + 2) {
        word |= u64::from(u16::from_le_bytes([a, b])) << (8 * at);
        at += 2;
    }
    if let Some(&a) = rest.get(at) {
        word |= u64::from(a) << (8 * at);
    }
    word
}

/// The key of two consecutive words, from their [`word_key`]s: one
/// multiplication, whose top bits (the slot) depend on every bit of both
/// keys, and whose bottom bits (the fingerprint) are bits of the two keys,
/// already well mixed.
pub(crate) fn pair_key(first: u64, second: u64) -> u64 {
    (first.rotate_left(23) ^ second).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A slot's print holds a key whose feature has weights.
pub(crate) const FEATURE: u16 = 1;
/// A slot's print holds a word that is the first of some pair feature.
pub(crate) const STARTS_PAIR: u16 = 2;
/// A slot's print holds a word that is the second of some pair feature.
pub(crate) const ENDS_PAIR: u16 = 4;
/// The bits of a print that are flags; the others are the fingerprint.
pub(crate) const FLAGS: u16 = FEATURE | STARTS_PAIR | ENDS_PAIR;

/// The fingerprint of a key: the 13 bits of a slot's print that are not
/// [`FLAGS`], so that a probe compares these first and reads the key only
/// when they agree; never 0, as a print of 0 marks an empty slot. Taken
/// from the bottom bits, which [`slot_of`] does not use.
pub(crate) fn fingerprint(key: u64) -> u16 {
    (key as u16 & !FLAGS).max(FLAGS + 1)
}

/// The slot a key starts probing at, in a table of `1 << bits` slots.
pub(crate) fn slot_of(key: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (key >> (64 - bits)) as usize
    }
}
