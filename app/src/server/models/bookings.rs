//! Bookings. A confirmed booking holds its slot through `confirmed_start` (unique with the
//! tutor), so taking a slot is one insert and moving to another is one update: the database
//! refuses the second of two racing for a slot, and a refused move leaves the booking where it
//! was. Cancelling clears `confirmed_start`, which frees the slot.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use uuid::Uuid;

use super::{ModelError, is_unique_violation};
use crate::server::entities::{
    bookings::{ActiveModel, Column, Entity, Model},
    enums::BookingStatus,
};

/// A booking to store.
#[derive(Debug, Clone)]
pub struct NewBooking {
    pub tutor_id: Uuid,
    pub student_id: Uuid,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub note: Option<String>,
    pub escalation_id: Option<Uuid>,
}

/// Why a slot could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum TakeError {
    /// Another confirmed booking holds this tutor's slot.
    #[error("the slot is taken")]
    Taken,
    #[error(transparent)]
    Model(#[from] ModelError),
}

impl From<sea_orm::DbErr> for TakeError {
    fn from(err: sea_orm::DbErr) -> Self {
        if is_unique_violation(&err) { Self::Taken } else { Self::Model(err.into()) }
    }
}

impl Model {
    pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Self, ModelError> {
        Entity::find_by_id(id).one(db).await?.ok_or(ModelError::NotFound("booking"))
    }

    /// Takes the slot, or `Taken` if a confirmed booking holds it (decided by the unique index).
    pub async fn take(
        db: &impl ConnectionTrait,
        new: NewBooking,
        now: DateTime<Utc>,
    ) -> Result<Self, TakeError> {
        Ok(ActiveModel {
            id: Set(Uuid::new_v4()),
            tutor_id: Set(new.tutor_id),
            student_id: Set(new.student_id),
            starts_at: Set(new.start),
            ends_at: Set(new.end),
            status: Set(BookingStatus::Confirmed),
            confirmed_start: Set(Some(new.start)),
            note: Set(new.note),
            escalation_id: Set(new.escalation_id),
            cancel_reason: Set(None),
            cancelled_by: Set(None),
            cancelled_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await?)
    }

    fn wrong_state(&self, wanted: &'static str) -> ModelError {
        ModelError::WrongState { entity: "booking", actual: self.status.to_string(), wanted }
    }

    /// Cancels a confirmed booking, freeing its slot.
    pub async fn cancel(
        &self,
        db: &impl ConnectionTrait,
        by: Uuid,
        reason: String,
        now: DateTime<Utc>,
    ) -> Result<Self, ModelError> {
        let result = Entity::update_many()
            .col_expr(Column::Status, Expr::value(BookingStatus::Cancelled))
            .col_expr(Column::ConfirmedStart, Expr::value(None::<DateTime<Utc>>))
            .col_expr(Column::CancelReason, Expr::value(reason))
            .col_expr(Column::CancelledBy, Expr::value(by))
            .col_expr(Column::CancelledAt, Expr::value(now))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(self.id))
            .filter(Column::Status.eq(BookingStatus::Confirmed))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            Self::find(db, self.id).await
        } else {
            Err(self.wrong_state("cancelled"))
        }
    }

    /// Moves a confirmed booking to another slot in one statement: either the new slot is
    /// taken and the old one freed together, or nothing changes (`Taken`).
    pub async fn move_to(
        &self,
        db: &impl ConnectionTrait,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Self, TakeError> {
        let result = Entity::update_many()
            .col_expr(Column::StartsAt, Expr::value(start))
            .col_expr(Column::EndsAt, Expr::value(end))
            .col_expr(Column::ConfirmedStart, Expr::value(Some(start)))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(self.id))
            .filter(Column::Status.eq(BookingStatus::Confirmed))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            Ok(Self::find(db, self.id).await?)
        } else {
            Err(self.wrong_state("rescheduled").into())
        }
    }
}

/// Confirmed bookings of this tutor or this student (whichever is given) overlapping
/// `[start, end)`, except `except`.
pub async fn overlapping(
    db: &impl ConnectionTrait,
    tutor_id: Option<Uuid>,
    student_id: Option<Uuid>,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    except: Option<Uuid>,
) -> Result<Vec<Model>, sea_orm::DbErr> {
    let mut query = Entity::find()
        .filter(Column::Status.eq(BookingStatus::Confirmed))
        .filter(Column::StartsAt.lt(end))
        .filter(Column::EndsAt.gt(start));
    if let Some(tutor) = tutor_id {
        query = query.filter(Column::TutorId.eq(tutor));
    }
    if let Some(student) = student_id {
        query = query.filter(Column::StudentId.eq(student));
    }
    if let Some(id) = except {
        query = query.filter(Column::Id.ne(id));
    }
    query.order_by_asc(Column::StartsAt).all(db).await
}

/// Which bookings to list for someone.
#[derive(Debug, Clone, Copy)]
pub enum Whose {
    Tutor(Uuid),
    Student(Uuid),
    Everyone,
}

/// Upcoming (not yet ended; soonest first) or past (ended; latest first), at most `limit`.
pub async fn list(
    db: &impl ConnectionTrait,
    whose: Whose,
    past: bool,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Model>, sea_orm::DbErr> {
    let mut query = Entity::find();
    query = match whose {
        Whose::Tutor(id) => query.filter(Column::TutorId.eq(id)),
        Whose::Student(id) => query.filter(Column::StudentId.eq(id)),
        Whose::Everyone => query,
    };
    query = if past {
        query.filter(Column::EndsAt.lte(now)).order_by_desc(Column::StartsAt)
    } else {
        query.filter(Column::EndsAt.gt(now)).order_by_asc(Column::StartsAt)
    };
    query.limit(limit).all(db).await
}

/// Confirmed bookings of a tutor in `[from, to)`, for the free-slot list.
pub async fn tutor_confirmed_between(
    db: &impl ConnectionTrait,
    tutor_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Model>, sea_orm::DbErr> {
    Entity::find()
        .filter(Column::TutorId.eq(tutor_id))
        .filter(Column::Status.eq(BookingStatus::Confirmed))
        .filter(Condition::all().add(Column::StartsAt.lt(to)).add(Column::EndsAt.gt(from)))
        .all(db)
        .await
}
