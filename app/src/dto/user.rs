//! Accounts on the wire.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Role;

/// The signed-in user as clients see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub grade: Option<String>,
    pub time_zone: String,
}

/// `POST /api/auth/register` and `/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuthResponse {
    pub token: String,
    pub user: UserView,
}

/// A user as an admin sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminUserView {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub last_active_at: Option<DateTime<Utc>>,
    /// For students, their tutors; for tutors, their students.
    pub linked: Vec<LinkedUser>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LinkedUser {
    pub id: Uuid,
    pub name: String,
    pub email: String,
}

/// A person to choose from (a tutor for a student, a student for a tutor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PersonOption {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub linked: bool,
}

/// A tutor as students see them: name and subjects, never an email address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TutorOption {
    pub id: Uuid,
    pub name: String,
    /// Subjects of the sessions they have taught, most frequent first.
    pub subjects: Vec<String>,
    /// Linked to the caller.
    pub linked: bool,
}

wire_enum! {
    /// What an outbox message is for.
    pub enum OutboxKind {
        PasswordReset,
        Nudge,
    }
}

wire_enum! {
    /// A mailer sends `pending` messages and marks them `sent` or `failed`.
    pub enum OutboxStatus {
        Pending,
        Sent,
        Failed,
    }
}

/// A message waiting in the mail outbox (admin view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessageView {
    pub id: Uuid,
    pub kind: OutboxKind,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub status: OutboxStatus,
    pub created_at: DateTime<Utc>,
}
