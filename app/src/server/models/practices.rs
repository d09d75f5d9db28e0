//! Practices: `generating → ready → in_progress → completed`, or `failed` while generating (and
//! back to `generating` on retry). Each change is one conditional update, so two requests racing
//! for the same change (two submits, a retry and a late generation) settle in the database.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};
use uuid::Uuid;

use super::{
    ModelError,
    notifications::{self, NewNotification},
};
use crate::server::entities::{
    column::JsonText,
    enums::{NotificationKind, PracticeKind, PracticeStatus},
    practices::{ActiveModel, Column, Entity, Model},
};

/// A practice about to be generated.
#[derive(Debug, Clone)]
pub struct NewPractice {
    pub student_id: Uuid,
    pub session_id: Option<Uuid>,
    pub kind: PracticeKind,
    /// The concepts asked for; empty means all of the session's.
    pub concept_ids: Vec<Uuid>,
}

impl Model {
    /// Whether the practice is still generating, read under a row lock held until `txn` ends
    /// (PostgreSQL; SQLite's write transaction already holds the one write lock). Two runs of
    /// the same generation (a job re-queued while the first was finishing) then take turns, and
    /// the second finds the work done instead of colliding with it.
    pub async fn still_generating(
        txn: &sea_orm::DatabaseTransaction,
        id: Uuid,
    ) -> Result<bool, sea_orm::DbErr> {
        use sea_orm::QuerySelect;
        Ok(Entity::find_by_id(id)
            .lock_exclusive()
            .one(txn)
            .await?
            .is_some_and(|practice| practice.status == PracticeStatus::Generating))
    }

    pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Self, ModelError> {
        Entity::find_by_id(id).one(db).await?.ok_or(ModelError::NotFound("practice"))
    }

    pub async fn create(
        db: &impl ConnectionTrait,
        new: NewPractice,
        now: DateTime<Utc>,
    ) -> Result<Self, sea_orm::DbErr> {
        ActiveModel {
            id: Set(Uuid::new_v4()),
            student_id: Set(new.student_id),
            session_id: Set(new.session_id),
            kind: Set(new.kind),
            status: Set(PracticeStatus::Generating),
            failure_reason: Set(None),
            concept_ids: Set(JsonText(new.concept_ids)),
            item_count: Set(0),
            correct_count: Set(None),
            score: Set(None),
            created_at: Set(now),
            started_at: Set(None),
            submitted_at: Set(None),
            updated_at: Set(now),
        }
        .insert(db)
        .await
    }

    /// The session's automatic practice (made once per session: the first of its kind).
    pub async fn of_session(
        db: &impl ConnectionTrait,
        session_id: Uuid,
    ) -> Result<Option<Self>, sea_orm::DbErr> {
        Entity::find()
            .filter(Column::SessionId.eq(session_id))
            .filter(Column::Kind.eq(PracticeKind::Session))
            .order_by_asc(Column::CreatedAt)
            .one(db)
            .await
    }

    /// A student's practices, newest first.
    pub async fn of_student(
        db: &impl ConnectionTrait,
        student_id: Uuid,
    ) -> Result<Vec<Self>, sea_orm::DbErr> {
        Entity::find()
            .filter(Column::StudentId.eq(student_id))
            .order_by_desc(Column::CreatedAt)
            .all(db)
            .await
    }

    fn wrong_state(&self, wanted: &'static str) -> ModelError {
        ModelError::WrongState { entity: "practice", actual: self.status.to_string(), wanted }
    }

    /// One conditional update: `from` → the given columns. True when this call made the change.
    async fn transition(
        &self,
        db: &impl ConnectionTrait,
        from: &[PracticeStatus],
        changes: Vec<(Column, sea_orm::sea_query::SimpleExpr)>,
    ) -> Result<bool, sea_orm::DbErr> {
        let mut update = Entity::update_many();
        for (column, value) in changes {
            update = update.col_expr(column, value);
        }
        let result = update
            .filter(Column::Id.eq(self.id))
            .filter(Column::Status.is_in(from.iter().copied()))
            .exec(db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Claims the one submission: of two concurrent submits, one wins and the other gets
    /// `WrongState` (409 at the wire).
    pub async fn claim_submission(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let claimed = self
            .transition(
                db,
                &[PracticeStatus::Ready, PracticeStatus::InProgress],
                vec![
                    (Column::Status, Expr::value(PracticeStatus::Completed)),
                    (Column::SubmittedAt, Expr::value(now)),
                    (Column::UpdatedAt, Expr::value(now)),
                ],
            )
            .await?;
        if claimed { Ok(()) } else { Err(self.wrong_state("submitted")) }
    }

    /// The score of a claimed submission.
    pub async fn record_score(
        &self,
        db: &impl ConnectionTrait,
        correct: usize,
        score: f64,
    ) -> Result<(), sea_orm::DbErr> {
        Entity::update_many()
            .col_expr(Column::Score, Expr::value(score))
            .col_expr(Column::CorrectCount, Expr::value(correct as i32))
            .filter(Column::Id.eq(self.id))
            .exec(db)
            .await
            .map(|_| ())
    }

    /// The first answer or hint moves a ready practice to in progress (once).
    pub async fn mark_started(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        if self.status == PracticeStatus::Ready {
            self.transition(
                db,
                &[PracticeStatus::Ready],
                vec![
                    (Column::Status, Expr::value(PracticeStatus::InProgress)),
                    (Column::StartedAt, Expr::value(now)),
                ],
            )
            .await?;
        }
        Ok(())
    }

    /// Only a still-generating practice becomes ready: a concurrent run cannot clobber a taken
    /// one. False when another run got there first.
    pub async fn mark_ready(
        &self,
        db: &impl ConnectionTrait,
        item_count: usize,
        now: DateTime<Utc>,
    ) -> Result<bool, sea_orm::DbErr> {
        self.transition(
            db,
            &[PracticeStatus::Generating],
            vec![
                (Column::Status, Expr::value(PracticeStatus::Ready)),
                (Column::ItemCount, Expr::value(item_count as i32)),
                (Column::UpdatedAt, Expr::value(now)),
            ],
        )
        .await
    }

    /// Failed, with the reason shown on the practice page; the student is told once per failure.
    pub async fn mark_failed(
        &self,
        db: &impl ConnectionTrait,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        ActiveModel {
            id: Set(self.id),
            status: Set(PracticeStatus::Failed),
            failure_reason: Set(Some(reason.to_owned())),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(db)
        .await?;
        let notice = NewNotification::failure(
            self.student_id,
            NotificationKind::PracticeFailed,
            "Your practice could not be prepared",
            reason,
            format!("/practice/{}", self.id),
            (self.id, self.updated_at),
        );
        notifications::notify(db, notice, now).await.map(|_| ())
    }

    /// A failed generation goes back to `generating`; of two retries one wins.
    pub async fn reset_for_retry(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let reset = self
            .transition(
                db,
                &[PracticeStatus::Failed],
                vec![
                    (Column::Status, Expr::value(PracticeStatus::Generating)),
                    (Column::FailureReason, Expr::value(Option::<String>::None)),
                    (Column::UpdatedAt, Expr::value(now)),
                ],
            )
            .await?;
        if reset { Ok(()) } else { Err(self.wrong_state("retried")) }
    }
}
