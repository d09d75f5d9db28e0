//! What the tutor announces ("Now, key signatures.", "Let's start with intervals.", "That's
//! called chiaroscuro."), defines ("An interval is the distance between two notes.") or
//! presents ("Perimeter is the distance around", "That's the distributive property"): lexicon
//! concepts said there are marked as announced, and announced phrases no lexicon knows become
//! concepts (key phrases both sides keep using are in `keyphrases`).

use std::collections::HashSet;

use super::super::lexicon::Lexicons;
use super::super::text::{Token, is_stopword};
use super::announce_words::{
    ANNOUNCE_LEADS, COUNTING, DEFINING_NEXT, DETERMINERS, GENERIC_HEADS, NOT_CONCEPTS, OPENERS,
    PHRASE_ENDS, PLACEHOLDERS, PRAISE, PRESENTING_VERBS, STRIPPED_HEADS,
};
use super::candidates::{Candidate, Mention, Source, is_ambiguous};
use super::turns::{TurnData, seq_at, tokens_in};
use crate::server::transcript::SpeakerRole;

/// A phrase the tutor put forward as a topic, in token positions of one turn.
#[derive(Debug, Clone, Copy)]
pub(super) struct Announced {
    pub turn: usize,
    pub from: usize,
    pub to: usize,
    /// The whole announced stretch this phrase came from ("kinetic and potential energy"):
    /// every lexicon concept named inside it was announced.
    pub whole: (usize, usize),
    /// A lone modifier before "and" ("kinetic" in "kinetic and potential energy"), which is
    /// no concept of its own.
    pub distributed: bool,
    /// Only marks a lexicon concept said there as announced; never a new phrase concept (a
    /// sentence's subject or a label: "Perimeter is the distance ...", "That's the
    /// distributive property").
    pub lexicon_only: bool,
    /// The phrase was one word before a logistics head ("the analysis part"): it marks the
    /// lexicon concept that is exactly that word, even an everyday one.
    pub sole: bool,
}

/// The noun phrase a tutor sentence opens with (after openers and determiners), when the
/// sentence presents it: a label ("That's the distributive property."), or a subject followed
/// by a presenting verb ("A proportion sets two ratios equal.", "Perimeter is the distance").
fn presented_subject(
    tokens: &[Token],
    text: &str,
    from: usize,
    end: usize,
    opened: bool,
) -> Option<(usize, usize)> {
    let word = |i: usize| tokens[i].text.as_str();
    let gap_before = |i: usize| &text[tokens[i - 1].end..tokens[i].start];
    let mut i = from;
    let label = i < end
        && (matches!(word(i), "thats" | "theyre")
            || (i + 1 < end
                && matches!(word(i), "that" | "this" | "these" | "those")
                && matches!(word(i + 1), "is" | "are")));
    if label {
        i += if matches!(word(i), "thats" | "theyre") { 1 } else { 2 };
    }
    while i < end && DETERMINERS.contains(&word(i)) {
        i += 1;
    }
    let start = i;
    while i < end && i - start < 5 {
        let w = word(i);
        if i > start {
            let gap = gap_before(i);
            let hyphen = gap.trim().is_empty() || gap == "-";
            if !hyphen || gap.contains([',', '.', ';', ':', '?', '!']) {
                break;
            }
        }
        // "of"/"versus" join two words; a hyphen makes one word of "off-by-one", "built-in".
        let joins = (i > start && (matches!(w, "of" | "vs" | "versus") || gap_before(i) == "-"))
            || tokens
                .get(i + 1)
                .is_some_and(|n| i + 1 < end && &text[tokens[i].end..n.start] == "-");
        if !w.chars().all(char::is_alphabetic)
            || (PRESENTING_VERBS.contains(&w) && !joins)
            || (PHRASE_ENDS.contains(&w) && !joins)
        {
            break;
        }
        i += 1;
    }
    if i == start {
        return None;
    }
    let at_end = i == end || gap_before(i).contains([',', '.', ';', ':', '!', '(']);
    let presents = i < end
        && PRESENTING_VERBS.contains(&word(i))
        && (!matches!(word(i), "is" | "are")
            || tokens
                .get(i + 1)
                .is_some_and(|t| i + 1 < end && DEFINING_NEXT.contains(&t.text.as_str())));
    // "Next, the built-in Desmos calculator.": a sentence that is only the phrase after an
    // opener puts it forward too.
    let alone = opened && at_end && i == end;
    ((label && at_end) || (!label && i < end && presents) || alone).then_some((start, i))
}

