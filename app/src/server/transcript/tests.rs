//! Fixture-driven tests for every format, the malformed samples, and the never-panics property.

use proptest::prelude::*;

use super::{ParsedTranscript, RoleHints, SpeakerRole, TranscriptFormat, parse};

/// Every fixture path goes through here so relocating the fixtures is a one-line change.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../../server/tests/fixtures/transcripts/", $name))
    };
}

const QUADRATICS: &str = fixture!("algebra_quadratics.txt");
const CHEMISTRY: &str = fixture!("chemistry_stoichiometry.vtt");
const ESSAY: &str = fixture!("essay_writing.srt");
const SAT: &str = fixture!("sat_reading.json");
const BIOLOGY: &str = fixture!("biology_cells.csv");
const PHYSICS: &str = fixture!("physics_forces.md");
const LONG: &str = fixture!("algebra_long_60min.txt");

const ALL_FIXTURES: [(&str, &str, TranscriptFormat); 7] = [
    ("algebra_quadratics.txt", QUADRATICS, TranscriptFormat::PlainText),
    ("chemistry_stoichiometry.vtt", CHEMISTRY, TranscriptFormat::Vtt),
    ("essay_writing.srt", ESSAY, TranscriptFormat::Srt),
    ("sat_reading.json", SAT, TranscriptFormat::Json),
    ("biology_cells.csv", BIOLOGY, TranscriptFormat::Csv),
    ("physics_forces.md", PHYSICS, TranscriptFormat::Markdown),
    ("algebra_long_60min.txt", LONG, TranscriptFormat::PlainText),
];

fn parsed(text: &str, format: TranscriptFormat) -> ParsedTranscript {
    parse(text, format, &RoleHints::default()).expect("fixture should parse")
}

fn speakers(t: &ParsedTranscript) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for turn in &t.turns {
        if !out.contains(&turn.speaker.as_str()) {
            out.push(&turn.speaker);
        }
    }
    out
}

fn assert_well_formed(name: &str, t: &ParsedTranscript) {
    for (i, turn) in t.turns.iter().enumerate() {
        assert_eq!(turn.number, i + 1, "{name}: numbering");
        assert!(!turn.text.is_empty() && !turn.text.contains("  "), "{name}: text is cleaned");
        assert!(turn.source_line >= 1, "{name}: source line");
    }
    let words: usize = t.turns.iter().map(|x| x.text.split_whitespace().count()).sum();
    assert_eq!(t.word_count, words, "{name}: word count");
    assert!(t.tutor_speaker.is_some() && t.student_speaker.is_some(), "{name}: roles");
    assert_ne!(t.tutor_speaker, t.student_speaker, "{name}: distinct roles");
}

#[test]
fn every_fixture_parses_into_numbered_turns_with_one_tutor_and_one_student() {
    for (name, text, format) in ALL_FIXTURES {
        let t = parsed(text, format);
        assert_well_formed(name, &t);
        assert!((30..=500).contains(&t.turns.len()), "{name}: {} turns", t.turns.len());
        assert_eq!(speakers(&t).len(), 2, "{name}: {:?}", speakers(&t));
    }
}

#[test]
fn every_fixture_is_recognised_by_name_and_by_content() {
    for (name, text, format) in ALL_FIXTURES {
        assert_eq!(TranscriptFormat::from_file_name(name), Some(format), "{name}");
        assert_eq!(TranscriptFormat::sniff(text), format, "{name}");
    }
}

