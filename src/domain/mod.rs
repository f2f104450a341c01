//! The domain layer (server only): one module per concept. Plain async
//! functions taking the database and the acting user; each checks permissions,
//! runs one transaction and records its activity event there. Nothing here
//! knows about HTTP or Leptos.

pub mod access;
pub mod accounts;
pub mod activity;
pub mod agreements;
pub mod billing;
pub mod business;
pub mod catalog;
pub mod contact_info;
pub mod cpv;
pub mod demo;
pub mod enrollment;
pub mod generated;
pub mod invitations;
pub mod learning;
pub mod legal_address;
pub mod locations;
pub mod members;
pub mod my_profile;
pub mod operators;
pub mod organization;
pub mod outbox;
pub mod partner_profile;
pub mod password_reset;
pub mod payout;
pub mod pricing;
pub mod programs;
pub mod quotas;
pub mod support;
pub mod tax_exemptions;
pub mod users;
pub mod verification;
pub mod versions;

pub use access::Member;