fn content(t: &Token) -> bool {
    !is_stopword(&t.text) && t.text.chars().any(char::is_alphabetic)
}

/// Is token `i` a number word joined by a hyphen to the next ("two-point", "one-sided")?
fn number_joined(tokens: &[Token], text: &str, i: usize) -> bool {
    const NUMBERS: &[&str] = &["one", "two", "three", "four", "five", "six", "ten"];
    NUMBERS.contains(&tokens[i].text.as_str())
        && tokens.get(i + 1).is_some_and(|n| &text[tokens[i].end..n.start] == "-")
}

/// May the phrase `a..b` become a concept of its own? Not when it opens with a word that never
/// starts one ("next", "hard", "two" — but "two-point perspective", a number joined by a hyphen,
/// does), ends with a logistics head ("problem"), or is one such word alone.
fn names_a_concept(tokens: &[Token], text: &str, a: usize, b: usize) -> bool {
    let word = |i: usize| tokens[i].text.as_str();
    let opens = !NOT_CONCEPTS.contains(&word(a)) || (number_joined(tokens, text, a) && a + 1 < b);
    if b - a == 1 {
        return !NOT_CONCEPTS.contains(&word(a));
    }
    // "right-of-way": a compound of three or more hyphenated words is one word, whatever its
    // last part ("two-step", a modifier, still needs a noun).
    let compound =
        b - a >= 3 && (a + 1..b).all(|i| &text[tokens[i - 1].end..tokens[i].start] == "-");
    opens && (!GENERIC_HEADS.contains(&word(b - 1)) || compound)
}

/// Up to five content words after an announcement cue, split at "and"/"or" into separate
/// phrases ("intervals and key signatures") unless the pair is itself a recurring term
/// ("supply and demand", said as one in other turns); each with whether it may only mark a
/// lexicon concept ("Now the unit circle." names one, "the next problem" makes none) and
/// whether it is one word left before a dropped logistics head (`Announced::sole`).
fn phrases_from(
    tokens: &[Token],
    text: &str,
    from: usize,
    end: usize,
    recurring: &dyn Fn(&[Token]) -> bool,
) -> (Vec<(usize, usize, bool, bool)>, bool) {
    let mut out = Vec::new();
    // A keyword written in capitals after another ("GROUP BY", "ORDER BY") is one term of code.
    let caps = |i: usize| {
        let surface = &text[tokens[i].start..tokens[i].end];
        surface.len() >= 2 && surface.chars().all(|c| c.is_ascii_uppercase())
    };
    let code = |i: usize| i > from && caps(i) && caps(i - 1);
    let mut k = from;
    while k < end && DETERMINERS.contains(&tokens[k].text.as_str()) {
        k += 1;
    }
    let mut start = k;
    // Whether the phrase ran to the end of its clause (not cut off by a verb or a joining word).
    let mut clean = false;
    while k < end {
        let word = tokens[k].text.as_str();
        // Punctuation between tokens ends the phrase ("Now negative exponents, which ...").
        let gap = if k > start { &text[tokens[k - 1].end..tokens[k].start] } else { "" };
        // A hyphen joins ("slope-intercept form"); a spaced dash or other punctuation ends.
        let dash = gap.contains(['-', '\u{2013}', '\u{2014}']) && gap.contains(char::is_whitespace);
        if gap.contains([',', '.', ';', ':', '?', '!', '(', ')']) || dash {
            clean = true;
            break;
        }
        if matches!(word, "and" | "or")
            && !(k > start && k + 1 < end && recurring(&tokens[start..(k + 2).min(end)]))
        {
            if k > start {
                out.push((start, k));
            }
            k += 1;
            while k < end && DETERMINERS.contains(&tokens[k].text.as_str()) {
                k += 1;
            }
            start = k;
            continue;
        }
        // "process of elimination", "ser vs estar": a joining word inside a phrase; "words in
        // context." too, when the word after "in" ends the clause.
        let clause_ends_after = |i: usize| {
            i + 1 >= end
                || text[tokens[i].end..tokens[i + 1].start].contains([',', '.', ';', ':', '?', '!'])
        };
        let joins = (matches!(word, "of" | "vs" | "versus")
            || (word == "in" && k + 1 < end && clause_ends_after(k + 1)))
            && k > start
            && tokens.get(k + 1).is_some_and(|t| k + 1 < end && content(t));
        if (PHRASE_ENDS.contains(&word) && !joins && !(k > start && code(k))) || k - start >= 5 {
            break;
        }
        k += 1;
    }
    if k > start {
        out.push((start, k));
    }
    clean |= k == end;
    let phrases = out
        .into_iter()
        .map(|(a, b)| {
            // Trim trailing function words ("the", "a") and keep the content run.
            let mut b = b;
            while b > a && !content(&tokens[b - 1]) && !code(b - 1) {
                b -= 1;
            }
            (a, b)
        })
        .filter(|&(a, b)| {
            b > a
                && tokens[a..b].iter().any(content)
                && tokens[a..b].iter().all(|t| t.text.chars().all(char::is_alphabetic))
                && (a..b).all(|i| {
                    content(&tokens[i])
                        || code(i)
                        || matches!(tokens[i].text.as_str(), "of" | "vs" | "versus" | "and" | "in")
                        || (number_joined(tokens, text, i) && i + 1 < b)
                })
        })
        .map(|(a, b)| {
            if b - a >= 2 && STRIPPED_HEADS.contains(&tokens[b - 1].text.as_str()) {
                // One word left is only a lexicon concept's name; more may be a new concept.
                let sole = b - a == 2;
                let lexicon_only = sole || !names_a_concept(tokens, text, a, b - 1);
                return (a, b - 1, lexicon_only, sole);
            }
            (a, b, !names_a_concept(tokens, text, a, b), false)
        })
        .collect();
    (phrases, clean)
}

