//! Spaced review with FSRS (the `fsrs` crate, default parameters): a concept's grade in one
//! practice and the memory state and interval that follow from it.

use chrono::{DateTime, Duration, Utc};

use super::PracticeError;
use crate::server::{entities::student_concepts, models::student_concepts::Review};

/// FSRS: the recall probability a review is scheduled for.
const DESIRED_RETENTION: f32 = 0.9;

/// The FSRS grade for a concept's questions in one practice: 1 again (any wrong), 2 hard
/// (right with hints), 3 good (right unaided).
pub(super) fn grade(results: &[(bool, usize)]) -> u8 {
    if results.iter().any(|(correct, _)| !correct) {
        1
    } else if results.iter().any(|(_, hints)| *hints > 0) {
        2
    } else {
        3
    }
}

/// Next FSRS memory state and interval (days) after a review graded 1..=3.
fn next_state(
    stability: Option<f64>,
    difficulty: Option<f64>,
    days_elapsed: u32,
    grade: u8,
) -> Result<(f64, f64, f64), PracticeError> {
    let schedule_error = |e: fsrs::FSRSError| PracticeError::Schedule(e.to_string());
    let fsrs = fsrs::FSRS::new(&[]).map_err(schedule_error)?;
    let memory = stability
        .zip(difficulty)
        .map(|(s, d)| fsrs::MemoryState { stability: s as f32, difficulty: d as f32 });
    let next = fsrs.next_states(memory, DESIRED_RETENTION, days_elapsed).map_err(schedule_error)?;
    let state = match grade {
        1 => next.again,
        2 => next.hard,
        _ => next.good,
    };
    Ok((
        f64::from(state.memory.stability),
        f64::from(state.memory.difficulty),
        f64::from(state.interval),
    ))
}

/// The review that follows a practice graded `grade`, for a concept last reviewed at
/// `last_reviewed_at` (if ever) whose current memory state is in `current`.
pub(super) fn review(
    current: &student_concepts::Model,
    last_reviewed_at: Option<DateTime<Utc>>,
    grade: u8,
    now: DateTime<Utc>,
) -> Result<Review, PracticeError> {
    let days_elapsed = last_reviewed_at.map(|at| (now - at).num_days().max(0) as u32).unwrap_or(0);
    let (stability, difficulty, interval) =
        next_state(current.stability, current.fsrs_difficulty, days_elapsed, grade)?;
    Ok(Review {
        stability,
        difficulty,
        due_at: now + Duration::seconds((interval.max(0.0) * 86_400.0).round() as i64),
        lapsed: grade == 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_results() {
        assert_eq!(grade(&[(true, 0), (true, 0)]), 3);
        assert_eq!(grade(&[(true, 1)]), 2);
        assert_eq!(grade(&[(true, 0), (false, 0)]), 1);
    }

    #[test]
    fn fsrs_schedules_wrong_answers_sooner_than_right_ones() {
        let (_, _, again) = next_state(None, None, 0, 1).expect("schedules");
        let (_, _, good) = next_state(None, None, 0, 3).expect("schedules");
        assert!(again < good, "again {again} good {good}");
        let (s, d, first) = next_state(None, None, 0, 3).expect("schedules");
        let (_, _, second) =
            next_state(Some(s), Some(d), first.round() as u32, 3).expect("schedules");
        assert!(second > first, "intervals grow with successful reviews");
    }
}
