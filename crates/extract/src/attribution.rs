//! Reading the attribution around a cue: who speaks, through which medium, where the content starts.
//!
//! After a finite verb (Arabic is mostly verb–subject–object) the scanner walks forward:
//! - words join the *subject* (`وقال المتحدث باسم الكرملين ديمتري بيسكوف`), commas allowing an
//!   apposition (`رئيس مجلس محافظة الأنبار، صباح كرحوت،`);
//! - adjuncts are skipped: times (`اليوم الأربعاء`, `أمس`), settings (`في بيان`, `خلال`), `بدوره`,
//!   relative clauses (`الذي ...`); a source phrase or `لـ` + medium (`وفقا لقناة العربية`,
//!   `لرويترز`) becomes the *via*;
//! - the content starts after `أن`/`إن`/`بأن` (with pronoun suffixes), after a colon, after one of
//!   the verb's prepositions (`أشار إلى`), or at a quotation mark;
//! - a sentence end, or too many words, means this is not a reporting use of the verb.
//!
//! For `نقل` ("relayed") the subject before `عن` is the relay and the speaker follows `عن`.

use crate::token::{Kind, Tokens};
use crate::verbs::{Cue, Form};
use crate::words::{is_medium, is_object, is_time_or_adjunct, words};

use crate::words::is_introducer;

/// What the scanner found after a cue.
#[derive(Debug, Clone, Default)]
pub(crate) struct Attribution {
    /// Token ranges of the speaker mention (one, or two for an apposition), in text order.
    pub subject: Vec<(usize, usize)>,
    /// The medium the statement came through.
    pub via: Option<String>,
    /// Token index where the content starts.
    pub content: usize,
}

const MAX_SUBJECT_WORDS: usize = 16;
const MAX_SCAN: usize = 40;

fn is_source(key: &str) -> bool {
    crate::verbs::lookup(key).is_some_and(|c| c.form == Form::Source)
}

/// Scans forward from the cue at token `v` (see the module docs).
pub(crate) fn scan_after(t: &Tokens, v: usize, cue: Cue) -> Option<Attribution> {
    let w = words();
    let mut a = Attribution::default();
    let mut cur: Option<(usize, usize)> = None;
    let mut adjunct = false;
    let mut frozen = false;
    let limit = (v + MAX_SCAN).min(t.len());
    let mut j = v + 1;
    while j < limit {
        let tok = t.toks[j];
        match tok.kind {
            Kind::Mark => match quoted_name(t, j) {
                Some(close) if !adjunct => {
                    cur = Some(cur.map_or((j, close + 1), |(s, _)| (s, close + 1)));
                    j = close + 1;
                    continue;
                }
                _ => return Some(finish(a, cur, j)),
            },
            Kind::Newline => return None,
            Kind::Punct if t.ends_sentence(j) => return None,
            Kind::Punct if t.punct(j) == Some(':') => return Some(finish(a, cur, j + 1)),
            Kind::Punct => {
                if t.is_comma(j) {
                    close(&mut a, &mut cur);
                    adjunct = false;
                    frozen = false;
                }
            }
            Kind::Word => {
                let key = t.key(j);
                if is_introducer(key) {
                    return Some(finish(a, cur, j + 1));
                }
                if cue.is_relay() && key == "عن" {
                    close(&mut a, &mut cur);
                    a.via = a.subject.drain(..).next().map(|(x, y)| t.slice(x, y).to_string());
                    adjunct = false;
                    j += 1;
                    continue;
                }
                if cue.preps().iter().any(|p| p == key) {
                    let next = j + 1;
                    let skip = next < t.len() && t.is_word(next) && is_introducer(t.key(next));
                    return Some(finish(a, cur, if skip { next + 1 } else { next }));
                }
                let has_subject = cur.is_some() || !a.subject.is_empty();
                if takes_b(cue, key) {
                    return Some(finish(a, cur, j));
                }
                if new_statement(t, j) {
                    return None;
                }
                if has_subject && !adjunct && !cue.weak && is_object(t, j) {
                    return Some(finish(a, cur, j));
                }
                if let Some((via, end)) = via_phrase(t, j) {
                    a.via = Some(via);
                    close(&mut a, &mut cur);
                    adjunct = has_subject;
                    j = end;
                    continue;
                } else if let Some((speaker, end)) = source_speaker(t, j) {
                    cur = None;
                    a.subject = vec![speaker];
                    adjunct = true;
                    j = end;
                    continue;
                } else if w.skip.contains(key) {
                } else if w.time.contains(key) {
                    close(&mut a, &mut cur);
                    frozen = has_subject;
                } else if w.adjunct.contains(key) || is_setting(t, j) || is_source(key) || is_participle(key) {
                    close(&mut a, &mut cur);
                    adjunct = true;
                } else if !adjunct && !frozen {
                    cur = Some(cur.map_or((j, j + 1), |(s, _)| (s, j + 1)));
                    let n: usize = a.subject.iter().map(|r| r.1 - r.0).sum();
                    if n + cur.map_or(0, |r| r.1 - r.0) > MAX_SUBJECT_WORDS {
                        return None;
                    }
                }
            }
        }
        j += 1;
    }
    None
}

