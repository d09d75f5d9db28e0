//! `/api/tutor/invitations` (a tutor invites by email) and `/api/invitations` (the student
//! answers).

use axum::{Json, extract::State, http::StatusCode};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath};
use crate::{
    dto::{
        invitation::{InvitationView, InviteInput},
        reply::Message,
    },
    error::AppError,
    server::{auth::current::Me, services::invitations, state::AppState},
};

/// `POST /api/tutor/invitations {email}` → 202, whether or not the address belongs to anyone.
#[utoipa::path(
    post,
    path = "/tutor/invitations",
    tag = "invitations",
    request_body = InviteInput,
    responses((status = 202, description = "Invited if the address belongs to a student; the reply is the same either way", body = Message)),
)]
pub async fn invite_student(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<InviteInput>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    Ok((StatusCode::ACCEPTED, Json(invitations::invite(&state, &me, &body.email).await?)))
}

/// `GET /api/invitations`: the student's invitations, pending first.
#[utoipa::path(
    get,
    path = "/invitations",
    tag = "invitations",
    responses((status = 200, description = "The student's invitations, pending first", body = Vec<InvitationView>)),
)]
pub async fn list_invitations(
    State(state): State<AppState>,
    Me(me): Me,
) -> Result<Json<Vec<InvitationView>>, AppError> {
    Ok(Json(invitations::list(&state, &me).await?))
}

/// `POST /api/invitations/{id}/accept`: links the student to the tutor.
#[utoipa::path(
    post,
    path = "/invitations/{id}/accept",
    tag = "invitations",
    params(("id" = Uuid, Path, description = "The invitation")),
    responses((status = 200, description = "Accepted; the tutor is now linked", body = InvitationView)),
)]
pub async fn accept_invitation(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<InvitationView>, AppError> {
    Ok(Json(invitations::answer(&state, &me, id, true).await?))
}

/// `POST /api/invitations/{id}/decline`.
#[utoipa::path(
    post,
    path = "/invitations/{id}/decline",
    tag = "invitations",
    params(("id" = Uuid, Path, description = "The invitation")),
    responses((status = 200, description = "Declined", body = InvitationView)),
)]
pub async fn decline_invitation(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<InvitationView>, AppError> {
    Ok(Json(invitations::answer(&state, &me, id, false).await?))
}
