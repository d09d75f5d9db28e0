//! Tutor–student links: made by uploads, bookings and admins; read by the policy.

use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

use crate::server::entities::tutor_students;

#[derive(Debug, Clone, Copy)]
pub enum LinkOrigin {
    Upload,
    Booking,
    Admin,
}

impl LinkOrigin {
    fn as_str(self) -> &'static str {
        match self {
            Self::Upload => "upload",
            Self::Booking => "booking",
            Self::Admin => "admin",
        }
    }
}

/// Creates the link if it does not exist yet; an existing link keeps its original origin.
pub async fn ensure(
    db: &impl ConnectionTrait,
    tutor_id: Uuid,
    student_id: Uuid,
    origin: LinkOrigin,
) -> Result<(), sea_orm::DbErr> {
    let link = tutor_students::ActiveModel {
        tutor_id: Set(tutor_id),
        student_id: Set(student_id),
        origin: Set(origin.as_str().to_owned()),
        created_at: Set(Utc::now()),
    };
    tutor_students::Entity::insert(link)
        .on_conflict_do_nothing_on([
            tutor_students::Column::TutorId,
            tutor_students::Column::StudentId,
        ])
        .exec(db)
        .await?;
    Ok(())
}
