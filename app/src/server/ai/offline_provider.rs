//! The `offline` provider: the built-in engine, deterministic and instant.
//!
//! Practice: concepts with a parametric generator (algebra, arithmetic, chemistry, units) get
//! computed questions at the student's target difficulty; the others get cloze, definition and
//! short-answer questions built from the tutor's own lines, with distractors from related
//! concepts. Questions are spread round-robin over the concepts.

use rand::{SeedableRng, rngs::StdRng};

use super::{
    AiError, AiProvider, Analysis, ChatEvent, ChatRequest, ChatStream, GeneratedItem,
    PracticeConcept, PracticeDraft, PracticeRequest, Reply, RouteDecision, RouteRequest,
    SuggestedSubject, SuggestionRequest, Usage,
    offline::{self, practice},
};
use crate::server::transcript::{LineRange, ParsedTranscript};

pub struct OfflineProvider;

/// Sentences from the concept's source lines that actually name it, most useful first.
fn naming_lines(concept: &PracticeConcept) -> Vec<(LineRange, String)> {
    let name = concept.name.to_lowercase();
    concept
        .source_lines
        .iter()
        .filter(|(_, text)| text.to_lowercase().contains(&name))
        .cloned()
        .collect()
}

fn transcript_item(
    concept: &PracticeConcept,
    request: &PracticeRequest,
    round: usize,
    rng: &mut StdRng,
) -> Option<(GeneratedItem, Option<LineRange>)> {
    let distractor_names: Vec<String> = request
        .related
        .iter()
        .map(|(name, _)| name.clone())
        .filter(|name| !name.eq_ignore_ascii_case(&concept.name))
        .collect();
    let distractor_definitions: Vec<(String, String)> = request
        .related
        .iter()
        .filter(|(name, definition)| {
            !name.eq_ignore_ascii_case(&concept.name) && !definition.is_empty()
        })
        .cloned()
        .collect();
    let lines = naming_lines(concept);
    // Rotate through the kinds so repeated rounds on one concept vary.
    for offset in 0..3 {
        let kind = (round + offset) % 3;
        let made = match kind {
            0 => lines.get(round % lines.len().max(1)).and_then(|(range, text)| {
                practice::cloze_item(&concept.name, text, &distractor_names, rng)
                    .map(|item| (item, Some(*range)))
            }),
            1 => concept.description.as_ref().and_then(|definition| {
                practice::definition_item(&concept.name, definition, &distractor_definitions, rng)
                    .map(|item| (item, lines.first().map(|(range, _)| *range)))
            }),
            _ => lines.get(round % lines.len().max(1)).and_then(|(range, text)| {
                practice::short_answer_item(&concept.name, text).map(|item| (item, Some(*range)))
            }),
        };
        if made.is_some() {
            return made;
        }
    }
    None
}

/// Builds up to `item_count` questions over the concepts. Deterministic for a given seed.
pub fn build_practice(request: &PracticeRequest) -> Vec<PracticeDraft> {
    let mut rng = StdRng::seed_from_u64(request.seed);
    let mut drafts: Vec<PracticeDraft> = Vec::new();
    let mut seen_prompts = std::collections::HashSet::new();
    if request.concepts.is_empty() {
        return drafts;
    }
    // Enough rounds to fill the count even when some concepts yield nothing.
    let max_rounds = request.item_count * 3;
    for round in 0..max_rounds {
        if drafts.len() >= request.item_count {
            break;
        }
        let concept = &request.concepts[round % request.concepts.len()];
        let made = match practice::generator_for(&concept.name) {
            Some(generator) => Some((
                generator.generate(&mut rng, concept.target_difficulty),
                naming_lines(concept).first().map(|(r, _)| *r),
            )),
            None => transcript_item(concept, request, round / request.concepts.len(), &mut rng),
        };
        if let Some((item, lines)) = made
            && seen_prompts.insert(item.prompt.clone())
        {
            drafts.push(PracticeDraft { concept_id: concept.id, item, lines });
        }
    }
    drafts
}

#[async_trait::async_trait]
impl AiProvider for OfflineProvider {
    fn name(&self) -> &'static str {
        "offline"
    }

    fn model(&self) -> String {
        "built-in".to_owned()
    }

    async fn analyze_transcript(
        &self,
        transcript: &ParsedTranscript,
    ) -> Result<Reply<Analysis>, AiError> {
        Ok(Reply { value: offline::analyze(transcript), usage: Usage::default() })
    }

    async fn generate_practice(
        &self,
        request: &PracticeRequest,
    ) -> Result<Reply<Vec<PracticeDraft>>, AiError> {
        let drafts = build_practice(request);
        if drafts.is_empty() {
            return Err(AiError::NotEnoughMaterial(
                "none of these concepts has enough material for a question yet".into(),
            ));
        }
        Ok(Reply { value: drafts, usage: Usage::default() })
    }

    /// The progression map already ranks the candidates and words their reasons: kept as
    /// they are, the first five.
    async fn rank_suggestions(
        &self,
        request: &SuggestionRequest,
    ) -> Result<Reply<Vec<SuggestedSubject>>, AiError> {
        let value = request.candidates.iter().take(5).cloned().collect();
        Ok(Reply { value, usage: Usage::default() })
    }

    async fn chat(&self, request: ChatRequest) -> Result<ChatStream, AiError> {
        let answer = offline::chat::answer(&request);
        let mut events: Vec<Result<ChatEvent, AiError>> = offline::chat::deltas(&answer.text, 3)
            .into_iter()
            .map(|piece| Ok(ChatEvent::Delta(piece)))
            .collect();
        events.push(Ok(ChatEvent::Sources(answer.sources)));
        Ok(Box::pin(futures::stream::iter(events)))
    }

    async fn route(&self, request: &RouteRequest) -> Result<Reply<RouteDecision>, AiError> {
        Ok(Reply { value: offline::route::route(request), usage: Usage::default() })
    }
}
