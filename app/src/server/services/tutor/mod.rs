//! The tutor's side: the roster of linked students with risk flags computed from the data
//! (`flags`), one student's page (`overview`) and the pre-session brief (`brief`). Every entry
//! point asks the policy first: a tutor sees only linked students, an admin anyone.

pub mod brief;
pub mod flags;
pub mod overview;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub use brief::brief;
pub use flags::roster;
pub use overview::overview;

use crate::{
    dto::tutor::{EscalationSummary, GoalSummary},
    error::AppError,
    server::{
        auth::policy::AccessError,
        entities::{enums::EscalationStatus, enums::GoalStatus, escalations, student_concepts},
        models::goals as goal_model,
        services::{goals as goal_service, time},
    },
};

#[derive(Debug, thiserror::Error)]
pub enum TutorError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<TutorError> for AppError {
    fn from(err: TutorError) -> Self {
        match err {
            TutorError::Access(err) => err.into(),
            TutorError::NotFound(what) => Self::NotFound(what.into()),
            TutorError::Db(err) => err.into(),
        }
    }
}

/// The student page, and a section of it: where a flag's evidence is shown.
pub fn student_href(student_id: Uuid, section: &str) -> String {
    format!("/students/{student_id}#{section}")
}

/// Escalations a tutor may see: the ones the student sent (still open) and the ones a booking
/// took up. A routing result the student neither sent nor booked stays theirs alone.
pub fn visible_to_tutor(escalation: &escalations::Model) -> bool {
    match escalation.status {
        EscalationStatus::Open => escalation.sent_at.is_some(),
        EscalationStatus::Booked => true,
        EscalationStatus::Dismissed => false,
    }
}

/// Visible escalations of these students, newest first.
pub async fn escalations_of(
    db: &impl ConnectionTrait,
    student_ids: &[Uuid],
) -> Result<Vec<escalations::Model>, sea_orm::DbErr> {
    Ok(escalations::Entity::find()
        .filter(escalations::Column::StudentId.is_in(student_ids.iter().copied()))
        .filter(escalations::Column::Status.ne(EscalationStatus::Dismissed))
        .order_by_desc(escalations::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .filter(visible_to_tutor)
        .collect())
}

pub fn escalation_summary(
    escalation: escalations::Model,
    time_zone: &str,
    now: DateTime<Utc>,
) -> EscalationSummary {
    EscalationSummary {
        href: student_href(escalation.student_id, &format!("escalation-{}", escalation.id)),
        id: escalation.id,
        reason: escalation.reason,
        urgency: escalation.urgency,
        focus: escalation.focus.into_inner(),
        summary: escalation.summary,
        status: escalation.status,
        created_label: time::relative(escalation.created_at, now, time_zone),
        created_at: escalation.created_at,
    }
}

/// A student's goals with the given statuses and their computed progress, nearest date first.
pub async fn goal_summaries(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    student_zone: &str,
    statuses: &[GoalStatus],
    now: DateTime<Utc>,
) -> Result<Vec<GoalSummary>, sea_orm::DbErr> {
    let goals = goal_model::with_concepts(db, student_id, statuses).await?;
    let all: Vec<Uuid> = goals.iter().flat_map(|(_, ids)| ids.iter().copied()).collect();
    let standings: HashMap<Uuid, student_concepts::Model> = if all.is_empty() {
        HashMap::new()
    } else {
        student_concepts::Model::for_concepts(db, student_id, all).await?
    };
    let today = time::local_day(now, student_zone);
    let mut out: Vec<GoalSummary> = goals
        .into_iter()
        .map(|(goal, ids)| {
            let snapshot = goal_service::snapshot(
                &goal_service::masteries_of(&ids, &standings),
                goal.mastery_target,
            );
            GoalSummary {
                href: student_href(student_id, &format!("goal-{}", goal.id)),
                id: goal.id,
                subject: goal.subject,
                description: goal.description,
                status: goal.status,
                target_date: goal.target_date,
                days_left: goal.target_date.map(|d| (d - today).num_days()),
                progress: snapshot.progress,
                concept_count: snapshot.concepts as u32,
                mastered_count: snapshot.mastered as u32,
            }
        })
        .collect();
    out.sort_by_key(|g| (g.status != GoalStatus::Active, g.days_left.is_none(), g.days_left));
    Ok(out)
}
