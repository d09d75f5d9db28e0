//! `users`: every person who signs in, whatever their role.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .if_not_exists()
                    .col(pk_uuid(Users::Id))
                    // Stored trimmed and lowercased by the application; unique here so two
                    // concurrent sign-ups with one address cannot both win.
                    .col(string_len_uniq(Users::Email, 254))
                    .col(string_len(Users::Name, 100))
                    .col(string(Users::PasswordHash))
                    .col(
                        string_len(Users::Role, 16)
                            .default("student")
                            .check(Expr::col(Users::Role).is_in(["student", "tutor", "admin"])),
                    )
                    .col(string_len_null(Users::Grade, 32))
                    .col(string_len(Users::TimeZone, 64).default("UTC"))
                    // Bumped on logout, password change and deactivation: every token carries
                    // the version it was issued under and is refused once it is stale.
                    .col(integer(Users::TokenVersion).default(0))
                    .col(boolean(Users::IsActive).default(true))
                    .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                    .col(timestamp_with_time_zone_null(Users::LastActiveAt))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .check(Expr::col(Users::TokenVersion).gte(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_role")
                    .table(Users::Table)
                    .col(Users::Role)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Users::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    Grade,
    TimeZone,
    TokenVersion,
    IsActive,
    LastLoginAt,
    LastActiveAt,
    CreatedAt,
    UpdatedAt,
}
