//! The extraction pass: cues found in text order, each read into a statement, speakers resolved.
//!
//! One left-to-right pass over the tokens. At every cue word ([`crate::verbs`]):
//! - a **finite verb** has its attribution read ([`crate::attribution`]); with no subject after
//!   it, an un-conjoined verb takes the few words before it as subject (`لكن الرئيس الأمريكي
//!   شدد`), and a conjoined one (`وأضاف`) is *implicit*: it continues the last top-level speaker;
//! - a **participle** (`مشيرا إلى`) continues the speaker of the statement just before it;
//! - a **source phrase** (`بحسب X`) dates the clause before it to X, unless it sits inside a
//!   statement already, where a medium becomes that statement's via.
//!
//! A statement whose cue lies inside an earlier statement's content is *nested*. When a nested
//! statement opens its parent's content (`ذكرت وسائل اعلام روسية أن الكرملين أعلن أن ...`), the
//! parent is only a relay: it is dropped, and passes its speaker on as via when it is a medium.
//! Statements ending in one cue's reach are kept in text order.

use crate::attribution::{scan_after, via_phrase};
use crate::content::{content_at, Content};
use crate::marks::{pair_marks, Quoted};
use crate::quote::{Quote, Span};
use crate::resolve::{described_person, subject_before};
use crate::speakers::{same_speaker, speaker_key, split_speaker, SpeakerParts};
use crate::token::Tokens;
use crate::verbs::{has_conjunction, lookup, lookup_after_relative, Cue, Form};
use crate::words::{is_introducer, is_medium};

/// A speaker mention resolved for a statement.
#[derive(Debug, Clone, Default)]
pub(crate) struct Mention {
    pub speaker: Option<String>,
    pub role: Option<String>,
}

impl Mention {
    /// Splits a speaker mention into speaker and role.
    pub(crate) fn from_speaker(text: &str) -> Self {
        let SpeakerParts { name, role } = split_speaker(text);
        Mention {
            speaker: name.or(role).map(str::to_string),
            role: role.map(str::to_string),
        }
    }
}

/// A statement under construction.
pub(crate) struct Cand {
    pub quote: Quote,
    pub attr_start: usize,
    pub attr_start_byte: usize,
    pub content: Content,
    pub nested: bool,
    pub dropped: bool,
}

struct Pass<'a, 't> {
    t: &'t Tokens<'a>,
    quoted: Vec<Quoted>,
    out: Vec<Cand>,
    mentions: Vec<(usize, Mention)>,
    last_top: Option<usize>,
}

/// Every statement in the tokenized text (without dates; see [`crate::extract_quotes`]).
pub(crate) fn find(t: &Tokens) -> Vec<Cand> {
    let mut p = Pass {
        quoted: pair_marks(t),
        t,
        out: Vec::new(),
        mentions: Vec::new(),
        last_top: None,
    };
    let mut i = 0;
    while i < t.len() {
        if t.is_word(i) {
            let relative = i > 0 && t.is_word(i - 1) && matches!(t.key(i - 1), "الذي" | "التي");
            let cue = if relative {
                lookup_after_relative(t.key(i))
            } else {
                lookup(t.key(i))
            };
            if let Some(cue) = cue.filter(|_| !p.inside_quotation(i)) {
                p.cue(i, cue);
            }
        }
        i += 1;
    }
    crate::headline::add(t, &mut p.out);
    drop_relays(&mut p.out);
    p.out.retain(|c| !c.dropped);
    p.out.sort_by_key(|c| c.content.start);
    p.out.dedup_by_key(|c| c.content.start);
    p.out
}

impl Pass<'_, '_> {
    fn cue(&mut self, i: usize, cue: Cue) {
        match cue.form {
            Form::Finite => self.finite(i, cue),
            Form::Participle => self.participle(i, cue),
            Form::Source => self.source(i),
        }
    }

    fn finite(&mut self, i: usize, cue: Cue) {
        let t = self.t;
        let Some(att) = scan_after(t, i, cue) else {
            return;
        };
        let Some(content) = content_at(t, &self.quoted, att.content) else {
            return;
        };
        let conjoined = has_conjunction(t.key(i));
        let before = subject_before(t, i).filter(|_| !conjoined);
        let mut attr_start = i;
        let (mention, implicit) = if let Some((s, e)) = before {
            attr_start = s;
            (self.explicit(t.slice(s, e), i), false)
        } else if let (Some(&(s, _)), Some(&(_, e))) = (att.subject.first(), att.subject.last()) {
            (self.explicit(t.slice(s, e), i), false)
        } else {
            (self.implicit(i), true)
        };
        let cue_end = cue_end(t, i, cue, att.content);
        self.push(i, cue_end, attr_start, mention, implicit, att.via, content);
    }