#[test]
fn plain_text_fixture_keeps_timestamps_continuations_and_the_sign_confusion() {
    let t = parsed(QUADRATICS, TranscriptFormat::PlainText);
    assert_eq!(speakers(&t), ["Ms. Rivera", "Jordan"]);
    assert_eq!(t.tutor_speaker.as_deref(), Some("Ms. Rivera"));
    assert_eq!(t.student_speaker.as_deref(), Some("Jordan"));
    let first = &t.turns[0];
    assert_eq!((first.source_line, first.start_ms, first.end_ms), (4, Some(4_000), None));
    assert!(first.text.starts_with("Hi Jordan!"));
    let confused = t
        .turns
        .iter()
        .find(|x| x.text.contains("I don't get why the sign flips"))
        .expect("confusion moment");
    assert_eq!((confused.role, confused.start_ms), (SpeakerRole::Student, Some(164_000)));
    // The unprefixed line after the tutor's explanation continues that turn.
    let explained = &t.turns[confused.number];
    assert!(explained.text.ends_with("The only number that works is negative 3."));
    assert!(t.turns.iter().any(|x| x.role == SpeakerRole::Tutor
        && x.text.contains("for next time, do problems 4 to 10 on page 212")));
}

#[test]
fn vtt_fixture_reads_voice_tags_timings_and_shared_cues() {
    let t = parsed(CHEMISTRY, TranscriptFormat::Vtt);
    assert_eq!(t.turns.len(), 48);
    assert_eq!(speakers(&t), ["Mr. Okafor", "Priya"]);
    assert_eq!(t.tutor_speaker.as_deref(), Some("Mr. Okafor"));
    let first = &t.turns[0];
    assert_eq!((first.start_ms, first.end_ms, first.source_line), (Some(3_000), Some(13_769), 13));
    assert!(first.text.contains("were the thing stressing you out"), "wrapped lines join");
    // Two voices in one cue become two turns with the cue's timing.
    let (a, b) = (&t.turns[10], &t.turns[11]);
    assert_eq!(
        (a.speaker.as_str(), b.speaker.as_str(), b.text.as_str()),
        ("Mr. Okafor", "Priya", "Okay.")
    );
    assert_eq!((a.start_ms, a.end_ms), (b.start_ms, b.end_ms));
    assert!(t.turns.iter().all(|x| !x.text.contains('<') && !x.text.contains("NOTE")));
    assert!(t.turns.iter().any(|x| x.text.contains("the limiting reagent, because it limits")));
    let last = t.turns.last().expect("turns");
    assert_eq!((last.start_ms, last.end_ms), (Some(363_985), Some(365_908)));
}

#[test]
fn srt_fixture_reads_prefix_and_bracket_speakers_with_comma_timings() {
    let t = parsed(ESSAY, TranscriptFormat::Srt);
    assert_eq!(t.turns.len(), 46);
    assert_eq!(speakers(&t), ["Tutor", "Marcus"]);
    assert_eq!(
        (t.tutor_speaker.as_deref(), t.student_speaker.as_deref()),
        (Some("Tutor"), Some("Marcus"))
    );
    assert_eq!(t.turns[5].text, "That start times matter?");
    assert_eq!((t.turns[5].speaker.as_str(), t.turns[5].source_line), ("Marcus", 27));
    assert_eq!((t.turns[1].start_ms, t.turns[1].end_ms), (Some(14_138), Some(21_831)));
    assert!(t.turns.iter().any(|x| x.text.contains("phrase like, Some people argue that, and")));
    assert!(t.turns.iter().any(|x| x.text.contains("thesis statement")));
}

#[test]
fn json_fixture_reads_all_timestamp_forms_and_element_lines() {
    let t = parsed(SAT, TranscriptFormat::Json);
    assert_eq!(t.turns.len(), 46);
    assert_eq!(
        (t.tutor_speaker.as_deref(), t.student_speaker.as_deref()),
        (Some("Dana"), Some("Leo"))
    );
    let starts: Vec<Option<u64>> = t.turns.iter().take(3).map(|x| x.start_ms).collect();
    assert_eq!(starts, [Some(1_500), Some(13_254), Some(20_008)]);
    let lines: Vec<usize> = t.turns.iter().take(3).map(|x| x.source_line).collect();
    assert_eq!(lines, [2, 7, 12]);
    assert!(t.turns.iter().all(|x| x.start_ms.is_some()));
}

