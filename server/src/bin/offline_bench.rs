//! Offline engine speed for `make bench`: parse + analyze per transcript size, chunking, and
//! practice items generated per second. Release build; medians of repeated runs.

use std::time::{Duration, Instant};

use app::server::{
    ai::{
        PracticeConcept, PracticeRequest,
        offline::{self, practice},
    },
    transcript::{RoleHints, TranscriptFormat, parse},
};
use rand::{SeedableRng, rngs::StdRng};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(f());
        samples.push(started.elapsed());
    }
    median(samples)
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/transcripts");
    let fixtures = [
        ("essay_writing.srt", TranscriptFormat::Srt),
        ("sat_reading.json", TranscriptFormat::Json),
        ("algebra_quadratics.txt", TranscriptFormat::PlainText),
        ("chemistry_stoichiometry.vtt", TranscriptFormat::Vtt),
        ("algebra_long_60min.txt", TranscriptFormat::PlainText),
    ];
    println!("offline analysis (median of 30 runs)");
    println!(
        "  {:<30} {:>7} {:>7} {:>10} {:>10} {:>10}",
        "transcript", "words", "lines", "parse", "analyze", "chunk"
    );
    for (name, format) in fixtures {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("fixture");
        let parsed = parse(&text, format, &RoleHints::default()).expect("parses");
        let _ = offline::analyze(&parsed); // loads the lexicons once, outside the timing
        let parse_time = time(30, || parse(&text, format, &RoleHints::default()));
        let analyze_time = time(30, || offline::analyze(&parsed));
        let chunk_time = time(30, || offline::chunk(&parsed, 120));
        println!(
            "  {:<30} {:>7} {:>7} {:>9.2}ms {:>9.2}ms {:>9.2}ms",
            name,
            parsed.word_count,
            parsed.turns.len(),
            parse_time.as_secs_f64() * 1e3,
            analyze_time.as_secs_f64() * 1e3,
            chunk_time.as_secs_f64() * 1e3
        );
    }

    let mut rng = StdRng::seed_from_u64(7);
    let started = Instant::now();
    let mut items = 0usize;
    while started.elapsed() < Duration::from_secs(2) {
        for generator in practice::generators() {
            std::hint::black_box(generator.generate(&mut rng, (items % 10) as u8 + 1));
            items += 1;
        }
    }
    let per_second = items as f64 / started.elapsed().as_secs_f64();
    println!(
        "practice generators: {per_second:.0} items/s ({items} items, all {} generators)",
        practice::generators().len()
    );

    // Whole practices as the job builds them: 10 items over 5 concepts.
    let request = PracticeRequest {
        concepts: [
            "Quadratic formula",
            "Discriminant",
            "Molar mass",
            "Percentages",
            "Linear equations",
        ]
        .iter()
        .map(|name| PracticeConcept {
            id: uuid::Uuid::new_v4(),
            name: (*name).to_owned(),
            subject: "mathematics".into(),
            description: None,
            target_difficulty: 5,
            source_lines: Vec::new(),
        })
        .collect(),
        related: Vec::new(),
        item_count: 10,
        seed: 1,
    };
    let per_practice = time(200, || app::server::ai::build_practice(&request));
    println!("a 10-question practice: {:.3} ms", per_practice.as_secs_f64() * 1e3);
}
