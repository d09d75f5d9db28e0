//! A goal's progress, computed from the mastery of its concepts and never typed in:
//!
//! - every student starts a concept at mastery 0.5 (see `services::mastery`);
//! - a concept counts toward the goal in proportion to how far it has moved from 0.5 to the
//!   goal's mastery target (0.8 by default): `clamp((m − 0.5) / (target − 0.5), 0, 1)`, so a
//!   concept at or above the target counts fully and one the student struggles with counts 0;
//! - the goal's progress is the average over its concepts (0 with no concepts), so it reaches 1
//!   exactly when every concept is at the target, which is when completing is offered.
//!
//! Whenever mastery moves (a practice is submitted, a session is analysed) or a goal's concepts
//! change, the new value is appended to the goal's history if it differs from the last one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::server::{
    entities::{enums::GoalStatus, goals, student_concepts},
    models::{
        goal_progress::{self, Snapshot},
        goals as goal_model,
    },
    services::mastery,
};

/// Where every student starts a concept: the mastery of the starting rating.
pub fn starting_mastery() -> f64 {
    mastery::mastery(mastery::START_RATING)
}

/// How much one concept at `mastery` counts toward a goal with this target, 0..1.
pub fn contribution(mastery: f64, target: f64) -> f64 {
    let start = starting_mastery();
    if target <= start {
        return if mastery >= target { 1.0 } else { 0.0 };
    }
    ((mastery - start) / (target - start)).clamp(0.0, 1.0)
}

/// Whether a concept has reached the target (to the precision anyone reads).
pub fn is_mastered(mastery: f64, target: f64) -> bool {
    mastery + 1e-9 >= target
}

/// The goal's progress from its concepts' masteries.
pub fn snapshot(masteries: &[f64], target: f64) -> Snapshot {
    let concepts = masteries.len();
    let progress = if concepts == 0 {
        0.0
    } else {
        masteries.iter().map(|m| contribution(*m, target)).sum::<f64>() / concepts as f64
    };
    let mastered = masteries.iter().filter(|m| is_mastered(**m, target)).count();
    Snapshot { progress, mastered, concepts }
}

fn percent(value: f64) -> String {
    format!("{}%", (value * 100.0).round() as i64)
}

/// The computation in words, with this goal's numbers.
pub fn how_computed(target: f64, snapshot: &Snapshot) -> String {
    if snapshot.concepts == 0 {
        return "Progress is computed from the mastery of the goal's concepts. This goal has no \
                concepts yet: add some to measure it."
            .to_owned();
    }
    format!(
        "Each concept counts from {start} (where everyone starts) to the goal's target of \
         {target}: a concept at {target} or above counts fully, one at {start} or below counts \
         nothing. Progress is the average over the {n} concept{s}: {progress}, with {mastered} of \
         {n} at the target. Mastery moves with your practice answers and what your sessions show.",
        start = percent(starting_mastery()),
        target = percent(target),
        n = snapshot.concepts,
        s = if snapshot.concepts == 1 { "" } else { "s" },
        progress = percent(snapshot.progress),
        mastered = snapshot.mastered,
    )
}

/// A student's standing on these concepts, by concept.
pub async fn standings(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    concept_ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, student_concepts::Model>, sea_orm::DbErr> {
    if concept_ids.is_empty() {
        return Ok(HashMap::new());
    }
    student_concepts::Model::for_concepts(db, student_id, concept_ids).await
}

/// The masteries of `concept_ids` (the starting mastery where the student has none).
pub fn masteries_of(
    concept_ids: &[Uuid],
    standings: &HashMap<Uuid, student_concepts::Model>,
) -> Vec<f64> {
    concept_ids
        .iter()
        .map(|id| standings.get(id).map_or_else(starting_mastery, |s| s.mastery))
        .collect()
}

/// The progress of each of a student's goals.
pub async fn snapshots(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    goals: &[(goals::Model, Vec<Uuid>)],
) -> Result<HashMap<Uuid, Snapshot>, sea_orm::DbErr> {
    let all: Vec<Uuid> = goals.iter().flat_map(|(_, ids)| ids.iter().copied()).collect();
    let standings = standings(db, student_id, all).await?;
    Ok(goals
        .iter()
        .map(|(goal, ids)| (goal.id, snapshot(&masteries_of(ids, &standings), goal.mastery_target)))
        .collect())
}

/// Appends a history point to one goal if its progress moved.
pub async fn record_goal(
    db: &impl ConnectionTrait,
    goal: &goals::Model,
    concept_ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<Snapshot, sea_orm::DbErr> {
    let standings = standings(db, goal.student_id, concept_ids.to_vec()).await?;
    let snapshot = snapshot(&masteries_of(concept_ids, &standings), goal.mastery_target);
    goal_progress::record(db, goal.id, snapshot, now).await?;
    Ok(snapshot)
}

/// After mastery moved: appends a history point to each of the student's goals in progress
/// (active or paused) whose progress changed.
pub async fn record_progress(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let goals =
        goal_model::with_concepts(db, student_id, &[GoalStatus::Active, GoalStatus::Paused])
            .await?;
    for (goal, snapshot) in snapshots(db, student_id, &goals).await? {
        goal_progress::record(db, goal, snapshot, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concepts_count_from_the_start_to_the_target() {
        assert_eq!(contribution(0.5, 0.8), 0.0);
        assert_eq!(contribution(0.3, 0.8), 0.0, "struggling counts nothing, never negative");
        assert!((contribution(0.65, 0.8) - 0.5).abs() < 1e-9);
        assert_eq!(contribution(0.95, 0.8), 1.0);
    }

    #[test]
    fn progress_is_the_average_and_reaches_one_only_when_all_are_mastered() {
        let half = snapshot(&[0.8, 0.5], 0.8);
        assert!((half.progress - 0.5).abs() < 1e-9);
        assert_eq!((half.mastered, half.concepts), (1, 2));
        let done = snapshot(&[0.81, 0.9], 0.8);
        assert_eq!((done.progress, done.mastered), (1.0, 2));
        assert_eq!(snapshot(&[], 0.8).progress, 0.0);
        assert!(how_computed(0.8, &half).contains("50%"), "{}", how_computed(0.8, &half));
    }
}
