//! `/api/practice/*`.

use axum::{Json, extract::State, http::StatusCode};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath};
use crate::{
    dto::practice::{
        AnswerInput, ExplainView, GenerateAccepted, GenerateRequest, HintRequest, HintView,
        PracticeList, PracticeView, SubmitRequest, SubmitResult,
    },
    error::AppError,
    server::{auth::current::Me, services::practice, state::AppState},
};

/// `POST /api/practice/generate` → 202 `{practiceId, status: "generating"}`.
#[utoipa::path(
    post,
    path = "/practice/generate",
    tag = "practice",
    request_body = GenerateRequest,
    responses((status = 202, description = "The practice is being generated", body = GenerateAccepted)),
)]
pub async fn request_practice(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<GenerateRequest>,
) -> Result<(StatusCode, Json<GenerateAccepted>), AppError> {
    let accepted =
        practice::request_practice(&state, &me, body.session_id, body.concept_ids).await?;
    Ok((StatusCode::ACCEPTED, Json(accepted)))
}

/// `POST /api/practice/review` → 202: a review practice over what is due.
#[utoipa::path(
    post,
    path = "/practice/review",
    tag = "practice",
    responses((status = 202, description = "A review practice over what is due is being generated", body = GenerateAccepted)),
)]
pub async fn start_review(
    State(state): State<AppState>,
    Me(me): Me,
) -> Result<(StatusCode, Json<GenerateAccepted>), AppError> {
    Ok((StatusCode::ACCEPTED, Json(practice::start_review(&state, &me).await?)))
}

/// `GET /api/practice/student/{id}`.
#[utoipa::path(
    get,
    path = "/practice/student/{student_id}",
    tag = "practice",
    params(("student_id" = Uuid, Path, description = "The student")),
    responses((status = 200, description = "The student's practices and what is due", body = PracticeList)),
)]
pub async fn list_practices(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
) -> Result<Json<PracticeList>, AppError> {
    Ok(Json(practice::list_practices(&state, &me, student_id).await?))
}

/// `GET /api/practice/{id}`: no answers or explanations before submission.
#[utoipa::path(
    get,
    path = "/practice/{id}",
    tag = "practice",
    params(("id" = Uuid, Path, description = "The practice")),
    responses((status = 200, description = "The practice; answers and explanations only after submission", body = PracticeView)),
)]
pub async fn view_practice(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<PracticeView>, AppError> {
    Ok(Json(practice::view_practice(&state, &me, id).await?))
}

/// `PUT /api/practice/{id}/answer` → 204: keeps an answer as the student goes.
#[utoipa::path(
    put,
    path = "/practice/{id}/answer",
    tag = "practice",
    params(("id" = Uuid, Path, description = "The practice")),
    request_body = AnswerInput,
    responses((status = 204, description = "The answer is kept")),
)]
pub async fn save_answer(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<AnswerInput>,
) -> Result<StatusCode, AppError> {
    practice::save_answer(&state, &me, id, body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/practice/{id}/hint` with `{questionId}`.
#[utoipa::path(
    post,
    path = "/practice/{id}/hint",
    tag = "practice",
    params(("id" = Uuid, Path, description = "The practice")),
    request_body = HintRequest,
    responses((status = 200, description = "The next hint", body = HintView)),
)]
pub async fn take_hint(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<HintRequest>,
) -> Result<Json<HintView>, AppError> {
    Ok(Json(practice::take_hint(&state, &me, id, body.question_id).await?))
}

/// `POST /api/practice/{id}/submit` with `{answers: [{questionId, answer}]}`; 409 the second time.
#[utoipa::path(
    post,
    path = "/practice/{id}/submit",
    tag = "practice",
    params(("id" = Uuid, Path, description = "The practice")),
    request_body = SubmitRequest,
    responses((status = 200, description = "Graded, with feedback and mastery changes", body = SubmitResult)),
)]
pub async fn submit_practice(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<SubmitRequest>,
) -> Result<Json<SubmitResult>, AppError> {
    Ok(Json(practice::submit_practice(&state, &me, id, body.answers).await?))
}

/// `POST /api/practice/{id}/explain` with `{questionId}`, after submission.
#[utoipa::path(
    post,
    path = "/practice/{id}/explain",
    tag = "practice",
    params(("id" = Uuid, Path, description = "The practice")),
    request_body = HintRequest,
    responses((status = 200, description = "The explanation of one question", body = ExplainView)),
)]
pub async fn explain_question(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<HintRequest>,
) -> Result<Json<ExplainView>, AppError> {
    Ok(Json(practice::explain_question(&state, &me, id, body.question_id).await?))
}

/// `POST /api/practice/{id}/retry` → 202.
#[utoipa::path(
    post,
    path = "/practice/{id}/retry",
    tag = "practice",
    params(("id" = Uuid, Path, description = "The practice")),
    responses((status = 202, description = "The failed practice is generated again")),
)]
pub async fn retry_practice(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    practice::retry_practice(&state, &me, id).await?;
    Ok(StatusCode::ACCEPTED)
}