/// Where the topic named after a placeholder starts, in the sentence's words: "Let's start
/// with something you know better, ser and estar, and ..." and "Let me show you one more small
/// thing, direct object pronouns." put the topic after the comma. The placeholder must follow an
/// announcement cue or "one more"/"another", and the comma come within six words of it.
fn appositive(
    tokens: &[Token],
    text: &str,
    offset: usize,
    words: &[&str],
    lead: Option<usize>,
) -> Option<usize> {
    let at = words.iter().position(|w| PLACEHOLDERS.contains(w))?;
    let cued = lead.is_some_and(|l| l < at)
        || words[..at].windows(2).any(|w| w == ["one", "more"])
        || words[..at].contains(&"another")
        || words[at.saturating_sub(3)..at].iter().any(|w| COUNTING.contains(w));
    if !cued {
        return None;
    }
    (at + 1..words.len().min(at + 7)).find(|&j| {
        let gap = &text[tokens[offset + j - 1].end..tokens[offset + j].start];
        gap.contains([',', ':']) && !gap.contains(['.', ';', '?', '!'])
    })
}

/// "ser and estar" after a placeholder is one topic, a pair of words studied together: two
/// one-word phrases joined by "and"/"vs" become one.
fn merge_pair(tokens: &[Token], found: &mut Vec<(usize, usize, bool, bool)>) {
    let n = found.len();
    if n < 2 {
        return;
    }
    let (a, b) = (found[n - 2], found[n - 1]);
    let joined = a.1 - a.0 == 1
        && b.1 - b.0 == 1
        && b.0 == a.1 + 1
        && matches!(tokens[a.1].text.as_str(), "and" | "vs" | "versus");
    if joined && !a.2 && !b.2 {
        found.truncate(n - 2);
        found.push((a.0, b.1, false, false));
    }
}

