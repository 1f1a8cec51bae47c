//! A fixed set of short words with fast membership tests (stop words, protected stems).
//!
//! Open addressing with linear probing over a power-of-two table at most half full, hashed with
//! FNV-1a: one hash and on average about one comparison per lookup, where a binary search over
//! a sorted slice costs about ten string comparisons.

/// An immutable set of words, built once.
#[derive(Debug, Clone)]
pub struct WordSet {
    words: Vec<String>,
    /// Index into `words` plus one; zero marks an empty slot.
    slots: Vec<u32>,
    mask: usize,
}

#[inline]
fn fnv1a(bytes: &[u8]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 29)) as usize
}

impl WordSet {
    /// Builds the set; duplicates are kept once.
    pub fn new<I: IntoIterator<Item = String>>(words: I) -> Self {
        let mut words: Vec<String> = words.into_iter().collect();
        words.sort_unstable();
        words.dedup();
        let size = (words.len() * 2).next_power_of_two().max(8);
        let mut set = WordSet {
            slots: vec![0; size],
            mask: size - 1,
            words: Vec::new(),
        };
        for (i, w) in words.iter().enumerate() {
            let mut slot = fnv1a(w.as_bytes()) & set.mask;
            while set.slots[slot] != 0 {
                slot = (slot + 1) & set.mask;
            }
            set.slots[slot] = i as u32 + 1;
        }
        set.words = words;
        set
    }

    /// True if `word` is in the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let mut slot = fnv1a(word.as_bytes()) & self.mask;
        loop {
            match self.slots[slot] {
                0 => return false,
                i if self.words[i as usize - 1] == word => return true,
                _ => slot = (slot + 1) & self.mask,
            }
        }
    }

    /// The words, sorted.
    #[cfg(test)]
    pub fn words(&self) -> &[String] {
        &self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership() {
        let set = WordSet::new(["في", "من", "على", "من"].map(String::from));
        assert_eq!(set.words().len(), 3);
        assert!(set.contains("في") && set.contains("من") && set.contains("على"));
        assert!(!set.contains("عن") && !set.contains(""));
    }

    #[test]
    fn many_words() {
        let set = WordSet::new((0..1000).map(|i| format!("w{i}")));
        assert!((0..1000).all(|i| set.contains(&format!("w{i}"))));
        assert!(!(1000..1100).any(|i| set.contains(&format!("w{i}"))));
    }
}
