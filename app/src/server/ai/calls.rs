//! Every AI call goes through here: timed, and recorded in `ai_calls` with its provider,
//! model, tokens, latency and estimated cost, whether it succeeded or not.

use std::time::Instant;

use sea_orm::{ActiveModelTrait, Set};
use uuid::Uuid;

use super::{
    AiError, Analysis, PracticeDraft, PracticeRequest, Reply, RouteDecision, RouteRequest,
    SuggestedSubject, SuggestionRequest, Usage,
};
use crate::server::{entities::ai_calls, state::AppState, transcript::ParsedTranscript};

/// Estimated price in US dollars per million (prompt, completion) tokens. Unknown models (a
/// local server) cost nothing.
fn price_per_million(model: &str) -> (f64, f64) {
    let model = model.to_ascii_lowercase();
    if model.starts_with("gpt-4o-mini") {
        (0.15, 0.60)
    } else if model.starts_with("gpt-4o") {
        (2.50, 10.00)
    } else if model.starts_with("gpt-4.1-mini") {
        (0.40, 1.60)
    } else if model.starts_with("gpt-4.1") {
        (2.00, 8.00)
    } else {
        (0.0, 0.0)
    }
}

pub fn estimated_cost(model: &str, usage: Usage) -> f64 {
    let (prompt, completion) = price_per_million(model);
    (f64::from(usage.prompt_tokens) * prompt + f64::from(usage.completion_tokens) * completion)
        / 1_000_000.0
}

async fn record<T>(
    state: &AppState,
    feature: &str,
    user_id: Option<Uuid>,
    started: Instant,
    result: &Result<Reply<T>, AiError>,
) {
    let provider = state.ai.as_ref();
    let model = provider.model();
    let usage = result.as_ref().map(|r| r.usage).unwrap_or_default();
    state.metrics.ai_call(
        provider.name(),
        feature,
        result.is_ok(),
        started.elapsed(),
        (usage.prompt_tokens, usage.completion_tokens),
    );
    let row = ai_calls::ActiveModel {
        id: Set(Uuid::new_v4()),
        feature: Set(feature.to_owned()),
        provider: Set(provider.name().to_owned()),
        cost_usd: Set(estimated_cost(&model, usage)),
        model: Set(model),
        prompt_tokens: Set(usage.prompt_tokens as i32),
        completion_tokens: Set(usage.completion_tokens as i32),
        latency_ms: Set(started.elapsed().as_millis().min(i32::MAX as u128) as i32),
        success: Set(result.is_ok()),
        error: Set(result.as_ref().err().map(|e| e.to_string())),
        user_id: Set(user_id),
        created_at: Set(state.clock.now()),
    };
    // Accounting must never fail the work it accounts for.
    if let Err(err) = row.insert(&state.db).await {
        tracing::warn!(error = %err, feature, "recording an AI call failed");
    }
}

pub async fn analyze_transcript(
    state: &AppState,
    transcript: &ParsedTranscript,
    user_id: Option<Uuid>,
) -> Result<Analysis, AiError> {
    let started = Instant::now();
    let result = state.ai.analyze_transcript(transcript).await;
    record(state, "analyze-transcript", user_id, started, &result).await;
    result.map(|reply| reply.value)
}

pub async fn generate_practice(
    state: &AppState,
    request: &PracticeRequest,
    user_id: Option<Uuid>,
) -> Result<Vec<PracticeDraft>, AiError> {
    let started = Instant::now();
    let result = state.ai.generate_practice(request).await;
    record(state, "generate-practice", user_id, started, &result).await;
    result.map(|reply| reply.value)
}

pub async fn rank_suggestions(
    state: &AppState,
    request: &SuggestionRequest,
    user_id: Option<Uuid>,
) -> Result<Vec<SuggestedSubject>, AiError> {
    let started = Instant::now();
    let result = state.ai.rank_suggestions(request).await;
    record(state, "rank-suggestions", user_id, started, &result).await;
    result.map(|reply| reply.value)
}

/// What a chat answer's ai_calls row records: the stream is consumed by the chat service, so it
/// reports the outcome itself when the stream ends (or breaks off).
pub async fn record_chat(
    state: &AppState,
    user_id: Uuid,
    started: Instant,
    usage: Usage,
    error: Option<&AiError>,
) {
    let result: Result<Reply<()>, AiError> = match error {
        None => Ok(Reply { value: (), usage }),
        Some(err) => Err(AiError::Upstream(err.to_string())),
    };
    record(state, "chat", Some(user_id), started, &result).await;
}

pub async fn route(
    state: &AppState,
    request: &RouteRequest,
    user_id: Uuid,
) -> Result<RouteDecision, AiError> {
    let started = Instant::now();
    let result = state.ai.route(request).await;
    record(state, "route", Some(user_id), started, &result).await;
    result.map(|reply| reply.value)
}

/// Chat answers a user started since `since`, and when the oldest of them was (for Retry-After).
pub async fn chat_calls_since(
    state: &AppState,
    user_id: Uuid,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<(u64, Option<chrono::DateTime<chrono::Utc>>), sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let times: Vec<chrono::DateTime<chrono::Utc>> = ai_calls::Entity::find()
        .select_only()
        .column(ai_calls::Column::CreatedAt)
        .filter(ai_calls::Column::UserId.eq(user_id))
        .filter(ai_calls::Column::Feature.eq("chat"))
        .filter(ai_calls::Column::CreatedAt.gt(since))
        .order_by_asc(ai_calls::Column::CreatedAt)
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok((times.len() as u64, times.first().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_follow_the_price_table() {
        let usage = Usage { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 };
        assert!((estimated_cost("gpt-4o-mini", usage) - 0.75).abs() < 1e-9);
        assert_eq!(estimated_cost("llama3.1:8b", usage), 0.0);
    }
}