    fn participle(&mut self, i: usize, cue: Cue) {
        let t = self.t;
        let mut s = i + 1;
        if s < t.len() && cue.preps().iter().any(|p| p == t.key(s)) {
            s += 1;
        }
        if s < t.len() && t.is_word(s) && is_introducer(t.key(s)) {
            s += 1;
        }
        let Some(content) = content_at(t, &self.quoted, s) else {
            return;
        };
        let same_sentence = self
            .out
            .last()
            .filter(|c| c.content.after <= i && !(c.content.after..i).any(|k| t.ends_sentence(k)));
        let mention = match same_sentence {
            Some(c) => Mention {
                speaker: c.quote.speaker.clone(),
                role: c.quote.role.clone(),
            },
            None => self.implicit(i),
        };
        let cue_end = cue_end(t, i, cue, s);
        self.push(i, cue_end, i, mention, true, None, content);
    }

    /// `بحسب X` inside or right after a statement gives it a via; at the end of a bare clause, a
    /// medium X is the clause's speaker (`..., بحسب بي بي سي`).
    fn source(&mut self, i: usize) {
        let t = self.t;
        let attached = self.containing(i).or_else(|| {
            let k = self.out.len().checked_sub(1)?;
            let c = &self.out[k].content;
            (c.after <= i && !(c.after..i).any(|x| t.ends_sentence(x))).then_some(k)
        });
        if let Some(k) = attached {
            if let Some((via, _)) = via_phrase(t, i) {
                self.out[k].quote.via.get_or_insert(via);
            }
            return;
        }
        if self.out.last().is_some_and(|c| c.content.first > i) {
            return; // inside the attribution of the last statement, already read as its via
        }
        let Some((medium, e)) = via_phrase(t, i) else {
            return;
        };
        if e < t.len() && !t.ends_sentence(e) && !t.is_comma(e) {
            return;
        }
        let start = (0..i).rev().find(|&k| t.ends_sentence(k)).map_or(0, |k| k + 1);
        let Some(mut content) = content_at(t, &self.quoted, start) else {
            return;
        };
        if content.first >= i {
            return;
        }
        let mut end = i;
        while end > start && !t.is_word(end - 1) && t.toks[end - 1].kind != crate::token::Kind::Mark {
            end -= 1;
        }
        if end <= content.first + 1 {
            return;
        }
        content.after = end;
        content.end = t.toks[end - 1].end;
        let mention = Mention {
            speaker: Some(medium),
            role: None,
        };
        self.push(i, i + 1, i, mention, false, None, content);
    }

    /// True when token `i` is inside quotation marks: the quoted speaker's own words.
    fn inside_quotation(&self, i: usize) -> bool {
        let k = self.quoted.partition_point(|q| q.open < i);
        k > 0 && self.quoted[k - 1].close > i
    }

    /// The top-level statement whose content holds token `i`.
    fn containing(&self, i: usize) -> Option<usize> {
        let k = self.last_top?;
        let c = &self.out[k].content;
        (c.first <= i && i < c.after).then_some(k)
    }

    /// A stated speaker at token `at`: split, given the role of an earlier mention of the same
    /// name, and remembered for implicit subjects unless it sits inside another statement.
    fn explicit(&mut self, text: &str, at: usize) -> Mention {
        let mut m = Mention::from_speaker(text);
        if m.role.is_none() {
            if let Some(name) = m.speaker.as_deref() {
                let key = speaker_key(name);
                let earlier = self.mentions.iter().rev().find(|(_, e)| {
                    e.role.is_some()
                        && e.speaker
                            .as_deref()
                            .is_some_and(|s| same_speaker(&speaker_key(s), &key))
                });
                m.role = earlier.and_then(|(_, e)| e.role.clone());
            }
        }
        if self.containing(at).is_none() {
            self.mentions.push((at, m.clone()));
        }
        m
    }

