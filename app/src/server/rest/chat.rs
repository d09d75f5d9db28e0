//! `/api/chat/*`: conversations, questions (answered as server-sent events with
//! `Accept: text/event-stream`, as JSON otherwise), routing to a tutor and its escalation.

use std::convert::Infallible;

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::{
    dto::{
        chat::{
            ConversationCreated, ConversationSummary, ConversationTitle, ConversationView,
            DeltaEvent, DoneEvent, EscalationInput, Exchange, NewConversation, QuestionInput,
            RouteView, SourcesEvent, StarterQuestion,
        },
        page::{Page, PageParams},
    },
    error::{AppError, ErrorBody},
    server::{
        auth::current::Me,
        services::chat::{self, AnswerEvent, PendingAnswer},
        state::AppState,
    },
};

/// `POST /api/chat/conversations` → 201 `{id, title}`; the body (`{title?, sessionId?}`) may be
/// left out.
#[utoipa::path(
    post,
    path = "/chat/conversations",
    tag = "chat",
    request_body = Option<NewConversation>,
    responses((status = 201, description = "The new conversation", body = ConversationCreated)),
)]
pub async fn create_conversation(
    State(state): State<AppState>,
    Me(me): Me,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<ConversationCreated>), AppError> {
    let input: NewConversation = if body.iter().all(u8::is_ascii_whitespace) {
        NewConversation::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| AppError::BadRequest(format!("malformed JSON: {e}")))?
    };
    Ok((StatusCode::CREATED, Json(chat::create_conversation(&state, &me, input).await?)))
}

/// `GET /api/chat/conversations?page=&perPage=`: newest first.
#[utoipa::path(
    get,
    path = "/chat/conversations",
    tag = "chat",
    params(PageParams),
    responses((status = 200, description = "The student's conversations, newest first", body = Page<ConversationSummary>)),
)]
pub async fn list_conversations(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<ConversationSummary>>, AppError> {
    Ok(Json(chat::list_conversations(&state, &me, params).await?))
}

/// `GET /api/chat/conversations/{id}`: with every message.
#[utoipa::path(
    get,
    path = "/chat/conversations/{id}",
    tag = "chat",
    params(("id" = Uuid, Path, description = "The conversation")),
    responses((status = 200, description = "The conversation with every message", body = ConversationView)),
)]
pub async fn get_conversation(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ConversationView>, AppError> {
    Ok(Json(chat::get_conversation(&state, &me, id).await?))
}

/// `PATCH /api/chat/conversations/{id}` `{title}`.
#[utoipa::path(
    patch,
    path = "/chat/conversations/{id}",
    tag = "chat",
    params(("id" = Uuid, Path, description = "The conversation")),
    request_body = ConversationTitle,
    responses((status = 200, description = "The renamed conversation", body = ConversationSummary)),
)]
pub async fn rename_conversation(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ConversationTitle>,
) -> Result<Json<ConversationSummary>, AppError> {
    Ok(Json(chat::rename_conversation(&state, &me, id, &body.title).await?))
}

