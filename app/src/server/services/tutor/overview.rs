//! The tutor's page about one student: flags, mastery per concept over time (from
//! `mastery_history`), goals with progress, practice results and escalations.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{TutorError, escalation_summary, escalations_of, flags, goal_summaries};
use crate::{
    domain::Role,
    dto::tutor::{MasteryPoint, MasterySeries, PracticeResult, StudentOverview},
    server::{
        auth::{current::CurrentUser, policy},
        entities::{
            enums::{GoalStatus, PracticeStatus},
            mastery_history, practices, student_concepts, users,
        },
        services::time,
        state::AppState,
    },
};

/// How many practices the page lists.
const PRACTICES_SHOWN: u64 = 20;

/// The student a tutor's view is about (after the policy said yes): 404 for anyone who is not
/// a student.
pub async fn student(state: &AppState, student_id: Uuid) -> Result<users::Model, TutorError> {
    users::Entity::find_by_id(student_id)
        .one(&state.db)
        .await?
        .filter(|u| u.role == Role::Student)
        .ok_or(TutorError::NotFound("student"))
}

/// Every concept's mastery over time, weakest now first.
pub async fn mastery_series(
    state: &AppState,
    student_id: Uuid,
    time_zone: &str,
) -> Result<Vec<MasterySeries>, sea_orm::DbErr> {
    let standings = student_concepts::Model::of_student(&state.db, student_id).await?;
    let history = mastery_history::Entity::find()
        .filter(mastery_history::Column::StudentId.eq(student_id))
        .order_by_asc(mastery_history::Column::ChangedAt)
        .order_by_asc(mastery_history::Column::Id)
        .all(&state.db)
        .await?;
    let mut points: HashMap<Uuid, Vec<MasteryPoint>> = HashMap::new();
    for row in history {
        points.entry(row.concept_id).or_default().push(MasteryPoint {
            at: row.changed_at,
            label: time::day_label(row.changed_at, time_zone),
            mastery: row.mastery,
        });
    }
    let mut series: Vec<MasterySeries> = standings
        .into_iter()
        .filter_map(|(standing, concept)| {
            let concept = concept?;
            Some(MasterySeries {
                concept_id: concept.id,
                name: concept.name,
                subject: concept.subject,
                current: standing.mastery,
                points: points.remove(&concept.id).unwrap_or_default(),
            })
        })
        .collect();
    series.sort_by(|a, b| a.current.total_cmp(&b.current).then_with(|| a.name.cmp(&b.name)));
    Ok(series)
}

/// `GET /api/students/{id}/overview`.
#[tracing::instrument(skip_all, fields(student_id = %student_id))]
pub async fn overview(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<StudentOverview, TutorError> {
    policy::can_brief_student(&state.db, me, student_id).await?;
    let user = student(state, student_id).await?;
    let now = state.clock.now();
    let zone = me.time_zone.as_str();
    let flags = flags::flags_of(state, &user, zone).await?;
    let mastery = mastery_series(state, student_id, zone).await?;
    let goals = goal_summaries(
        &state.db,
        student_id,
        &user.time_zone,
        &[GoalStatus::Active, GoalStatus::Paused, GoalStatus::Completed],
        now,
    )
    .await?;
    let practices = practices::Entity::find()
        .filter(practices::Column::StudentId.eq(student_id))
        .filter(practices::Column::Status.ne(PracticeStatus::Generating))
        .order_by_desc(practices::Column::CreatedAt)
        .limit(PRACTICES_SHOWN)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| {
            let when = p.submitted_at.unwrap_or(p.created_at);
            PracticeResult {
                href: format!("/practice/{}", p.id),
                id: p.id,
                kind: p.kind,
                status: p.status,
                item_count: p.item_count.max(0) as u32,
                correct_count: p.correct_count.map(|c| c.max(0) as u32),
                score: p.score,
                when_label: time::day_label(when, zone),
                when,
            }
        })
        .collect();
    let escalations = escalations_of(&state.db, &[student_id])
        .await?
        .into_iter()
        .map(|e| escalation_summary(e, zone, now))
        .collect();
    let history_from = mastery.iter().filter_map(|s| s.points.first().map(|p| p.at)).min();
    Ok(StudentOverview {
        student_id,
        name: user.name,
        email: user.email,
        grade: user.grade,
        flags,
        as_of: now,
        as_of_label: time::day_label(now, zone),
        history_from_label: history_from.map(|at| time::day_label(at, zone)),
        mastery,
        goals,
        practices,
        escalations,
    })
}