    /// The speaker an implicit subject at token `i` continues: the last top-level mention, else
    /// the nearest described person before it.
    fn implicit(&mut self, i: usize) -> Mention {
        if let Some((_, m)) = self.mentions.last() {
            return m.clone();
        }
        match described_person(self.t, i, 80) {
            Some((s, e)) => {
                let m = Mention::from_speaker(self.t.slice(s, e));
                self.mentions.push((i, m.clone()));
                m
            }
            None => Mention::default(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        cue: usize,
        cue_end: usize,
        attr_start: usize,
        m: Mention,
        implicit: bool,
        via: Option<String>,
        content: Content,
    ) {
        let t = self.t;
        let nested = self.containing(cue).is_some();
        let quote = Quote {
            speaker: m.speaker,
            role: m.role,
            cue: t.slice(cue, cue_end).to_string(),
            text: t.text[content.start..content.end].to_string(),
            span: Span {
                start: content.start,
                end: content.end,
            },
            kind: content.kind,
            via,
            implicit,
            date: None,
        };
        if !nested {
            self.last_top = Some(self.out.len());
        }
        let attr_start_byte = t.toks[attr_start.min(cue)].start;
        self.out.push(Cand {
            quote,
            attr_start,
            attr_start_byte,
            content,
            nested,
            dropped: false,
        });
    }
}

/// The cue as written: the verb, plus its preposition when it follows directly.
fn cue_end(t: &Tokens, i: usize, cue: Cue, content: usize) -> usize {
    let next = i + 1;
    if next < t.len() && next < content && cue.preps().iter().any(|p| p == t.key(next)) {
        next + 1
    } else {
        i + 1
    }
}

/// Drops relays: a statement whose content opens with a nested statement.
fn drop_relays(out: &mut [Cand]) {
    for k in 0..out.len() {
        let first = out[k].content.first;
        let child =
            (k + 1..out.len()).find(|&c| out[c].nested && out[c].attr_start >= first && out[c].attr_start <= first + 1);
        if let Some(c) = child {
            let relay = out[k].quote.speaker.clone();
            if relay.as_deref().is_some_and(|s| is_medium(first_key(s).as_str())) && out[c].quote.via.is_none() {
                out[c].quote.via = relay;
            }
            out[k].dropped = true;
        }
    }
}

fn first_key(s: &str) -> String {
    let t = Tokens::new(s);
    (0..t.len())
        .find(|&i| t.is_word(i))
        .map(|i| t.key(i).to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::extract_quotes;

    fn spk(text: &str) -> Vec<(Option<String>, String, bool)> {
        extract_quotes(text, None)
            .into_iter()
            .map(|q| (q.speaker, q.text, q.implicit))
            .collect()
    }

    #[test]
    fn conjoined_verbs_and_participles_continue_the_speaker() {
        let text = "وقال المقدم خالد الغبان الناطق الرسمي لشرطة تبوك إن المرأة تقدمت ببلاغ.\n\
                    وأضاف أن المتهم مواطن يبلغ 31 عاما، مشيرا إلى أنه أحيل للتحقيق.";
        let q = spk(text);
        assert_eq!(q.len(), 3);
        assert!(q.iter().all(|(s, _, _)| s.as_deref() == Some("خالد الغبان")));
        assert_eq!(q[1].1, "المتهم مواطن يبلغ 31 عاما");
        assert!(q[1].2 && q[2].2);
    }

    #[test]
    fn a_relay_medium_becomes_via() {
        let q = extract_quotes(
            "ذكرت وسائل اعلام روسية، أن الكرملين أعلن أمس أن الجانبين مستعدان للحوار.",
            None,
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker.as_deref(), Some("الكرملين"));
        assert_eq!(q[0].via.as_deref(), Some("وسائل اعلام روسية"));
    }

    #[test]
    fn a_medium_after_a_bare_clause_is_its_speaker() {
        let text = "وتحركت شركات الهواتف ببطء لسد الثغرة، بحسب بي بي سي.";
        let q = spk(text);
        assert_eq!(
            q,
            vec![(
                Some("بي بي سي".into()),
                "وتحركت شركات الهواتف ببطء لسد الثغرة".into(),
                false
            )]
        );
        assert!(spk("وتوزع المقاعد بحسب كل تخصص.").is_empty(), "not a medium");
    }

    #[test]
    fn verbal_noun_objects_and_cues_inside_quotes() {
        let q = spk("أكدت وزارة العمل حرمان السيدات المتواطئات من الدعم.");
        assert_eq!(q[0].0.as_deref(), Some("وزارة العمل"));
        assert_eq!(q[0].1, "حرمان السيدات المتواطئات من الدعم");
        let q = spk("وقال إن الجانبين \"أبديا استعدادهما لمواصلة الحوار\".");
        assert_eq!(q.len(), 1, "أبديا is inside the quotation");
    }

    #[test]
    fn relative_pronoun_and_svo_subjects() {
        let q = spk("واستمعوا إلى شرح من منسق اللجنة عبدالله العساف، الذي أوضح أن المركز يضم طاقما كاملا.");
        assert_eq!(q[0].0.as_deref(), Some("عبدالله العساف"));
        let q = spk("لكن الرئيس الأمريكي شدد أيضاً على سعيه لبناء علاقة مستقرة مع روسيا.");
        assert_eq!(q[0].0.as_deref(), Some("الرئيس الأمريكي"));
    }
}
