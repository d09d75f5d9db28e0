//! Changing a goal: its fields, its concepts, its status (pause, resume, complete, reopen), or
//! deleting it. Completing tells the student and queues the subject suggestions.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::{GoalError, concepts, detail::detail, invalid, progress, writable};
use crate::{
    domain::{GoalDescription, GoalSubject},
    dto::{
        goal::{GoalDetail, GoalPatch},
        notification::NotificationKind,
    },
    server::{
        auth::current::CurrentUser,
        db::begin_write,
        entities::{concepts as concept_entity, enums::GoalStatus, goals},
        models::{
            goals::GoalFields,
            notifications::{self, NewNotification},
        },
        queue::GenerateSubjectSuggestions,
        state::AppState,
    },
};

/// A goal is measured by at most this many concepts.
const MAX_CONCEPTS: usize = 30;
/// The mastery targets a student may choose.
const TARGET_RANGE: std::ops::RangeInclusive<f64> = 0.55..=0.95;

/// The edit, checked: every field parsed, concept ids known.
struct CheckedPatch {
    fields: GoalFields,
    concept_ids: Option<Vec<Uuid>>,
    status: Option<GoalStatus>,
    subject_changed: bool,
}

async fn check(
    state: &AppState,
    goal: &goals::Model,
    patch: GoalPatch,
) -> Result<CheckedPatch, GoalError> {
    let subject = patch
        .subject
        .as_deref()
        .map(GoalSubject::parse)
        .transpose()
        .map_err(invalid("subject"))?
        .map(|s| s.as_str().to_owned());
    let description = patch
        .description
        .as_deref()
        .map(GoalDescription::parse)
        .transpose()
        .map_err(invalid("description"))?
        .map(|d| d.as_str().to_owned());
    if let Some(target) = patch.mastery_target
        && !TARGET_RANGE.contains(&target)
    {
        return Err(GoalError::Invalid {
            field: "masteryTarget",
            message: "Choose a mastery target between 55% and 95%.".into(),
        });
    }
    if let Some(ids) = &patch.concept_ids {
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        if unique.len() > MAX_CONCEPTS {
            return Err(GoalError::Invalid {
                field: "conceptIds",
                message: format!("A goal has at most {MAX_CONCEPTS} concepts."),
            });
        }
        let known = concept_entity::Entity::find()
            .filter(concept_entity::Column::Id.is_in(unique.clone()))
            .count(&state.db)
            .await?;
        if known as usize != unique.len() {
            return Err(GoalError::Invalid {
                field: "conceptIds",
                message: "Some of these concepts do not exist.".into(),
            });
        }
    }
    let subject_changed = subject.as_deref().is_some_and(|s| s != goal.subject);
    Ok(CheckedPatch {
        fields: GoalFields {
            subject,
            description,
            target_date: patch.target_date,
            mastery_target: patch.mastery_target,
        },
        concept_ids: patch.concept_ids,
        status: patch.status,
        subject_changed,
    })
}

/// `PATCH /api/goals/{id}`: any of subject, description, target date, mastery target, concept
/// ids and status. A new subject without concept ids proposes that subject's concepts again.
/// Completing notifies the student and queues `generate-subject-suggestions` for the goal.
#[tracing::instrument(skip_all, fields(goal_id = %id))]
pub async fn update_goal(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    patch: GoalPatch,
) -> Result<GoalDetail, GoalError> {
    let goal = writable(state, me, id).await?;
    let checked = check(state, &goal, patch).await?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let status_before = goal.status;
    let goal = goal.update_fields(&txn, checked.fields, now).await?;
    let concept_ids = match checked.concept_ids {
        Some(ids) => Some(ids),
        None if checked.subject_changed => {
            Some(concepts::propose(&txn, goal.student_id, &goal.subject, now).await?)
        }
        None => None,
    };
    if let Some(ids) = &concept_ids {
        goal.set_concepts(&txn, ids).await?;
    }
    let completed = match checked.status {
        Some(wanted) if wanted != status_before => {
            match (status_before, wanted) {
                (GoalStatus::Active, GoalStatus::Paused) => goal.pause(&txn, now).await?,
                (GoalStatus::Paused, GoalStatus::Active) => goal.resume(&txn, now).await?,
                (GoalStatus::Completed, GoalStatus::Active) => goal.reopen(&txn, now).await?,
                (_, GoalStatus::Completed) => goal.complete(&txn, now).await?,
                (_, GoalStatus::Paused) => {
                    return Err(GoalError::WrongState(
                        "A completed goal cannot be paused; reopen it first.".into(),
                    ));
                }
                (_, GoalStatus::Active) => {}
            }
            wanted == GoalStatus::Completed
        }
        _ => false,
    };
    if status_before != GoalStatus::Completed && !completed {
        let ids = match concept_ids {
            Some(ids) => ids,
            None => goal.concept_ids(&txn).await?,
        };
        progress::record_goal(&txn, &goal, &ids, now).await?;
    }
    if completed {
        let notice = NewNotification {
            user_id: goal.student_id,
            kind: NotificationKind::GoalCompleted,
            title: format!("Goal completed: {}", goal.subject),
            body: "Well done. We are lining up what to study next.".to_owned(),
            link: format!("/goals/{}", goal.id),
            dedupe_key: Some(format!("goal-completed:{}", goal.id)),
        };
        notifications::notify(&txn, notice, now).await?;
    }
    txn.commit().await?;
    if completed {
        // The goal is completed whatever happens here; an admin's catch-up run of the job
        // (`POST /api/admin/jobs/generate-subject-suggestions/run`) covers a failed enqueue.
        if let Err(err) = state.jobs.enqueue(GenerateSubjectSuggestions { goal_id: goal.id }).await
        {
            tracing::error!(error = %err, "queueing subject suggestions failed");
        }
        tracing::info!("goal completed");
    }
    let goal = goals::Model::find(&state.db, id).await?;
    detail(state, me, goal).await
}

/// `DELETE /api/goals/{id}`: the goal, its concepts and its history. Its suggestions stay
/// (dismissed ones must keep their subject from coming back).
pub async fn delete_goal(state: &AppState, me: &CurrentUser, id: Uuid) -> Result<(), GoalError> {
    let goal = writable(state, me, id).await?;
    goal.remove(&state.db).await?;
    Ok(())
}
