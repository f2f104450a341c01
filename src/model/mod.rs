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
pub mod listing;
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

/// A page address's query (without `?`) from name and value pairs, empty
/// values left out, values trimmed and percent-encoded (ids, codes and dates
/// need little, but a value is never trusted to be plain).
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| (name, value.trim()))
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| {
            let encoded: String = value
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("{name}={encoded}")
        })
        .collect::<Vec<_>>()
        .join("&")
}
