//! Session analysis, one stage per file: the turns prepared (`turns`), concepts found from the
//! lexicons with the subject they settle (`candidates`) and from what the tutor announces or
//! both sides keep saying (`phrases` with its word lists in `announce_words`, `keyphrases`;
//! parts of a broad lexicon concept the tutor names apart in `umbrellas`),
//! what the student did in each turn (`acts`), which concept each act is about
//! (`attribution`), each concept judged — kept or not, signal and evidence (`judgement`), the
//! strengths and areas to improve (`findings`), the homework (`actions`), and topics, title and
//! summary (`prose`).
//!
//! Every output is traceable to transcript turns; the same input always gives the same output.

mod actions;
mod acts;
mod announce_words;
mod attribution;
mod candidates;
mod findings;
mod judgement;
mod keyphrases;
mod phrases;
mod prose;
mod reactions;
mod turns;
mod umbrellas;

use std::collections::HashSet;

use super::lexicon::lexicons;
use super::{Analysis, ConceptFinding, ParsedTranscript};
use acts::Act;
use candidates::{Detection, Source};
use turns::TurnData;

/// Analyses a parsed transcript. Deterministic: the same input always gives the same output.
pub fn analyze(transcript: &ParsedTranscript) -> Analysis {
    run(transcript, None)
}

/// The analysis with a trace of how it was reached (candidates, their scores, every act and the
/// concept it went to), for `make eval EVAL_CASE=…` and for anyone tuning the engine.
pub fn explain(transcript: &ParsedTranscript) -> (Analysis, String) {
    let mut trace = String::new();
    let analysis = run(transcript, Some(&mut trace));
    (analysis, trace)
}

fn run(transcript: &ParsedTranscript, trace: Option<&mut String>) -> Analysis {
    use std::fmt::Write as _;
    let lex = lexicons();
    let turns = turns::prepare(transcript);

    let announced = phrases::announcements(&turns);
    let Detection { subject, mut candidates } = candidates::detect(lex, &turns, &announced);
    let (subject_id, subject_label) = match subject {
        Some(s) => (lex.subjects[s].id.clone(), lex.subjects[s].label.clone()),
        None => ("general".to_string(), "General".to_string()),
    };
    phrases::add_announced(lex, subject, &subject_id, &turns, &announced, &mut candidates);
    umbrellas::split_umbrellas(&turns, &announced, &mut candidates);
    keyphrases::add_key_phrases(&subject_id, &turns, &mut candidates);
    candidates::resolve_heads(&turns, &mut candidates);

    let acts = acts::detect(&turns);
    let by_turn = attribution::mentions_by_turn(&candidates, turns.len());
    let attribute_all = |candidates: &[candidates::Candidate], allowed: &dyn Fn(usize) -> bool| {
        acts.iter()
            .map(|a| attribution::attribute(a, &turns, candidates, &by_turn, allowed))
            .collect::<Vec<Option<usize>>>()
    };
    let group = |owners: &[Option<usize>], n: usize| -> Vec<Vec<&Act>> {
        let mut acts_of: Vec<Vec<&Act>> = vec![Vec::new(); n];
        for (act, owner) in acts.iter().zip(owners) {
            if let Some(ci) = owner {
                acts_of[*ci].push(act);
            }
        }
        acts_of
    };
    // Rank with every candidate in play, then re-place each act among the reported concepts.
    let acts_of = group(&attribute_all(&candidates, &|_| true), candidates.len());
    judgement::score(&mut candidates, &turns, &acts_of);
    let kept = judgement::select(&candidates, &turns, &acts_of);
    let owners = attribute_all(&candidates, &|ci| kept.contains(&ci));
    let acts_of = group(&owners, candidates.len());
    if let Some(out) = trace {
        let _ = writeln!(out, "subject: {subject_id}");
        for (ci, c) in candidates.iter().enumerate() {
            let _ = writeln!(
                out,
                "{} {:<32} score {:5.2} turns {:?} student {} announced {:?} ambiguous {} acts {}",
                if kept.contains(&ci) { "KEEP" } else { "    " },
                c.name,
                c.score,
                c.turns().iter().map(|&t| turns[t].number).collect::<Vec<_>>(),
                c.mentioned_by(&turns, crate::server::transcript::SpeakerRole::Student),
                c.announced.iter().map(|&t| turns[t].number).collect::<Vec<_>>(),
                c.ambiguous_only,
                acts_of[ci].len(),
            );
        }
        for (act, owner) in acts.iter().zip(&owners) {
            let _ = writeln!(
                out,
                "act line {:>3} {:?} -> {}  [{}]",
                turns[act.turn].number,
                act.kind,
                owner.map_or("-", |ci| candidates[ci].name.as_str()),
                turns[act.turn].text.chars().take(90).collect::<String>(),
            );
        }
    }

    let top = kept.first().map_or(1.0, |&ci| candidates[ci].score.max(f64::MIN_POSITIVE));
    let relevance: Vec<f64> = kept
        .iter()
        .map(|&ci| ((candidates[ci].score / top).clamp(0.0, 1.0) * 1000.0).round() / 1000.0)
        .collect();
    let mut concepts = Vec::with_capacity(kept.len());
    let mut judged = Vec::with_capacity(kept.len());
    for (&ci, &rel) in kept.iter().zip(&relevance) {
        let c = &candidates[ci];
        let signal = judgement::signal(&acts_of[ci]);
        concepts.push(ConceptFinding {
            name: c.name.clone(),
            subject: c.subject.clone(),
            difficulty: c.difficulty,
            relevance: rel,
            evidence: judgement::evidence(c, &acts_of[ci], &turns),
            signal,
            description: c.description.clone(),
        });
        judged.push(findings::Judged {
            candidate: ci,
            name: &c.name,
            signal,
            acts: acts_of[ci].clone(),
        });
    }
    let loose: Vec<&Act> =
        acts.iter().zip(&owners).filter(|(_, o)| o.is_none()).map(|(a, _)| a).collect();
    let (strengths, improvements) = findings::build(&judged, &loose, &candidates, &turns);
    let action_items = actions::action_items(&turns, &candidates, &kept);
    let topics = prose::topics(&candidates, &kept, &relevance, &turns);
    let names: Vec<&str> = kept.iter().map(|&ci| candidates[ci].name.as_str()).collect();
    let title = prose::title(&names, subject.map(|_| subject_label.as_str()));

    let mut concept_terms: HashSet<String> = HashSet::new();
    for &ci in &kept {
        let c = &candidates[ci];
        concept_terms.extend(super::text::terms(&c.name));
        if let Source::Lexicon(r) = c.source {
            for alias in &lex.concept(r).aliases {
                concept_terms.extend(super::text::terms(alias));
            }
        }
    }
    let total_words = turns.iter().map(TurnData::words).sum();
    let summary = prose::summary(&turns, &concept_terms, total_words);

    Analysis {
        subject: subject_id,
        subject_label,
        title,
        summary,
        topics,
        concepts,
        strengths,
        improvements,
        action_items,
    }
}
