//! Tutoring sessions: `pending → processing → analyzed | failed`, and back to `pending` on retry.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    ModelError,
    notifications::{self, NewNotification},
};
use crate::server::entities::{
    enums::{NotificationKind, SessionStatus},
    sessions::{self, ActiveModel, Column, Entity, Model},
    transcripts,
};

/// What an analysis writes onto its session.
#[derive(Debug, Clone)]
pub struct AnalyzedFields {
    pub subject: String,
    pub title: String,
    pub summary: String,
}

impl Model {
    pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Self, ModelError> {
        Entity::find_by_id(id).one(db).await?.ok_or(ModelError::NotFound("session"))
    }

    /// The session's transcript (every session has exactly one).
    pub async fn transcript(
        &self,
        db: &impl ConnectionTrait,
    ) -> Result<transcripts::Model, ModelError> {
        transcripts::Entity::find()
            .filter(transcripts::Column::SessionId.eq(self.id))
            .one(db)
            .await?
            .ok_or(ModelError::NotFound("transcript"))
    }

    async fn set_status(
        &self,
        db: &impl ConnectionTrait,
        status: SessionStatus,
        reason: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        ActiveModel {
            id: Set(self.id),
            status: Set(status),
            failure_reason: Set(reason),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(db)
        .await
        .map(|_| ())
    }

    /// Back to the status (and failure reason) this row was read with: an admin's re-run that
    /// could not finish leaves the stored analysis as it was.
    pub async fn restore_status(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        self.set_status(db, self.status, self.failure_reason.clone(), now).await
    }

    pub async fn mark_processing(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        self.set_status(db, SessionStatus::Processing, None, now).await
    }

    /// Failed, with the reason shown on the session page; the student is told once per failure.
    pub async fn mark_failed(
        &self,
        db: &impl ConnectionTrait,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        self.set_status(db, SessionStatus::Failed, Some(reason.to_owned()), now).await?;
        let notice = NewNotification::failure(
            self.student_id,
            NotificationKind::AnalysisFailed,
            "We could not analyze your session",
            reason,
            format!("/sessions/{}", self.id),
            (self.id, self.updated_at),
        );
        notifications::notify(db, notice, now).await.map(|_| ())
    }

    /// Failed before any work started (the queue refused it): shown with Retry, no notice.
    pub async fn mark_not_queued(
        &self,
        db: &impl ConnectionTrait,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        self.set_status(db, SessionStatus::Failed, Some(reason.to_owned()), now).await
    }

    pub async fn mark_analyzed(
        &self,
        db: &impl ConnectionTrait,
        fields: AnalyzedFields,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        ActiveModel {
            id: Set(self.id),
            status: Set(SessionStatus::Analyzed),
            failure_reason: Set(None),
            subject: Set(Some(fields.subject)),
            title: Set(Some(fields.title.chars().take(200).collect())),
            summary: Set(Some(fields.summary)),
            analyzed_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(db)
        .await
        .map(|_| ())
    }

    /// A failed analysis goes back to `pending`. Conditional, so of two retries one wins.
    pub async fn reset_for_retry(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let result = Entity::update_many()
            .col_expr(Column::Status, Expr::value(SessionStatus::Pending))
            .col_expr(Column::FailureReason, Expr::value(Option::<String>::None))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(self.id))
            .filter(Column::Status.eq(SessionStatus::Failed))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            Ok(())
        } else {
            Err(ModelError::WrongState {
                entity: "analysis",
                actual: self.status.to_string(),
                wanted: "retried",
            })
        }
    }
}

/// The sessions with these ids (unknown ids are left out).
pub async fn with_ids(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<sessions::Model>, sea_orm::DbErr> {
    Entity::find().filter(Column::Id.is_in(ids)).all(db).await
}