/// A conjoined reporting verb (`وقال`): the scan ran into the next statement.
fn new_statement(t: &Tokens, j: usize) -> bool {
    let key = t.key(j);
    crate::verbs::lookup(key).is_some_and(|c| c.form == Form::Finite) && crate::verbs::has_conjunction(key)
}

fn is_participle(key: &str) -> bool {
    crate::verbs::lookup(key).is_some_and(|c| c.form == Form::Participle)
}

/// A short quotation (one to three words) followed by more words: a quoted name
/// (`أعلنت "جبهة النصرة" موافقتها`); returns its closing mark.
fn quoted_name(t: &Tokens, j: usize) -> Option<usize> {
    let close = (j + 1..t.len().min(j + 6)).find(|&k| !t.is_word(k))?;
    let words = close - j - 1;
    let is_close = t.toks[close].kind == Kind::Mark;
    let next_word = close + 1 < t.len() && t.is_word(close + 1);
    (is_close && (1..=3).contains(&words) && next_word).then_some(close)
}

/// `تعهدت السعودية بالإبقاء`: content opening with `ب` for verbs whose preposition is `ب`.
fn takes_b(cue: Cue, key: &str) -> bool {
    key.len() > 4 && key.starts_with('ب') && key != "باسم" && cue.preps().iter().any(|p| p == "ب")
}

/// `نقلا عن دائرة الصحة`, `بحسب البيت الأبيض`: the speaker named by a source phrase (a body or
/// person, not a medium), as a token range, and the index after it.
pub(crate) fn source_speaker(t: &Tokens, j: usize) -> Option<((usize, usize), usize)> {
    if !is_source(t.key(j)) {
        return None;
    }
    let mut k = j + 1;
    while k < t.len() && t.is_word(k) && matches!(t.key(k), "عن" | "ل" | "ما" | "لما" | "الى") {
        k += 1;
    }
    let start = k;
    while k < t.len() && t.is_word(k) && k < start + 8 {
        let key = t.key(k);
        if is_introducer(key) || is_time_or_adjunct(key) || crate::verbs::lookup(key).is_some() {
            break;
        }
        k += 1;
    }
    (k > start).then_some(((start, k), k))
}

fn close(a: &mut Attribution, cur: &mut Option<(usize, usize)>) {
    if let Some(r) = cur.take() {
        a.subject.push(r);
    }
}

fn finish(mut a: Attribution, mut cur: Option<(usize, usize)>, content: usize) -> Attribution {
    close(&mut a, &mut cur);
    a.content = content;
    a
}

/// `في بيان`, `في تصريح لـ...`: a setting, not part of the speaker.
fn is_setting(t: &Tokens, j: usize) -> bool {
    t.key(j) == "في" && j + 1 < t.len() && words().settings.iter().any(|s| t.key(j + 1).starts_with(s.as_str()))
}

