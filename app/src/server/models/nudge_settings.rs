//! A student's nudge setting: how often (on, weekly, off) and whether by email too. Without a
//! row, nudges are on and in the app only.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::OnConflict};
use uuid::Uuid;

use crate::server::entities::{
    enums::NudgeFrequency,
    nudge_settings::{ActiveModel, Column, Entity, Model},
};

/// The setting in force for a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    pub frequency: NudgeFrequency,
    pub email: bool,
}

impl Default for Setting {
    fn default() -> Self {
        Self { frequency: NudgeFrequency::On, email: false }
    }
}

impl From<Model> for Setting {
    fn from(row: Model) -> Self {
        Self { frequency: row.frequency, email: row.email }
    }
}

pub async fn of_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Setting, sea_orm::DbErr> {
    Ok(Entity::find_by_id(user_id).one(db).await?.map(Setting::from).unwrap_or_default())
}

/// The settings of these users; users without a row are absent (the default applies).
pub async fn of_users(
    db: &impl ConnectionTrait,
    user_ids: &[Uuid],
) -> Result<HashMap<Uuid, Setting>, sea_orm::DbErr> {
    Ok(Entity::find()
        .filter(Column::UserId.is_in(user_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.user_id, Setting::from(row)))
        .collect())
}

/// Stores the setting (insert or replace).
pub async fn save(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    setting: Setting,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let row = ActiveModel {
        user_id: Set(user_id),
        frequency: Set(setting.frequency),
        email: Set(setting.email),
        updated_at: Set(now),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::UserId)
                .update_columns([Column::Frequency, Column::Email, Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
        .map(|_| ())
}
