//! Developer settings → Contact info: the publisher's name and the person
//! the vendor contacts.

use serde::{Deserialize, Serialize};

use super::validation::{
    check_email, is_valid_phone, normalize_email, Errors, FieldError, Problem, NAME_MAX,
};

pub const PUBLISHER_NAME_MAX: usize = 50;

/// The Contact info form and record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
#[serde(default)]
pub struct ContactInfo {
    pub publisher_display_name: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

impl ContactInfo {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.required_text(
            "publisher_display_name",
            &self.publisher_display_name,
            PUBLISHER_NAME_MAX,
        );
        errors.required_text("contact_name", &self.contact_name, NAME_MAX);
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
}
