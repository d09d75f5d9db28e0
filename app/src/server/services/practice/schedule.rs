//! Spaced review with FSRS (the `fsrs` crate, default parameters): a concept's grade in one
//! practice and the memory state and interval that follow from it.
//!
//! A goal's target date (an exam) shapes the reviews of its concepts: FSRS schedules the next
//! review for when predicted recall falls to the desired retention, and an interval that would
//! run past the eve of the date is capped there. The last review then lands the day before the
//! date, so predicted recall on the date is at least the desired retention (in practice close to
//! 1), instead of a review falling on the day itself or after it.

use chrono::{DateTime, Duration, Utc};

use super::PracticeError;
use crate::server::{entities::student_concepts, models::student_concepts::Review};

/// FSRS: the recall probability a review is scheduled for, and the recall a goal's concepts
/// must keep on its target date.
pub const DESIRED_RETENTION: f32 = 0.9;

/// Predicted recall `days` after a review that left this stability (FSRS-6's forgetting curve
/// with its default decay).
pub fn recall_after(stability: f64, days: f64) -> f64 {
    let memory = fsrs::MemoryState { stability: stability.max(0.001) as f32, difficulty: 5.0 };
    f64::from(fsrs::current_retrievability(memory, days.max(0.0) as f32, fsrs::FSRS6_DEFAULT_DECAY))
}

/// Caps a review for a target date that begins at `target_start`: a review due after the eve
/// of the date is brought forward to the eve. Nothing changes once the eve has come (the date
/// is too close to plan around) or when the natural review already comes first.
pub fn cap_for_target(
    natural_due: DateTime<Utc>,
    now: DateTime<Utc>,
    target_start: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    match target_start.map(|start| start - Duration::days(1)) {
        Some(eve) if eve > now && natural_due > eve => eve,
        _ => natural_due,
    }
}

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
/// `last_reviewed_at` (if ever) whose current memory state is in `current`, capped by the
/// start of the earliest target date of an active goal the concept belongs to.
pub(super) fn review(
    current: &student_concepts::Model,
    last_reviewed_at: Option<DateTime<Utc>>,
    grade: u8,
    now: DateTime<Utc>,
    target_start: Option<DateTime<Utc>>,
) -> Result<Review, PracticeError> {
    let days_elapsed = last_reviewed_at.map(|at| (now - at).num_days().max(0) as u32).unwrap_or(0);
    let (stability, difficulty, interval) =
        next_state(current.stability, current.fsrs_difficulty, days_elapsed, grade)?;
    Ok(Review {
        stability,
        difficulty,
        due_at: cap_for_target(
            now + Duration::seconds((interval.max(0.0) * 86_400.0).round() as i64),
            now,
            target_start,
        ),
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

    #[test]
    fn a_target_date_caps_intervals_at_its_eve() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z").expect("time").to_utc();
        let exam = DateTime::parse_from_rfc3339("2026-12-05T00:00:00Z").expect("time").to_utc();
        let eve = exam - Duration::days(1);
        assert_eq!(cap_for_target(now + Duration::days(9), now, Some(exam)), eve);
        assert_eq!(
            cap_for_target(now + Duration::days(3) + Duration::hours(20), now, Some(exam)),
            eve
        );
        let soon = now + Duration::days(2);
        assert_eq!(cap_for_target(soon, now, Some(exam)), soon, "a review before the eve stays");
        assert_eq!(cap_for_target(soon, now, None), soon);
        let late = now + Duration::days(9);
        assert_eq!(cap_for_target(late, eve + Duration::hours(1), Some(exam)), late, "too close");
    }

    #[test]
    fn recall_on_the_date_after_a_capped_review_keeps_the_retention() {
        // After a good first review (stability ≈ 2.3 days) on the eve, the date is a day away.
        let (stability, _, interval) = next_state(None, None, 0, 3).expect("schedules");
        let at_due = recall_after(stability, interval);
        assert!((at_due - f64::from(DESIRED_RETENTION)).abs() < 0.01, "{at_due}");
        assert!(recall_after(stability, 1.0) >= f64::from(DESIRED_RETENTION));
        assert!(recall_after(stability, 10.0) < f64::from(DESIRED_RETENTION));
    }
}
