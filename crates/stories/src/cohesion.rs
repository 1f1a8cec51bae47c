//! Cohesion of a story: a connected group of articles is split where two
//! parts of it are held together by only a few links for their size.
//!
//! Connected components chain: recurring news (weather forecasts, a club's
//! transfers, a league's fixtures) links each day's report to the next, and
//! two reports of different events end up in one story through the ones in
//! between. Such a group is two well-linked parts joined by a thin bridge.
//! Its measure is the conductance of the cut between the parts `S` and `T`:
//! the links crossing it over the link ends (degrees) on the smaller side,
//! `cut(S, T) / min(vol S, vol T)`. A story whose articles report one event
//! has none below a small bar, however sparse its links; a pendant article
//! joined by one link has conductance 1.
//!
//! Finding the cut of least conductance is NP-hard; the spectral sweep
//! finds a good one (Cheeger's inequality bounds how far it is from the
//! best): order the articles by the graph's Fiedler vector, the eigenvector
//! of the second smallest eigenvalue of the normalized Laplacian
//! `I - D^-1/2 A D^-1/2` (scaled by `D^-1/2`), and take the best of the cuts
//! between a prefix of that order and the rest. A part split off is split
//! again the same way until none has a cut below the bar.

/// Splits the connected `members` joined by `edges` (pairs of members;
/// others, repeats and loops are ignored) into parts without a cut of
/// conductance below `min_conductance`. Each part keeps the order of
/// `members`; the parts are ordered by their first member's position.
pub fn cohesive_parts(members: &[u32], edges: &[(u32, u32)], min_conductance: f32) -> Vec<Vec<u32>> {
    if min_conductance <= 0.0 || members.is_empty() {
        return vec![members.to_vec()];
    }
    let mut out = Vec::new();
    let mut todo = vec![members.to_vec()];
    while let Some(group) = todo.pop() {
        let adjacency = Adjacency::of(&group, edges);
        match adjacency.sparsest_sweep_cut() {
            Some((conductance, side)) if conductance < f64::from(min_conductance) => {
                for in_s in [true, false] {
                    let part: Vec<u32> = group
                        .iter()
                        .zip(&side)
                        .filter(|(_, s)| **s == in_s)
                        .map(|(m, _)| *m)
                        .collect();
                    todo.extend(adjacency.components_of(&group, &part));
                }
            }
            _ => out.push(group),
        }
    }
    let position: std::collections::HashMap<u32, usize> = members.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    out.iter_mut().for_each(|p| p.sort_by_key(|m| position[m]));
    out.sort_by_key(|p| position[&p[0]]);
    out
}

/// A 0/1 adjacency matrix over a group's members, by their position in it.
struct Adjacency {
    n: usize,
    a: Vec<f64>,
}

impl Adjacency {
    fn of(group: &[u32], edges: &[(u32, u32)]) -> Adjacency {
        let local: std::collections::HashMap<u32, usize> = group.iter().enumerate().map(|(i, m)| (*m, i)).collect();
        let n = group.len();
        let mut a = vec![0.0; n * n];
        for (x, y) in edges {
            if let (Some(&i), Some(&j)) = (local.get(x), local.get(y)) {
                if i != j {
                    a[i * n + j] = 1.0;
                    a[j * n + i] = 1.0;
                }
            }
        }
        Adjacency { n, a }
    }

    fn degree(&self, i: usize) -> f64 {
        self.a[i * self.n..(i + 1) * self.n].iter().sum()
    }

