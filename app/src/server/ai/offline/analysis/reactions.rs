//! How the tutor took the turn before: confirmed, corrected, probed or moved on, read from the
//! first words of the tutor's reply; and whether a tutor turn asked for an answer at all.

use super::turns::{TurnData, phrase_list, seq_at};

/// How the tutor took a student's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reaction {
    Confirmed,
    Corrected,
    /// The tutor went straight on to the next prompt.
    MovedOn,
    /// The tutor asked the student to justify or check ("Why careful over slow?").
    Probed,
    Neither,
}

/// Openings of a tutor turn that confirm the answer just given.
#[rustfmt::skip]
const CONFIRMATIONS: &[&str] = &[
    "yes", "yep", "yup", "yeah exactly", "exactly", "correct", "thats correct", "thats right",
    "thats it", "you got it", "youve got it", "youve got these", "you got these", "youre right",
    "great job", "good job", "nice job", "nice work", "great work", "good work", "well done",
    "perfect", "nice", "excellent", "awesome", "spot on", "good", "great", "bingo", "beautiful",
    "right on", "absolutely", "precisely", "totally right", "100 percent", "love it",
    "thats exactly", "thats the one", "that works", "you nailed", "nailed it", "nailed",
    "very good", "good thinking", "good eye", "good catch", "sure is", "it is", "definitely",
    "it counts", "that counts", "either works", "both work", "tres bien", "très bien",
    "you did that", "you did it", "all on your own", "why do you doubt", "dont doubt",
    "why arent you sure", "why maybe", "why not sure", "thats a great", "great answer",
    "good answer", "good example", "youre not bad", "thats true", "true",
];

/// Openings that mean the answer was not (fully) right.
#[rustfmt::skip]
const CORRECTIONS: &[&str] = &[
    "not quite", "not exactly", "not really", "almost", "close but", "so close", "close",
    "careful", "nope", "no", "hmm", "incorrect", "thats not", "not right", "wrong", "mistake",
    "common mistake", "common guess", "most common guess", "most common mistake", "good guess",
    "nice try", "not so fast", "actually", "you switched", "you flipped", "you mixed",
    "you forgot", "you missed", "thats backwards", "other way around", "the other way",
    "try again", "are you sure", "lets check", "let me stop you", "look again", "check that",
    "its not", "that would be", "remember", "not here", "not that", "the opposite",
    "half right", "thats too", "that goes beyond", "thats more of", "thats the one i see",
    "those are the", "be more specific", "not zero", "that gives", "flip that", "flip it",
    "theres no", "here its", "its actually", "thats actually", "you switched them",
    "thats the genotype", "thats the phenotype", "thats the same", "not sunlight",
];

phrase_list!(CONFIRMATION_LIST, CONFIRMATIONS);
phrase_list!(CORRECTION_LIST, CORRECTIONS);

