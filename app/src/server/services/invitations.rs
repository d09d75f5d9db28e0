//! Tutor invitations (issue 13): a tutor enters an email; if it belongs to a student, the
//! student is notified and may accept (which links them) or decline. The tutor is told the same
//! thing whatever the address is, so inviting cannot be used to find out who studies here.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    domain::{Email, Role},
    dto::{
        invitation::{InvitationStatus, InvitationView},
        reply::Message,
    },
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        db::begin_write,
        entities::{
            enums::{LinkOrigin, NotificationKind},
            tutor_invitations, users,
        },
        models::{
            self, ModelError,
            notifications::{self, NewNotification},
            tutor_invitations::Invited,
        },
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum InvitationError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("email: {0}")]
    InvalidEmail(String),
    #[error("invitation not found")]
    NotFound,
    #[error("This invitation was already {0}.")]
    AlreadyAnswered(String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ModelError> for InvitationError {
    fn from(err: ModelError) -> Self {
        match err {
            ModelError::NotFound(_) => Self::NotFound,
            ModelError::WrongState { actual, .. } => Self::AlreadyAnswered(actual),
            ModelError::Db(err) => Self::Db(err),
        }
    }
}

impl From<InvitationError> for AppError {
    fn from(err: InvitationError) -> Self {
        match err {
            InvitationError::Access(err) => err.into(),
            InvitationError::InvalidEmail(message) => Self::field("email", message),
            InvitationError::NotFound => Self::NotFound("invitation".into()),
            InvitationError::AlreadyAnswered(_) => Self::Conflict(err.to_string()),
            InvitationError::Db(err) => err.into(),
        }
    }
}

/// What the tutor hears, whatever the address.
pub const INVITED: &str =
    "If that address belongs to a student, they have been invited and can accept or decline.";

/// `POST /api/tutor/invitations {email}` → 202 with [`INVITED`], always.
#[tracing::instrument(skip_all, fields(tutor = %me.id))]
pub async fn invite(
    state: &AppState,
    me: &CurrentUser,
    email: &str,
) -> Result<Message, InvitationError> {
    policy::require_tutor(me)?;
    let email = Email::parse(email).map_err(|e| InvitationError::InvalidEmail(e.0))?;
    let student = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .filter(users::Column::Role.eq(Role::Student))
        .filter(users::Column::IsActive.eq(true))
        .one(&state.db)
        .await?;
    let Some(student) = student else { return Ok(Message::new(INVITED)) };
    if policy::is_linked(&state.db, me.id, student.id).await? {
        return Ok(Message::new(INVITED));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    if let Invited::Opened(invitation) =
        tutor_invitations::Model::invite(&txn, me.id, student.id, now).await?
    {
        notifications::notify(
            &txn,
            NewNotification {
                user_id: student.id,
                kind: NotificationKind::TutorInvitation,
                title: format!("{} invited you to be their student", me.name),
                body: "Accept to let them see your sessions, goals and practice, or decline."
                    .into(),
                link: "/bookings".into(),
                dedupe_key: Some(format!("invitation:{}:{}", invitation.id, now.timestamp())),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(Message::new(INVITED))
}

/// `GET /api/invitations`: the student's invitations, pending first.
pub async fn list(
    state: &AppState,
    me: &CurrentUser,
) -> Result<Vec<InvitationView>, InvitationError> {
    policy::require_student(me)?;
    let rows = tutor_invitations::Model::of_student(&state.db, me.id).await?;
    let names: HashMap<Uuid, String> =
        models::users::names(&state.db, rows.iter().map(|r| r.tutor_id)).await?;
    Ok(rows
        .into_iter()
        .map(|row| InvitationView {
            id: row.id,
            tutor_id: row.tutor_id,
            tutor_name: names.get(&row.tutor_id).cloned().unwrap_or_default(),
            status: row.status,
            created_at: row.created_at,
        })
        .collect())
}

/// `POST /api/invitations/{id}/accept` and `/decline`: the student's answer. Accepting links
/// them (the student's own act), and the tutor hears of it.
#[tracing::instrument(skip_all, fields(invitation = %id, accept))]
pub async fn answer(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    accept: bool,
) -> Result<InvitationView, InvitationError> {
    let invitation = tutor_invitations::Model::find(&state.db, id).await?;
    policy::require_owner(me, invitation.student_id, "invitation")?;
    let now = state.clock.now();
    let to = if accept { InvitationStatus::Accepted } else { InvitationStatus::Declined };
    let txn = begin_write(&state.db).await?;
    invitation.answer(&txn, to, now).await?;
    if accept {
        models::tutor_students::ensure(
            &txn,
            invitation.tutor_id,
            me.id,
            LinkOrigin::Invitation,
            now,
        )
        .await?;
        notifications::notify(
            &txn,
            NewNotification {
                user_id: invitation.tutor_id,
                kind: NotificationKind::TutorInvitation,
                title: format!("{} accepted your invitation", me.name),
                body: "They are now one of your students.".into(),
                link: format!("/students/{}", me.id),
                dedupe_key: Some(format!("invitation-accepted:{}", invitation.id)),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    let tutor_name =
        models::users::names(&state.db, [invitation.tutor_id]).await?.remove(&invitation.tutor_id);
    Ok(InvitationView {
        id: invitation.id,
        tutor_id: invitation.tutor_id,
        tutor_name: tutor_name.unwrap_or_default(),
        status: to,
        created_at: invitation.created_at,
    })
}
