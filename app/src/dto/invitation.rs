//! Tutor invitations on the wire: a tutor invites by email, the student accepts or declines.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

wire_enum! {
    /// `pending` until the student answers.
    pub enum InvitationStatus {
        Pending,
        Accepted,
        Declined,
    }
}

/// `POST /api/tutor/invitations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InviteInput {
    pub email: String,
}

/// An invitation as its student sees it: who, never their email address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvitationView {
    pub id: Uuid,
    pub tutor_id: Uuid,
    pub tutor_name: String,
    pub status: InvitationStatus,
    pub created_at: DateTime<Utc>,
}
