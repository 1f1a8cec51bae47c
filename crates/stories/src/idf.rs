//! Document frequencies of headline-and-lead stems, and the TF-IDF cosine
//! that decides whether two articles report the same event.

use crate::features::Features;
use std::collections::HashMap;

/// Document frequency of every term over the articles counted so far.
#[derive(Debug, Clone, Default)]
pub struct DocFreq {
    df: HashMap<u32, u32>,
    docs: u32,
}

impl DocFreq {
    /// Counts an article's terms.
    pub fn add(&mut self, f: &Features) {
        for (t, _) in &f.terms {
            *self.df.entry(*t).or_default() += 1;
        }
        self.docs += 1;
    }

    /// Forgets an article counted before (its text changed or it was removed).
    pub fn remove(&mut self, f: &Features) {
        for (t, _) in &f.terms {
            if let Some(n) = self.df.get_mut(t) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.df.remove(t);
                }
            }
        }
        self.docs = self.docs.saturating_sub(1);
    }

    /// Sets a stored count (loading statistics).
    pub fn set(&mut self, term: u32, df: u32) {
        self.df.insert(term, df);
    }

    /// Sets the number of articles counted (loading statistics).
    pub fn set_docs(&mut self, docs: u32) {
        self.docs = docs;
    }

    /// Articles counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Articles containing `term`.
    pub fn df(&self, term: u32) -> u32 {
        self.df.get(&term).copied().unwrap_or(0)
    }

    /// Every `(term, df)` pair, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.df.iter().map(|(t, d)| (*t, *d))
    }

    /// Inverse document frequency: `ln((N + 1) / (df + 0.5))`, never below 0.
    pub fn idf(&self, term: u32) -> f32 {
        ((self.docs as f32 + 1.0) / (self.df(term) as f32 + 0.5)).ln().max(0.0)
    }

    /// The unit-length TF-IDF vector of `f` (sorted by term id).
    pub fn weigh(&self, f: &Features) -> Weighted {
        let mut terms: Vec<(u32, f32)> = f
            .terms
            .iter()
            .map(|&(t, w)| (t, (1.0 + w.ln()) * self.idf(t)))
            .collect();
        let norm = terms.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            terms.iter_mut().for_each(|t| t.1 /= norm);
        }
        Weighted(terms)
    }
}

/// A unit-length TF-IDF vector.
#[derive(Debug, Clone, Default)]
pub struct Weighted(pub Vec<(u32, f32)>);

impl DocFreq {
    /// The terms of `f` found in at most `max_df` articles, sorted by id: the
    /// names of a specific event (the person, the place, the company) rather
    /// than the routine words of a kind of news (a telegram, a weather report,
    /// a market close), which recur in many articles.
    pub fn specific_terms(&self, f: &Features, max_df: u32) -> Vec<u32> {
        f.terms.iter().filter(|t| self.df(t.0) <= max_df).map(|t| t.0).collect()
    }
}

/// True if two id lists sorted ascending have an id in common.
pub fn share_any(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

impl Weighted {
    /// Cosine similarity (both vectors have unit length).
    pub fn cosine(&self, other: &Weighted) -> f32 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::features;

    #[test]
    fn rare_shared_terms_weigh_more_than_common_ones() {
        let docs = [
            features("الملك يستقبل السفير", ""),
            features("الملك يفتتح مستشفى", ""),
            features("الملك يزور جدة", ""),
            features("وزير يفتتح مستشفى", ""),
        ];
        let mut df = DocFreq::default();
        docs.iter().for_each(|d| df.add(d));
        let w: Vec<Weighted> = docs.iter().map(|d| df.weigh(d)).collect();
        assert!(w[1].cosine(&w[3]) > w[0].cosine(&w[2]));
        assert!((w[0].cosine(&w[0]) - 1.0).abs() < 1e-5);
        df.remove(&docs[3]);
        assert_eq!(df.docs(), 3);
    }

    #[test]
    fn specific_terms_are_the_rare_ones_and_sharing_needs_a_common_id() {
        let docs = [
            features("الملك يستقبل السفير", ""),
            features("الملك يفتتح مستشفى", ""),
            features("الملك يزور جدة", ""),
        ];
        let mut df = DocFreq::default();
        docs.iter().for_each(|d| df.add(d));
        let specific = df.specific_terms(&docs[0], 1);
        assert_eq!(specific.len(), 2, "يستقبل and السفير, not الملك (in all three)");
        assert!(specific.windows(2).all(|w| w[0] < w[1]));
        assert!(!share_any(&specific, &df.specific_terms(&docs[1], 1)));
        assert!(share_any(&[1, 4, 9], &[2, 9]));
        assert!(!share_any(&[1, 4, 9], &[2, 5, 10]));
    }
}
