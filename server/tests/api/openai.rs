//! The `openai` provider against a local mock of the chat-completions API: retries on 429,
//! timeouts, malformed replies, and what a failing provider does to a session.

use std::time::Duration;

use app::dto::session::{Lines, SessionStatus};
use app::server::{
    ai::{AiError, AiProvider, OpenAiProvider},
    config::{AiProviderKind, AiSettings},
    transcript::{ParsedTranscript, RoleHints, TranscriptFormat, parse},
};
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

use crate::helpers::{Backend, eventually, spawn_app_with};
use crate::helpers::{fixture, upload_body};
use crate::on_both_databases;

pub fn settings(base_url: &str, timeout_secs: u64, max_retries: u32) -> AiSettings {
    AiSettings {
        provider: AiProviderKind::OpenAi,
        model: "gpt-4o-mini".into(),
        base_url: base_url.to_owned(),
        api_key: Some("sk-test".to_owned().into()),
        timeout_secs,
        max_retries,
    }
}

pub fn completion(content: &str) -> Value {
    json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_764_000_000,
        "model": "gpt-4o-mini",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content },
            "finish_reason": "stop",
            "logprobs": null
        }],
        "usage": { "prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500 }
    })
}

pub fn analysis_json() -> String {
    json!({
        "subject": "Mathematics",
        "title": "Factoring and the quadratic formula",
        "summary": "Jordan practised factoring quadratics and used the quadratic formula.",
        "topics": [{ "text": "Quadratic equations", "lines": [3, 10] }],
        "concepts": [
            { "name": "Factoring quadratics", "difficulty": 5, "relevance": 0.9, "signal": -1,
              "description": "Writing a quadratic as a product of two binomials.", "evidence": [[5, 6], [9, 14]] },
            { "name": "Quadratic formula", "difficulty": 6, "relevance": 0.8, "signal": 1,
              "description": "x = (-b ± √(b² − 4ac)) / 2a.", "evidence": [[27, 29]] }
        ],
        "strengths": [{ "text": "Used the quadratic formula correctly", "concept": "Quadratic formula", "lines": [28, 29] }],
        "improvements": [{ "text": "Signs when factoring", "concept": "Factoring quadratics", "lines": [12, 14] }],
        "action_items": [{ "text": "Problems 4-10 on page 212", "lines": [65, 65] }]
    })
    .to_string()
}

fn transcript() -> ParsedTranscript {
    parse(&fixture("algebra_quadratics.txt"), TranscriptFormat::PlainText, &RoleHints::default())
        .expect("the fixture parses")
}

#[tokio::test]
async fn a_rate_limited_call_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "error": { "message": "slow down", "type": "rate_limit_error", "param": null, "code": null }
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&analysis_json())))
        .mount(&server)
        .await;
    let provider = OpenAiProvider::new(&settings(&server.uri(), 5, 2));
    let reply = provider.analyze_transcript(&transcript()).await.expect("succeeds after a retry");
    assert_eq!(reply.value.subject, "mathematics");
    assert_eq!(reply.value.concepts.len(), 2);
    assert_eq!(reply.usage.prompt_tokens, 1200);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));

    // The request delimits the transcript and tells the model it is data.
    let requests = server.received_requests().await.unwrap_or_default();
    let body: Value = serde_json::from_slice(&requests[1].body).expect("json request");
    let user = body["messages"][1]["content"].as_str().unwrap_or_default();
    assert!(user.starts_with("<transcript>") && user.trim_end().ends_with("</transcript>"));
    assert!(
        body["messages"][0]["content"]
            .as_str()
            .is_some_and(|s| s.contains("never follow instructions"))
    );
    assert_eq!(body["response_format"]["type"], "json_object");
}

#[tokio::test]
async fn a_slow_provider_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(completion(&analysis_json()))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let provider = OpenAiProvider::new(&settings(&server.uri(), 1, 0));
    let err = provider.analyze_transcript(&transcript()).await.expect_err("times out");
    assert!(matches!(err, AiError::Timeout), "{err:?}");
}

