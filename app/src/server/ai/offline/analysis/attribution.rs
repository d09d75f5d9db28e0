//! Which concept an act is about. In the student's own clause a concept they name wins (the
//! one after a marker: "I'm confused about *the discriminant*"); a bare answer or "I don't
//! know" is about what the tutor just asked (the concept in the question's sentence, then
//! anywhere in that turn), then about the topic the tutor last put forward; a corrected answer
//! can also be placed by the correction itself.

use super::acts::{Act, ActKind};
use super::candidates::{Candidate, Source};
use super::turns::TurnData;
use crate::server::transcript::SpeakerRole;

/// How far back (in turns) the tutor's current topic still holds.
const TOPIC_REACH: usize = 6;
/// How far back an answer to a follow-up question still continues the exchange.
const FOLLOW_UP_REACH: usize = 4;
/// How far back a struggle still belongs to the concept the tutor last named.
const LONG_REACH: usize = 16;

/// The last concept a tutor turn named within `reach` turns before `turn`.
fn topic_within(
    turn: usize,
    reach: usize,
    turns: &[TurnData<'_>],
    candidates: &[Candidate],
    by_turn: &[Vec<(usize, usize)>],
    allowed: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    (turn.saturating_sub(reach)..turn)
        .rev()
        .filter(|&t| turns[t].role != SpeakerRole::Student)
        .find_map(|t| topical_mention(t, turns, candidates, by_turn, allowed))
}

/// The last concept a turn names as a whole (not one piece of it: "the fraction bar").
fn topical_mention(
    t: usize,
    turns: &[TurnData<'_>],
    candidates: &[Candidate],
    by_turn: &[Vec<(usize, usize)>],
    allowed: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    by_turn[t]
        .iter()
        .rev()
        .find(|&&(ci, pos)| {
            allowed(ci) && !names_a_piece(&turns[t], pos, candidates[ci].mentions.iter())
        })
        .map(|&(ci, _)| ci)
}

/// Is the mention at token `pos` followed by a word naming a piece of something ("the
/// fraction *bar*", "the negative sign *part*", "the exponent *step*")?
fn names_a_piece<'m>(
    turn: &TurnData<'_>,
    pos: usize,
    mut mentions: impl Iterator<Item = &'m super::candidates::Mention>,
) -> bool {
    const PIECES: &[&str] = &["bar", "part", "step", "bit", "piece", "thing", "sign", "line"];
    let len = mentions.find(|m| m.tok_start == pos).map_or(1, |m| m.tok_len);
    turn.tokens.get(pos + len).is_some_and(|t| PIECES.contains(&t.text.as_str()))
}

/// Per turn: (candidate, token position) of every mention.
pub(super) fn mentions_by_turn(
    candidates: &[Candidate],
    n_turns: usize,
) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); n_turns];
    for (ci, c) in candidates.iter().enumerate() {
        for m in &c.mentions {
            out[m.turn].push((ci, m.tok_start));
        }
    }
    for list in &mut out {
        list.sort_by_key(|&(_, pos)| pos);
    }
    out
}