#[test]
fn csv_fixture_keeps_quoted_commas_and_multi_line_fields_together() {
    let t = parsed(BIOLOGY, TranscriptFormat::Csv);
    assert_eq!(t.turns.len(), 40);
    assert_eq!(
        (t.tutor_speaker.as_deref(), t.student_speaker.as_deref()),
        (Some("Ms. Bell"), Some("Ava"))
    );
    assert_eq!(t.turns[0].text, "Hi Ava! Your biology test is on Friday, right? Cells and energy?");
    let multi = &t.turns[15];
    assert_eq!(multi.source_line, 17);
    assert!(multi.text.ends_with("and ATP. Wait, it's just the same equation backwards?"));
    assert_eq!(t.turns[16].source_line, 19);
    assert_eq!(t.turns[1].start_ms, Some(6_015));
}

#[test]
fn markdown_fixture_separates_speakers_from_section_headings() {
    let t = parsed(PHYSICS, TranscriptFormat::Markdown);
    assert_eq!(speakers(&t), ["Mr. Haddad", "Zoe"]);
    assert_eq!(t.tutor_speaker.as_deref(), Some("Mr. Haddad"));
    assert_eq!(t.turns[0].source_line, 9);
    assert!(t.turns.iter().all(|x| !x.text.contains("**") && !x.text.contains('`')));
    assert!(t.turns.iter().any(|x| x.text == "F = ma."));
    let heading_turn = t
        .turns
        .iter()
        .find(|x| x.text.starts_with("Let's do one more second-law problem"))
        .expect("heading turn");
    assert_eq!(heading_turn.speaker, "Mr. Haddad");
    assert!(heading_turn.text.ends_with("What net force is needed?"));
    let last = t.turns.last().expect("turns");
    assert_eq!((last.speaker.as_str(), last.role), ("Zoe", SpeakerRole::Student));
    assert!(!t.turns.iter().any(|x| x.text.contains("Warm-up")));
}

#[test]
fn long_fixture_is_an_hour_and_about_nine_thousand_words() {
    let t = parsed(LONG, TranscriptFormat::PlainText);
    assert_eq!(t.turns.len(), 439);
    assert_eq!(t.word_count, 9_024);
    assert_eq!(t.tutor_speaker.as_deref(), Some("Sarah Nguyen"));
    assert_eq!(t.student_speaker.as_deref(), Some("Eli"));
    assert_eq!(t.turns[0].source_line, 4);
    let last = t.turns.last().expect("turns");
    assert_eq!((last.source_line, last.start_ms), (442, Some(3_566_000)));
    let starts: Vec<u64> =
        t.turns.iter().map(|x| x.start_ms.expect("every turn is timed")).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "times only move forward");
}

#[test]
fn role_hints_override_the_heuristic_on_fixtures() {
    let hints = RoleHints { tutor_name: Some("Leo"), student_name: Some("Dana Ortiz") };
    let t = parse(SAT, TranscriptFormat::Json, &hints).expect("parses");
    assert_eq!(
        (t.tutor_speaker.as_deref(), t.student_speaker.as_deref()),
        (Some("Leo"), Some("Dana"))
    );
    assert!(t.turns.iter().filter(|x| x.speaker == "Leo").all(|x| x.role == SpeakerRole::Tutor));

    let hints = RoleHints { tutor_name: Some("Ms. Nguyen"), student_name: None };
    let t = parse(LONG, TranscriptFormat::PlainText, &hints).expect("parses");
    assert_eq!(t.tutor_speaker.as_deref(), Some("Sarah Nguyen"));
}

