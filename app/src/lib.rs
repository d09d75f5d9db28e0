//! Study Companion: the app compiled for the server (`ssr`) and the browser (`hydrate`).

#![recursion_limit = "512"]

#[macro_use]
mod macros;

#[cfg(all(test, feature = "ssr"))]
mod architecture;

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod dto;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
