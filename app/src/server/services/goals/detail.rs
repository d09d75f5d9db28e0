//! One goal as its page shows it: the concepts it is measured by with the student's mastery,
//! how progress was computed, its history, whether completing is on offer, and, with a target
//! date ahead, which concepts are at risk by then.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{GoalError, concepts, progress, readable, view};
use crate::{
    dto::goal::{AtRiskConcept, GoalConceptView, GoalDetail, ProgressPoint},
    server::{
        auth::current::CurrentUser,
        entities::{concepts as concept_entity, enums::GoalStatus, goals, student_concepts, users},
        models::goal_progress,
        services::{
            practice::{DESIRED_RETENTION, recall_after},
            time,
        },
        state::AppState,
    },
};

/// History points kept on the chart.
const HISTORY_POINTS: u64 = 60;

fn percent(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

/// "Dec 12, 2026 (in 9 days)".
fn target_label(date: NaiveDate, today: NaiveDate) -> String {
    let days = (date - today).num_days();
    let when = match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        d if d > 1 => format!("in {d} days"),
        -1 => "yesterday".to_owned(),
        d => format!("{} days ago", -d),
    };
    format!("{} ({when})", date.format("%b %-d, %Y"))
}

/// Predicted recall at `at` for a concept, if it has been reviewed.
fn recall_at(standing: Option<&student_concepts::Model>, at: DateTime<Utc>) -> Option<f64> {
    let standing = standing?;
    let stability = standing.stability?;
    let last = standing.last_reviewed_at?;
    Some(recall_after(stability, (at - last).num_seconds().max(0) as f64 / 86_400.0))
}

/// Why a concept will not be ready by the target date, if it will not.
fn risk(
    standing: Option<&student_concepts::Model>,
    target: f64,
    recall: Option<f64>,
    date: &str,
) -> Option<String> {
    let mut reasons = Vec::new();
    match recall {
        None => reasons.push("not practised yet".to_owned()),
        Some(r) if r < f64::from(DESIRED_RETENTION) => reasons.push(format!(
            "predicted recall on {date} is {}% unless you review it first",
            percent(r)
        )),
        Some(_) => {}
    }
    let mastery = standing.map_or_else(progress::starting_mastery, |s| s.mastery);
    if !progress::is_mastered(mastery, target) {
        reasons.push(format!(
            "mastery {}% is below the {}% target",
            percent(mastery),
            percent(target)
        ));
    }
    (!reasons.is_empty()).then(|| {
        let text = reasons.join("; ");
        let mut chars = text.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    })
}

/// `GET /api/goals/{id}`.
pub async fn get_goal(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<GoalDetail, GoalError> {
    let goal = readable(state, me, id).await?;
    detail(state, me, goal).await
}

pub(super) async fn detail(
    state: &AppState,
    me: &CurrentUser,
    goal: goals::Model,
) -> Result<GoalDetail, GoalError> {
    let db = &state.db;
    let now = state.clock.now();
    let concept_ids = goal.concept_ids(db).await?;
    let names: HashMap<Uuid, String> = concept_entity::Entity::find()
        .filter(concept_entity::Column::Id.is_in(concept_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let standings = progress::standings(db, goal.student_id, concept_ids.clone()).await?;
    let snapshot =
        progress::snapshot(&progress::masteries_of(&concept_ids, &standings), goal.mastery_target);

    // Target dates are the student's calendar days, whoever reads the page.
    let student_zone = users::Entity::find_by_id(goal.student_id)
        .one(db)
        .await?
        .map_or_else(|| "UTC".to_owned(), |u| u.time_zone);
    let today = time::local_day(now, &student_zone);
    let upcoming = goal.target_date.filter(|d| *d >= today && goal.status != GoalStatus::Completed);
    let target_start = upcoming.map(|d| time::start_of_day(d, &student_zone));
    let date_text = upcoming.map(|d| d.format("%b %-d").to_string()).unwrap_or_default();

    let mut concepts: Vec<GoalConceptView> = Vec::new();
    let mut at_risk: Vec<AtRiskConcept> = Vec::new();
    for id in &concept_ids {
        let standing = standings.get(id);
        let mastery = standing.map_or_else(progress::starting_mastery, |s| s.mastery);
        let name = names.get(id).cloned().unwrap_or_default();
        let recall = target_start.and_then(|at| recall_at(standing, at));
        if let Some(reason) =
            target_start.and_then(|_| risk(standing, goal.mastery_target, recall, &date_text))
        {
            at_risk.push(AtRiskConcept { concept_id: *id, name: name.clone(), reason });
        }
        concepts.push(GoalConceptView {
            concept_id: *id,
            name,
            mastery,
            mastered: progress::is_mastered(mastery, goal.mastery_target),
            contribution: progress::contribution(mastery, goal.mastery_target),
            due_label: standing.and_then(|s| s.due_at).map(|d| time::day_label(d, &me.time_zone)),
            recall_on_target: recall,
        });
    }
    concepts.sort_by(|a, b| a.name.cmp(&b.name));
    at_risk.sort_by(|a, b| a.name.cmp(&b.name));

    let progress_history = goal_progress::history(db, goal.id, HISTORY_POINTS)
        .await?
        .into_iter()
        .map(|p| ProgressPoint {
            at: p.recorded_at,
            label: time::short_day_label(p.recorded_at, &me.time_zone),
            progress: p.progress,
        })
        .collect();
    let attached: HashSet<Uuid> = concept_ids.iter().copied().collect();
    let candidates = concepts::candidates(db, goal.student_id, &goal.subject, &attached).await?;
    let ready_to_complete = goal.status != GoalStatus::Completed
        && snapshot.concepts > 0
        && snapshot.mastered == snapshot.concepts;
    Ok(GoalDetail {
        how_computed: progress::how_computed(goal.mastery_target, &snapshot),
        target_label: goal.target_date.map(|d| target_label(d, today)),
        goal: view(goal, snapshot),
        concepts,
        progress_history,
        ready_to_complete,
        at_risk,
        candidates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_labels_count_days() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
        let date = NaiveDate::from_ymd_opt(2026, 12, 12).expect("date");
        assert_eq!(target_label(date, today), "Dec 12, 2026 (in 9 days)");
        assert_eq!(target_label(today, today), "Dec 3, 2026 (today)");
    }

    #[test]
    fn unpractised_or_weak_concepts_are_at_risk() {
        let reason = risk(None, 0.8, None, "Dec 12").expect("at risk");
        assert!(reason.starts_with("Not practised yet"), "{reason}");
        assert!(reason.contains("below the 80% target"), "{reason}");
        let fading = risk(None, 0.8, Some(0.7), "Dec 12").expect("at risk");
        assert!(fading.starts_with("Predicted recall on Dec 12 is 70%"), "{fading}");
    }
}
