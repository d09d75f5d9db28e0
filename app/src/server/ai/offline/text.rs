//! Text primitives for the offline engine: tokenising, name normalisation, stopwords, Porter
//! stemming and sentence splitting. Everything here is pure string processing of untrusted text.

use std::collections::HashSet;
use std::sync::LazyLock;

/// One word of a text: its normalised form plus where it sits in the original string, so callers
/// can quote the original wording (e.g. the object of "I don't get ...").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Lowercase, apostrophes dropped ("Don't" -> "dont").
    pub text: String,
    /// `text` with a light plural folding, used for phrase matching so "equations" finds
    /// "equation" without the lexicon listing every plural.
    pub key: String,
    /// Byte offsets of the token in the original text (`start..end`).
    pub start: usize,
    pub end: usize,
}

/// Apostrophes are deleted inside words rather than splitting them, so "Newton's" stays one word
/// and "don't" becomes "dont" (which is how the stopword and marker lists spell it).
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Splits on anything that is not a letter or digit; apostrophes inside a word are dropped.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            if c.is_ascii() {
                current.push(c.to_ascii_lowercase());
            } else {
                current.extend(c.to_lowercase());
            }
            end = i + c.len_utf8();
        } else if is_apostrophe(c)
            && !current.is_empty()
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric())
        {
            // Skip the apostrophe and keep the word going.
        } else if !current.is_empty() {
            let key = light_key(&current);
            out.push(Token { text: std::mem::take(&mut current), key, start, end });
        }
    }
    if !current.is_empty() {
        let key = light_key(&current);
        out.push(Token { text: current, key, start, end });
    }
    out
}

/// Folds common English plurals so "ratios", "bases" and "properties" match their singular
/// lexicon forms. Deliberately cruder than stemming: it is only used for phrase matching, where
/// both sides go through the same folding.
pub(crate) fn light_key(word: &str) -> String {
    let n = word.len();
    if n > 4 && word.ends_with("ies") {
        format!("{}y", &word[..n - 3])
    } else if n > 4 && word.ends_with("sses") {
        word[..n - 2].to_string()
    } else if n > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        word[..n - 1].to_string()
    } else {
        word.to_string()
    }
}

/// The de-duplication key for concept names within a subject: lowercase, apostrophes removed,
/// every other run of punctuation or whitespace collapsed to one space.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::new();
    for t in tokenize(name) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&t.text);
    }
    out
}

/// Normalised word keys (plural-folded) of a phrase, used to build and query phrase matchers.
pub(crate) fn phrase_keys(phrase: &str) -> Vec<String> {
    tokenize(phrase).into_iter().map(|t| t.key).collect()
}

/// Function words plus conversational filler that carries no topic ("um", "okay", "gonna").
/// Spelled without apostrophes, matching `tokenize`.
#[rustfmt::skip]
const STOPWORD_LIST: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "alright", "also", "am", "an", "and",
    "any", "anyway", "are", "arent", "as", "at", "be", "because", "been", "before", "being",
    "below", "between", "both", "but", "by", "can", "cant", "could", "couldnt", "did", "didnt",
    "do", "does", "doesnt", "doing", "dont", "down", "during", "each", "either", "else", "etc",
    "even", "ever", "every", "few", "for", "from", "further", "gonna", "got", "gotta", "had",
    "hadnt", "has", "hasnt", "have", "havent", "having", "he", "hed", "hell", "her", "here",
    "heres", "hers", "herself", "hes", "hey", "hi", "him", "himself", "his", "hmm", "how", "hows",
    "i", "id", "if", "ill", "im", "in", "into", "is", "isnt", "it", "itd", "itll", "its", "itself",
    "ive", "just", "kind", "kinda", "let", "lets", "like", "mhm", "might", "mm", "more", "most",
    "much", "must", "mustnt", "my", "myself", "no", "nor", "not", "now", "of", "off", "oh", "ok",
    "okay", "on", "once", "one", "only", "or", "other", "ought", "our", "ours", "ourselves", "out",
    "over", "own", "pretty", "quite", "really", "right", "same", "shall", "shant", "she", "shed",
    "shell", "shes", "should", "shouldnt", "so", "some", "something", "sort", "such", "sure",
    "than", "that", "thatd", "thatll", "thats", "the", "their", "theirs", "them", "themselves",
    "then", "there", "theres", "these", "they", "theyd", "theyll", "theyre", "theyve", "thing",
    "things", "this", "those", "though", "through", "to", "too", "uh", "um", "umm", "under",
    "until", "up", "us", "very", "wanna", "was", "wasnt", "we", "wed", "well", "were", "weve",
    "werent", "what", "whats", "when", "whens", "where", "wheres", "whether", "which", "while",
    "who", "whom", "whos", "why", "whys", "will", "with", "wont", "would", "wouldnt", "yeah", "yep",
    "yes", "yet", "you", "youd", "youll", "your", "youre", "yours", "yourself", "yourselves",
    "youve", "uhh", "huh", "ah", "actually", "basically", "maybe", "stuff", "way", "lot", "bit",
];

static STOPWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| STOPWORD_LIST.iter().copied().collect());

pub(crate) fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(word)
}

/// Index/query terms: lowercase tokens without stopwords, Porter-stemmed. Single letters are
/// dropped (they are mostly variable names like "x" that match everything), digits are kept.
pub fn terms(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(|t| !is_stopword(&t.text))
        .filter(|t| t.text.chars().count() > 1 || t.text.chars().all(|c| c.is_ascii_digit()))
        .map(|t| stem(&t.text))
        .collect()
}

/// Porter (1980) stemmer on ASCII words; other words are returned unchanged because the suffix
/// rules are English-only.
pub(crate) fn stem(word: &str) -> String {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w: Vec<u8> = word.as_bytes().to_vec();
    step1a(&mut w);
    step1b(&mut w);
    step1c(&mut w);
    step2(&mut w);
    step3(&mut w);
    step4(&mut w);
    step5(&mut w);
    // Only ASCII bytes were removed or appended, so the result is still valid UTF-8.
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

fn is_cons(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_cons(w, i - 1),
        _ => true,
    }
}

/// Porter's m: the number of vowel-consonant sequences in `w`.
fn measure(w: &[u8]) -> usize {
    let n = w.len();
    let mut i = 0;
    while i < n && is_cons(w, i) {
        i += 1;
    }
    let mut m = 0;
    loop {
        while i < n && !is_cons(w, i) {
            i += 1;
        }
        if i >= n {
            return m;
        }
        while i < n && is_cons(w, i) {
            i += 1;
        }
        m += 1;
        if i >= n {
            return m;
        }
    }
}

fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_cons(w, i))
}

fn ends_double_cons(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_cons(w, n - 1)
}

/// consonant-vowel-consonant ending where the last consonant is not w, x or y.
fn cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && is_cons(w, n - 3)
        && !is_cons(w, n - 2)
        && is_cons(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

/// Applies the first rule whose suffix matches, if the remaining stem satisfies `cond`; like the
/// original algorithm it does not fall through to shorter suffixes when the condition fails.
fn replace_first(w: &mut Vec<u8>, rules: &[(&str, &str)], cond: impl Fn(&[u8]) -> bool) -> bool {
    for (suffix, repl) in rules {
        if w.ends_with(suffix.as_bytes()) {
            let stem_len = w.len() - suffix.len();
            if cond(&w[..stem_len]) {
                w.truncate(stem_len);
                w.extend_from_slice(repl.as_bytes());
                return true;
            }
            return false;
        }
    }
    false
}

fn step1a(w: &mut Vec<u8>) {
    replace_first(w, &[("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")], |_| true);
}

fn step1b(w: &mut Vec<u8>) {
    if w.ends_with(b"eed") {
        let stem_len = w.len() - 3;
        if measure(&w[..stem_len]) > 0 {
            w.truncate(w.len() - 1);
        }
        return;
    }
    let removed = if w.ends_with(b"ed") && has_vowel(&w[..w.len() - 2]) {
        w.truncate(w.len() - 2);
        true
    } else if w.ends_with(b"ing") && has_vowel(&w[..w.len() - 3]) {
        w.truncate(w.len() - 3);
        true
    } else {
        false
    };
    if !removed {
        return;
    }
    if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
        w.push(b'e');
    } else if ends_double_cons(w) && !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
        w.truncate(w.len() - 1);
    } else if measure(w) == 1 && cvc(w) {
        w.push(b'e');
    }
}

fn step1c(w: &mut [u8]) {
    if w.ends_with(b"y") && has_vowel(&w[..w.len() - 1]) {
        let n = w.len();
        w[n - 1] = b'i';
    }
}

fn step2(w: &mut Vec<u8>) {
    const RULES: &[(&str, &str)] = &[
        ("ational", "ate"),
        ("tional", "tion"),
        ("enci", "ence"),
        ("anci", "ance"),
        ("izer", "ize"),
        ("bli", "ble"),
        ("alli", "al"),
        ("entli", "ent"),
        ("eli", "e"),
        ("ousli", "ous"),
        ("ization", "ize"),
        ("ation", "ate"),
        ("ator", "ate"),
        ("alism", "al"),
        ("iveness", "ive"),
        ("fulness", "ful"),
        ("ousness", "ous"),
        ("aliti", "al"),
        ("iviti", "ive"),
        ("biliti", "ble"),
        ("logi", "log"),
    ];
    // Longest suffix first so e.g. "ational" is preferred over "tional".
    let mut best: Option<(&str, &str)> = None;
    for &(s, r) in RULES {
        if w.ends_with(s.as_bytes()) && best.is_none_or(|(b, _)| s.len() > b.len()) {
            best = Some((s, r));
        }
    }
    if let Some(rule) = best {
        replace_first(w, &[rule], |s| measure(s) > 0);
    }
}

