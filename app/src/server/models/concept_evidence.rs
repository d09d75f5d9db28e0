//! Evidence about a student's grasp of a concept: a remark in a session or an answered
//! question. Mastery is replayed from these rows (`services::mastery`).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::server::entities::{
    concept_evidence::{ActiveModel, Column, Entity},
    enums::EvidenceSource,
};

/// Where a piece of evidence came from.
#[derive(Debug, Clone, Copy)]
pub enum Origin {
    Session(Uuid),
    Practice(Uuid),
}

/// One observation: `outcome` 0..1 (1 understood / right), `weight` how much it counts,
/// `difficulty` 1..10 the difficulty of what was shown.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub student_id: Uuid,
    pub concept_id: Uuid,
    pub origin: Origin,
    pub outcome: f64,
    pub weight: f64,
    pub difficulty: i16,
    pub occurred_at: DateTime<Utc>,
}

impl NewEvidence {
    pub async fn insert(self, db: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
        let (source, session_id, practice_id) = match self.origin {
            Origin::Session(id) => (EvidenceSource::Session, Some(id), None),
            Origin::Practice(id) => (EvidenceSource::Practice, None, Some(id)),
        };
        ActiveModel {
            id: Set(Uuid::new_v4()),
            student_id: Set(self.student_id),
            concept_id: Set(self.concept_id),
            session_id: Set(session_id),
            practice_id: Set(practice_id),
            source: Set(source),
            outcome: Set(self.outcome.clamp(0.0, 1.0)),
            weight: Set(self.weight),
            difficulty: Set(self.difficulty.clamp(1, 10)),
            mastery_after: Set(0.0),
            occurred_at: Set(self.occurred_at),
        }
        .insert(db)
        .await
        .map(|_| ())
    }
}

/// Removes what a session contributed (before its analysis is stored again) and returns the
/// concepts whose mastery that touched.
pub async fn remove_for_session(
    db: &impl ConnectionTrait,
    session_id: Uuid,
) -> Result<HashSet<Uuid>, sea_orm::DbErr> {
    let touched = Entity::find()
        .filter(Column::SessionId.eq(session_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.concept_id)
        .collect();
    Entity::delete_many().filter(Column::SessionId.eq(session_id)).exec(db).await?;
    Ok(touched)
}
