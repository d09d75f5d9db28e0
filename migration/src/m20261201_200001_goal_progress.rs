//! Goals that move: each goal's mastery target (what "done" means for its concepts) and the
//! history of its computed progress, kept so it can be charted.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{cascade, create_indexes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Above 0.5 (where every student starts a concept), so progress toward it is defined.
        manager
            .alter_table(
                Table::alter()
                    .table(Goals::Table)
                    .add_column(
                        double(Goals::MasteryTarget)
                            .default(0.8)
                            .check(Expr::col(Goals::MasteryTarget).between(0.55, 0.95)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GoalProgress::Table)
                    .if_not_exists()
                    .col(pk_uuid(GoalProgress::Id))
                    .col(uuid(GoalProgress::GoalId))
                    // Computed from mastery, never typed in: 0..1 with the counts behind it.
                    .col(double(GoalProgress::Progress))
                    .col(integer(GoalProgress::MasteredCount))
                    .col(integer(GoalProgress::ConceptCount))
                    .col(timestamp_with_time_zone(GoalProgress::RecordedAt))
                    .check(Expr::col(GoalProgress::Progress).between(0.0, 1.0))
                    .check(Expr::col(GoalProgress::MasteredCount).gte(0))
                    .check(
                        Expr::col(GoalProgress::MasteredCount)
                            .lte(Expr::col(GoalProgress::ConceptCount)),
                    )
                    .foreign_key(&mut cascade(
                        "fk_goal_progress_goal",
                        (GoalProgress::Table, GoalProgress::GoalId),
                        (Goals::Table, Goals::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            [index(
                "idx_goal_progress_goal_recorded",
                GoalProgress::Table,
                [GoalProgress::GoalId, GoalProgress::RecordedAt],
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(GoalProgress::Table).to_owned()).await?;
        manager
            .alter_table(
                Table::alter().table(Goals::Table).drop_column(Goals::MasteryTarget).to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
pub enum Goals {
    Table,
    Id,
    MasteryTarget,
}

#[derive(DeriveIden)]
enum GoalProgress {
    Table,
    Id,
    GoalId,
    Progress,
    MasteredCount,
    ConceptCount,
    RecordedAt,
}
