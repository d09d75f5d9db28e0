//! Goals: created, found, edited, and moved between active, paused and completed. Each status
//! change is one conditional update, so two requests racing for it settle in the database.
//! `goal_concepts` (which concepts a goal is measured by) is read and replaced here too.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, ModelTrait,
    QueryFilter, QueryOrder, QueryResult, QuerySelect, QueryTrait, Set, sea_query::Expr,
};
use uuid::Uuid;

use super::ModelError;
use crate::server::entities::{
    enums::GoalStatus,
    goal_concepts,
    goals::{ActiveModel, Column, Entity, Model},
    student_concepts,
};

/// The mastery target a goal starts with.
pub const DEFAULT_MASTERY_TARGET: f64 = 0.8;

/// A goal about to be stored (fields already validated).
#[derive(Debug, Clone)]
pub struct NewGoalRow {
    pub student_id: Uuid,
    pub subject: String,
    pub description: String,
    pub target_date: Option<NaiveDate>,
}

/// The editable fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct GoalFields {
    pub subject: Option<String>,
    pub description: Option<String>,
    pub target_date: Option<Option<NaiveDate>>,
    pub mastery_target: Option<f64>,
}

impl Model {
    pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Self, ModelError> {
        Entity::find_by_id(id).one(db).await?.ok_or(ModelError::NotFound("goal"))
    }

    /// A student's goals, newest first, each with the mastery of every concept it is measured
    /// by (`None` where the student has no standing on that concept yet): one query.
    pub async fn of_student_with_masteries(
        db: &impl ConnectionTrait,
        student_id: Uuid,
    ) -> Result<Vec<(Self, Vec<Option<f64>>)>, sea_orm::DbErr> {
        // Imported here: at module level its `min` would shadow `NaiveDate::min` below.
        use sea_orm::sea_query::ExprTrait;
        let mut select = Entity::find()
            .filter(Column::StudentId.eq(student_id))
            .column_as(
                Expr::col((goal_concepts::Entity, goal_concepts::Column::ConceptId)),
                "gc_concept",
            )
            .column_as(
                Expr::col((student_concepts::Entity, student_concepts::Column::Mastery)),
                "sc_mastery",
            )
            .order_by_desc(Column::CreatedAt)
            .order_by_desc(Column::Id);
        QueryTrait::query(&mut select)
            .left_join(
                goal_concepts::Entity,
                Expr::col((goal_concepts::Entity, goal_concepts::Column::GoalId))
                    .equals((Entity, Column::Id)),
            )
            .left_join(
                student_concepts::Entity,
                Expr::col((student_concepts::Entity, student_concepts::Column::ConceptId))
                    .equals((goal_concepts::Entity, goal_concepts::Column::ConceptId))
                    .and(
                        Expr::col((student_concepts::Entity, student_concepts::Column::StudentId))
                            .equals((Entity, Column::StudentId)),
                    ),
            );
        let rows = select.into_model::<GoalMasteryRow>().all(db).await?;
        let mut out: Vec<(Self, Vec<Option<f64>>)> = Vec::new();
        for row in rows {
            let same = out.last().is_some_and(|(goal, _)| goal.id == row.goal.id);
            if !same {
                out.push((row.goal, Vec::new()));
            }
            if row.concept.is_some()
                && let Some((_, masteries)) = out.last_mut()
            {
                masteries.push(row.mastery);
            }
        }
        Ok(out)
    }

