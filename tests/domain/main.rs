//! Domain integration tests: every test runs on SQLite and on PostgreSQL.
//! One test binary (one link) for all of them, each concept a module.

#[macro_use]
mod common;

mod accounts;
mod agreements;
mod billing;
mod business;
mod developer;
mod enrollment;
mod invitations;
mod members;
mod outbox;
mod partner;
mod programs;
mod sessions;
