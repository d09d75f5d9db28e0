//! The concept catalogue: one row per subject and normalised name, shared by every student.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::server::{ai::offline, entities::concepts};

/// A concept to find or add to the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct CatalogueEntry<'a> {
    /// Lexicon subject id ("mathematics").
    pub subject: &'a str,
    pub name: &'a str,
    pub difficulty: u8,
    pub description: Option<&'a str>,
}

/// Finds or creates the catalogue entry for a concept, de-duplicated by normalised name within
/// its subject.
pub async fn catalogue(
    db: &impl ConnectionTrait,
    entry: CatalogueEntry<'_>,
    now: DateTime<Utc>,
) -> Result<Uuid, sea_orm::DbErr> {
    let normalized = offline::normalize_name(entry.name);
    let find = || {
        concepts::Entity::find()
            .filter(concepts::Column::Subject.eq(entry.subject))
            .filter(concepts::Column::NormalizedName.eq(normalized.clone()))
    };
    if let Some(existing) = find().one(db).await? {
        return Ok(existing.id);
    }
    let row = concepts::ActiveModel {
        id: Set(Uuid::new_v4()),
        subject: Set(entry.subject.to_owned()),
        name: Set(entry.name.chars().take(120).collect()),
        normalized_name: Set(normalized.chars().take(120).collect()),
        description: Set(entry.description.map(str::to_owned)),
        difficulty: Set(i16::from(entry.difficulty.clamp(1, 10))),
        created_at: Set(now),
    };
    // A concurrent writer may have added it since we looked: the unique key settles it.
    concepts::Entity::insert(row)
        .on_conflict_do_nothing_on([concepts::Column::Subject, concepts::Column::NormalizedName])
        .exec_without_returning(db)
        .await?;
    find()
        .one(db)
        .await?
        .map(|c| c.id)
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("concept".into()))
}
