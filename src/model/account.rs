//! What the browser is told about accounts and the signed-in user.

use serde::{Deserialize, Serialize};

use super::country;
use super::language::Language;
use super::program::{Enrollment, SettingsArea};
use super::role::{Permission, Role};
use super::validation::{
    check_new_password, is_free_mail, is_valid_email, normalize_email, Errors, FieldError, Problem,
    NAME_MAX,
};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
// Serialized by its code (forms send codes).
#[serde(rename_all = "lowercase")]
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
    /// The account's enrollments, so switching can keep the current page
    /// only where it opens in the other account (`Page::on_switch`).
    pub enrollments: Vec<Enrollment>,
}

impl AccountSummary {
    /// The areas its Settings menu shows (SPEC §2).
    pub fn areas(&self) -> Vec<SettingsArea> {
        SettingsArea::in_menu(&self.enrollments)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub display_name: String,
    pub email: String,
    pub language: Language,
    /// Of My profile's name and language (SPEC §9): a save names it.
    pub profile_version: i64,
}

/// The current account as its member sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub partner_id: i64,
    pub legal_name: String,
    pub country: String,
    pub account_type: AccountType,
    /// Of the legal profile (Partner profile) and the publisher (Account settings).
    pub verification: VerificationStatus,
    pub roles: Vec<Role>,
    pub permissions: Vec<Permission>,
    /// Set while an operator has suspended the account (SPEC §10): the
    /// reason its members see. They read; nothing changes.
    #[serde(default)]
    pub suspended: Option<String>,
    /// The reviewer's reason when verification is Rejected.
    #[serde(default)]
    pub verification_reason: Option<String>,
}

impl AccountView {
    /// Whether the member's roles hold the permission (to see a page).
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    /// Whether the member may change what the permission guards now: not
    /// while the account is suspended (the server refuses the same way,
    /// `domain::access::begin_edit`).
    pub fn may(&self, permission: Permission) -> bool {
        self.can(permission) && self.suspended.is_none()
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
    /// Agreements with a newer version to accept; only for those allowed to accept.
    pub notices: Vec<super::agreement::AgreementNotice>,
}

impl Shell {
    /// The areas the Settings menu shows (SPEC §2).
    pub fn areas(&self) -> Vec<SettingsArea> {
        SettingsArea::in_menu(&self.enrollments)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerificationStatus {
    #[default]
    None,
    Pending,
    Authorized,
    Rejected,
}

impl VerificationStatus {
    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            VerificationStatus::None => "none",
            VerificationStatus::Pending => "pending",
            VerificationStatus::Authorized => "authorized",
            VerificationStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> VerificationStatus {
        match code {
            "pending" => VerificationStatus::Pending,
            "authorized" => VerificationStatus::Authorized,
            "rejected" => VerificationStatus::Rejected,
            _ => VerificationStatus::None,
        }
    }
}

/// Developer settings → Account settings: all read-only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeveloperAccount {
    pub legal_name: String,
    /// Chosen at creation, never changed.
    pub account_type: AccountType,
    pub verification: VerificationStatus,
    pub seller_id: i64,
    pub publisher_id: String,
}

/// The Seller ID: derived from the Partner ID (unique, 8 digits, stable), so
/// it needs no storage of its own.
pub fn seller_id(partner_id: i64) -> i64 {
    40_000_000 + partner_id
}

/// The Publisher ID: the account's opaque id shown as a GUID.
pub fn publisher_id(account_id: &str) -> String {
    if account_id.len() == 32 && account_id.is_ascii() {
        let (a, rest) = account_id.split_at(8);
        let (b, rest) = rest.split_at(4);
        let (c, rest) = rest.split_at(4);
        let (d, e) = rest.split_at(4);
        format!("{a}-{b}-{c}-{d}-{e}")
    } else {
        account_id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Forms send codes; form structs read them as these types.
    #[test]
    fn account_types_and_languages_read_from_their_codes() {
        use serde::de::value::{Error, StrDeserializer};
        for kind in [AccountType::Company, AccountType::Individual] {
            let read = AccountType::deserialize(StrDeserializer::<Error>::new(kind.code()));
            assert_eq!(read.ok(), Some(kind));
        }
        for language in Language::ALL {
            let read = Language::deserialize(StrDeserializer::<Error>::new(language.code()));
            assert_eq!(read.ok(), Some(language));
        }
    }

    #[test]
    fn publisher_ids_are_guids_and_seller_ids_eight_digits() {
        assert_eq!(
            publisher_id("0123456789abcdef0123456789abcdef"),
            "01234567-89ab-cdef-0123-456789abcdef"
        );
        assert_eq!(seller_id(1_234_567), 41_234_567);
        assert_eq!(seller_id(9_999_999).to_string().len(), 8);
    }
}

/// The sign-in form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// My profile's form: the person's name and language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileChange {
    pub display_name: String,
    pub language: Language,
}

/// My profile → Change password.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// "Forgot password?": the address to send a reset link to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResetRequest {
    pub email: String,
}

/// The new password chosen through a reset link.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewPassword {
    pub password: String,
}

/// The business information that creates an account (sign-up and "Create another account").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewAccount {
    pub legal_name: String,
    pub country: String,
    pub account_type: AccountType,
}

impl NewAccount {
    /// `owner_email` is the creator's work email: a Company account refuses free mail.
    pub fn check(&self, owner_email: &str, email_field: &str, errors: &mut Errors) {
        errors.required_text("legal_name", &self.legal_name, NAME_MAX);
        if country::find(&self.country).is_none() {
            errors.add("country", Problem::UnknownCountry);
        }
        if self.account_type == AccountType::Company && is_free_mail(owner_email) {
            errors.add(email_field, Problem::FreeMail);
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignUp {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub account: NewAccount,
}

impl SignUp {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        let email = normalize_email(&self.email);
        if email.is_empty() {
            errors.add("email", Problem::Required);
        } else if !is_valid_email(&email) {
            errors.add("email", Problem::InvalidEmail);
        }
        check_new_password(&self.password, "password", &mut errors);
        errors.required_text("display_name", &self.display_name, NAME_MAX);
        if is_valid_email(&email) {
            self.account.check(&email, "email", &mut errors);
        } else {
            self.account.check("", "email", &mut errors);
        }
        errors.into_result()
    }
}
