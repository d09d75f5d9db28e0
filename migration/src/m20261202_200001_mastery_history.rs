//! The history of a student's mastery on each concept: one row whenever the replayed mastery
//! changes, with what moved it, so the tutor's chart of mastery over time shows real changes.
//!
//! Existing data is carried over from `concept_evidence` (the mastery after each piece of
//! evidence, at the time it occurred), reusing the evidence ids as row ids.

use sea_orm_migration::{prelude::*, schema::*};

use super::{m20261125_000001_create_users::Users, m20261125_000004_create_learning::Concepts};
use crate::helpers::{cascade, create_indexes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// All or nothing, on SQLite too (see the tutor-invitations migration).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MasteryHistory::Table)
                    .if_not_exists()
                    .col(pk_uuid(MasteryHistory::Id))
                    .col(uuid(MasteryHistory::StudentId))
                    .col(uuid(MasteryHistory::ConceptId))
                    .col(double(MasteryHistory::Mastery))
                    // What moved it: a session's analysis or a submitted practice, and which.
                    .col(
                        string_len(MasteryHistory::Source, 16).check(
                            Expr::col(MasteryHistory::Source).is_in(["session", "practice"]),
                        ),
                    )
                    .col(uuid_null(MasteryHistory::SourceId))
                    .col(timestamp_with_time_zone(MasteryHistory::ChangedAt))
                    .check(Expr::col(MasteryHistory::Mastery).between(0.0, 1.0))
                    .foreign_key(&mut cascade(
                        "fk_mastery_history_student",
                        (MasteryHistory::Table, MasteryHistory::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_mastery_history_concept",
                        (MasteryHistory::Table, MasteryHistory::ConceptId),
                        (Concepts::Table, Concepts::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            [
                index(
                    "idx_mastery_history_student_changed",
                    MasteryHistory::Table,
                    [MasteryHistory::StudentId, MasteryHistory::ChangedAt],
                ),
                index(
                    "idx_mastery_history_concept",
                    MasteryHistory::Table,
                    [MasteryHistory::ConceptId],
                ),
            ],
        )
        .await?;

        let carried = Query::select()
            .columns([
                ConceptEvidence::Id,
                ConceptEvidence::StudentId,
                ConceptEvidence::ConceptId,
                ConceptEvidence::MasteryAfter,
                ConceptEvidence::Source,
            ])
            .expr(Func::if_null(
                Expr::col(ConceptEvidence::SessionId),
                Expr::col(ConceptEvidence::PracticeId),
            ))
            .column(ConceptEvidence::OccurredAt)
            .from(ConceptEvidence::Table)
            .to_owned();
        let insert = Query::insert()
            .into_table(MasteryHistory::Table)
            .columns([
                MasteryHistory::Id,
                MasteryHistory::StudentId,
                MasteryHistory::ConceptId,
                MasteryHistory::Mastery,
                MasteryHistory::Source,
                MasteryHistory::SourceId,
                MasteryHistory::ChangedAt,
            ])
            .select_from(carried)
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .to_owned();
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MasteryHistory::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum MasteryHistory {
    Table,
    Id,
    StudentId,
    ConceptId,
    Mastery,
    Source,
    SourceId,
    ChangedAt,
}

#[derive(DeriveIden)]
enum ConceptEvidence {
    Table,
    Id,
    StudentId,
    ConceptId,
    SessionId,
    PracticeId,
    Source,
    MasteryAfter,
    OccurredAt,
}
