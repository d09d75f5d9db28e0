//! Chat with memory: `conversations`, their `messages` (with the sources each answer cites) and
//! `escalations`, the routing results a student's tutor sees (and a booking later refers to).

use sea_orm_migration::{prelude::*, schema::*};

use super::{m20261125_000001_create_users::Users, m20261125_000004_create_learning::Sessions};
use crate::helpers::{cascade, create_indexes, index, set_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Conversations::Table)
                    .if_not_exists()
                    .col(pk_uuid(Conversations::Id))
                    .col(uuid(Conversations::StudentId))
                    // Set when the conversation was opened from a session page: retrieval then
                    // stays inside that session.
                    .col(uuid_null(Conversations::SessionId))
                    // From the first question until the student renames it; escaped where shown.
                    .col(string_len(Conversations::Title, 120))
                    .col(boolean(Conversations::Archived).default(false))
                    .col(timestamp_with_time_zone(Conversations::CreatedAt))
                    .col(timestamp_with_time_zone(Conversations::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_conversations_student",
                        (Conversations::Table, Conversations::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut set_null(
                        "fk_conversations_session",
                        (Conversations::Table, Conversations::SessionId),
                        (Sessions::Table, Sessions::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .if_not_exists()
                    .col(pk_uuid(Messages::Id))
                    .col(uuid(Messages::ConversationId))
                    .col(
                        string_len(Messages::Role, 16)
                            .check(Expr::col(Messages::Role).is_in(["user", "assistant"])),
                    )
                    // Markdown as written; rendered to sanitised HTML whenever it is read.
                    .col(text(Messages::Content))
                    // JSON [{sessionId, sessionTitle, lines: {start, end}, excerpt}].
                    .col(text(Messages::Sources).default("[]"))
                    // `interrupted`: the provider's stream broke off; the partial answer is kept.
                    .col(string_len(Messages::Status, 16).default("complete").check(
                        Expr::col(Messages::Status).is_in(["complete", "interrupted", "guarded"]),
                    ))
                    .col(string_len_null(Messages::Provider, 32))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .foreign_key(&mut cascade(
                        "fk_messages_conversation",
                        (Messages::Table, Messages::ConversationId),
                        (Conversations::Table, Conversations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Escalations::Table)
                    .if_not_exists()
                    .col(pk_uuid(Escalations::Id))
                    .col(uuid(Escalations::StudentId))
                    // Kept when the student deletes the conversation: the tutor still needs it.
                    .col(uuid_null(Escalations::ConversationId))
                    .col(uuid_null(Escalations::MessageId))
                    .col(boolean(Escalations::Recommend))
                    .col(text(Escalations::Reason))
                    .col(
                        string_len(Escalations::Urgency, 8).check(
                            Expr::col(Escalations::Urgency).is_in(["low", "medium", "high"]),
                        ),
                    )
                    // JSON ["Discriminant", …]: the concepts a tutor should focus on.
                    .col(text(Escalations::Focus).default("[]"))
                    .col(text(Escalations::Summary))
                    // open → booked (a booking refers to it) | dismissed (the student said no).
                    .col(string_len(Escalations::Status, 16).default("open").check(
                        Expr::col(Escalations::Status).is_in(["open", "booked", "dismissed"]),
                    ))
                    // When the student sent it to their tutor from the dialog.
                    .col(timestamp_with_time_zone_null(Escalations::SentAt))
                    .col(timestamp_with_time_zone(Escalations::CreatedAt))
                    .col(timestamp_with_time_zone(Escalations::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_escalations_student",
                        (Escalations::Table, Escalations::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut set_null(
                        "fk_escalations_conversation",
                        (Escalations::Table, Escalations::ConversationId),
                        (Conversations::Table, Conversations::Id),
                    ))
                    .foreign_key(&mut set_null(
                        "fk_escalations_message",
                        (Escalations::Table, Escalations::MessageId),
                        (Messages::Table, Messages::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            [
                // A student's conversations, newest first.
                index(
                    "idx_conversations_student_updated",
                    Conversations::Table,
                    [Conversations::StudentId, Conversations::UpdatedAt],
                ),
                index(
                    "idx_conversations_session",
                    Conversations::Table,
                    [Conversations::SessionId],
                ),
                index(
                    "idx_messages_conversation_created",
                    Messages::Table,
                    [Messages::ConversationId, Messages::CreatedAt],
                ),
                index(
                    "idx_escalations_student_status",
                    Escalations::Table,
                    [Escalations::StudentId, Escalations::Status, Escalations::CreatedAt],
                ),
                index(
                    "idx_escalations_conversation",
                    Escalations::Table,
                    [Escalations::ConversationId],
                ),
                index("idx_escalations_message", Escalations::Table, [Escalations::MessageId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Escalations::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Messages::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Conversations::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum Conversations {
    Table,
    Id,
    StudentId,
    SessionId,
    Title,
    Archived,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Messages {
    Table,
    Id,
    ConversationId,
    Role,
    Content,
    Sources,
    Status,
    Provider,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Escalations {
    Table,
    Id,
    StudentId,
    ConversationId,
    MessageId,
    Recommend,
    Reason,
    Urgency,
    Focus,
    Summary,
    Status,
    SentAt,
    CreatedAt,
    UpdatedAt,
}
