//! The database schema, one migration per change. A landed migration is never edited.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261125_000001_create_users;
mod m20261125_000002_create_accounts;
mod m20261125_000003_create_notifications;
mod m20261125_000004_create_learning;
mod m20261125_000005_create_goals;
mod m20261201_100001_create_chat;
mod m20261201_200001_goal_progress;
mod m20261201_200002_subject_suggestions;
mod m20261201_200003_nudges;
mod m20261202_100011_tutor_invitations;
mod m20261202_100012_bookings;
mod m20261202_200001_mastery_history;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_users::Migration),
            Box::new(m20261125_000002_create_accounts::Migration),
            Box::new(m20261125_000003_create_notifications::Migration),
            Box::new(m20261125_000004_create_learning::Migration),
            Box::new(m20261125_000005_create_goals::Migration),
            Box::new(m20261201_100001_create_chat::Migration),
            Box::new(m20261201_200001_goal_progress::Migration),
            Box::new(m20261201_200002_subject_suggestions::Migration),
            Box::new(m20261201_200003_nudges::Migration),
            Box::new(m20261202_100011_tutor_invitations::Migration),
            Box::new(m20261202_100012_bookings::Migration),
            Box::new(m20261202_200001_mastery_history::Migration),
        ]
    }
}
