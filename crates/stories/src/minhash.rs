//! MinHash signatures and LSH banding for near-duplicate candidates.
//!
//! The estimated Jaccard similarity of two shingle sets is the share of equal
//! signature positions. Banding cuts a signature into [`BANDS`] bands of
//! [`ROWS`] values; two articles sharing any band are candidates, which finds
//! pairs with Jaccard 0.6 with probability about 0.9 and 0.8 almost surely.

use crate::hash::mix;

/// Values in a signature.
pub const MINHASH_LEN: usize = BANDS * ROWS;
/// LSH bands.
pub const BANDS: usize = 16;
/// Signature values per band.
pub const ROWS: usize = 4;

/// The MinHash signature of a set of shingle hashes (all `u32::MAX` if empty).
pub fn signature(shingles: &[u64]) -> [u32; MINHASH_LEN] {
    let mut sig = [u32::MAX; MINHASH_LEN];
    for &s in shingles {
        let base = mix(s);
        for (i, slot) in sig.iter_mut().enumerate() {
            // Independent-enough permutations: a multiply-add per position.
            let (a, b) = PERMS[i];
            let v = (base.wrapping_mul(a).wrapping_add(b) >> 32) as u32;
            *slot = (*slot).min(v);
        }
    }
    sig
}

/// Share of equal positions: the estimated Jaccard similarity.
pub fn similarity(a: &[u32; MINHASH_LEN], b: &[u32; MINHASH_LEN]) -> f32 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / MINHASH_LEN as f32
}

/// The band keys of a signature (the band's index is part of its key).
pub fn band_keys(sig: &[u32; MINHASH_LEN]) -> impl Iterator<Item = u64> + '_ {
    sig.chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| rows.iter().fold(mix(band as u64 + 1), |h, &v| mix(h ^ u64::from(v))))
}

const PERMS: [(u64, u64); MINHASH_LEN] = perms();

const fn perms() -> [(u64, u64); MINHASH_LEN] {
    let mut out = [(0u64, 0u64); MINHASH_LEN];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut i = 0;
    while i < MINHASH_LEN {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let a = splitmix(state) | 1;
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        out[i] = (a, splitmix(state));
        i += 1;
    }
    out
}

const fn splitmix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_jaccard() {
        let a: Vec<u64> = (0..400).collect();
        let b: Vec<u64> = (100..500).collect(); // Jaccard 300/500 = 0.6
        let s = similarity(&signature(&a), &signature(&b));
        assert!((s - 0.6).abs() < 0.15, "{s}");
        assert_eq!(similarity(&signature(&a), &signature(&a)), 1.0);
    }

    #[test]
    fn equal_signatures_share_every_band() {
        let s = signature(&[1, 2, 3]);
        let k: Vec<u64> = band_keys(&s).collect();
        assert_eq!(k.len(), BANDS);
        assert_eq!(k, band_keys(&s).collect::<Vec<_>>());
    }
}