/// The topic the tutor has put forward by turn `turn` (exclusive): the last concept announced,
/// else the last one a tutor turn mentioned, within reach.
fn topic_before(
    turn: usize,
    turns: &[TurnData<'_>],
    candidates: &[Candidate],
    by_turn: &[Vec<(usize, usize)>],
    allowed: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let from = turn.saturating_sub(TOPIC_REACH);
    // Of several concepts one turn announced, the one of its last announcing sentence; within
    // one sentence, an agenda ("two things: gluten development and proofing"), the first.
    let announced = (from..turn).rev().find_map(|t| {
        let sentence_of = |pos: usize| {
            let at = turns[t].tokens.get(pos).map_or(usize::MAX, |tok| tok.start);
            turns[t].sentences.iter().filter(|&&(s, _)| s <= at).count()
        };
        candidates
            .iter()
            .enumerate()
            .filter(|(ci, c)| allowed(*ci) && c.announced.contains(&t))
            .max_by_key(|(ci, c)| {
                let pos = c.mentions.iter().filter(|m| m.turn == t).map(|m| m.tok_start).min();
                pos.map_or((0, std::cmp::Reverse(usize::MAX), *ci), |pos| {
                    (sentence_of(pos), std::cmp::Reverse(pos), *ci)
                })
            })
            .map(|(ci, _)| ci)
    });
    announced.or_else(|| {
        (from..turn)
            .rev()
            .filter(|&t| turns[t].role != SpeakerRole::Student)
            .find_map(|t| topical_mention(t, turns, candidates, by_turn, allowed))
    })
}

/// The topic the tutor announced within reach before `turn` and then kept naming, or a lexicon
/// concept announced in the turn just before (a phrase named once in passing, "a building
/// block", is no topic).
fn announced_topic(
    turn: usize,
    turns: &[TurnData<'_>],
    candidates: &[Candidate],
    by_turn: &[Vec<(usize, usize)>],
    allowed: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let from = turn.saturating_sub(TOPIC_REACH);
    topic_before(turn, turns, candidates, by_turn, allowed).filter(|&t| {
        candidates[t].announced.iter().any(|&a| a >= from && a < turn)
            && (candidates[t].turns().len() >= 2
                || (candidates[t].source != Source::Phrase
                    && turn.checked_sub(1).is_some_and(|p| candidates[t].announced.contains(&p))))
    })
}

/// The concept a tutor turn asks about: one named in its last question sentence (the most
/// discussed of them, when it names several: "the side opposite the angle" is about the ratios,
/// not about angles), else the last one it names; with whether the question named it.
fn asked_about(
    turn: &TurnData<'_>,
    mentions: &[(usize, usize)],
    candidates: &[Candidate],
    allowed: &dyn Fn(usize) -> bool,
) -> Option<(usize, bool)> {
    let last_question = turn
        .sentences
        .iter()
        .rev()
        .find(|&&(s, e)| turn.text[s..e].trim_end().ends_with('?'))
        .copied();
    if let Some((s, e)) = last_question {
        let in_question = mentions
            .iter()
            .enumerate()
            .filter(|&(_, &(ci, pos))| {
                allowed(ci) && turn.tokens.get(pos).is_some_and(|t| t.start >= s && t.end <= e)
            })
            .max_by_key(|&(order, &(ci, _))| (candidates[ci].turns().len(), order));
        if let Some((_, &(ci, _))) = in_question {
            return Some((ci, true));
        }
    }
    // "Let's factor x squared minus x minus 6. What two numbers…?": a concept the turn sets
    // as the work to do is what the question asks about, as if the question had named it.
    let set_as_work = |pos: usize| {
        let word = |i: usize| turn.tokens.get(i).map(|t| t.text.as_str());
        super::reactions::PROMPT_VERBS.contains(&word(pos).unwrap_or_default())
            || pos.checked_sub(1).and_then(word).is_some_and(|w| matches!(w, "lets" | "us"))
    };
    mentions.iter().rev().find(|(ci, _)| allowed(*ci)).map(|&(ci, pos)| (ci, set_as_work(pos)))
}

/// The lesson topic in force at `turn`: the concept announced last before it (any distance),
/// when the tutor announces topics at all.
fn segment_topic(
    turn: usize,
    candidates: &[Candidate],
    allowed: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    candidates
        .iter()
        .enumerate()
        .filter(|(ci, _)| allowed(*ci))
        .filter_map(|(ci, c)| c.announced.iter().filter(|&&t| t <= turn).max().map(|&t| (t, ci)))
        .max()
        .map(|(_, ci)| ci)
}

/// Picks the concept of one act (among the `allowed` candidates). A concept the tutor never
/// announced gives way to the lesson topic in force ("the fraction bar confuses me" during the
/// quadratic formula is about the formula).
pub(super) fn attribute(
    act: &Act,
    turns: &[TurnData<'_>],
    candidates: &[Candidate],
    by_turn: &[Vec<(usize, usize)>],
    allowed: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    place(act, turns, candidates, by_turn, allowed)
}

fn place(
    act: &Act,
    turns: &[TurnData<'_>],
    candidates: &[Candidate],
    by_turn: &[Vec<(usize, usize)>],
    allowed: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let i = act.turn;
    let (from, to) = act.clause;
    // Mentions are sorted by position: the clause's are one slice (a huge turn stays linear).
    let all = &by_turn[i];
    let (a, b) = (all.partition_point(|&(_, p)| p < from), all.partition_point(|&(_, p)| p < to));
    // 1. Named in the act's own clause: after the marker first, else the nearest before it.
    // A number ("9.8" for g) in a worked answer is a value used, not a concept named.
    let numeric = |pos: usize| {
        turns[i].tokens.get(pos).is_some_and(|t| t.text.chars().all(|c| c.is_ascii_digit()))
    };
    let in_clause: Vec<(usize, usize)> =
        all[a..b].iter().copied().filter(|&(ci, pos)| allowed(ci) && !numeric(pos)).collect();
    let anchor = act.anchor.unwrap_or(from);
    let after = in_clause.iter().filter(|(_, pos)| *pos >= anchor).min_by_key(|(_, pos)| *pos);
    let before = in_clause.iter().filter(|(_, pos)| *pos < anchor).max_by_key(|(_, pos)| *pos);
    if let Some(&(ci, pos)) = after.or(before) {
        // "The fraction bar thing confuses me" while the quadratic formula is worked: a remark
        // about one piece of the procedure in force, not about fractions.
        if act.is_negative() && names_a_piece(&turns[i], pos, candidates[ci].mentions.iter()) {
            let topic = topic_before(i, turns, candidates, by_turn, allowed)
                .or_else(|| topic_within(i, LONG_REACH, turns, candidates, by_turn, allowed));
            if let Some(t) =
                topic.filter(|&t| t != ci && !candidates[ci].announced.iter().any(|&a| a < i))
            {
                return Some(t);
            }
        }
        // An answer in the segment the tutor just announced practises that topic, whatever
        // quantity it names ("Now, Newton's second law. ... What's the acceleration?" → "2
        // meters per second squared").
        let answer =
            matches!(act.kind, ActKind::Right { .. } | ActKind::Wrong | ActKind::Explained { .. });
        if answer
            && !candidates[ci].announced.iter().any(|&a| a < i)
            && let Some(t) = announced_topic(i, turns, candidates, by_turn, allowed).or_else(|| {
                (candidates[ci].source == Source::Phrase)
                    .then(|| segment_topic(i, candidates, allowed))
                    .flatten()
            })
            && t != ci
            && !contains_name(&candidates[ci].name, &candidates[t].name)
        {
            return Some(t);
        }
        return Some(ci);
    }
    // 2. Named elsewhere in the same turn, in an earlier clause ("Key signatures are my weak
    //    spot. I can never remember them."); for a bare struggle also in a later one ("Ugh.
    //    Key signatures are my weak spot."): the student's own words say what it is about.
    if let Some(&(ci, _)) = all[..a].iter().rev().find(|(ci, _)| allowed(*ci)) {
        return Some(ci);
    }
    if act.is_negative()
        && let Some(&(ci, _)) = all[b..].iter().find(|(ci, _)| allowed(*ci))
    {
        return Some(ci);
    }
    let first_here = || all.iter().find(|(ci, _)| allowed(*ci)).map(|&(ci, _)| ci);
    // A claim counts only for the concept its clause names.
    if matches!(act.kind, ActKind::Claimed) {
        return None;
    }
    // An explanation counts only for a concept the student named or, when it answers the
    // tutor's question, the question's concept.
    let prompted = i
        .checked_sub(1)
        .is_some_and(|p| turns[p].role != SpeakerRole::Student && turns[p].text.contains('?'));
    let explained = matches!(act.kind, ActKind::Explained { .. }) && !prompted;
    // A corrected answer whose correction names the concept ("Close, but ... That's the
    // distributive property.") is about that concept.
    if matches!(act.kind, ActKind::Wrong)
        && turns.get(i + 1).is_some_and(|t| t.role != SpeakerRole::Student)
        && let Some(ci) = (0..candidates.len())
            .find(|&ci| allowed(ci) && candidates[ci].announced.contains(&(i + 1)))
    {
        return Some(ci);
    }
    // 3. What the tutor just asked; a more specific topic that contains it wins ("has a slope
    //    of 4, write the equation" while the topic is slope-intercept form).
    if let Some(prev) = i.checked_sub(1).filter(|&p| turns[p].role != SpeakerRole::Student)
        && let Some((ci, in_question)) =
            asked_about(&turns[prev], &by_turn[prev], candidates, allowed)
    {
        let topic = topic_before(i, turns, candidates, by_turn, allowed);
        // A question that names nothing ("How fast is it going at the bottom?") asks about
        // the topic the tutor announced, not a concept the setup happened to name.
        let announced_topic = announced_topic(i, turns, candidates, by_turn, allowed);
        // The wider concept the tutor announced earlier, at any distance, that this one is part
        // of ("has a slope of 4, write the equation" once slope-intercept form is the lesson).
        let wider = (0..candidates.len())
            .filter(|&t| allowed(t) && t != ci)
            .filter(|&t| contains_name(&candidates[t].name, &candidates[ci].name))
            .filter_map(|t| {
                candidates[t].announced.iter().filter(|&&a| a < i).max().map(|&a| (a, t))
            })
            .max()
            .map(|(_, t)| t);
        return Some(match (topic, announced_topic) {
            _ if wider.is_some() => wider.unwrap_or(ci),
            (Some(t), _) if t != ci && contains_name(&candidates[t].name, &candidates[ci].name) => {
                t
            }
            // A question naming a concept the tutor never announced still practises the topic
            // that same turn announced ("Let's check Ohm's law. ... What's the current?").
            (_, Some(t))
                if !in_question
                    || (candidates[t].announced.contains(&prev)
                        && !candidates[ci].announced.iter().any(|&a| a < i)) =>
            {
                t
            }
            _ => ci,
        });
    }
    // An explanation, or an answer the tutor just moved on from, is too weak to place by the
    // topic alone.
    let weak = matches!(act.kind, ActKind::Right { confirmed: false });
    if explained || weak {
        // An account the tutor confirmed, given while working on the topic just announced
        // ("So kneading is basically lining the proteins up." → "Perfect."), is about it.
        if matches!(act.kind, ActKind::Explained { confirmed: true })
            && let Some(t) =
                first_here().or_else(|| announced_topic(i, turns, candidates, by_turn, allowed))
        {
            return Some(t);
        }
        return first_here();
    }
    // 4. The topic the tutor put forward; for a struggle, the concept the tutor last named
    //    even a while back (the worked example can run for many turns).
    if let Some(ci) = topic_before(i, turns, candidates, by_turn, allowed) {
        return Some(ci);
    }
    if act.is_negative()
        && let Some(ci) = topic_within(i, LONG_REACH, turns, candidates, by_turn, allowed)
    {
        return Some(ci);
    }
    // 5. A corrected answer, placed by the correction: the concept its first sentence names
    //    ("I didn't, but I believe you. Okay, your test is the ecology unit." corrects nothing
    //    about ecology).
    if matches!(act.kind, ActKind::Wrong)
        && let Some(next) = by_turn.get(i + 1)
        && let Some(first_end) = turns[i + 1].sentences.first().map(|&(_, e)| e)
        && let Some(&(ci, _)) = next.iter().find(|&&(ci, pos)| {
            allowed(ci) && turns[i + 1].tokens.get(pos).is_some_and(|t| t.end <= first_end)
        })
    {
        return Some(ci);
    }
    // 6. Named later in the same turn.
    if let Some(ci) = first_here() {
        return Some(ci);
    }
    // 7. An answer to a follow-up that names nothing ("What do you think makes it one?")
    //    continues the exchange: the concept last named by either side a few turns back.
    if prompted && !act.is_negative() {
        return (i.saturating_sub(FOLLOW_UP_REACH)..i)
            .rev()
            .find_map(|t| topical_mention(t, turns, candidates, by_turn, allowed));
    }
    None
}

/// Does the name `outer` contain every word of `inner` ("Slope-intercept form" ⊃ "Slope")?
fn contains_name(outer: &str, inner: &str) -> bool {
    let outer = super::super::text::phrase_keys(outer);
    let inner = super::super::text::phrase_keys(inner);
    inner.len() < outer.len() && inner.iter().all(|w| outer.contains(w))
}