    /// The cut of least conductance among the sweep cuts of the Fiedler
    /// order, as (conductance, side of each member); None for fewer than
    /// two members or an article without links.
    fn sparsest_sweep_cut(&self) -> Option<(f64, Vec<bool>)> {
        let n = self.n;
        let degrees: Vec<f64> = (0..n).map(|i| self.degree(i)).collect();
        if n < 2 || degrees.contains(&0.0) {
            return None;
        }
        let scale: Vec<f64> = degrees.iter().map(|d| 1.0 / d.sqrt()).collect();
        let laplacian = nalgebra::DMatrix::from_fn(n, n, |i, j| {
            let identity = if i == j { 1.0 } else { 0.0 };
            identity - scale[i] * self.a[i * n + j] * scale[j]
        });
        let eigen = laplacian.symmetric_eigen();
        let mut by_value: Vec<usize> = (0..n).collect();
        by_value.sort_by(|x, y| eigen.eigenvalues[*x].total_cmp(&eigen.eigenvalues[*y]).then(x.cmp(y)));
        let fiedler: Vec<f64> = (0..n)
            .map(|i| eigen.eigenvectors[(i, by_value[1])] * scale[i])
            .collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|x, y| fiedler[*x].total_cmp(&fiedler[*y]).then(x.cmp(y)));
        let volume: f64 = degrees.iter().sum();
        let (mut side, mut cut, mut inside) = (vec![false; n], 0.0, 0.0);
        let mut best: Option<(f64, usize)> = None;
        for (k, &i) in order[..n - 1].iter().enumerate() {
            let to_side: f64 = (0..n).filter(|j| side[*j]).map(|j| self.a[i * n + j]).sum();
            cut += degrees[i] - 2.0 * to_side;
            side[i] = true;
            inside += degrees[i];
            let conductance = cut / inside.min(volume - inside);
            if best.is_none_or(|(c, _)| conductance < c) {
                best = Some((conductance, k));
            }
        }
        let (conductance, k) = best?;
        let mut side = vec![false; n];
        order[..=k].iter().for_each(|i| side[*i] = true);
        Some((conductance, side))
    }

    /// The connected components of `part` (members of `group`), under this adjacency.
    fn components_of(&self, group: &[u32], part: &[u32]) -> Vec<Vec<u32>> {
        let local: std::collections::HashMap<u32, usize> = group.iter().enumerate().map(|(i, m)| (*m, i)).collect();
        let mut uf = crate::cluster::UnionFind::new(part.len());
        for (x, mx) in part.iter().enumerate() {
            for (y, my) in part.iter().enumerate().skip(x + 1) {
                if self.a[local[mx] * self.n + local[my]] > 0.0 {
                    uf.union(x as u32, y as u32);
                }
            }
        }
        let mut groups: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
        for (x, m) in part.iter().enumerate() {
            groups.entry(uf.find(x as u32)).or_default().push(*m);
        }
        groups.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of `members` linked.
    fn clique(members: std::ops::Range<u32>) -> Vec<(u32, u32)> {
        members
            .clone()
            .flat_map(|a| members.clone().filter(move |b| a < *b).map(move |b| (a, b)))
            .collect()
    }

    #[test]
    fn two_groups_joined_by_one_link_are_split() {
        let mut edges = clique(0..6);
        edges.extend(clique(6..12));
        edges.push((5, 6));
        let members: Vec<u32> = (0..12).collect();
        let parts = cohesive_parts(&members, &edges, 0.1);
        assert_eq!(parts, [(0..6).collect::<Vec<u32>>(), (6..12).collect()]);
        // A bar below the bridge's conductance (1/31) keeps them together.
        assert_eq!(cohesive_parts(&members, &edges, 0.03), [members.as_slice()]);
    }

    #[test]
    fn sparse_but_cohesive_groups_stay_whole() {
        let chain: Vec<(u32, u32)> = (0..3).map(|i| (i, i + 1)).collect();
        let star: Vec<(u32, u32)> = (1..10).map(|i| (0, i)).collect();
        let mut pendant = clique(0..8);
        pendant.push((7, 8));
        for (edges, n) in [(chain, 4), (star, 10), (clique(0..15), 15), (pendant, 9)] {
            let members: Vec<u32> = (0..n).collect();
            assert_eq!(cohesive_parts(&members, &edges, 0.1), [members.as_slice()], "{edges:?}");
        }
    }

    #[test]
    fn a_chain_of_three_groups_splits_into_three_in_member_order() {
        let mut edges = clique(10..16);
        edges.extend(clique(0..6));
        edges.extend(clique(20..26));
        edges.extend([(5, 10), (15, 20), (99, 0), (3, 3)]);
        let members: Vec<u32> = (20..26).chain(0..6).chain(10..16).collect();
        let parts = cohesive_parts(&members, &edges, 0.1);
        assert_eq!(
            parts,
            [(20..26).collect::<Vec<u32>>(), (0..6).collect(), (10..16).collect()]
        );
    }
}
