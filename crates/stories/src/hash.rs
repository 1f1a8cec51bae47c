//! Stable 64-bit hashing. Features are persisted and compared across runs and
//! machines, so they cannot use `std`'s randomly seeded hasher.

/// FNV-1a over `bytes`, then a SplitMix64 finalizer for well-spread bits.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// SplitMix64's finalizer: a bijection of `u64` with good avalanche.
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A 32-bit term id for a stem (collisions are rare and only blur weights).
pub fn term_id(stem: &str) -> u32 {
    (hash_bytes(stem.as_bytes()) >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_spread() {
        assert_eq!(hash_bytes(b"abc"), hash_bytes(b"abc"));
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abd"));
        assert_ne!(term_id("قمة"), term_id("قمم"));
    }
}
