//! Clusters from links: connected components (union-find), each named by its
//! representative, the earliest article (ties broken by id). Within a story,
//! the articles joined by copy links form copy groups, each pointing at its
//! earliest version. Components are a function of the set of links, so the
//! result does not depend on the order links were found in.

use crate::cohesion::cohesive_parts;
use crate::grouper::LinkKind;
use std::collections::{BTreeMap, HashMap};

/// A link between two nodes by index: `(a, b, kind, score)`.
type Edge = (u32, u32, LinkKind, f32);

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
        let (big, small) = if self.size[a as usize] >= self.size[b as usize] {
            (a, b)
        } else {
            (b, a)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
    }
}

/// Limits against chaining: a component that is too large or spans too long
/// is split again using only its stronger links, level by level; a story
/// within the limits is split where it lacks cohesion
/// ([`cohesive_parts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Guard {
    /// Largest story kept whole.
    pub max_size: usize,
    /// Longest time from a story's first to its last article (seconds).
    pub max_span: i64,
    /// Increasing link scores: a component breaking a limit is split using only links at or above the
    /// next level, until it fits or the levels run out.
    pub levels: Vec<f32>,
    /// A story is split where a cut between two parts of it has a conductance (links across over the
    /// link ends on its smaller side) below this: two events chained by a thin bridge of links (0
    /// keeps every component whole).
    pub min_conductance: f32,
}

impl Default for Guard {
    fn default() -> Self {
        Guard {
            max_size: 20,
            max_span: 4 * 86_400,
            levels: vec![0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95],
            min_conductance: 0.1,
        }
    }
}

/// A scored link between two ids.
pub type ScoredLink = (String, String, LinkKind, f32);