/// A medium after `وفقا لـ`/`بحسب`/`نقلا عن`, or a bare `لـ`+medium (`لرويترز`, `لـ«الشرق الأوسط»`):
/// its text and the token index after it.
pub(crate) fn via_phrase(t: &Tokens, j: usize) -> Option<(String, usize)> {
    let source = is_source(t.key(j));
    let mut k = if source { j + 1 } else { j };
    if k < t.len() && matches!(t.key(k), "عن" | "ل" | "ما" | "لما") {
        k += 1;
        if matches!(t.key(k - 1), "ما" | "لما") && k < t.len() && t.is_word(k) && !is_medium(t.key(k)) {
            k += 1;
        }
    }
    if k < t.len() && t.toks[k].kind == Kind::Mark && k > j {
        let close = (k + 1..t.len().min(k + 8)).find(|&e| t.toks[e].kind == Kind::Mark)?;
        return (close > k + 1).then(|| (t.slice(k + 1, close).to_string(), close + 1));
    }
    if k >= t.len() || !t.is_word(k) {
        return None;
    }
    let head = t.key(k);
    let bare = head.strip_prefix('ل').unwrap_or(head);
    if !(bare.len() < head.len() || k > j) || !is_medium(bare) {
        return None;
    }
    let end = medium_end(t, k);
    let text = t.slice(k, end);
    Some((
        if bare.len() < head.len() {
            strip_lam(text)
        } else {
            text.to_string()
        },
        end,
    ))
}

fn medium_end(t: &Tokens, k: usize) -> usize {
    let mut end = k + 1;
    while end < t.len() && end < k + 6 && t.is_word(end) {
        let key = t.key(end);
        if is_introducer(key) || is_time_or_adjunct(key) || key == "عن" || key == "في" {
            break;
        }
        end += 1;
    }
    end
}

fn strip_lam(s: &str) -> String {
    match s.strip_prefix("لل") {
        Some(rest) => format!("ال{rest}"),
        None => s.strip_prefix('ل').unwrap_or(s).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::fold_key;
    use crate::verbs::lookup;

    fn scan(text: &str) -> Option<(Vec<String>, Option<String>, String)> {
        let t = Tokens::new(text);
        let v = (0..t.len()).find(|&i| lookup(t.key(i)).is_some()).unwrap();
        let a = scan_after(&t, v, lookup(t.key(v)).unwrap())?;
        let subject = a.subject.iter().map(|&(s, e)| t.slice(s, e).to_string()).collect();
        Some((subject, a.via, t.text[t.toks[a.content].start..].to_string()))
    }

    #[test]
    fn subject_via_and_content_of_the_seed_sentence() {
        let text = "وقال المتحدث باسم الكرملين ديمتري بيسكوف، وفقا لقناة العربية الإخبارية، إنه \"من المبكر\"";
        let (subject, via, content) = scan(text).unwrap();
        assert_eq!(subject, vec!["المتحدث باسم الكرملين ديمتري بيسكوف"]);
        assert_eq!(via.as_deref(), Some("قناة العربية الإخبارية"));
        assert!(content.starts_with('"'));
    }

    #[test]
    fn times_settings_and_prepositions_are_skipped() {
        let (s, _, c) = scan("أكد الكرملين، اليوم الأربعاء، أن روسيا ستدرس").unwrap();
        assert_eq!((s, c.as_str()), (vec!["الكرملين".to_string()], "روسيا ستدرس"));
        let (s, _, c) = scan("وأوضح خلال إجابته على أحد الأسئلة أن الرياض على علم").unwrap();
        assert!(s.is_empty());
        assert_eq!(c, "الرياض على علم");
        let (_, _, c) = scan("وأشار الجهني إلى أن الحريق محدود").unwrap();
        assert_eq!(c, "الحريق محدود");
    }

    #[test]
    fn relays_and_quoted_names() {
        let (s, via, _) = scan("ونقلت صحيفة الراي الكويتية عن كرحوت أنه “تم تحرير”").unwrap();
        assert_eq!(
            (s, via.as_deref()),
            (vec!["كرحوت".to_string()], Some("صحيفة الراي الكويتية"))
        );
        let (s, _, c) = scan("أعلنت \"جبهة النصرة\" موافقتها على تسليم النقاط").unwrap();
        assert_eq!(s, vec!["\"جبهة النصرة\"".to_string()]);
        assert!(c.starts_with("موافقتها"));
    }

    #[test]
    fn sentence_end_before_content_means_no_statement() {
        assert!(scan("وقال الرجل كلاما كثيرا. ثم مضى").is_none());
        let intro = |w: &str| is_introducer(&fold_key(w));
        assert!(intro("بأنهم") && intro("إنه") && intro("وأن") && !intro("انهار"));
    }
}
