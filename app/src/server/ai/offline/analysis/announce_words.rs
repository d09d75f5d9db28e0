//! The word lists the announcement rules in `phrases` read: what opens or leads into an
//! announcement, what ends or heads an announced phrase, and what never names a concept.

use super::turns::phrase_list;

phrase_list!(
    ANNOUNCE_LEADS,
    &[
        "lets start with",
        "lets begin with",
        "lets move on to",
        "lets move to",
        "lets switch to",
        "lets turn to",
        "lets go to",
        "lets talk about",
        "lets look at",
        "lets work on",
        "lets review",
        "lets go over",
        "lets practice",
        "lets focus on",
        "lets cover",
        "lets tackle",
        "lets get into",
        "lets dive into",
        "lets do",
        "lets try",
        "lets warm up with",
        "lets check",
        "lets make sure",
        "quick thing on",
        "quick thing about",
        "quick note on",
        "quick note about",
        "quick word on",
        "quick word about",
        "quick reminder about",
        "quick reminder on",
        "were going to work on",
        "were going to look at",
        "were going to cover",
        "were going to talk about",
        "were going to review",
        "were going to focus on",
        "were going to do",
        "were going to practice",
        "were going to go over",
        "were working on",
        "were looking at",
        "were covering",
        // "Your midterm covers the accounting equation, ..."
        "covers",
        "were doing",
        "we are doing",
        "well work on",
        "well look at",
        "well cover",
        "well do",
        "well go through",
        "well review",
        "well talk about",
        "well focus on",
        "well start with",
        "today is",
        "today is all",
        "todays topic is",
        "the topic is",
        // "First topic is right-of-way at a four-way stop."
        "topic is",
        "first up is",
        "up first is",
        "next up is",
        "next is",
        "moving on to",
        "on to",
        "switching to",
        "time for",
        "now for",
        "last thing",
        "one more thing",
        "next thing",
        "another thing",
        "first thing",
        "final thing",
        "last piece",
        "next topic",
        "the next topic is",
        "last topic",
        "thats called",
        "this is called",
        "its called",
        "they are called",
        "theyre called",
        // "Each of those steps is called a trophic level."
        "is called",
        "are called",
        "we call this",
        "we call that",
        "we call it",
        "known as",
        // "Then there's chiaroscuro, the strong contrast ...": a new term put forward.
        "then theres",
        "and theres",
        "now theres",
        "next theres",
        "theres also",
        // "Related to that are the command of evidence questions."
        "related to that are",
        "related to that is",
        "related to this are",
        "related to this is",
    ]
);

/// Words a sentence may open with before its announcement ("Okay, so now, ...").
pub(super) const OPENERS: &[&str] = &[
    "okay",
    "ok",
    "so",
    "alright",
    "all",
    "right",
    "great",
    "good",
    "perfect",
    "nice",
    "now",
    "next",
    "then",
    "and",
    "first",
    "second",
    "third",
    "last",
    "finally",
    "well",
    "cool",
    "today",
    "um",
    "uh",
    "yeah",
    "awesome",
    "excellent",
];

/// Openers that praise ("Nice connection.", "Well done."): alone they introduce no topic.
pub(super) const PRAISE: &[&str] =
    &["great", "good", "perfect", "nice", "well", "cool", "awesome", "excellent"];

/// Words that end an announced phrase.
pub(super) const PHRASE_ENDS: &[&str] = &[
    "which", "that", "where", "because", "since", "so", "today", "now", "first", "then", "for",
    "with", "when", "if", "to", "is", "are", "was", "were", "from", "by", "in", "on", "at", "you",
    "we", "i", "it", "this", "these", "they", "before", "after", "again", "together", "since",
    "like", "as", "but", "or", "into", "of", "about", "how", "what", "why",
    // Verbs: a phrase is a noun phrase ("Now the flats go counterclockwise" is not a topic).
    "go", "goes", "went", "get", "gets", "make", "makes", "take", "takes", "come", "comes", "give",
    "gives", "have", "has", "had", "do", "does", "did", "can", "will", "would", "should", "could",
    "need", "needs", "want", "wants", "look", "looks", "see", "seems", "let", "keep", "keeps",
    "tell", "tells", "show", "shows", "add", "adds", "move", "moves", "stay", "stays", "turn",
    "turns", "start", "starts", "mean", "means", "works", "slow", "catch", "check", "try",
    "equals", "plus", "minus", "times", "between", "than", "just", "well", "youll", "its", "thats",
    "theres", "heres", "lets", "im", "youre", "were",
];

