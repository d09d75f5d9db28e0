//! Per-turn preparation shared by every stage: tokens, effective roles, sentences and clauses,
//! and the small word-sequence helpers the stages match markers with.

use std::sync::LazyLock;

use super::super::text::{Token, sentences, tokenize};
use crate::server::transcript::{ParsedTranscript, SpeakerRole};

pub(super) struct TurnData<'a> {
    /// 1-based line number shown in the transcript view.
    pub number: usize,
    pub role: SpeakerRole,
    pub text: &'a str,
    pub tokens: Vec<Token>,
    /// Sentence byte ranges.
    pub sentences: Vec<(usize, usize)>,
}

impl TurnData<'_> {
    pub fn words(&self) -> usize {
        self.tokens.len()
    }

    pub fn token_texts(&self) -> Vec<&str> {
        self.tokens.iter().map(|t| t.text.as_str()).collect()
    }

    /// Token index ranges of the turn's clauses: sentences, further split before a contrast
    /// ("I get the slope part | but the y-intercept thing confuses me").
    pub fn clauses(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for &(s, e) in &self.sentences {
            let from = self.tokens.partition_point(|t| t.start < s);
            let to = self.tokens.partition_point(|t| t.end <= e);
            let mut start = from;
            for k in from..to {
                let contrast = matches!(
                    self.tokens[k].text.as_str(),
                    "but" | "though" | "although" | "except" | "however" | "whereas"
                );
                if contrast && k > start {
                    out.push((start, k));
                    start = k;
                }
            }
            if start < to {
                out.push((start, to));
            }
        }
        out
    }

    pub fn is_question(&self) -> bool {
        self.text.trim_end().ends_with('?')
    }
}

/// Parsers may leave roles as `Other` when a transcript names only one side; then the unnamed
/// side is taken to be the other party so signals and action items still work.
fn effective_roles(transcript: &ParsedTranscript) -> Vec<SpeakerRole> {
    let has_tutor = transcript.turns.iter().any(|t| t.role == SpeakerRole::Tutor);
    let has_student = transcript.turns.iter().any(|t| t.role == SpeakerRole::Student);
    transcript
        .turns
        .iter()
        .map(|t| match t.role {
            SpeakerRole::Other if has_tutor && !has_student => SpeakerRole::Student,
            SpeakerRole::Other if has_student && !has_tutor => SpeakerRole::Tutor,
            role => role,
        })
        .collect()
}

pub(super) fn prepare(transcript: &ParsedTranscript) -> Vec<TurnData<'_>> {
    transcript
        .turns
        .iter()
        .zip(effective_roles(transcript))
        .map(|(t, role)| TurnData {
            number: t.number,
            role,
            text: &t.text,
            tokens: tokenize(&t.text),
            sentences: sentences(&t.text),
        })
        .collect()
}

/// The tokens lying inside the byte range `s..e`. Tokens are sorted by position, so this is two
/// binary searches: per-sentence scans stay linear even for a huge single turn.
pub(super) fn tokens_in(tokens: &[Token], s: usize, e: usize) -> &[Token] {
    let from = tokens.partition_point(|t| t.start < s);
    let to = tokens.partition_point(|t| t.end <= e);
    &tokens[from..to.max(from)]
}

/// Does `seq` occur in `words` starting at `at`?
pub(super) fn seq_at<S: AsRef<str>>(words: &[S], at: usize, seq: &[&str]) -> bool {
    at + seq.len() <= words.len() && seq.iter().zip(&words[at..]).all(|(a, b)| *a == b.as_ref())
}

/// A list of marker phrases split into words once, so matching allocates nothing.
pub(super) struct PhraseList(Vec<Vec<&'static str>>);

impl PhraseList {
    pub fn new(list: &[&'static str]) -> Self {
        Self(list.iter().map(|p| p.split(' ').collect()).collect())
    }

    /// Length of the first listed phrase that occurs in `words` at `at`.
    pub fn at<S: AsRef<str>>(&self, words: &[S], at: usize) -> Option<usize> {
        self.0.iter().find(|seq| seq_at(words, at, seq)).map(Vec::len)
    }

    /// First position where any phrase occurs, with the phrase length.
    pub fn find<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, usize)> {
        (0..words.len()).find_map(|i| self.at(words, i).map(|n| (i, n)))
    }
}

macro_rules! phrase_list {
    ($name:ident, $src:expr) => {
        pub(super) static $name: std::sync::LazyLock<
            $crate::server::ai::offline::analysis::turns::PhraseList,
        > = std::sync::LazyLock::new(|| {
            $crate::server::ai::offline::analysis::turns::PhraseList::new($src)
        });
    };
}
pub(super) use phrase_list;

/// Words that soften or intensify without changing what a marker means ("I *really* don't
/// get", "I *always* struggle with"); dropped before markers are matched.
static SOFTENERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    vec![
        "really",
        "always",
        "still",
        "just",
        "totally",
        "honestly",
        "actually",
        "kinda",
        "um",
        "uh",
        "literally",
        "even",
        "completely",
        "so",
        "pretty",
        "quite",
        "truly",
        "kind",
        "sort",
        "of",
        "like",
        "lowkey",
        "definitely",
        "seriously",
        "ever",
        "again",
        "somehow",
    ]
});

/// The words of a clause with softeners removed, and for each kept word its token index.
pub(super) fn core_words(tokens: &[Token], from: usize, to: usize) -> (Vec<&str>, Vec<usize>) {
    let mut words = Vec::new();
    let mut at = Vec::new();
    for (k, t) in tokens.iter().enumerate().take(to).skip(from) {
        if SOFTENERS.contains(&t.text.as_str()) {
            continue;
        }
        words.push(t.text.as_str());
        at.push(k);
    }
    (words, at)
}

pub(super) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
