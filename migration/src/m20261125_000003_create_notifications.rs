//! `notifications`: what the bell shows.

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
                    .table(Notifications::Table)
                    .if_not_exists()
                    .col(pk_uuid(Notifications::Id))
                    .col(uuid(Notifications::UserId))
                    .col(string_len(Notifications::Kind, 40))
                    .col(string_len(Notifications::Title, 200))
                    .col(text(Notifications::Body))
                    // A path inside the app; the application refuses anything else.
                    .col(string_len(Notifications::Link, 300))
                    // Makes producing the same notification twice (a re-run job) a no-op.
                    .col(string_len_null(Notifications::DedupeKey, 200))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .foreign_key(&mut cascade(
                        "fk_notifications_user",
                        (Notifications::Table, Notifications::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .check(Expr::col(Notifications::Link).like("/%"))
                    .to_owned(),
            )
            .await?;
        let mut unique = index(
            "idx_notifications_user_dedupe",
            Notifications::Table,
            [Notifications::UserId, Notifications::DedupeKey],
        );
        unique.unique();
        create_indexes(
            manager,
            [
                unique,
                index(
                    "idx_notifications_user_created",
                    Notifications::Table,
                    [Notifications::UserId, Notifications::CreatedAt],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Notifications::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Title,
    Body,
    Link,
    DedupeKey,
    ReadAt,
    CreatedAt,
}