pub(super) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "some", "your", "our", "my", "this", "that", "these", "those", "more", "any",
    "those", "their", "his", "her",
];

/// Words that never head a concept phrase.
#[rustfmt::skip]
pub(super) const NOT_CONCEPTS: &[&str] = &[
    "problem", "problems", "question", "questions", "example", "examples", "one", "ones",
    "thing", "things", "stuff", "part", "piece", "bit", "review", "quiz", "test", "homework",
    "session", "lesson", "time", "minute", "minutes", "page", "worksheet", "warm", "warmup",
    "start", "basics", "idea", "ideas", "trick", "tricks", "way", "ways", "here", "there",
    "something", "everything", "anything", "it", "that", "this", "what", "which", "last",
    "first", "next", "hard", "easy", "harder", "easier", "big", "small", "new", "old", "quick",
    "another", "same", "other", "few", "lot", "lots", "couple", "number", "numbers", "answer",
    "answers", "step", "steps", "section", "chapter", "unit", "notes", "list", "set", "sets",
    "game", "weekend", "break", "practice", "test", "exam", "class", "rest", "end",
    "definition", "definitions", "rule", "rules", "evening", "morning", "afternoon", "night",
    "trickier", "harder", "easier", "simpler", "better", "worse", "paragraph", "sentence",
    "english", "math", "science", "history", "spanish", "french", "chemistry", "physics",
    "biology", "reading", "writing", "grammar", "version", "option", "options", "choice",
    "choices", "side", "sides", "case", "cases", "two", "three", "four", "five", "ten",
    "best", "worst", "biggest", "smallest", "largest", "concept", "concepts", "topic", "topics",
    "skill", "skills",
];
/// Verbs after a sentence's opening noun phrase that present what the phrase is or does
/// ("Electronegativity *is* how hard ...", "Scientific notation *uses* powers of ten").
#[rustfmt::skip]
pub(super) const PRESENTING_VERBS: &[&str] = &[
    "is", "are", "means", "uses", "sets", "tells", "gives", "measures", "describes", "shows",
    "lets", "helps", "refers", "stands", "compares", "says", "happens", "works", "depends",
    "applies", "ties", "connects", "turns", "makes",
];

/// What may follow "is"/"are" when the sentence defines its subject ("Perimeter is *the*
/// distance around", "is *how* hard"), unlike a value ("The slope is 3").
#[rustfmt::skip]
pub(super) const DEFINING_NEXT: &[&str] = &[
    "a", "an", "the", "how", "what", "when", "where", "why", "basically", "just", "about",
    "like", "all", "called", "really", "actually", "whatever", "any", "one", "your", "our",
];
/// Words that head a phrase about the lesson's logistics rather than a concept ("the next
/// problem", "a harder one"); unlike `NOT_CONCEPTS` they leave "the accusative case", "the
/// power rule" and "prime numbers" alone.
#[rustfmt::skip]
pub(super) const GENERIC_HEADS: &[&str] = &[
    "problem", "problems", "question", "questions", "example", "examples", "one", "ones",
    "thing", "things", "stuff", "part", "piece", "bit", "review", "quiz", "test", "homework",
    "session", "lesson", "time", "minute", "minutes", "page", "worksheet", "way", "ways", "answer",
    "answers", "step", "steps", "section", "chapter", "notes", "list", "game", "weekend", "break",
    "practice", "exam", "class", "rest", "end", "version", "option", "options", "choice",
    "choices", "idea", "ideas", "trick", "tricks", "unit",
];

/// Logistics heads dropped from the end of an announced phrase when words remain: "the
/// analysis part" announces analysis, "the command of evidence questions" (a kind of
/// question) command of evidence; "the phone plan problem" (one problem) stays a prop.
pub(super) const STRIPPED_HEADS: &[&str] = &["part", "parts", "questions", "problems", "section"];

/// Words that stand for a topic about to be named after a comma ("something you know better,
/// ser and estar", "one more small thing, direct object pronouns").
#[rustfmt::skip]
pub(super) const PLACEHOLDERS: &[&str] = &[
    "something", "thing", "things", "topic", "topics", "concept", "concepts", "skill", "skills",
    "idea", "ideas", "type", "types", "kind", "kinds",
];

/// Words that, a few words before a placeholder, count it off as the lesson's agenda: "two
/// things: gluten and proofing", "Second idea: urbanization.", "Next concept: GROUP BY."
pub(super) const COUNTING: &[&str] = &[
    "one", "two", "three", "four", "first", "second", "third", "fourth", "next", "last", "final",
    "main", "big", "key", "new",
];
