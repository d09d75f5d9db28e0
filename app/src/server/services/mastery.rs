//! Mastery: an Elo-style rating per student and concept, moved by evidence from sessions and
//! practice, and the 0..1 mastery shown everywhere, derived from the rating.
//!
//! The model:
//! - Every student starts each concept at rating 1000.
//! - A piece of evidence has a difficulty d (1..10), which is an "opponent" rating of
//!   `700 + 60·d` (so difficulty 5 is an even match for a newcomer), an outcome in 0..1 (1 =
//!   understood / answered right, 0 = struggled / answered wrong) and a weight (how much it
//!   counts; a session remark counts less than an answered question).
//! - Expected outcome `E = 1 / (1 + 10^((opponent − rating) / 400))`; the update is
//!   `rating += K · weight · (outcome − E)`, with K starting at 48 and settling to 16 as
//!   evidence accumulates, so early evidence moves a new concept quickly and later evidence
//!   refines it. Evidence against the student always lowers the rating: never only up.
//! - Mastery is the expected outcome against a difficulty-5 item: 0.5 for a newcomer, near 1
//!   far above, near 0 far below.
//! - Practice aims at the difficulty where the student is expected to get about 70 % right:
//!   difficulty 2-3 for a newcomer, rising with the rating.
//!
//! Ratings are recomputed by replaying all of a concept's evidence in time order, so re-running
//! an analysis (which replaces that session's evidence) never counts anything twice.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::server::entities::{
    concept_evidence, enums::EvidenceSource, mastery_history, student_concepts,
};

pub const START_RATING: f64 = 1000.0;
/// The difficulty mastery is quoted against.
const REFERENCE_DIFFICULTY: i16 = 5;

pub fn opponent_rating(difficulty: i16) -> f64 {
    700.0 + 60.0 * f64::from(difficulty.clamp(1, 10))
}

pub fn expected(rating: f64, difficulty: i16) -> f64 {
    1.0 / (1.0 + 10f64.powf((opponent_rating(difficulty) - rating) / 400.0))
}

fn k_factor(prior_evidence: usize) -> f64 {
    (48.0 - 4.0 * prior_evidence as f64).max(16.0)
}

/// One step of the rating update.
pub fn updated(
    rating: f64,
    difficulty: i16,
    outcome: f64,
    weight: f64,
    prior_evidence: usize,
) -> f64 {
    let outcome = outcome.clamp(0.0, 1.0);
    rating + k_factor(prior_evidence) * weight.max(0.0) * (outcome - expected(rating, difficulty))
}

pub fn mastery(rating: f64) -> f64 {
    expected(rating, REFERENCE_DIFFICULTY).clamp(0.0, 1.0)
}

/// The difficulty (1..10) at which this rating expects a given success rate: practice aims
/// just above comfort, where learning happens.
pub fn target_difficulty(rating: f64, success_rate: f64) -> u8 {
    let p = success_rate.clamp(0.05, 0.95);
    // Solve E = p for the opponent rating (E = 1 / (1 + 10^((o − r)/400))), then for d.
    let opponent = rating + 400.0 * ((1.0 - p) / p).log10();
    (((opponent - 700.0) / 60.0).round() as i64).clamp(1, 10) as u8
}

/// What made mastery move: a session's analysis or a submitted practice, and which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cause {
    pub source: EvidenceSource,
    pub source_id: Uuid,
}

impl Cause {
    pub fn session(id: Uuid) -> Self {
        Self { source: EvidenceSource::Session, source_id: id }
    }

    pub fn practice(id: Uuid) -> Self {
        Self { source: EvidenceSource::Practice, source_id: id }
    }
}

/// Mastery moves smaller than this are not history worth a row.
const HISTORY_EPSILON: f64 = 1e-6;

