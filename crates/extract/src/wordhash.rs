//! A fast hash for the extractor's fixed word lists. Every word of every
//! article is looked up in them (reporting verbs, time words, roles), and the
//! standard SipHash, built to resist adversarial keys, was a tenth of the
//! extraction time; these tables are built from constant lists and only read,
//! so a simple multiplicative hash is enough.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Rotate, xor, multiply per 8-byte word of input.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of folded words.
pub(crate) type WordSet = HashSet<String, BuildHasherDefault<WordHasher>>;
/// A map from folded words.
pub(crate) type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_find_what_they_hold() {
        let set: WordSet = ["قال", "أكد", "اكد", "مشيرا"].iter().map(|s| s.to_string()).collect();
        assert!(set.contains("اكد") && set.contains("مشيرا"));
        assert!(!set.contains("قالت") && !set.contains(""));
        assert_eq!(set.len(), 4);
    }
}
