//! `/api/tutors` and `/api/students`: whom a user can name in an upload or booking.

use axum::{Json, extract::State};
use serde::Deserialize;

use super::extract::ApiQuery;
use crate::{
    dto::user::{PersonOption, TutorOption},
    error::AppError,
    server::{auth::current::Me, services::people, state::AppState},
};

/// `GET /api/tutors`: every active tutor, the caller's own first.
#[utoipa::path(
    get,
    path = "/tutors",
    tag = "people",
    responses((status = 200, description = "Every active tutor (name and subjects, no email), the caller's own first", body = Vec<TutorOption>)),
)]
pub async fn list_tutors(
    State(state): State<AppState>,
    Me(me): Me,
) -> Result<Json<Vec<TutorOption>>, AppError> {
    Ok(Json(people::list_tutors(&state, &me).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StudentQuery {
    /// Find one student by email address.
    email: Option<String>,
}

/// `GET /api/students?email=`: a tutor's linked students (narrowed by email if given).
#[utoipa::path(
    get,
    path = "/students",
    tag = "people",
    params(StudentQuery),
    responses((status = 200, description = "A tutor's linked students (the one with that email, if given); for admins, any student", body = Vec<PersonOption>)),
)]
pub async fn list_students(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(query): ApiQuery<StudentQuery>,
) -> Result<Json<Vec<PersonOption>>, AppError> {
    Ok(Json(people::list_students(&state, &me, query.email.as_deref()).await?))
}
