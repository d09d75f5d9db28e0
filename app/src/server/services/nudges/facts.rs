//! What the nudge rules need to know about every active student, gathered in a handful of
//! queries for all of them at once (plus one progress computation per student with an active
//! goal).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::rules::{GoalFact, StudentFacts};
use crate::server::{
    entities::{
        concepts,
        enums::{GoalStatus, Role},
        goal_concepts, goals, nudges as nudges_entity, sessions, student_concepts, tutor_students,
        users,
    },
    models::{nudge_settings, nudges},
    services::{activity, goals as goal_service, time},
};

/// A student considered by a run, with their facts and what the run needs to send.
#[derive(Debug, Clone)]
pub struct Considered {
    pub user: users::Model,
    pub facts: StudentFacts,
    /// The student's own calendar day now: the nudge's key.
    pub day: chrono::NaiveDate,
}

fn first_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_owned()
}

/// Active and paused goals of these students with their concepts.
async fn open_goals(
    db: &impl ConnectionTrait,
    students: &[Uuid],
) -> Result<Vec<(goals::Model, Vec<Uuid>)>, sea_orm::DbErr> {
    let rows = goals::Entity::find()
        .filter(goals::Column::StudentId.is_in(students.iter().copied()))
        .filter(goals::Column::Status.is_in([GoalStatus::Active, GoalStatus::Paused]))
        .all(db)
        .await?;
    let mut concepts: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for link in goal_concepts::Entity::find()
        .filter(goal_concepts::Column::GoalId.is_in(rows.iter().map(|g| g.id)))
        .all(db)
        .await?
    {
        concepts.entry(link.goal_id).or_default().push(link.concept_id);
    }
    Ok(rows
        .into_iter()
        .map(|g| {
            let ids = concepts.remove(&g.id).unwrap_or_default();
            (g, ids)
        })
        .collect())
}

/// The active goal a message speaks about: the one with the nearest target date still ahead,
/// else the newest.
fn goal_to_mention(
    goals: &[(goals::Model, Vec<Uuid>)],
    today: chrono::NaiveDate,
) -> Option<&(goals::Model, Vec<Uuid>)> {
    let active = || goals.iter().filter(|(g, _)| g.status == GoalStatus::Active);
    active()
        .filter(|(g, _)| g.target_date.is_some_and(|d| d >= today))
        .min_by_key(|(g, _)| g.target_date)
        .or_else(|| active().max_by_key(|(g, _)| g.created_at))
}

/// The facts of every active student, as of `now`.
pub async fn gather(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<Considered>, sea_orm::DbErr> {
    let students = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Student))
        .filter(users::Column::IsActive.eq(true))
        .all(db)
        .await?;
    let ids: Vec<Uuid> = students.iter().map(|u| u.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }

    let session_rows: Vec<(Uuid, DateTime<Utc>)> = sessions::Entity::find()
        .select_only()
        .column(sessions::Column::StudentId)
        .column(sessions::Column::CreatedAt)
        .filter(sessions::Column::StudentId.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let last_acted = activity::last_acted(db, &activity::acting(), &ids).await?;
    let earliest_day_start = students
        .iter()
        .map(|u| time::start_of_day(time::local_day(now, &u.time_zone), &u.time_zone))
        .min()
        .unwrap_or(now);
    let today_events =
        activity::events(db, &activity::acting(), Some(&ids), earliest_day_start, now).await?;

    let due_rows = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.is_in(ids.clone()))
        .filter(student_concepts::Column::DueAt.lte(now))
        .find_also_related(concepts::Entity)
        .all(db)
        .await?;
    let open = open_goals(db, &ids).await?;
    let tutors: HashSet<Uuid> = tutor_students::Entity::find()
        .filter(tutor_students::Column::StudentId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.student_id)
        .collect();
    let settings = nudge_settings::of_users(db, &ids).await?;
    let recent = nudges::sent_since(db, &ids, now - Duration::days(8)).await?;

    let mut out = Vec::with_capacity(students.len());
    for user in students {
        let day = time::local_day(now, &user.time_zone);
        let day_start = time::start_of_day(day, &user.time_zone);
        let week_one_end = user.created_at + Duration::days(7);
        let own_sessions: Vec<&DateTime<Utc>> =
            session_rows.iter().filter(|(s, _)| *s == user.id).map(|(_, at)| at).collect();
        let goals: Vec<(goals::Model, Vec<Uuid>)> =
            open.iter().filter(|(g, _)| g.student_id == user.id).cloned().collect();
        let active_concepts: HashSet<Uuid> = goals
            .iter()
            .filter(|(g, _)| g.status == GoalStatus::Active)
            .flat_map(|(_, c)| c.iter().copied())
            .collect();
        // Concepts the student set aside with a paused goal do not make reviews "due".
        let paused_only: HashSet<Uuid> = goals
            .iter()
            .filter(|(g, _)| g.status == GoalStatus::Paused)
            .flat_map(|(_, c)| c.iter().copied())
            .filter(|c| !active_concepts.contains(c))
            .collect();
        let mut due: Vec<(DateTime<Utc>, String)> = due_rows
            .iter()
            .filter(|(sc, _)| sc.student_id == user.id && !paused_only.contains(&sc.concept_id))
            .filter_map(|(sc, c)| Some((sc.due_at?, c.as_ref()?.name.clone())))
            .collect();
        due.sort();
        let goal = match goal_to_mention(&goals, day) {
            Some(chosen) => {
                let snapshots =
                    goal_service::snapshots(db, user.id, std::slice::from_ref(chosen)).await?;
                Some(GoalFact {
                    id: chosen.0.id,
                    subject: chosen.0.subject.clone(),
                    progress: snapshots.get(&chosen.0.id).map_or(0.0, |s| s.progress),
                    target_date: chosen.0.target_date,
                })
            }
            None => None,
        };
        let own_recent: Vec<&nudges_entity::Model> =
            recent.iter().filter(|n| n.student_id == user.id).collect();
        let facts = StudentFacts {
            first_name: first_name(&user.name),
            signed_up_at: user.created_at,
            sessions_total: own_sessions.len() as u64,
            sessions_first_week: own_sessions.iter().filter(|at| ***at < week_one_end).count()
                as u64,
            last_acted_at: last_acted.get(&user.id).copied(),
            acted_today: today_events.iter().any(|(s, at)| *s == user.id && *at >= day_start),
            due: due.into_iter().map(|(_, name)| name).collect(),
            goal,
            has_tutor: tutors.contains(&user.id),
            setting: settings.get(&user.id).copied().unwrap_or_default(),
            nudged_today: own_recent.iter().any(|n| n.day == day),
            recent: own_recent
                .iter()
                .filter(|n| now - n.sent_at < Duration::days(7))
                .map(|n| (n.rule, n.sent_at))
                .collect(),
        };
        out.push(Considered { user, facts, day });
    }
    Ok(out)
}
