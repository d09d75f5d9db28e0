//! `/api/tutor/students`, `/api/students/{id}/brief` and `/api/students/{id}/overview`: the
//! tutor's roster with risk flags, the pre-session brief and the student page's data.

use axum::{Json, extract::State};
use uuid::Uuid;

use super::extract::ApiPath;
use crate::{
    dto::tutor::{BriefView, RosterEntry, StudentOverview},
    error::AppError,
    server::{auth::current::Me, services::tutor, state::AppState},
};

/// `GET /api/tutor/students`: the caller's linked students, most in need first.
#[utoipa::path(
    get,
    path = "/tutor/students",
    tag = "tutor",
    responses(
        (status = 200, description = "The tutor's linked students with risk flags, sorted by need", body = Vec<RosterEntry>),
    ),
)]
pub async fn tutor_roster(
    State(state): State<AppState>,
    Me(me): Me,
) -> Result<Json<Vec<RosterEntry>>, AppError> {
    Ok(Json(tutor::roster(&state, &me).await?))
}

/// `GET /api/students/{id}/brief`: the pre-session brief, for a linked tutor or an admin.
#[utoipa::path(
    get,
    path = "/students/{student_id}/brief",
    tag = "tutor",
    params(("student_id" = Uuid, Path, description = "The student")),
    responses(
        (status = 200, description = "What was taught, what the student struggled with since, reviews overdue, goals and a suggested focus", body = BriefView),
    ),
)]
pub async fn student_brief(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
) -> Result<Json<BriefView>, AppError> {
    Ok(Json(tutor::brief(&state, &me, student_id).await?))
}

/// `GET /api/students/{id}/overview`: flags, mastery over time, goals, practice, escalations.
#[utoipa::path(
    get,
    path = "/students/{student_id}/overview",
    tag = "tutor",
    params(("student_id" = Uuid, Path, description = "The student")),
    responses(
        (status = 200, description = "The tutor's page about one student", body = StudentOverview),
    ),
)]
pub async fn student_overview(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
) -> Result<Json<StudentOverview>, AppError> {
    Ok(Json(tutor::overview(&state, &me, student_id).await?))
}
