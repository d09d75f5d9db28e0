//! Entity re-exports.

pub use super::users::Entity as Users;
