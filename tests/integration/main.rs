//! Integration tests, each run on SQLite and on PostgreSQL: the domain layer
//! (a module per concept) and the server over HTTP (`http`). One test binary,
//! so one link, for all of them.

#[macro_use]
mod common;

mod access;
mod accounts;
mod activity;
mod agreements;
mod bad_input;
mod billing;
mod business;
mod catalog;
mod concurrency;
mod cpv;
mod crash;
mod developer;
mod enrollment;
mod http;
mod instances;
mod invitations;
mod learning;
mod locations;
mod members;
mod operators;
mod organization;
mod outbox;
mod partner;
mod password_reset;
mod payout;
mod pool;
mod pricing;
mod programs;
mod registry;
mod sessions;
mod support;
mod tax_exemptions;
