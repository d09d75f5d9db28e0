//! Accounts around `users`: tutor–student links, password reset tokens, the mail outbox.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261125_000001_create_users::Users;
use crate::helpers::{cascade, create_indexes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TutorStudents::Table)
                    .if_not_exists()
                    .col(uuid(TutorStudents::TutorId))
                    .col(uuid(TutorStudents::StudentId))
                    // How the link came to be: an upload, a booking, or an admin.
                    .col(string_len(TutorStudents::Origin, 16).check(
                        Expr::col(TutorStudents::Origin).is_in(["upload", "booking", "admin"]),
                    ))
                    .col(timestamp_with_time_zone(TutorStudents::CreatedAt))
                    .primary_key(
                        Index::create().col(TutorStudents::TutorId).col(TutorStudents::StudentId),
                    )
                    .foreign_key(&mut cascade(
                        "fk_tutor_students_tutor",
                        (TutorStudents::Table, TutorStudents::TutorId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_tutor_students_student",
                        (TutorStudents::Table, TutorStudents::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .check(
                        Expr::col(TutorStudents::TutorId).ne(Expr::col(TutorStudents::StudentId)),
                    )
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            [index("idx_tutor_students_student", TutorStudents::Table, [TutorStudents::StudentId])],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PasswordResets::Table)
                    .if_not_exists()
                    .col(pk_uuid(PasswordResets::Id))
                    .col(uuid(PasswordResets::UserId))
                    // Only a SHA-256 of the token is stored: a database leak reveals no link.
                    .col(string_len_uniq(PasswordResets::TokenHash, 64))
                    .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
                    .col(timestamp_with_time_zone(PasswordResets::CreatedAt))
                    .foreign_key(&mut cascade(
                        "fk_password_resets_user",
                        (PasswordResets::Table, PasswordResets::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            [index("idx_password_resets_user", PasswordResets::Table, [PasswordResets::UserId])],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .if_not_exists()
                    .col(pk_uuid(Outbox::Id))
                    .col(string_len(Outbox::Kind, 32))
                    .col(string_len(Outbox::Recipient, 254))
                    .col(string_len(Outbox::Subject, 200))
                    .col(text(Outbox::Body))
                    .col(
                        string_len(Outbox::Status, 16)
                            .default("pending")
                            .check(Expr::col(Outbox::Status).is_in(["pending", "sent", "failed"])),
                    )
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            [index(
                "idx_outbox_status_created",
                Outbox::Table,
                [Outbox::Status, Outbox::CreatedAt],
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Outbox::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            TutorStudents::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum TutorStudents {
    Table,
    TutorId,
    StudentId,
    Origin,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    UserId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Kind,
    Recipient,
    Subject,
    Body,
    Status,
    CreatedAt,
    SentAt,
}
