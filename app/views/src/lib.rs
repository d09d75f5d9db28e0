//! Study Companion's views: the router and shell (`app`), built from the page groups
//! (`pages-account`, `pages-study`, `pages-plan`, `pages-staff` under app/views/pages) and the
//! components beneath them (`ui`, app/views/ui), for the server (`ssr`) and the browser
//! (`hydrate`). Each group is a crate of its own, so an edit to a page recompiles its group and
//! this router, not every view (issue 15, the developer's loop).

#![recursion_limit = "512"]

#[cfg(feature = "ssr")]
pub use ::ui::server;
pub use ::ui::{api, components, domain, dto, error};

pub mod app;

/// Every page, by module (`pages::login::LoginPage`), whichever group holds it.
pub mod pages {
    pub use pages_account::*;
    pub use pages_plan::*;
    pub use pages_staff::*;
    pub use pages_study::*;
}