/// The tutor's reaction in the first words of a turn.
pub(super) fn reaction(turn: &TurnData<'_>) -> Reaction {
    let end = turn.sentences.first().map_or(turn.text.len(), |&(_, e)| e);
    let first: Vec<&str> =
        turn.tokens.iter().take_while(|t| t.start < end).map(|t| t.text.as_str()).collect();
    let head = &first[..first.len().min(5)];
    // "Right" and "yeah" open many tutor turns as filler; count them only as the whole first
    // sentence ("Right!", "Yeah, exactly.").
    let opening = turn.text.trim_start();
    let short_ok = (first.len() <= 2 && first.iter().any(|w| matches!(*w, "right" | "yeah")))
        || ["Right,", "Right!", "Right.", "right,"].iter().any(|p| opening.starts_with(p));
    let confirmed =
        short_ok || (0..head.len().min(3)).any(|i| CONFIRMATION_LIST.at(head, i).is_some());
    let benign_no = seq_at(&first, 0, &["no", "problem"]) || seq_at(&first, 0, &["no", "worries"]);
    // "It's faster, but it makes much less." / "Slower does let in more light, but ...": a
    // concession followed by the correction.
    // "And if we double the mass but keep the same force?" asks the next thing instead.
    let first_is_question = turn.text[..end].trim_end().ends_with('?');
    let conceded = !first_is_question
        && first.iter().position(|w| *w == "but").is_some_and(|b| {
            (1..=12).contains(&b)
                && !matches!(first.get(b + 1), Some(&("also" | "remember" | "dont" | "thats")))
        });
    let not_first =
        first.first() == Some(&"not") && !matches!(first.get(1), Some(&("bad" | "only" | "just")));
    // A one-word correction ("Careful", "Almost") opens the turn (after "hmm"/"oh" at most);
    // longer ones may come a few words in ("Okay, not quite").
    let lead = usize::from(matches!(first.first(), Some(&("hmm" | "oh" | "um" | "well" | "so"))));
    let correction_at =
        |i: usize| CORRECTION_LIST.at(&first, i).is_some_and(|len| len >= 2 || i <= lead);
    let corrected =
        !benign_no && ((0..head.len().min(3)).any(correction_at) || conceded || not_first);
    let probed = matches!(first.first(), Some(&("why" | "check" | "prove" | "explain")))
        || seq_at(&first, 0, &["how", "do", "you", "know"])
        || seq_at(&first, 0, &["how", "did", "you", "get"])
        || seq_at(&first, 0, &["tell", "me", "how"])
        || seq_at(&first, 0, &["tell", "me", "why"])
        || seq_at(&first, 0, &["walk", "me", "through"])
        || seq_at(&first, 0, &["show", "me", "how"])
        || seq_at(&first, 0, &["are", "you", "sure"]) && !corrected;
    match (confirmed, corrected) {
        (_, true) => Reaction::Corrected,
        (true, false) => Reaction::Confirmed,
        _ if probed => Reaction::Probed,
        _ if turn.is_question() || starts_next_prompt(&first) => Reaction::MovedOn,
        _ => Reaction::Neither,
    }
}

fn starts_next_prompt(first: &[&str]) -> bool {
    matches!(
        first.first(),
        Some(&("and" | "now" | "next" | "try" | "what" | "how" | "ok" | "okay"))
    ) || seq_at(first, 0, &["what", "about"])
        || seq_at(first, 0, &["how", "about"])
}

/// Verbs a tutor prompts an answer with ("Try this one.", "Write the equation.").
#[rustfmt::skip]
pub(super) const PROMPT_VERBS: &[&str] = &[
    "try", "solve", "find", "write", "tell", "explain", "give", "name", "read", "calculate",
    "compute", "simplify", "factor", "graph", "convert", "translate", "conjugate", "describe",
    "show", "say", "figure", "work", "predict", "identify", "label", "pick", "choose", "go", "put",
    "fill", "complete", "finish", "evaluate", "expand", "rewrite", "balance", "plug",
];

/// Questions that check in rather than ask about the subject ("Any questions?", "Does that
/// make sense?"): what follows is no answer to judge.
#[rustfmt::skip]
const CHECK_INS: &[&str] = &[
    "any questions", "questions", "any other questions", "does that make sense", "make sense",
    "that make sense", "got it", "okay", "ok", "right", "ready", "sound good", "sounds good",
    "does that help", "all good", "you good", "clear", "anything else", "yeah", "cool",
];

fn is_check_in(turn: &TurnData<'_>, s: usize, e: usize) -> bool {
    let words: Vec<&str> = super::turns::tokens_in(&turn.tokens, s, e)
        .iter()
        .map(|t| t.text.as_str())
        .filter(|w| !matches!(*w, "so" | "and" | "um" | "alright" | "now" | "any" | "other"))
        .collect();
    let joined = words.join(" ");
    CHECK_INS.iter().any(|c| joined == *c || joined == c.trim_start_matches("any "))
}

/// Did the tutor's turn ask for an answer? A question (not a check-in), or a sentence that
/// opens with a prompt.
pub(super) fn prompts(turn: &TurnData<'_>) -> bool {
    turn.sentences
        .iter()
        .any(|&(s, e)| turn.text[s..e].trim_end().ends_with('?') && !is_check_in(turn, s, e))
        || turn.sentences.iter().any(|&(s, e)| {
            let words: Vec<&str> = super::turns::tokens_in(&turn.tokens, s, e)
                .iter()
                .map(|t| t.text.as_str())
                .filter(|w| {
                    !matches!(
                        *w,
                        "okay" | "ok" | "so" | "now" | "and" | "alright" | "next" | "then"
                    )
                })
                .collect();
            words.first().is_some_and(|w| PROMPT_VERBS.contains(w))
        })
}
