//! Engagement nudges: one row per nudge sent, and each student's choice about receiving them.
//!
//! `nudges` is unique per student and day: that key, not the job, is what makes a re-run the
//! same day, two workers racing, or a retried job send nothing twice.

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
                    .table(Nudges::Table)
                    .if_not_exists()
                    .col(pk_uuid(Nudges::Id))
                    .col(uuid(Nudges::StudentId))
                    // The student's own calendar day the nudge belongs to.
                    .col(date(Nudges::Day))
                    .col(string_len(Nudges::Rule, 16).check(Expr::col(Nudges::Rule).is_in([
                        "no_session",
                        "first_week",
                        "inactive",
                        "reviews_due",
                    ])))
                    .col(string_len(Nudges::Title, 200))
                    .col(text(Nudges::Body))
                    .col(string_len(Nudges::ActionLabel, 60))
                    // The one-tap action: a path inside the app.
                    .col(string_len(Nudges::ActionLink, 300))
                    // The goal the message speaks about, if any (never a paused one).
                    .col(uuid_null(Nudges::GoalId))
                    .col(boolean(Nudges::Emailed).default(false))
                    .col(timestamp_with_time_zone(Nudges::SentAt))
                    // Set when the student acted (practised, chatted, uploaded) within the
                    // response window after the nudge: whether it worked.
                    .col(timestamp_with_time_zone_null(Nudges::RespondedAt))
                    .check(Expr::col(Nudges::ActionLink).like("/%"))
                    .foreign_key(&mut cascade(
                        "fk_nudges_student",
                        (Nudges::Table, Nudges::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut set_null(
                        "fk_nudges_goal",
                        (Nudges::Table, Nudges::GoalId),
                        (Goals::Table, Goals::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        let mut once_a_day =
            index("idx_nudges_student_day", Nudges::Table, [Nudges::StudentId, Nudges::Day]);
        once_a_day.unique();
        create_indexes(
            manager,
            [
                once_a_day,
                index("idx_nudges_sent", Nudges::Table, [Nudges::SentAt]),
                index("idx_nudges_goal", Nudges::Table, [Nudges::GoalId]),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(NudgeSettings::Table)
                    .if_not_exists()
                    .col(uuid(NudgeSettings::UserId).primary_key())
                    .col(
                        string_len(NudgeSettings::Frequency, 16).default("on").check(
                            Expr::col(NudgeSettings::Frequency).is_in(["on", "weekly", "off"]),
                        ),
                    )
                    // Whether nudges also go out by email (through the outbox); off unless the
                    // student allows it.
                    .col(boolean(NudgeSettings::Email).default(false))
                    .col(timestamp_with_time_zone(NudgeSettings::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_nudge_settings_user",
                        (NudgeSettings::Table, NudgeSettings::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NudgeSettings::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Nudges::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Nudges {
    Table,
    Id,
    StudentId,
    Day,
    Rule,
    Title,
    Body,
    ActionLabel,
    ActionLink,
    GoalId,
    Emailed,
    SentAt,
    RespondedAt,
}

#[derive(DeriveIden)]
enum NudgeSettings {
    Table,
    UserId,
    Frequency,
    Email,
    UpdatedAt,
}
