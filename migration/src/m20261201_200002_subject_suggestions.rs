//! `subject_suggestions`: what to study next, proposed when a goal is completed. One row per
//! goal and subject (a re-run of the job adds nothing); a dismissed subject is never suggested
//! to that student again, even after the goal that led to it is deleted.

use sea_orm_migration::{prelude::*, schema::*};

use super::{m20261125_000001_create_users::Users, m20261201_200001_goal_progress::Goals};
use crate::helpers::{cascade, create_indexes, index, set_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SubjectSuggestions::Table)
                    .if_not_exists()
                    .col(pk_uuid(SubjectSuggestions::Id))
                    .col(uuid(SubjectSuggestions::StudentId))
                    // The completed goal that led to it; kept (as null) when that goal goes.
                    .col(uuid_null(SubjectSuggestions::GoalId))
                    .col(string_len(SubjectSuggestions::Subject, 100))
                    // Lowercased, punctuation-free: "never suggested again" compares this.
                    .col(string_len(SubjectSuggestions::NormalizedSubject, 100))
                    .col(string_len(SubjectSuggestions::Reason, 300))
                    .col(string_len(SubjectSuggestions::Source, 16).check(
                        Expr::col(SubjectSuggestions::Source).is_in(["map", "sessions", "default"]),
                    ))
                    .col(integer(SubjectSuggestions::Position))
                    .col(string_len(SubjectSuggestions::Status, 16).default("pending").check(
                        Expr::col(SubjectSuggestions::Status).is_in([
                            "pending",
                            "accepted",
                            "dismissed",
                        ]),
                    ))
                    .col(uuid_null(SubjectSuggestions::AcceptedGoalId))
                    .col(timestamp_with_time_zone(SubjectSuggestions::CreatedAt))
                    .col(timestamp_with_time_zone_null(SubjectSuggestions::DecidedAt))
                    .foreign_key(&mut cascade(
                        "fk_subject_suggestions_student",
                        (SubjectSuggestions::Table, SubjectSuggestions::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut set_null(
                        "fk_subject_suggestions_goal",
                        (SubjectSuggestions::Table, SubjectSuggestions::GoalId),
                        (Goals::Table, Goals::Id),
                    ))
                    .foreign_key(&mut set_null(
                        "fk_subject_suggestions_accepted_goal",
                        (SubjectSuggestions::Table, SubjectSuggestions::AcceptedGoalId),
                        (Goals::Table, Goals::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        let mut per_goal = index(
            "idx_subject_suggestions_goal_subject",
            SubjectSuggestions::Table,
            [SubjectSuggestions::GoalId, SubjectSuggestions::NormalizedSubject],
        );
        per_goal.unique();
        create_indexes(
            manager,
            [
                per_goal,
                index(
                    "idx_subject_suggestions_student_status",
                    SubjectSuggestions::Table,
                    [SubjectSuggestions::StudentId, SubjectSuggestions::Status],
                ),
                index(
                    "idx_subject_suggestions_accepted_goal",
                    SubjectSuggestions::Table,
                    [SubjectSuggestions::AcceptedGoalId],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SubjectSuggestions::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum SubjectSuggestions {
    Table,
    Id,
    StudentId,
    GoalId,
    Subject,
    NormalizedSubject,
    Reason,
    Source,
    Position,
    Status,
    AcceptedGoalId,
    CreatedAt,
    DecidedAt,
}
