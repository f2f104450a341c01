//! Components, named for what the user sees.

pub mod account;
pub mod auth;
pub mod common;
pub mod programs;
pub mod roles;
pub mod settings;
pub mod shell;