#[test]
fn every_malformed_fixture_reports_its_format_and_line() {
    let cases: [(&str, TranscriptFormat, usize, &str); 7] = [
        (fixture!("malformed/missing_header.vtt"), TranscriptFormat::Vtt, 1, "WEBVTT header"),
        (
            fixture!("malformed/block_without_timing.srt"),
            TranscriptFormat::Srt,
            10,
            "after subtitle 3",
        ),
        (fixture!("malformed/trailing_comma.json"), TranscriptFormat::Json, 4, "trailing comma"),
        (fixture!("malformed/no_text_column.csv"), TranscriptFormat::Csv, 1, "text column"),
        (fixture!("malformed/bad_row.csv"), TranscriptFormat::Csv, 5, "expected 3 fields"),
        (fixture!("malformed/no_speakers.txt"), TranscriptFormat::PlainText, 2, "no speaker turns"),
        (
            fixture!("malformed/nothing_parseable.md"),
            TranscriptFormat::Markdown,
            5,
            "no speaker turns",
        ),
    ];
    for (text, format, line, needle) in cases {
        let err = parse(text, format, &RoleHints::default()).expect_err("malformed fixture");
        assert_eq!((err.format, err.line), (format, line), "{err}");
        assert!(err.message.contains(needle), "{err}");
        assert!(err.to_string().starts_with(&format!("{}: line {line}: ", format.label())));
    }
}

#[test]
fn empty_input_is_an_error_on_line_one_for_every_format() {
    for format in ALL_FIXTURES.map(|f| f.2) {
        for text in ["", "  \n\t\r\n", "\u{feff}"] {
            let err = parse(text, format, &RoleHints::default()).expect_err("empty");
            assert_eq!((err.line, err.message.as_str()), (1, "the transcript is empty"));
        }
    }
}

#[test]
fn windows_line_endings_and_a_bom_do_not_change_the_result() {
    for (name, text, format) in ALL_FIXTURES {
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        assert_eq!(parsed(&crlf, format), parsed(text, format), "{name}");
    }
}

/// Fragments that steer random input into the parsers' interesting branches.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,12}".prop_map(|s| s),
        prop::sample::select(vec![
            "WEBVTT",
            "\n",
            "\n\n",
            "-->",
            " --> ",
            "00:00:01.000",
            "99:99",
            "1:2:3,4",
            "<v ",
            "<v.a B>",
            "</v>",
            "<",
            ">",
            "NOTE",
            "1\n",
            "[",
            "]",
            "{",
            "}",
            "\"",
            ",",
            ":",
            "**",
            "__",
            "## ",
            "> ",
            "- ",
            "Tutor: ",
            "Student:",
            "\"speaker\":",
            "\"text\":",
            "&amp;",
            "\r",
            "\u{feff}",
            "é",
            "🙂",
            "speaker,text\n",
            "(1:23)",
            "\\",
            "```",
        ])
        .prop_map(str::to_string),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_arbitrary_input(
        parts in prop::collection::vec(fragment(), 0..40),
        tutor in proptest::option::of("[A-Za-z .]{0,10}"),
    ) {
        let text = parts.concat();
        let hints = RoleHints { tutor_name: tutor.as_deref(), student_name: Some("Jo") };
        for format in ALL_FIXTURES.map(|f| f.2) {
            if let Ok(t) = parse(&text, format, &hints) {
                prop_assert!(!t.turns.is_empty());
                prop_assert!(t.turns.iter().enumerate().all(|(i, x)| x.number == i + 1));
            }
        }
        let _ = TranscriptFormat::sniff(&text);
        let _ = TranscriptFormat::from_file_name(&text);
    }
}

#[test]
fn uploads_that_are_understood_but_hold_no_speech_point_at_their_first_line() {
    let cases = [
        ("WEBVTT\n\nNOTE nothing yet\n", TranscriptFormat::Vtt),
        ("\nspeaker,text\n", TranscriptFormat::Csv),
        ("  []", TranscriptFormat::Json),
    ];
    for (text, format) in cases {
        let err = parse(text, format, &RoleHints::default()).expect_err("no speech");
        assert_eq!(err.message, "no speaker turns found", "{err}");
        assert_eq!(err.line, first_nonblank(text), "{err}");
    }
}

fn first_nonblank(text: &str) -> usize {
    text.lines().position(|l| !l.trim().is_empty()).map_or(1, |i| i + 1)
}