/// `DELETE /api/chat/conversations/{id}` → 204.
#[utoipa::path(
    delete,
    path = "/chat/conversations/{id}",
    tag = "chat",
    params(("id" = Uuid, Path, description = "The conversation")),
    responses((status = 204, description = "The conversation and its messages are gone")),
)]
pub async fn delete_conversation(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    chat::delete_conversation(&state, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn wants_event_stream(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.contains("text/event-stream"))
}

fn event(name: &str, data: &impl serde::Serialize) -> Event {
    Event::default()
        .event(name)
        .json_data(data)
        .unwrap_or_else(|_| Event::default().event("error").data("{}"))
}

/// The answer as server-sent events: `delta` {text} …, `sources` {sources}, `done` {message};
/// `error` {error, code} if it fails after the stream began.
fn event_stream(pending: PendingAnswer) -> Response {
    let asked = pending.user_message;
    let stream = futures::stream::unfold(Some((pending.events, asked)), |state| async move {
        let (mut events, asked) = state?;
        let item = match events.recv().await? {
            AnswerEvent::Delta(text) => {
                (event("delta", &DeltaEvent { text }), Some((events, asked)))
            }
            AnswerEvent::Sources(sources) => {
                (event("sources", &SourcesEvent { sources }), Some((events, asked)))
            }
            AnswerEvent::Done(message) => {
                (event("done", &DoneEvent { message, user_message: asked }), None)
            }
            AnswerEvent::Failed(err) => {
                let err = AppError::from(err);
                (event("error", &ErrorBody::from(&err)), None)
            }
        };
        Some((Ok::<_, Infallible>(item.0), item.1))
    });
    let mut response = Sse::new(stream).keep_alive(KeepAlive::default()).into_response();
    // Proxies must pass each event on as it comes.
    response.headers_mut().insert(
        header::HeaderName::from_static("x-accel-buffering"),
        header::HeaderValue::from_static("no"),
    );
    response
}

/// `POST /api/chat/conversations/{id}/messages` `{content}`: 200 `{userMessage, message}` once
/// answered, or the answer as it streams with `Accept: text/event-stream`.
#[utoipa::path(
    post,
    path = "/chat/conversations/{id}/messages",
    tag = "chat",
    params(("id" = Uuid, Path, description = "The conversation")),
    request_body = QuestionInput,
    responses((status = 200, description = "The question and its answer, once answered; with `Accept: text/event-stream` the answer streams as server-sent events instead: `delta` {text}…, `sources` {sources}, `done` {message, userMessage}, or `error` {error, code}", content((Exchange = "application/json"), (String = "text/event-stream")))),
)]
pub async fn send_message(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<QuestionInput>,
) -> Result<Response, AppError> {
    let mut pending = chat::send_message(&state, &me, id, &body.content).await?;
    if wants_event_stream(&headers) {
        return Ok(event_stream(pending));
    }
    while let Some(event) = pending.events.recv().await {
        match event {
            AnswerEvent::Done(message) => {
                let exchange = Exchange { user_message: pending.user_message, message };
                return Ok(Json(exchange).into_response());
            }
            AnswerEvent::Failed(err) => return Err(err.into()),
            AnswerEvent::Delta(_) | AnswerEvent::Sources(_) => {}
        }
    }
    Err(AppError::Internal)
}

/// `POST /api/chat/conversations/{id}/route`: the routing result, kept as an escalation.
#[utoipa::path(
    post,
    path = "/chat/conversations/{id}/route",
    tag = "chat",
    params(("id" = Uuid, Path, description = "The conversation")),
    responses((status = 200, description = "Whether a tutor is the better help, why, how urgently and about what; kept as an escalation", body = RouteView)),
)]
pub async fn route_conversation(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<RouteView>, AppError> {
    Ok(Json(chat::route_conversation(&state, &me, id).await?))
}

/// `POST /api/chat/escalations/{id}/send` `{reason, urgency, focus}`: to the tutor.
#[utoipa::path(
    post,
    path = "/chat/escalations/{id}/send",
    tag = "chat",
    params(("id" = Uuid, Path, description = "The escalation")),
    request_body = EscalationInput,
    responses((status = 200, description = "Sent to the student's tutors", body = RouteView)),
)]
pub async fn send_escalation(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<EscalationInput>,
) -> Result<Json<RouteView>, AppError> {
    Ok(Json(chat::send_escalation(&state, &me, id, body).await?))
}

/// `POST /api/chat/escalations/{id}/dismiss` → 204.
#[utoipa::path(
    post,
    path = "/chat/escalations/{id}/dismiss",
    tag = "chat",
    params(("id" = Uuid, Path, description = "The escalation")),
    responses((status = 204, description = "Dismissed")),
)]
pub async fn dismiss_escalation(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    chat::dismiss_escalation(&state, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct StartersQuery {
    /// Starters about one session.
    #[serde(default)]
    session_id: Option<Uuid>,
}

/// `GET /api/chat/starters?sessionId=`: suggested first questions.
#[utoipa::path(
    get,
    path = "/chat/starters",
    tag = "chat",
    params(StartersQuery),
    responses((status = 200, description = "Suggested first questions", body = Vec<StarterQuestion>)),
)]
pub async fn starter_questions(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(query): ApiQuery<StartersQuery>,
) -> Result<Json<Vec<StarterQuestion>>, AppError> {
    Ok(Json(chat::starter_questions(&state, &me, query.session_id).await?))
}