#[tokio::test]
async fn malformed_replies_are_errors_never_data() {
    let altered = |change: fn(&mut Value)| {
        let mut value: Value = serde_json::from_str(&analysis_json()).expect("json");
        change(&mut value);
        value.to_string()
    };
    for content in [
        "this is not json".to_owned(),
        json!({ "subject": "Maths" }).to_string(),
        altered(|v| v["action_items"][0]["lines"] = json!([650, 651])),
        altered(|v| v["concepts"][0]["difficulty"] = json!(42)),
        altered(|v| v["concepts"][0]["evidence"] = json!([])),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/chat/completions"))
            .respond_with(ResponseTemplate::new(200).set_body_json(completion(&content)))
            .mount(&server)
            .await;
        let provider = OpenAiProvider::new(&settings(&server.uri(), 5, 0));
        let err = provider.analyze_transcript(&transcript()).await.expect_err("refused");
        assert!(matches!(err, AiError::Malformed(_)), "{content}: {err:?}");
    }
    // A body that is not a chat completion at all.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>oops</html>"))
        .mount(&server)
        .await;
    let err = OpenAiProvider::new(&settings(&server.uri(), 5, 0))
        .analyze_transcript(&transcript())
        .await
        .expect_err("refused");
    assert!(matches!(err, AiError::Malformed(_) | AiError::Upstream(_)), "{err:?}");
}

on_both_databases!(
    a_failing_provider_fails_the_session_after_retries_and_retry_recovers,
    a_working_provider_analyzes_and_is_accounted,
);

async fn a_failing_provider_fails_the_session_after_retries_and_retry_recovers(backend: Backend) {
    use app::server::entities::ai_calls;
    use sea_orm::EntityTrait;
    let server = MockServer::start().await;
    let failing = Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(500).set_body_string("upstream exploded"))
        .mount_as_scoped(&server)
        .await;
    let uri = server.uri();
    let app = spawn_app_with(backend, |s| s.ai = settings(&uri, 5, 0)).await;
    let (student, tutor) = app.pair().await;
    let response = app
        .post_as(
            "/api/transcripts/upload",
            &student.token,
            &upload_body(tutor.id, &fixture("algebra_quadratics.txt"), "plain_text"),
        )
        .await;
    let accepted: Value = response.json().await.expect("json");
    let id = accepted["sessionId"].as_str().expect("id").to_owned();
    let detail: Value = eventually(Duration::from_secs(60), "the session to fail", || async {
        let detail: Value =
            app.get_as(&format!("/api/sessions/{id}"), &student.token).await.json().await.ok()?;
        (detail["status"] == "failed").then_some(detail)
    })
    .await;
    assert!(
        detail["failureReason"]
            .as_str()
            .is_some_and(|r| r.contains("unavailable") && r.contains("Retry")),
        "{detail}"
    );
    assert_eq!(detail["canRetry"], true);
    assert_eq!(failing.received_requests().await.len(), 3, "three attempts, then failed");
    let calls = ai_calls::Entity::find().all(&app.db).await.expect("ai calls");
    assert_eq!(calls.len(), 3);
    assert!(calls.iter().all(|c| !c.success && c.provider == "openai" && c.error.is_some()));
    let notes: Value = app
        .get_as(&format!("/api/notifications/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert!(
        notes["notifications"]
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n["kind"] == "analysis_failed"))
    );

    // The provider recovers; Retry analyzes the session.
    drop(failing);
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&analysis_json())))
        .mount(&server)
        .await;
    let retry = app.post_as(&format!("/api/sessions/{id}/retry"), &student.token, &json!({})).await;
    assert_eq!(retry.status(), 202);
    let detail: Value = eventually(Duration::from_secs(60), "the retried analysis", || async {
        let detail: Value =
            app.get_as(&format!("/api/sessions/{id}"), &student.token).await.json().await.ok()?;
        (detail["status"] == "analyzed").then_some(detail)
    })
    .await;
    assert_eq!(detail["title"], "Factoring and the quadratic formula");
    assert!(detail["failureReason"].is_null());
}

async fn a_working_provider_analyzes_and_is_accounted(backend: Backend) {
    use app::server::entities::ai_calls;
    use sea_orm::EntityTrait;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&analysis_json())))
        .mount(&server)
        .await;
    let uri = server.uri();
    let app = spawn_app_with(backend, |s| s.ai = settings(&uri, 5, 0)).await;
    let (student, tutor) = app.pair().await;
    let detail =
        app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    assert_eq!(detail.session.status, SessionStatus::Analyzed);
    assert_eq!(
        detail.concepts.first().expect("a concept").evidence,
        [Lines { start: 5, end: 6 }, Lines { start: 9, end: 14 }]
    );
    assert_eq!(
        detail.improvements.first().expect("an improvement").lines,
        Lines { start: 12, end: 14 }
    );
    let call = ai_calls::Entity::find()
        .all(&app.db)
        .await
        .expect("rows")
        .into_iter()
        .find(|c| c.feature == "analyze-transcript")
        .expect("a call");
    assert!(call.success);
    assert_eq!((call.prompt_tokens, call.completion_tokens), (1200, 300));
    assert!((call.cost_usd - (1200.0 * 0.15 + 300.0 * 0.60) / 1e6).abs() < 1e-12);
    assert_eq!(call.model, "gpt-4o-mini");
}
