//! Conversations: created by their student, listed newest first, renamed, deleted with their
//! messages. A conversation belongs to exactly one student and nobody else reads it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, sea_query::Expr,
};
use uuid::Uuid;

use super::ModelError;
use crate::server::entities::conversations::{ActiveModel, Column, Entity, Model};

impl Model {
    pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Self, ModelError> {
        Entity::find_by_id(id).one(db).await?.ok_or(ModelError::NotFound("conversation"))
    }

    pub async fn create(
        db: &impl ConnectionTrait,
        student_id: Uuid,
        session_id: Option<Uuid>,
        title: String,
        now: DateTime<Utc>,
    ) -> Result<Self, sea_orm::DbErr> {
        ActiveModel {
            id: Set(Uuid::new_v4()),
            student_id: Set(student_id),
            session_id: Set(session_id),
            title: Set(title),
            archived: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await
    }

    /// One page of a student's conversations, most recently active first, and the total.
    pub async fn page_of_student(
        db: &impl ConnectionTrait,
        student_id: Uuid,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Self>, u64), sea_orm::DbErr> {
        let paginator = Entity::find()
            .filter(Column::StudentId.eq(student_id))
            .filter(Column::Archived.eq(false))
            .order_by_desc(Column::UpdatedAt)
            .order_by_desc(Column::CreatedAt)
            .paginate(db, per_page);
        let total = paginator.num_items().await?;
        Ok((paginator.fetch_page(page.saturating_sub(1)).await?, total))
    }

    pub async fn rename(
        &self,
        db: &impl ConnectionTrait,
        title: String,
        now: DateTime<Utc>,
    ) -> Result<Self, sea_orm::DbErr> {
        ActiveModel {
            id: Set(self.id),
            title: Set(title),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(db)
        .await
    }

    /// A new message moves the conversation to the top of the list.
    pub async fn touch(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        Entity::update_many()
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(self.id))
            .exec(db)
            .await
            .map(|_| ())
    }

    /// Deletes the conversation and (by cascade) its messages. Escalations made from it stay,
    /// without the link, for the tutor.
    pub async fn delete(&self, db: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
        Entity::delete_by_id(self.id).exec(db).await.map(|_| ())
    }
}
