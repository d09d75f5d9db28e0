//! Who is linked to whom (issue 13): a link is made only by the student's own act (an upload
//! naming the tutor, a booking, accepting an invitation) or an admin. `tutor_students.origin`
//! gains `invitation`, and `tutor_invitations` holds a tutor's invitations until the student
//! answers. A check constraint cannot be altered on SQLite, so the links table is rebuilt (the
//! same way on both databases: rename aside, create, copy, drop).

use sea_orm_migration::{prelude::*, schema::*};

use super::{
    m20261125_000001_create_users::Users, m20261125_000002_create_accounts::TutorStudents,
};
use crate::helpers::{cascade, create_indexes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The links table with the given allowed origins, under `table`.
fn links_table(table: impl IntoIden + Clone + 'static, origins: &[&str]) -> TableCreateStatement {
    Table::create()
        .table(table.clone())
        .col(uuid(TutorStudents::TutorId))
        .col(uuid(TutorStudents::StudentId))
        .col(
            string_len(TutorStudents::Origin, 16)
                .check(Expr::col(TutorStudents::Origin).is_in(origins.iter().copied())),
        )
        .col(timestamp_with_time_zone(TutorStudents::CreatedAt))
        .primary_key(Index::create().col(TutorStudents::TutorId).col(TutorStudents::StudentId))
        .foreign_key(&mut cascade(
            "fk_tutor_students_tutor",
            (table.clone(), TutorStudents::TutorId),
            (Users::Table, Users::Id),
        ))
        .foreign_key(&mut cascade(
            "fk_tutor_students_student",
            (table, TutorStudents::StudentId),
            (Users::Table, Users::Id),
        ))
        .check(Expr::col(TutorStudents::TutorId).ne(Expr::col(TutorStudents::StudentId)))
        .to_owned()
}

/// Replaces `tutor_students` by a copy that allows `origins` (rows that do not fit are left
/// out, which only happens going down): the old table is renamed aside, the new one created
/// under the real name, the rows copied, the old one dropped.
async fn rebuild_links(manager: &SchemaManager<'_>, origins: &[&str]) -> Result<(), DbErr> {
    let old = Alias::new("tutor_students_old");
    manager
        .drop_index(
            Index::drop()
                .name("idx_tutor_students_student")
                .table(TutorStudents::Table)
                .if_exists()
                .to_owned(),
        )
        .await?;
    manager
        .rename_table(Table::rename().table(TutorStudents::Table, old.clone()).to_owned())
        .await?;
    manager.create_table(links_table(Alias::new("tutor_students"), origins)).await?;
    let columns = || {
        [
            TutorStudents::TutorId,
            TutorStudents::StudentId,
            TutorStudents::Origin,
            TutorStudents::CreatedAt,
        ]
    };
    let copy = Query::insert()
        .into_table(TutorStudents::Table)
        .columns(columns())
        .select_from(
            Query::select()
                .columns(columns())
                .from(old.clone())
                .and_where(Expr::col(TutorStudents::Origin).is_in(origins.iter().copied()))
                .to_owned(),
        )
        .map_err(|e| DbErr::Migration(e.to_string()))?
        .to_owned();
    manager.exec_stmt(copy).await?;
    manager.drop_table(Table::drop().table(old).to_owned()).await?;
    create_indexes(
        manager,
        [index("idx_tutor_students_student", TutorStudents::Table, [TutorStudents::StudentId])],
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on one connection, on SQLite too: the rebuild drops and re-creates an
    /// index, and run statement by statement over the pool another connection could create it
    /// from a schema read before the drop ("index already exists", seen once in ~200 test
    /// databases). It also makes the rebuild all or nothing.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild_links(manager, &["upload", "booking", "invitation", "admin"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(TutorInvitations::Table)
                    .if_not_exists()
                    .col(pk_uuid(TutorInvitations::Id))
                    .col(uuid(TutorInvitations::TutorId))
                    // Only invitations to an existing student are stored: the tutor is told the
                    // same thing either way, so nothing about the address leaks.
                    .col(uuid(TutorInvitations::StudentId))
                    .col(
                        string_len(TutorInvitations::Status, 16).default("pending").check(
                            Expr::col(TutorInvitations::Status)
                                .is_in(["pending", "accepted", "declined"]),
                        ),
                    )
                    .col(timestamp_with_time_zone(TutorInvitations::CreatedAt))
                    .col(timestamp_with_time_zone_null(TutorInvitations::RespondedAt))
                    .foreign_key(&mut cascade(
                        "fk_tutor_invitations_tutor",
                        (TutorInvitations::Table, TutorInvitations::TutorId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_tutor_invitations_student",
                        (TutorInvitations::Table, TutorInvitations::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            [
                // One invitation per pair: inviting again re-opens it rather than piling up.
                index(
                    "idx_tutor_invitations_pair",
                    TutorInvitations::Table,
                    [TutorInvitations::TutorId, TutorInvitations::StudentId],
                )
                .unique()
                .to_owned(),
                index(
                    "idx_tutor_invitations_student",
                    TutorInvitations::Table,
                    [TutorInvitations::StudentId, TutorInvitations::Status],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TutorInvitations::Table).to_owned()).await?;
        rebuild_links(manager, &["upload", "booking", "admin"]).await
    }
}

#[derive(DeriveIden)]
pub enum TutorInvitations {
    Table,
    Id,
    TutorId,
    StudentId,
    Status,
    CreatedAt,
    RespondedAt,
}
