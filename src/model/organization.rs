//! Partner settings → Organization profile: the organization's name and
//! address as the public directory shows them (a trading name may differ
//! from the legal name), and the account's ids.

use serde::{Deserialize, Serialize};

use super::validation::{Errors, FieldError, NAME_MAX};

/// The Organization profile form and record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
#[serde(default)]
pub struct OrganizationProfile {
    pub name: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

super::address::has_address!(OrganizationProfile);

impl OrganizationProfile {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.required_text("name", &self.name, NAME_MAX);
        errors.address(self.address());
        errors.into_result()
    }
}

/// The page's data: the profile (the legal name and address at version 0,
/// before the first save) and the account's ids, read-only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationPage {
    pub saved: super::Versioned<OrganizationProfile>,
    /// The internal account id.
    pub account_id: String,
    pub partner_id: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validation::Problem;

    #[test]
    fn the_organization_needs_a_name_and_a_valid_address() {
        let fields: Vec<_> = OrganizationProfile {
            country: "GB".into(),
            postal_code: "75002".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.problem))
        .collect();
        assert_eq!(
            fields,
            [
                ("name".to_string(), Problem::Required),
                ("address_line1".to_string(), Problem::Required),
                ("city".to_string(), Problem::Required),
                ("postal_code".to_string(), Problem::InvalidPostalCode),
            ]
        );
    }
}
