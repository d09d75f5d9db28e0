//! Judging each concept: how central it was (ranking and selection), what the student showed on
//! it by the end of the session (the signal), and the lines that show it (evidence).

use std::collections::BTreeMap;

use super::acts::Act;
use super::candidates::{Candidate, Source};
use super::turns::TurnData;
use crate::server::transcript::{LineRange, SpeakerRole};

const MAX_CONCEPTS: usize = 8;
const MAX_EVIDENCE: usize = 5;
/// A candidate is kept when its score is at least this share of the top score.
const KEEP_RATIO: f64 = 0.15;

/// Ranks every candidate. `acts_of[ci]` are the acts attributed to candidate `ci`.
pub(super) fn score(candidates: &mut [Candidate], turns: &[TurnData<'_>], acts_of: &[Vec<&Act>]) {
    let n = turns.len().max(1) as f64;
    for (ci, c) in candidates.iter_mut().enumerate() {
        let mut weighted = 0.0f64;
        let mut longest = 1;
        for m in &c.mentions {
            let turn = &turns[m.turn];
            let role_w = match turn.role {
                SpeakerRole::Tutor => 1.0,
                // The student using a term themselves is a stronger sign it was engaged with.
                SpeakerRole::Student => 1.3,
                SpeakerRole::Other => 0.8,
            };
            let pos = m.turn as f64 / n;
            // Openings (agenda) and closings (recap) name the session's main concepts.
            let pos_w = if !(0.15..=0.85).contains(&pos) { 1.15 } else { 1.0 };
            weighted += role_w * pos_w;
            longest = longest.max(m.tok_len);
        }
        let turns_hit = c.turns();
        let spread = match (turns_hit.first(), turns_hit.last()) {
            (Some(a), Some(b)) => (b - a + 1) as f64 / n,
            _ => 0.0,
        };
        let mut s = (1.0 + weighted).ln() * (1.0 + spread);
        if c.mentioned_by(turns, SpeakerRole::Tutor) > 0
            && c.mentioned_by(turns, SpeakerRole::Student) > 0
        {
            s *= 1.2;
        }
        if !c.announced.is_empty() {
            s *= 1.6;
        }
        let acts = acts_of.get(ci).map_or(0, Vec::len);
        s *= 1.0 + 0.25 * acts.min(4) as f64;
        s *= 1.0 + 0.1 * (longest.min(4) - 1) as f64;
        if c.source == Source::Phrase {
            // Unvetted phrases rank below lexicon concepts with the same evidence.
            s *= 0.8;
        }
        c.score = s;
    }
}

/// Was the concept taught, not just said in passing? Announced, worked on by the student, or
/// kept coming up; an everyday word ("cell", "power") needs more than its mentions.
/// Does one of the acts name the concept in its own clause ("So the analysis is where I explain
/// ...", "I don't understand how to introduce a quote")?
fn named_in_act(c: &Candidate, acts_on: &[&Act]) -> bool {
    acts_on.iter().any(|a| {
        c.mentions
            .iter()
            .any(|m| m.turn == a.turn && a.clause.0 <= m.tok_start && m.tok_start < a.clause.1)
    })
}

fn taught(c: &Candidate, turns: &[TurnData<'_>], acts_on: &[&Act]) -> bool {
    let acts = acts_on.len();
    let named = named_in_act(c, acts_on);
    let turn_count = c.turns().len();
    let tutor = c.mentioned_by(turns, SpeakerRole::Tutor);
    let student = c.mentioned_by(turns, SpeakerRole::Student);
    let multiword = c.mentions.iter().any(|m| m.tok_len > 1);
    if c.ambiguous_only {
        // "return", "list", "cell": everyday words unless the tutor made them the topic or the
        // student worked on them by name.
        return !c.announced.is_empty() || (named && turn_count >= 2);
    }
    match c.source {
        Source::Phrase => {
            // Announced and then explained at length in the same turn counts too.
            let explained = c.announced.iter().any(|&t| turns[t].words() >= 25);
            (!c.announced.is_empty() && (turn_count >= 2 || acts >= 1 || explained))
                || (turn_count >= 3 && student >= 1)
        }
        Source::Lexicon(_) => {
            !c.announced.is_empty()
                || acts >= 1
                || turn_count >= 3
                || (turn_count >= 2 && (student >= 1 || multiword) && tutor >= 1)
        }
    }
}

/// Indices of the candidates to report, best first.
pub(super) fn select(
    candidates: &[Candidate],
    turns: &[TurnData<'_>],
    acts_of: &[Vec<&Act>],
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&ci| taught(&candidates[ci], turns, acts_of.get(ci).map_or(&[], Vec::as_slice)))
        .collect();
    order.sort_by(|&a, &b| {
        candidates[b]
            .score
            .total_cmp(&candidates[a].score)
            .then(candidates[a].mentions[0].turn.cmp(&candidates[b].mentions[0].turn))
            .then(candidates[a].name.cmp(&candidates[b].name))
    });
    let Some(&top) = order.first() else {
        return Vec::new();
    };
    let top_score = candidates[top].score;
    // When the tutor announced the lesson's topics, a concept they never announced is kept only
    // if the student worked on it or it dominated the talk. Only announcements of something
    // taught count ("First, a building block." announces no topic).
    let topics = order.iter().filter(|&&ci| !candidates[ci].announced.is_empty()).count();
    let kept: Vec<usize> = order
        .into_iter()
        .filter(|&ci| {
            let c = &candidates[ci];
            let acts = acts_of.get(ci).map_or(0, Vec::len);
            if topics >= 3 && c.announced.is_empty() && acts == 0 && c.score < 0.3 * top_score {
                return false;
            }
            c.score >= KEEP_RATIO * top_score
                || !c.announced.is_empty()
                || acts_of.get(ci).is_some_and(|a| a.iter().any(|act| act.is_negative()))
        })
        .collect();
    // The lesson's area: where the announced, worked-on concepts are. A concept from another
    // area ("Angles" in a unit-circle lesson, "Velocity" in an energy lesson) was a tool used
    // along the way, not what was taught, unless the tutor announced it.
    let weight = |ci: usize| {
        let c = &candidates[ci];
        1.0 + 3.0 * f64::from(u8::from(!c.announced.is_empty()))
            + acts_of.get(ci).map_or(0, Vec::len) as f64
            + c.mentioned_by(turns, SpeakerRole::Student) as f64
    };
    let mut areas: BTreeMap<&str, f64> = BTreeMap::new();
    for &ci in &kept {
        let area = candidates[ci].area.as_str();
        if !area.is_empty() {
            *areas.entry(area).or_default() += weight(ci);
        }
    }
    let top_area = areas.values().copied().fold(0.0f64, f64::max);
    let kept: Vec<usize> = kept
        .into_iter()
        .filter(|&ci| {
            let c = &candidates[ci];
            let acts = acts_of.get(ci).map_or(&[][..], Vec::as_slice);
            let struggles: Vec<&Act> = acts.iter().copied().filter(|a| a.is_negative()).collect();
            // Worked on by the student, or named by them in a struggle of their own ("I don't
            // understand how to introduce a quote").
            let worked_on = (acts.len() >= 2 && c.mentioned_by(turns, SpeakerRole::Student) >= 1)
                || (!c.ambiguous_only && named_in_act(c, &struggles));
            c.area.is_empty()
                || !c.announced.is_empty()
                || worked_on
                || areas.get(c.area.as_str()).is_some_and(|&w| w >= 0.4 * top_area)
        })
        .collect();
    // One idea reported once: a phrase that repeats a lexicon concept's words ("Genotype
    // versus phenotype" beside "Genotype and phenotype"), and an umbrella whose words every
    // one of two or more narrower concepts carries ("Energy" beside "Kinetic energy" and
    // "Potential energy"; "Passé composé" beside "Passé composé with avoir" and "... with être"),
    // or that one narrower concept carries when the umbrella is only an everyday word never
    // announced.
    let keys: Vec<Vec<String>> = kept.iter().map(|&ci| name_keys(&candidates[ci].name)).collect();
    let redundant = |n: usize| {
        let c = &candidates[kept[n]];
        let repeats_lexicon = c.source == Source::Phrase
            && kept.iter().enumerate().any(|(m, &other)| {
                m != n
                    && matches!(candidates[other].source, Source::Lexicon(_))
                    && keys[n].iter().all(|k| keys[m].contains(k))
            });
        let narrower = (0..kept.len())
            .filter(|&m| {
                m != n
                    && keys[m].len() > keys[n].len()
                    && keys[n].iter().all(|k| keys[m].contains(k))
            })
            .count();
        // An everyday word the tutor never made a topic ("Circles") beside one concept
        // carrying it ("Unit circle") too.
        let everyday = c.ambiguous_only && c.announced.is_empty();
        repeats_lexicon || narrower >= 2 || (narrower == 1 && everyday)
    };
    (0..kept.len()).filter(|&n| !redundant(n)).map(|n| kept[n]).take(MAX_CONCEPTS).collect()
}

/// A concept name's content words, plural-folded ("Genotype and phenotype" → genotype,
/// phenotype).
fn name_keys(name: &str) -> Vec<String> {
    super::super::text::phrase_keys(name)
        .into_iter()
        .filter(|k| {
            !matches!(k.as_str(), "and" | "of" | "the" | "vs" | "versus" | "a" | "an" | "with")
        })
        .collect()
}

/// What the student showed by the end of the session: the latest act that says something
/// decides (a struggle resolved by a later right answer is understanding; an early right answer
/// followed by "I still don't get it" is a struggle).
pub(super) fn signal(acts: &[&Act]) -> i8 {
    // A tutor moving on after an answer (a weak sign) never outweighs a said struggle.
    let decisive = acts
        .iter()
        .rev()
        .find(|a| a.value().abs() >= 0.8)
        .or_else(|| acts.iter().rev().find(|a| a.value().abs() >= 0.5));
    match decisive.map(|a| a.value()) {
        Some(v) if v > 0.0 => 1,
        Some(v) if v < 0.0 => -1,
        _ => 0,
    }
}

fn line_range(turns: &[TurnData<'_>], a: usize, b: usize) -> LineRange {
    LineRange { start: turns[a].number, end: turns[b].number }
}

/// The lines that show a concept: the student's own turns that decided its signal (latest
/// first), then where it was discussed most (runs of consecutive mention turns).
pub(super) fn evidence(c: &Candidate, acts: &[&Act], turns: &[TurnData<'_>]) -> Vec<LineRange> {
    let mut out: Vec<LineRange> = Vec::new();
    let push = |range: LineRange, out: &mut Vec<LineRange>| {
        let overlaps = out.iter().any(|r| r.start <= range.end && range.start <= r.end);
        if !overlaps && out.len() < MAX_EVIDENCE {
            out.push(range);
        }
    };
    let sign = signal(acts);
    let mut shown: Vec<&&Act> =
        acts.iter().filter(|a| sign == 0 || (a.value() > 0.0) == (sign > 0)).collect();
    shown.sort_by_key(|a| std::cmp::Reverse(a.turn));
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for m in &c.mentions {
        *counts.entry(m.turn).or_default() += 1;
    }
    let mut runs: Vec<(usize, usize, f64)> = Vec::new();
    for (&t, &k) in &counts {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == t => {
                run.1 = t;
                run.2 += k as f64;
            }
            _ => runs.push((t, t, k as f64)),
        }
    }
    for run in &mut runs {
        run.2 += 0.5 * (run.1 - run.0) as f64;
        if c.announced.iter().any(|&t| run.0 <= t && t <= run.1) {
            run.2 += 1.0;
        }
    }
    runs.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    // The turns that decided the signal come first, inside the discussion they belong to.
    for act in shown.iter().take(3) {
        let range = runs
            .iter()
            .find(|r| r.0 <= act.turn && act.turn <= r.1)
            .map_or((act.turn, act.turn), |r| (r.0, r.1));
        push(line_range(turns, range.0, range.1), &mut out);
    }
    for (a, b, _) in runs {
        push(line_range(turns, a, b), &mut out);
    }
    out
}
