//! Workflows used by server functions, REST handlers and jobs alike.

pub mod users;