/// Clusters `nodes` (`(id, time)`) joined by `links` (links naming an
/// unknown id are ignored), under `guard`. Returns one membership per node,
/// in the order of `nodes`.
pub fn cluster(nodes: &[(String, i64)], links: &[ScoredLink], guard: &Guard) -> Vec<Membership> {
    let index: HashMap<&str, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.0.as_str(), i as u32))
        .collect();
    let edges: Vec<Edge> = links
        .iter()
        .filter_map(|(a, b, k, s)| Some((*index.get(a.as_str())?, *index.get(b.as_str())?, *k, *s)))
        .collect();
    let all: Vec<u32> = (0..nodes.len() as u32).collect();
    let mut stories = UnionFind::new(nodes.len());
    split(nodes, &all, &edges, guard, 0, &mut stories);
    let mut copies = UnionFind::new(nodes.len());
    for &(a, b, kind, _) in &edges {
        if kind == LinkKind::Copy && stories.find(a) == stories.find(b) {
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

/// Unions `members` by the `edges` among them with a score at or above
/// `guard.levels[level - 1]` (all of them at level 0); components breaking a
/// limit are split at the next level, the others into their cohesive parts.
fn split(nodes: &[(String, i64)], members: &[u32], edges: &[Edge], guard: &Guard, level: usize, out: &mut UnionFind) {
    let min = if level == 0 { f32::MIN } else { guard.levels[level - 1] };
    let local: HashMap<u32, u32> = members.iter().enumerate().map(|(i, m)| (*m, i as u32)).collect();
    let mut uf = UnionFind::new(members.len());
    let inside: Vec<Edge> = edges
        .iter()
        .filter(|e| e.3 >= min && local.contains_key(&e.0) && local.contains_key(&e.1))
        .copied()
        .collect();
    for e in &inside {
        uf.union(local[&e.0], local[&e.1]);
    }
    let mut groups: BTreeMap<u32, (Vec<u32>, Vec<Edge>)> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        groups.entry(uf.find(i as u32)).or_default().0.push(*m);
    }
    for e in inside {
        let root = uf.find(local[&e.0]);
        groups.get_mut(&root).expect("every member has a group").1.push(e);
    }
    for (group, edges) in groups.values() {
        let times = group.iter().map(|m| nodes[*m as usize].1);
        let span = times
            .clone()
            .max()
            .unwrap_or(0)
            .saturating_sub(times.min().unwrap_or(0));
        let too_big = group.len() > guard.max_size || span > guard.max_span;
        if too_big && level < guard.levels.len() {
            split(nodes, group, edges, guard, level + 1, out);
        } else {
            let pairs: Vec<(u32, u32)> = edges.iter().map(|e| (e.0, e.1)).collect();
            for part in cohesive_parts(group, &pairs, guard.min_conductance) {
                part.iter().for_each(|m| out.union(part[0], *m));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: &str, t: i64) -> (String, i64) {
        (id.into(), t)
    }

    fn l(a: &str, b: &str, k: LinkKind) -> ScoredLink {
        (a.into(), b.into(), k, 0.5)
    }

    #[test]
    fn earliest_article_names_the_story_and_the_copies() {
        let nodes = [n("c", 30), n("a", 10), n("b", 10), n("d", 40), n("e", 50)];
        let links = [
            l("c", "a", LinkKind::Story),
            l("b", "c", LinkKind::Copy),
            l("d", "c", LinkKind::Copy),
        ];
        let m = cluster(&nodes, &links, &Guard::default());
        let story: Vec<&str> = m.iter().map(|m| m.story.as_str()).collect();
        assert_eq!(story, ["a", "a", "a", "a", "e"], "ties at time 10 go to the smaller id");
        let copy: Vec<Option<&str>> = m.iter().map(|m| m.copy_of.as_deref()).collect();
        assert_eq!(copy, [Some("b"), None, None, Some("b"), None]);
    }

    #[test]
    fn a_chain_longer_than_the_span_is_cut_at_its_weak_links() {
        let day = 86_400;
        let nodes: Vec<(String, i64)> = (0..6).map(|i| (format!("d{i}"), i * day)).collect();
        let mut links: Vec<ScoredLink> = (0..5)
            .map(|i| (format!("d{i}"), format!("d{}", i + 1), LinkKind::Story, 0.4))
            .collect();
        links[1].3 = 0.9; // d1–d2 strong
        let m = cluster(&nodes, &links, &Guard::default());
        let story: Vec<&str> = m.iter().map(|m| m.story.as_str()).collect();
        assert_eq!(story, ["d0", "d1", "d1", "d3", "d4", "d5"]);
    }

    /// Two days of forecasts, each day's six reports all linked, and one
    /// link from the first day's last report to the second day's first.
    fn two_days_bridged() -> (Vec<(String, i64)>, Vec<ScoredLink>) {
        let hour = 3600;
        let nodes: Vec<(String, i64)> = (0..12).map(|i| (format!("w{i:02}"), i * 4 * hour)).collect();
        let mut links = Vec::new();
        for day in [0..6, 6..12] {
            for a in day.clone() {
                for b in day.clone().filter(|b| *b > a) {
                    links.push(l(&nodes[a].0, &nodes[b].0, LinkKind::Story));
                }
            }
        }
        links.push((nodes[5].0.clone(), nodes[6].0.clone(), LinkKind::Story, 0.9));
        (nodes, links)
    }

    #[test]
    fn two_reports_bridged_by_one_link_are_two_stories() {
        let (nodes, links) = two_days_bridged();
        let m = cluster(&nodes, &links, &Guard::default());
        let story: Vec<&str> = m.iter().map(|m| m.story.as_str()).collect();
        assert_eq!(story, [["w00"; 6], ["w06"; 6]].concat());
        let whole = Guard {
            min_conductance: 0.0,
            ..Guard::default()
        };
        let m = cluster(&nodes, &links, &whole);
        assert!(
            m.iter().all(|m| m.story == "w00"),
            "without the cohesion bar, one story"
        );
    }
}