/// Recomputes one student's rating on one concept from all its evidence, writes the mastery
/// after each piece, the current state to `student_concepts` (creating it), and a row of
/// `mastery_history` when the mastery changed (or first appeared), naming the cause.
pub async fn replay(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    concept_id: Uuid,
    cause: Cause,
    now: DateTime<Utc>,
) -> Result<student_concepts::Model, sea_orm::DbErr> {
    let evidence = concept_evidence::Entity::find()
        .filter(concept_evidence::Column::StudentId.eq(student_id))
        .filter(concept_evidence::Column::ConceptId.eq(concept_id))
        .order_by_asc(concept_evidence::Column::OccurredAt)
        .order_by_asc(concept_evidence::Column::Id)
        .all(db)
        .await?;
    let mut rating = START_RATING;
    for (index, piece) in evidence.iter().enumerate() {
        rating = updated(rating, piece.difficulty, piece.outcome, piece.weight, index);
        let after = mastery(rating);
        if (piece.mastery_after - after).abs() > 1e-9 {
            concept_evidence::Entity::update_many()
                .col_expr(concept_evidence::Column::MasteryAfter, Expr::value(after))
                .filter(concept_evidence::Column::Id.eq(piece.id))
                .exec(db)
                .await?;
        }
    }
    let existing = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.eq(student_id))
        .filter(student_concepts::Column::ConceptId.eq(concept_id))
        .one(db)
        .await?;
    let previous = existing.as_ref().map(|row| row.mastery);
    let current = mastery(rating);
    if previous.is_none_or(|before| (before - current).abs() > HISTORY_EPSILON) {
        mastery_history::ActiveModel {
            id: Set(Uuid::new_v4()),
            student_id: Set(student_id),
            concept_id: Set(concept_id),
            mastery: Set(current),
            source: Set(cause.source),
            source_id: Set(Some(cause.source_id)),
            changed_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    match existing {
        Some(row) => {
            let mut update: student_concepts::ActiveModel = row.into();
            update.rating = Set(rating);
            update.mastery = Set(mastery(rating));
            update.evidence_count = Set(evidence.len() as i32);
            update.updated_at = Set(now);
            update.update(db).await
        }
        None => {
            student_concepts::ActiveModel {
                id: Set(Uuid::new_v4()),
                student_id: Set(student_id),
                concept_id: Set(concept_id),
                rating: Set(rating),
                mastery: Set(mastery(rating)),
                evidence_count: Set(evidence.len() as i32),
                stability: Set(None),
                fsrs_difficulty: Set(None),
                reps: Set(0),
                lapses: Set(0),
                last_reviewed_at: Set(None),
                due_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_newcomer_is_even_on_a_medium_item() {
        assert!((mastery(START_RATING) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn struggling_lowers_and_understanding_raises() {
        let down = updated(START_RATING, 5, 0.0, 1.0, 0);
        let up = updated(START_RATING, 5, 1.0, 1.0, 0);
        assert!(down < START_RATING && up > START_RATING);
        assert!(mastery(down) < mastery(START_RATING) && mastery(up) > mastery(START_RATING));
    }

    #[test]
    fn beating_a_hard_item_counts_more_than_an_easy_one() {
        let easy = updated(START_RATING, 2, 1.0, 1.0, 0) - START_RATING;
        let hard = updated(START_RATING, 9, 1.0, 1.0, 0) - START_RATING;
        assert!(hard > easy);
    }

    #[test]
    fn target_difficulty_tracks_the_rating() {
        // Aiming at 70 % success puts a newcomer below the middle, and E at that difficulty
        // really is about 0.7.
        let d = target_difficulty(START_RATING, 0.7);
        assert!((2..=3).contains(&d), "{d}");
        assert!((expected(START_RATING, i16::from(d)) - 0.7).abs() < 0.1);
        assert!(target_difficulty(900.0, 0.7) < target_difficulty(1200.0, 0.7));
        assert_eq!(target_difficulty(5000.0, 0.7), 10);
        assert_eq!(target_difficulty(-5000.0, 0.7), 1);
    }

    proptest! {
        #[test]
        fn mastery_stays_in_range_and_moves_with_the_outcome(
            rating in -2000.0f64..4000.0, difficulty in 1i16..=10, weight in 0.0f64..2.0, n in 0usize..50
        ) {
            let m = mastery(rating);
            prop_assert!((0.0..=1.0).contains(&m));
            prop_assert!(updated(rating, difficulty, 1.0, weight, n) >= rating);
            prop_assert!(updated(rating, difficulty, 0.0, weight, n) <= rating);
        }
    }
}
