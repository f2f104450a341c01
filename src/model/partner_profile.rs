//! Partner settings → Partner profile: the legal business profile.

use serde::{Deserialize, Serialize};

use super::validation::{
    check_email, is_valid_phone, normalize_email, Errors, FieldError, Problem, NAME_MAX, SHORT_MAX,
};

/// The legal business profile: the form and the record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
#[serde(default)]
pub struct LegalProfile {
    pub legal_name: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub contact_first_name: String,
    pub contact_last_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

super::address::has_address!(LegalProfile);

impl LegalProfile {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.required_text("legal_name", &self.legal_name, NAME_MAX);
        errors.address(self.address());
        errors.required_text("contact_first_name", &self.contact_first_name, SHORT_MAX);
        errors.required_text("contact_last_name", &self.contact_last_name, SHORT_MAX);
        check_email(
            &normalize_email(&self.contact_email),
            "contact_email",
            &mut errors,
        );
        if !is_valid_phone(&self.contact_phone) {
            errors.add("contact_phone", Problem::InvalidPhone);
        }
        errors.into_result()
    }

    /// Every required field filled: the MPN requirement "complete legal
    /// business profile".
    pub fn is_complete(&self) -> bool {
        self.validate().is_ok()
    }
}
