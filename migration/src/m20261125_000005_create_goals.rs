//! `goals` and the concepts each goal is measured by.

use sea_orm_migration::{prelude::*, schema::*};

use super::{m20261125_000001_create_users::Users, m20261125_000004_create_learning::Concepts};
use crate::helpers::{cascade, create_indexes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Goals::Table)
                    .if_not_exists()
                    .col(pk_uuid(Goals::Id))
                    .col(uuid(Goals::StudentId))
                    .col(string_len(Goals::Subject, 100))
                    // Stored exactly as typed; escaped wherever it is shown.
                    .col(text(Goals::Description))
                    .col(date_null(Goals::TargetDate))
                    .col(
                        string_len(Goals::Status, 16).default("active").check(
                            Expr::col(Goals::Status).is_in(["active", "paused", "completed"]),
                        ),
                    )
                    .col(timestamp_with_time_zone_null(Goals::CompletedAt))
                    .col(timestamp_with_time_zone(Goals::CreatedAt))
                    .col(timestamp_with_time_zone(Goals::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_goals_student",
                        (Goals::Table, Goals::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GoalConcepts::Table)
                    .if_not_exists()
                    .col(uuid(GoalConcepts::GoalId))
                    .col(uuid(GoalConcepts::ConceptId))
                    .primary_key(
                        Index::create().col(GoalConcepts::GoalId).col(GoalConcepts::ConceptId),
                    )
                    .foreign_key(&mut cascade(
                        "fk_goal_concepts_goal",
                        (GoalConcepts::Table, GoalConcepts::GoalId),
                        (Goals::Table, Goals::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_goal_concepts_concept",
                        (GoalConcepts::Table, GoalConcepts::ConceptId),
                        (Concepts::Table, Concepts::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            [
                index("idx_goals_student_status", Goals::Table, [Goals::StudentId, Goals::Status]),
                index("idx_goal_concepts_concept", GoalConcepts::Table, [GoalConcepts::ConceptId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(GoalConcepts::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Goals::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Goals {
    Table,
    Id,
    StudentId,
    Subject,
    Description,
    TargetDate,
    Status,
    CompletedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GoalConcepts {
    Table,
    GoalId,
    ConceptId,
}
