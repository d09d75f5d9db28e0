//! Booking a tutor (issue 13): a tutor's weekly availability, and bookings. No tutor is ever
//! booked twice for one slot, and the database is what guarantees it: `confirmed_start` holds
//! the slot's start only while the booking is confirmed (NULL once cancelled), under a unique
//! index with the tutor. NULLs never collide in a unique index on SQLite or PostgreSQL, so
//! cancelled bookings free their slot; two requests racing for one slot cannot both insert.

use sea_orm_migration::{prelude::*, schema::*};

use super::{m20261125_000001_create_users::Users, m20261201_100001_create_chat::Escalations};
use crate::helpers::{cascade, create_indexes, index, set_null};

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
                    .table(TutorAvailability::Table)
                    .if_not_exists()
                    .col(uuid(TutorAvailability::TutorId).primary_key())
                    .col(
                        integer(TutorAvailability::SlotMinutes)
                            .default(60)
                            .check(Expr::col(TutorAvailability::SlotMinutes).is_in([30, 60])),
                    )
                    // JSON [{weekday, start, end}] in the tutor's own time zone.
                    .col(text(TutorAvailability::Windows).default("[]"))
                    // JSON ["YYYY-MM-DD", …]: days off, in the tutor's zone.
                    .col(text(TutorAvailability::BlockedDates).default("[]"))
                    .col(timestamp_with_time_zone(TutorAvailability::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_tutor_availability_tutor",
                        (TutorAvailability::Table, TutorAvailability::TutorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Bookings::Table)
                    .if_not_exists()
                    .col(pk_uuid(Bookings::Id))
                    .col(uuid(Bookings::TutorId))
                    .col(uuid(Bookings::StudentId))
                    .col(timestamp_with_time_zone(Bookings::StartsAt))
                    .col(timestamp_with_time_zone(Bookings::EndsAt))
                    .col(
                        string_len(Bookings::Status, 16)
                            .default("confirmed")
                            .check(Expr::col(Bookings::Status).is_in(["confirmed", "cancelled"])),
                    )
                    // = starts_at while confirmed, NULL once cancelled (see the unique index).
                    .col(timestamp_with_time_zone_null(Bookings::ConfirmedStart))
                    .col(text_null(Bookings::Note))
                    // The chat routing this booking takes up (its reason goes to the brief).
                    .col(uuid_null(Bookings::EscalationId))
                    .col(text_null(Bookings::CancelReason))
                    .col(uuid_null(Bookings::CancelledBy))
                    .col(timestamp_with_time_zone_null(Bookings::CancelledAt))
                    .col(timestamp_with_time_zone(Bookings::CreatedAt))
                    .col(timestamp_with_time_zone(Bookings::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_bookings_tutor",
                        (Bookings::Table, Bookings::TutorId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_bookings_student",
                        (Bookings::Table, Bookings::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut set_null(
                        "fk_bookings_escalation",
                        (Bookings::Table, Bookings::EscalationId),
                        (Escalations::Table, Escalations::Id),
                    ))
                    .foreign_key(&mut set_null(
                        "fk_bookings_cancelled_by",
                        (Bookings::Table, Bookings::CancelledBy),
                        (Users::Table, Users::Id),
                    ))
                    .check(Expr::col(Bookings::EndsAt).gt(Expr::col(Bookings::StartsAt)))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            [
                // The guarantee: one confirmed booking per tutor and slot start.
                index(
                    "idx_bookings_tutor_confirmed_start",
                    Bookings::Table,
                    [Bookings::TutorId, Bookings::ConfirmedStart],
                )
                .unique()
                .to_owned(),
                index(
                    "idx_bookings_tutor_starts",
                    Bookings::Table,
                    [Bookings::TutorId, Bookings::StartsAt],
                ),
                index(
                    "idx_bookings_student_starts",
                    Bookings::Table,
                    [Bookings::StudentId, Bookings::StartsAt],
                ),
                index("idx_bookings_escalation", Bookings::Table, [Bookings::EscalationId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Bookings::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(TutorAvailability::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum TutorAvailability {
    Table,
    TutorId,
    SlotMinutes,
    Windows,
    BlockedDates,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Bookings {
    Table,
    Id,
    TutorId,
    StudentId,
    StartsAt,
    EndsAt,
    Status,
    ConfirmedStart,
    Note,
    EscalationId,
    CancelReason,
    CancelledBy,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}
