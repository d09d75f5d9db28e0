//! Study Companion beneath its views: the server functions (`api`), the types both sides share
//! (`dto`, `domain`, `error`) and, for the server (`ssr`), everything behind them (`server`).
//! The pages, components and router are the `views` crate (app/views), built on top of this one.

#![recursion_limit = "512"]

#[macro_use]
mod macros;

#[cfg(all(test, feature = "ssr"))]
mod architecture;

pub mod api;
pub mod domain;
pub mod dto;
pub mod error;
#[cfg(feature = "ssr")]
pub mod server;
