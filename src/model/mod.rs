//! Types shared by the browser and the server: the catalog, the role matrix,
//! form inputs and their validation, and the error the UI renders.

pub mod account;
pub mod activity;
pub mod address;
pub mod agreement;
pub mod billing;
pub mod business;
pub mod catalog;
pub mod contact_info;
pub mod country;
pub mod cpv;
pub mod dates;
pub mod error;
pub mod language;
pub mod learning;
pub mod location;
pub mod member;
pub mod operator;
pub mod organization;
pub mod page;
pub mod partner_profile;
pub mod payout;
pub mod pricing;
pub mod program;
pub mod requirement;
pub mod role;
pub mod support;
pub mod tax_exemption;
pub mod validation;

pub use account::{
    AccountSummary, AccountType, AccountView, CurrentUser, DeveloperAccount, Shell,
    VerificationStatus,
};
pub use agreement::{Acceptance, Agreement, AgreementNotice, AgreementStatus};
pub use error::{AppError, Conflict, FromLatest, Latest, Versioned};
pub use language::Language;
pub use program::{Enrollment, EnrollmentStatus, Program, SettingsArea};
pub use role::{Permission, Role};