/// Announcements and definitions in the tutor's turns.
pub(super) fn announcements(turns: &[TurnData<'_>]) -> Vec<Announced> {
    let recurring = |phrase: &[Token]| {
        let keys: Vec<&str> = phrase.iter().map(|t| t.key.as_str()).collect();
        let mut hits: Vec<usize> = mentions_of(turns, &keys).into_iter().map(|m| m.turn).collect();
        hits.dedup();
        hits.len() >= 2
    };
    let mut out = Vec::new();
    for (ti, turn) in turns.iter().enumerate() {
        if turn.role == SpeakerRole::Student {
            continue;
        }
        for &(s, e) in &turn.sentences {
            let toks = tokens_in(&turn.tokens, s, e);
            let offset = turn.tokens.partition_point(|t| t.start < s);
            let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
            let mut k = 0;
            while k < words.len() && OPENERS.contains(&words[k]) {
                k += 1;
            }
            let mut found: Vec<(usize, usize, bool, bool)> = Vec::new();
            let lead = ANNOUNCE_LEADS.find(&words);
            if let Some((at, len)) = lead {
                found.extend(
                    phrases_from(
                        &turn.tokens,
                        turn.text,
                        offset + at + len,
                        offset + toks.len(),
                        &recurring,
                    )
                    .0,
                );
            } else if k > 0
                && words.len() - k <= 4
                && words.len() > k
                // "Now simplify.", "Okay, factor it.": a prompt to work, not a topic.
                && !super::reactions::PROMPT_VERBS.contains(&words[k])
                // "Well done.", "Nice connection.": praise, not a topic.
                && !words[..k].iter().all(|w| PRAISE.contains(w))
            {
                // "Now major scales." / "Next, negative exponents, which were on your quiz.";
                // not "Now the flats go counterclockwise." (a verb cuts the phrase short).
                let (phrases, clean) = phrases_from(
                    &turn.tokens,
                    turn.text,
                    offset + k,
                    offset + toks.len(),
                    &recurring,
                );
                if clean {
                    found.extend(phrases);
                }
            } else if k == 0
                && !words.is_empty()
                && words.len() <= 3
                && !super::reactions::PROMPT_VERBS.contains(&words[0])
                && !PRAISE.contains(&words[0])
            {
                // "Functional groups. A functional group is the part ...": a heading said on its
                // own and then talked about in the same turn.
                let (phrases, clean) =
                    phrases_from(&turn.tokens, turn.text, offset, offset + toks.len(), &recurring);
                let again = |a: usize, b: usize| {
                    let keys: Vec<&str> =
                        turn.tokens[a..b].iter().map(|t| t.key.as_str()).collect();
                    let later: Vec<&str> =
                        turn.tokens[offset + toks.len()..].iter().map(|t| t.key.as_str()).collect();
                    (0..later.len()).any(|i| seq_at(&later, i, &keys))
                };
                if clean {
                    found.extend(phrases.into_iter().filter(|&(a, b, _, _)| again(a, b)));
                }
            } else if let Some(is) = (k + 1..words.len().min(k + 5))
                .find(|&i| matches!(words[i], "is" | "are" | "means"))
            {
                // "An interval is the distance between two notes.": a definition.
                let defines = words.get(is + 1).is_some_and(|w| {
                    matches!(
                        *w,
                        "a" | "an" | "the" | "when" | "where" | "how" | "what" | "basically"
                    )
                });
                let starts_with_article =
                    matches!(words.get(k), Some(&("a" | "an" | "the"))) || words[k].ends_with('s');
                // "The Mid-Atlantic Ridge is the classic example.": an example, not a concept.
                // Nor is "The woman is the one receiving": a role in one example.
                let example = words[is + 1..].iter().take(4).any(|w| w.starts_with("example"))
                    || seq_at(&words, is + 1, &["the", "one"]);
                if defines
                    && starts_with_article
                    && !example
                    && !seq_at(&words, k, &["the", "answer"])
                {
                    found.extend(
                        phrases_from(&turn.tokens, turn.text, offset + k, offset + is, &recurring)
                            .0,
                    );
                }
            }
            let lead = lead.map(|(at, _)| at);
            if let Some(appositive) = appositive(&turn.tokens, turn.text, offset, &words, lead) {
                found.extend(
                    phrases_from(
                        &turn.tokens,
                        turn.text,
                        offset + appositive,
                        offset + toks.len(),
                        &recurring,
                    )
                    .0,
                );
                merge_pair(&turn.tokens, &mut found);
            }
            if let (Some(first), Some(last)) = (found.first(), found.last()) {
                let whole = (first.0, last.1);
                for (n, &(from, to, lexicon_only, sole)) in found.iter().enumerate() {
                    let distributed =
                        to - from == 1 && found.get(n + 1).is_some_and(|next| next.1 - next.0 >= 2);
                    out.push(Announced {
                        turn: ti,
                        from,
                        to,
                        whole,
                        distributed,
                        lexicon_only,
                        sole,
                    });
                }
            }
            if !turn.text[s..e].trim_end().ends_with('?')
                && let Some((from, to)) = presented_subject(
                    &turn.tokens,
                    turn.text,
                    offset + k,
                    offset + toks.len(),
                    k > 0,
                )
            {
                out.push(Announced {
                    turn: ti,
                    from,
                    to,
                    whole: (from, to),
                    distributed: false,
                    lexicon_only: true,
                    sole: false,
                });
            }
        }
    }
    out
}

/// Every place the phrase with these keys is said.
pub(super) fn mentions_of(turns: &[TurnData<'_>], keys: &[&str]) -> Vec<Mention> {
    let mut out = Vec::new();
    for (ti, turn) in turns.iter().enumerate() {
        let tk: Vec<&str> = turn.tokens.iter().map(|t| t.key.as_str()).collect();
        let mut k = 0;
        while k + keys.len() <= tk.len() {
            if seq_at(&tk, k, keys) {
                out.push(Mention { turn: ti, tok_start: k, tok_len: keys.len() });
                k += keys.len();
            } else {
                k += 1;
            }
        }
    }
    out
}

/// Marks announced lexicon concepts and adds announced phrases no lexicon knows.
pub(super) fn add_announced(
    lex: &Lexicons,
    subject: Option<usize>,
    subject_id: &str,
    turns: &[TurnData<'_>],
    announced: &[Announced],
    candidates: &mut Vec<Candidate>,
) {
    let mut added: HashSet<String> = HashSet::new();
    for &a in announced {
        let turn = &turns[a.turn];
        let keys: Vec<&str> = turn.tokens[a.from..a.to].iter().map(|t| t.key.as_str()).collect();
        // An announced lexicon concept: a candidate mentioned inside the announced phrase.
        let inside = |c: &Candidate, (from, to): (usize, usize)| {
            c.mentions
                .iter()
                .any(|m| m.turn == a.turn && m.tok_start >= from && m.tok_start + m.tok_len <= to)
        };
        // A lexicon concept is announced when it is (most of) what was announced: "shutter
        // speed" does not announce "Velocity" through the everyday word "speed".
        let covers = |c: &Candidate, (from, to): (usize, usize)| {
            c.mentions.iter().any(|m| {
                m.turn == a.turn
                    && m.tok_start >= from
                    && m.tok_start + m.tok_len <= to
                    && (m.tok_len * 2 >= to - from || m.tok_len >= 2)
                    && !(m.tok_len == 1
                        && is_ambiguous(&turn.tokens[m.tok_start].key)
                        && (to - from > 1 || (a.lexicon_only && !a.sole)))
                    // A subject or label must be the concept itself: "the exposure triangle"
                    // presents no triangle.
                    && (!a.lexicon_only || m.tok_len >= 2 || m.tok_len == to - from)
            })
        };
        let whole_len = a.whole.1 - a.whole.0;
        for c in candidates.iter_mut().filter(|c| c.source != Source::Phrase) {
            let announced = covers(c, (a.from, a.to))
                || (whole_len > a.to - a.from && covers(c, a.whole) && inside(c, a.whole));
            if announced && !c.announced.contains(&a.turn) {
                c.announced.push(a.turn);
            }
        }
        if a.distributed || a.lexicon_only || candidates.iter().any(|c| covers(c, (a.from, a.to))) {
            continue;
        }
        // A lexicon alias of another subject is not a new concept for this one.
        if subject.is_some() && lex.concepts.find(&keys).iter().any(|m| m.len == keys.len()) {
            continue;
        }
        // "Grass is the producer": an example classed under a concept the lexicon knows.
        let classed = turn
            .tokens
            .get(a.to)
            .is_some_and(|t| matches!(t.text.as_str(), "is" | "are"))
            && turn.tokens.get(a.to + 1).is_some_and(|t| DETERMINERS.contains(&t.text.as_str()))
            && candidates.iter().any(|c| {
                c.source != Source::Phrase
                    && c.mentions.iter().any(|m| m.turn == a.turn && m.tok_start == a.to + 2)
            });
        if classed {
            continue;
        }
        // A short word is no concept unless written as an acronym ("So, CPR.").
        let acronym = a.to - a.from == 1 && {
            let t = &turn.tokens[a.from];
            let surface = &turn.text[t.start..t.end];
            surface.len() >= 2 && surface.chars().all(|c| c.is_ascii_uppercase())
        };
        if keys.len() == 1 && (is_ambiguous(keys[0]) || (keys[0].len() < 4 && !acronym)) {
            continue;
        }
        let joined = keys.join(" ");
        if !added.insert(joined.clone()) {
            if let Some(c) = candidates.iter_mut().find(|c| {
                c.source == Source::Phrase
                    && super::super::text::phrase_keys(&c.name).join(" ") == joined
            }) && !c.announced.contains(&a.turn)
            {
                c.announced.push(a.turn);
            }
            continue;
        }
        let mentions = mentions_of(turns, &keys);
        let surface = turn.text[turn.tokens[a.from].start..turn.tokens[a.to - 1].end].to_string();
        candidates.push(Candidate::phrase(&surface, subject_id, mentions, vec![a.turn]));
    }
}
