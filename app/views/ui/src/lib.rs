//! The components the pages are built from, for the server (`ssr`) and the browser (`hydrate`).
//! They read and write only through `app`'s server functions and types, re-exported here so a
//! view names them as `crate::api`, `crate::dto`.

#![recursion_limit = "512"]

#[cfg(feature = "ssr")]
pub use ::app::server;
pub use ::app::{api, domain, dto, error};

pub mod components;
