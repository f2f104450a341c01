//! What the browser is told about accounts and the signed-in user.

use serde::{Deserialize, Serialize};

use super::language::Language;
use super::program::{Enrollment, SettingsArea};
use super::role::{Permission, Role};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountType {
    #[default]
    Company,
    Individual,
}

impl AccountType {
    pub fn code(self) -> &'static str {
        match self {
            AccountType::Company => "company",
            AccountType::Individual => "individual",
        }
    }

    pub fn from_code(code: &str) -> Option<AccountType> {
        [AccountType::Company, AccountType::Individual]
            .into_iter()
            .find(|t| t.code() == code)
    }
}

/// One entry of the account picker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub partner_id: i64,
    pub legal_name: String,
    /// Settings areas the account has, so switching can keep the current page
    /// only where it exists in the other account.
    pub areas: Vec<SettingsArea>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub display_name: String,
    pub email: String,
    pub language: Language,
}

/// The current account as its member sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub partner_id: i64,
    pub legal_name: String,
    pub country: String,
    pub account_type: AccountType,
    pub roles: Vec<Role>,
    pub permissions: Vec<Permission>,
}

impl AccountView {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// Everything the navigation shell shows, loaded in one round trip.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shell {
    pub user: CurrentUser,
    pub account: AccountView,
    pub enrollments: Vec<Enrollment>,
    /// All the user's accounts, for the picker (shown only when there are two or more).
    pub accounts: Vec<AccountSummary>,
}

impl Shell {
    pub fn areas(&self) -> Vec<SettingsArea> {
        SettingsArea::available(&self.enrollments)
    }
}
