//! Property: the same articles grouped in any order give the same stories
//! and copies (document frequencies counted first, as the store does).

use marsad_stories::{cluster, features, Doc, Grouper, Guard, Membership, Params};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "الملك",
    "يستقبل",
    "رئيس",
    "وزراء",
    "باكستان",
    "جدة",
    "أمطار",
    "رعدية",
    "الباحة",
    "عسير",
    "النفط",
    "يرتفع",
    "الهلال",
    "النصر",
    "مباراة",
    "الرياض",
    "وزارة",
    "الصحة",
    "مستشفى",
    "افتتاح",
    "تونس",
    "مصر",
    "برقية",
    "تهنئة",
];

fn text(ids: &[usize]) -> String {
    ids.iter().map(|i| WORDS[i % WORDS.len()]).collect::<Vec<_>>().join(" ")
}

fn group(docs: &[Doc]) -> Vec<Membership> {
    let mut grouper = Grouper::new(Params {
        story: 0.2,
        ..Params::default()
    });
    docs.iter().for_each(|d| grouper.count(&d.features));
    let links: Vec<_> = docs.iter().flat_map(|d| grouper.insert(d.clone())).collect();
    let nodes: Vec<(String, i64)> = docs.iter().map(|d| (d.id.clone(), d.time)).collect();
    let edges: Vec<_> = links
        .iter()
        .map(|l| (l.a.clone(), l.b.clone(), l.kind, l.score))
        .collect();
    let guard = Guard {
        max_size: 4,
        ..Guard::default()
    };
    let mut m = cluster(&nodes, &edges, &guard);
    m.sort_by(|a, b| a.id.cmp(&b.id));
    m
}

fn docs() -> impl Strategy<Value = Vec<Doc>> {
    let doc = (
        prop::collection::vec(0usize..24, 2..6),
        prop::collection::vec(0usize..24, 0..40),
        0i64..6 * 86_400,
    );
    prop::collection::vec(doc, 1..24).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (title, body, time))| Doc {
                id: format!("a{i:02}"),
                source: Some(format!("outlet{}", i % 3)),
                time,
                features: features(&text(&title), &text(&body)),
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn any_order_gives_the_same_stories(docs in docs(), seed in any::<u64>()) {
        let mut shuffled = docs.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(group(&docs), group(&shuffled));
    }
}

/// Links of `added` after `held` were held (not compared), inserted one by
/// one or all at once.
fn links(held: &[Doc], added: &[Doc], all_at_once: bool) -> Vec<(String, String, String)> {
    let mut grouper = Grouper::new(Params {
        story: 0.2,
        ..Params::default()
    });
    held.iter().chain(added).for_each(|d| grouper.count(&d.features));
    held.iter().for_each(|d| grouper.hold(d.clone()));
    let links = if all_at_once {
        grouper.insert_all(added.to_vec())
    } else {
        added.iter().flat_map(|d| grouper.insert(d.clone())).collect()
    };
    links
        .into_iter()
        .map(|l| (l.a, l.b, format!("{:?} {:.5}", l.kind, l.score)))
        .collect()
}

proptest! {
    #[test]
    fn inserting_all_at_once_links_like_one_by_one(docs in docs(), split in 0usize..24) {
        let (held, added) = docs.split_at(split.min(docs.len()));
        prop_assert_eq!(links(held, added, true), links(held, added, false));
    }
}
