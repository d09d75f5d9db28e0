//! SeaORM entities, one per table, in sea-orm-cli's shape. Domain methods live in `models/`.

pub mod prelude;
pub mod users;
