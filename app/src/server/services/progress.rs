//! Progress for the student dashboard: computed from sessions, practice and mastery, never
//! typed in.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::{
    dto::progress::{ConceptMastery, ProgressView, ScorePoint},
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        entities::{
            enums::{GoalStatus, PracticeStatus},
            goals, practices, sessions, student_concepts,
        },
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ProgressError> for AppError {
    fn from(err: ProgressError) -> Self {
        match err {
            ProgressError::Access(err) => err.into(),
            ProgressError::Db(err) => err.into(),
        }
    }
}

/// The student dashboard's numbers.
pub async fn student_progress(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<ProgressView, ProgressError> {
    policy::can_read_student(&state.db, me, student_id).await?;
    let now = state.clock.now();
    let month_start =
        Utc.with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0).single().unwrap_or(now);

    let active_goals = goals::Entity::find()
        .filter(goals::Column::StudentId.eq(student_id))
        .filter(goals::Column::Status.eq(GoalStatus::Active))
        .count(&state.db)
        .await?;
    // Only the columns the numbers need, not whole rows with their summaries and titles.
    let student_sessions: Vec<(DateTime<Utc>, Option<String>)> = sessions::Entity::find()
        .select_only()
        .columns([sessions::Column::SessionDate, sessions::Column::Subject])
        .filter(sessions::Column::StudentId.eq(student_id))
        .into_tuple()
        .all(&state.db)
        .await?;
    let sessions_this_month =
        student_sessions.iter().filter(|(date, _)| *date >= month_start).count() as u64;
    let mut subjects: BTreeMap<String, u64> = BTreeMap::new();
    for subject in student_sessions.into_iter().filter_map(|(_, subject)| subject) {
        *subjects.entry(subject).or_default() += 1;
    }

    let completed: Vec<(Uuid, Option<DateTime<Utc>>, Option<f64>)> = practices::Entity::find()
        .select_only()
        .columns([practices::Column::Id, practices::Column::SubmittedAt, practices::Column::Score])
        .filter(practices::Column::StudentId.eq(student_id))
        .filter(practices::Column::Status.eq(PracticeStatus::Completed))
        .order_by_asc(practices::Column::SubmittedAt)
        .into_tuple()
        .all(&state.db)
        .await?;
    let scores: Vec<ScorePoint> = completed
        .iter()
        .filter_map(|(id, submitted_at, score)| {
            Some(ScorePoint {
                practice_id: *id,
                label: super::time::day_label((*submitted_at)?, &me.time_zone),
                score: (*score)?,
            })
        })
        .collect();
    let average_score = (!scores.is_empty())
        .then(|| scores.iter().map(|s| s.score).sum::<f64>() / scores.len() as f64);
    let improvement = (scores.len() >= 2).then(|| {
        let window = (scores.len() / 2).clamp(1, 3);
        let mean = |xs: &[ScorePoint]| xs.iter().map(|s| s.score).sum::<f64>() / xs.len() as f64;
        mean(&scores[scores.len() - window..]) - mean(&scores[..window])
    });

    let mastery_rows = student_concepts::Model::of_student(&state.db, student_id).await?;
    let reviews_due =
        mastery_rows.iter().filter(|(sc, _)| sc.due_at.is_some_and(|due| due <= now)).count()
            as u64;
    let mut mastery: Vec<ConceptMastery> = mastery_rows
        .into_iter()
        .filter_map(|(sc, concept)| {
            let concept = concept?;
            Some(ConceptMastery {
                concept_id: concept.id,
                name: concept.name,
                subject: concept.subject,
                mastery: sc.mastery,
            })
        })
        .collect();
    mastery.sort_by(|a, b| a.mastery.total_cmp(&b.mastery).then_with(|| a.name.cmp(&b.name)));

    Ok(ProgressView {
        active_goals,
        sessions_this_month,
        practices_completed: completed.len() as u64,
        average_score,
        improvement,
        reviews_due,
        mastery,
        scores,
        subjects: subjects.into_iter().collect(),
    })
}