    pub async fn create(
        db: &impl ConnectionTrait,
        new: NewGoalRow,
        now: DateTime<Utc>,
    ) -> Result<Self, sea_orm::DbErr> {
        ActiveModel {
            id: Set(Uuid::new_v4()),
            student_id: Set(new.student_id),
            subject: Set(new.subject),
            description: Set(new.description),
            target_date: Set(new.target_date),
            status: Set(GoalStatus::Active),
            completed_at: Set(None),
            mastery_target: Set(DEFAULT_MASTERY_TARGET),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await
    }

    /// Writes the fields that are given; the status is not among them.
    pub async fn update_fields(
        self,
        db: &impl ConnectionTrait,
        fields: GoalFields,
        now: DateTime<Utc>,
    ) -> Result<Self, sea_orm::DbErr> {
        let mut update: ActiveModel = self.into();
        if let Some(subject) = fields.subject {
            update.subject = Set(subject);
        }
        if let Some(description) = fields.description {
            update.description = Set(description);
        }
        if let Some(target_date) = fields.target_date {
            update.target_date = Set(target_date);
        }
        if let Some(target) = fields.mastery_target {
            update.mastery_target = Set(target);
        }
        update.updated_at = Set(now);
        update.update(db).await
    }

    fn wrong_state(&self, wanted: &'static str) -> ModelError {
        ModelError::WrongState { entity: "goal", actual: self.status.to_string(), wanted }
    }

    /// One conditional update from `from` to `to`. True when this call made the change.
    async fn transition(
        &self,
        db: &impl ConnectionTrait,
        from: &[GoalStatus],
        to: GoalStatus,
        completed_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<bool, sea_orm::DbErr> {
        let result = Entity::update_many()
            .col_expr(Column::Status, Expr::value(to))
            .col_expr(Column::CompletedAt, Expr::value(completed_at))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(self.id))
            .filter(Column::Status.is_in(from.iter().copied()))
            .exec(db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Active → paused. Nothing nudges a student about a paused goal.
    pub async fn pause(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let changed =
            self.transition(db, &[GoalStatus::Active], GoalStatus::Paused, None, now).await?;
        if changed { Ok(()) } else { Err(self.wrong_state("paused")) }
    }

    /// Paused → active.
    pub async fn resume(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let changed =
            self.transition(db, &[GoalStatus::Paused], GoalStatus::Active, None, now).await?;
        if changed { Ok(()) } else { Err(self.wrong_state("resumed")) }
    }

    /// Active or paused → completed: of two concurrent completions one wins (and only it
    /// queues the suggestions and the notification).
    pub async fn complete(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let from = [GoalStatus::Active, GoalStatus::Paused];
        let changed = self.transition(db, &from, GoalStatus::Completed, Some(now), now).await?;
        if changed { Ok(()) } else { Err(self.wrong_state("completed")) }
    }

    /// Completed → active again.
    pub async fn reopen(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let changed =
            self.transition(db, &[GoalStatus::Completed], GoalStatus::Active, None, now).await?;
        if changed { Ok(()) } else { Err(self.wrong_state("reopened")) }
    }

    /// Deletes the goal; its concepts and history go with it (foreign keys cascade).
    pub async fn remove(self, db: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
        self.delete(db).await.map(|_| ())
    }

    /// The concepts this goal is measured by.
    pub async fn concept_ids(
        &self,
        db: &impl ConnectionTrait,
    ) -> Result<Vec<Uuid>, sea_orm::DbErr> {
        Ok(concepts_of(db, &[self.id]).await?.remove(&self.id).unwrap_or_default())
    }

    /// Replaces the goal's concepts with `ids` (duplicates ignored).
    pub async fn set_concepts(
        &self,
        db: &impl ConnectionTrait,
        ids: &[Uuid],
    ) -> Result<(), sea_orm::DbErr> {
        goal_concepts::Entity::delete_many()
            .filter(goal_concepts::Column::GoalId.eq(self.id))
            .exec(db)
            .await?;
        let mut seen = HashSet::new();
        let rows: Vec<goal_concepts::ActiveModel> = ids
            .iter()
            .filter(|id| seen.insert(**id))
            .map(|id| goal_concepts::ActiveModel { goal_id: Set(self.id), concept_id: Set(*id) })
            .collect();
        if !rows.is_empty() {
            goal_concepts::Entity::insert_many(rows).exec_without_returning(db).await?;
        }
        Ok(())
    }
}

/// One row of `of_student_with_masteries`: a goal, one of its concepts (if any) and the
/// student's mastery of it (if any).
struct GoalMasteryRow {
    goal: Model,
    concept: Option<Uuid>,
    mastery: Option<f64>,
}

impl FromQueryResult for GoalMasteryRow {
    fn from_query_result(row: &QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(Self {
            goal: Model::from_query_result(row, pre)?,
            concept: row.try_get(pre, "gc_concept")?,
            mastery: row.try_get(pre, "sc_mastery")?,
        })
    }
}

/// The concepts of each of these goals.
pub async fn concepts_of(
    db: &impl ConnectionTrait,
    goal_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Uuid>>, sea_orm::DbErr> {
    let mut out: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if goal_ids.is_empty() {
        return Ok(out);
    }
    let rows = goal_concepts::Entity::find()
        .filter(goal_concepts::Column::GoalId.is_in(goal_ids.iter().copied()))
        .all(db)
        .await?;
    for row in rows {
        out.entry(row.goal_id).or_default().push(row.concept_id);
    }
    Ok(out)
}

/// A student's goals with the given statuses, with their concepts.
pub async fn with_concepts(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    statuses: &[GoalStatus],
) -> Result<Vec<(Model, Vec<Uuid>)>, sea_orm::DbErr> {
    let goals: Vec<Model> = Entity::find()
        .filter(Column::StudentId.eq(student_id))
        .filter(Column::Status.is_in(statuses.iter().copied()))
        .order_by_asc(Column::CreatedAt)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = goals.iter().map(|g| g.id).collect();
    let mut concepts = concepts_of(db, &ids).await?;
    Ok(goals
        .into_iter()
        .map(|g| {
            let ids = concepts.remove(&g.id).unwrap_or_default();
            (g, ids)
        })
        .collect())
}

/// For each concept of the student's active goals that have a target date on or after
/// `today`: the earliest such date. Reviews of these concepts are planned around it.
pub async fn target_dates(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    today: NaiveDate,
) -> Result<HashMap<Uuid, NaiveDate>, sea_orm::DbErr> {
    let mut out: HashMap<Uuid, NaiveDate> = HashMap::new();
    for (goal, concepts) in with_concepts(db, student_id, &[GoalStatus::Active]).await? {
        let Some(date) = goal.target_date.filter(|d| *d >= today) else { continue };
        for concept in concepts {
            out.entry(concept).and_modify(|d| *d = (*d).min(date)).or_insert(date);
        }
    }
    Ok(out)
}

/// Concepts that belong only to paused goals: the student set them aside, so nothing nudges
/// them about these.
pub async fn paused_only_concepts(
    db: &impl ConnectionTrait,
    student_id: Uuid,
) -> Result<HashSet<Uuid>, sea_orm::DbErr> {
    let goals = with_concepts(db, student_id, &[GoalStatus::Active, GoalStatus::Paused]).await?;
    let active: HashSet<Uuid> = goals
        .iter()
        .filter(|(g, _)| g.status == GoalStatus::Active)
        .flat_map(|(_, c)| c.iter().copied())
        .collect();
    Ok(goals
        .iter()
        .filter(|(g, _)| g.status == GoalStatus::Paused)
        .flat_map(|(_, c)| c.iter().copied())
        .filter(|c| !active.contains(c))
        .collect())
}
