//! Demo data for a first start: a student, a tutor and an admin, printed so people can log in.

use app::{
    domain::{Email, Password, PersonName, Role},
    server::{
        entities::users as user_entity,
        services::users::{self, NewUser},
        state::AppState,
    },
};

/// The demo logins, as the README lists them.
pub const DEMO_PASSWORD: &str = "study-companion-demo";
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 3] = [
    ("student@demo.test", "Sam Student", Role::Student),
    ("tutor@demo.test", "Taylor Tutor", Role::Tutor),
    ("admin@demo.test", "Alex Admin", Role::Admin),
];

/// Seeds only an empty database, so a restart never duplicates or resets anything.
pub async fn demo_if_empty(state: &AppState) -> anyhow::Result<()> {
    if user_entity::Model::count(&state.db).await? > 0 {
        return Ok(());
    }
    for (email, name, role) in DEMO_ACCOUNTS {
        let new = NewUser {
            email: Email::parse(email).map_err(anyhow::Error::msg)?,
            name: PersonName::parse(name).map_err(anyhow::Error::msg)?,
            password: Password::parse(DEMO_PASSWORD).map_err(anyhow::Error::msg)?,
            role,
            grade: None,
        };
        users::create_user(state, new).await?;
    }
    for (email, _, role) in DEMO_ACCOUNTS {
        tracing::info!(%email, password = DEMO_PASSWORD, %role, "demo account ready");
    }
    Ok(())
}
