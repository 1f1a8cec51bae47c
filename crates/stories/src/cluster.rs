//! Clusters from links: connected components (union-find), each named by its
//! representative, the earliest article (ties broken by id). Within a story,
//! the articles joined by copy links form copy groups, each pointing at its
//! earliest version. Components are a function of the set of links, so the
//! result does not depend on the order links were found in.

use crate::grouper::LinkKind;
use std::collections::HashMap;

/// An article's place in the clusters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The article's id.
    pub id: String,
    /// The story's id: its earliest article's id.
    pub story: String,
    /// The earliest version this article is a copy of (None if it is the earliest).
    pub copy_of: Option<String>,
}

/// Union-find over dense indices, with path halving and union by size.
#[derive(Debug, Clone, Default)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// The root of `x`'s set.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = self.parent[x as usize];
        }
        x
    }

    /// Joins the sets of `a` and `b`.
    pub fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (big, small) = if self.size[a as usize] >= self.size[b as usize] { (a, b) } else { (b, a) };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
    }
}

/// Clusters `nodes` (`(id, time)`) joined by `links` (`(a, b, kind)`; links
/// naming an unknown id are ignored). Returns one membership per node, in
/// the order of `nodes`.
pub fn cluster(nodes: &[(String, i64)], links: &[(String, String, LinkKind)]) -> Vec<Membership> {
    let index: HashMap<&str, u32> = nodes.iter().enumerate().map(|(i, n)| (n.0.as_str(), i as u32)).collect();
    let mut stories = UnionFind::new(nodes.len());
    let mut copies = UnionFind::new(nodes.len());
    for (a, b, kind) in links {
        let (Some(&a), Some(&b)) = (index.get(a.as_str()), index.get(b.as_str())) else { continue };
        stories.union(a, b);
        if *kind == LinkKind::Copy {
            copies.union(a, b);
        }
    }
    let earliest = |uf: &mut UnionFind| {
        let mut best: HashMap<u32, u32> = HashMap::new();
        for i in 0..nodes.len() as u32 {
            let root = uf.find(i);
            let e = best.entry(root).or_insert(i);
            let key = |k: u32| (nodes[k as usize].1, &nodes[k as usize].0);
            if key(i) < key(*e) {
                *e = i;
            }
        }
        (0..nodes.len() as u32).map(|i| best[&uf.find(i)]).collect::<Vec<u32>>()
    };
    let story_of = earliest(&mut stories);
    let copy_of = earliest(&mut copies);
    nodes
        .iter()
        .enumerate()
        .map(|(i, (id, _))| Membership {
            id: id.clone(),
            story: nodes[story_of[i] as usize].0.clone(),
            copy_of: (copy_of[i] as usize != i).then(|| nodes[copy_of[i] as usize].0.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: &str, t: i64) -> (String, i64) {
        (id.into(), t)
    }

    fn l(a: &str, b: &str, k: LinkKind) -> (String, String, LinkKind) {
        (a.into(), b.into(), k)
    }

    #[test]
    fn earliest_article_names_the_story_and_the_copies() {
        let nodes = [n("c", 30), n("a", 10), n("b", 10), n("d", 40), n("e", 50)];
        let links = [
            l("c", "a", LinkKind::Story),
            l("b", "c", LinkKind::Copy),
            l("d", "c", LinkKind::Copy),
        ];
        let m = cluster(&nodes, &links);
        let story: Vec<&str> = m.iter().map(|m| m.story.as_str()).collect();
        assert_eq!(story, ["a", "a", "a", "a", "e"], "ties at time 10 go to the smaller id");
        let copy: Vec<Option<&str>> = m.iter().map(|m| m.copy_of.as_deref()).collect();
        assert_eq!(copy, [Some("b"), None, None, Some("b"), None]);
    }
}