fn step3(w: &mut Vec<u8>) {
    const RULES: &[(&str, &str)] = &[
        ("icate", "ic"),
        ("ative", ""),
        ("alize", "al"),
        ("iciti", "ic"),
        ("ical", "ic"),
        ("ful", ""),
        ("ness", ""),
    ];
    replace_first(w, RULES, |s| measure(s) > 0);
}

fn step4(w: &mut Vec<u8>) {
    const RULES: &[&str] = &[
        "ement", "ment", "ance", "ence", "able", "ible", "ant", "ent", "ism", "ate", "iti", "ous",
        "ive", "ize", "ion", "al", "er", "ic", "ou",
    ];
    for suffix in RULES {
        if w.ends_with(suffix.as_bytes()) {
            let stem_len = w.len() - suffix.len();
            let stem = &w[..stem_len];
            let ok = measure(stem) > 1
                && (*suffix != "ion" || stem.last().is_some_and(|b| matches!(b, b's' | b't')));
            if ok {
                w.truncate(stem_len);
            }
            // "ement" and "ment" overlap with "ent": only the longest matching suffix counts.
            return;
        }
    }
}

fn step5(w: &mut Vec<u8>) {
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !cvc(stem)) {
            w.truncate(w.len() - 1);
        }
    }
    if w.ends_with(b"ll") && measure(w) > 1 {
        w.truncate(w.len() - 1);
    }
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] =
    &["mr", "mrs", "ms", "dr", "prof", "vs", "etc", "eg", "ie", "st", "no"];

/// Splits text into sentences, returning byte ranges into `text` with surrounding whitespace
/// trimmed. A sentence ends at `.`, `!`, `?` or a newline followed by whitespace or the end of
/// the text; decimals ("3.5") and common abbreviations do not end a sentence.
pub(crate) fn sentences(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let boundary = if b == b'\n' {
            Some(i + 1)
        } else if matches!(b, b'.' | b'!' | b'?') {
            // Absorb runs like "?!" or "..." and closing quotes/brackets.
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b')' | b'\'') {
                j += 1;
            }
            let at_break = j >= bytes.len() || bytes[j].is_ascii_whitespace();
            if at_break && !(b == b'.' && ends_with_abbreviation(&text[start..i])) {
                Some(j)
            } else {
                i = j;
                continue;
            }
        } else {
            None
        };
        if let Some(end) = boundary {
            push_trimmed(text, start, end, &mut out);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start, bytes.len(), &mut out);
    out
}

fn ends_with_abbreviation(before: &str) -> bool {
    let last = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let word: String = last.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let word = word.to_lowercase();
    ABBREVIATIONS.contains(&word.as_str()) || (last.contains('.') && word.len() <= 3)
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push((start + lead, end - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_name_strips_punctuation_and_case() {
        assert_eq!(normalize_name("Newton's 2nd Law!"), "newtons 2nd law");
        assert_eq!(normalize_name("  Free-body   diagram "), "free body diagram");
        assert_eq!(normalize_name("pH"), "ph");
        assert_eq!(normalize_name("Big-O notation (time)"), "big o notation time");
    }

    #[test]
    fn tokenize_keeps_offsets_into_the_original_text() {
        let text = "I don't get why, ok?";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(words, ["i", "dont", "get", "why", "ok"]);
        assert_eq!(&text[toks[1].start..toks[1].end], "don't");
    }

    #[test]
    fn light_key_folds_plurals_only() {
        assert_eq!(light_key("equations"), "equation");
        assert_eq!(light_key("properties"), "property");
        assert_eq!(light_key("mass"), "mass");
        assert_eq!(light_key("analysis"), "analysis");
        assert_eq!(light_key("gas"), "gas");
    }

    #[test]
    fn porter_stemmer_matches_the_reference_examples() {
        let cases = [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("generalization", "gener"),
            ("electrical", "electr"),
            ("adjustment", "adjust"),
            ("controll", "control"),
            ("factoring", "factor"),
            ("factors", "factor"),
        ];
        for (word, expected) in cases {
            assert_eq!(stem(word), expected, "stem({word})");
        }
    }

    #[test]
    fn terms_drop_stopwords_and_stem() {
        assert_eq!(terms("Um, so we're factoring the quadratics!"), ["factor", "quadrat"]);
        assert_eq!(terms("x = 52"), ["52"]);
    }

    #[test]
    fn sentences_split_on_terminal_punctuation_but_not_decimals() {
        let text = "The answer is 3.5 meters. Really? Yes! Dr. Smith agrees\nnext line";
        let parts: Vec<&str> = sentences(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            parts,
            ["The answer is 3.5 meters.", "Really?", "Yes!", "Dr. Smith agrees", "next line"]
        );
    }
}
