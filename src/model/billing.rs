//! Partner settings → Billing profile: invoice address, currency, purchase
//! order, tax ID (its format checked per country) and billing contact.
//! CSP requires a saved tax ID.

use serde::{Deserialize, Serialize};

use super::validation::{
    check_email, is_valid_phone, normalize_email, Errors, FieldError, Problem, NAME_MAX,
};

pub const CURRENCIES: [&str; 15] = [
    "EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "INR", "BRL", "SEK", "NOK", "DKK", "PLN",
    "MAD", "XOF",
];

pub const PO_NUMBER_MAX: usize = 50;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
#[serde(default)]
pub struct BillingProfile {
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub currency: String,
    pub po_number: String,
    pub tax_id: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

super::address::has_address!(BillingProfile);

impl BillingProfile {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.address(self.address());
        if !CURRENCIES.contains(&self.currency.as_str()) {
            errors.add("currency", Problem::UnknownCurrency);
        }
        errors.optional_text("po_number", &self.po_number, PO_NUMBER_MAX);
        if !self.tax_id.trim().is_empty() && !is_valid_tax_id(&self.country, &self.tax_id) {
            errors.add("tax_id", Problem::InvalidTaxId);
        }
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

/// The tax ID as stored: capitals, without spaces, dots or dashes.
pub fn normalize_tax_id(tax_id: &str) -> String {
    tax_id
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '/'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The formats of company tax IDs / VAT numbers per country, after
/// [`normalize_tax_id`]: `9` a digit, `a` a letter, `*` a letter or digit,
/// capitals as written. Hand-written rather than regexes: the browser
/// checks too, and the bundle has no room for a regex engine.
fn tax_id_formats(country: &str) -> &'static [&'static str] {
    match country {
        "AT" => &["ATU99999999"],
        "BE" => &["BE9999999999"],
        "DK" => &["DK99999999"],
        "FI" => &["FI99999999"],
        "FR" => &["FR**999999999"],
        "DE" => &["DE999999999"],
        "IE" => &["IE9999999a", "IE9999999aa", "IE9a99999a"],
        "IT" => &["IT99999999999"],
        "LU" => &["LU99999999"],
        "NL" => &["NL999999999B99"],
        "PL" => &["PL9999999999"],
        "PT" => &["PT999999999"],
        "ES" => &["ES*9999999*"],
        "SE" => &["SE999999999999"],
        "GB" => &["GB999999999", "GB999999999999"],
        "CH" => &[
            "CHE999999999",
            "CHE999999999MWST",
            "CHE999999999TVA",
            "CHE999999999IVA",
        ],
        "NO" => &["NO999999999MVA", "999999999"],
        // EIN; business number (with its program account); ABN; GSTIN; CNPJ;
        // corporate number (and its invoice registration); ICE; NINEA.
        "US" => &["999999999"],
        "CA" => &["999999999", "999999999RT9999"],
        "AU" => &["99999999999"],
        "IN" => &["99aaaaa9999a*Z*"],
        "BR" => &["99999999999999"],
        "JP" => &["9999999999999", "T9999999999999"],
        "MA" => &["999999999999999"],
        "SN" => &["9999999", "999999999"],
        _ => &[],
    }
}

pub fn is_valid_tax_id(country: &str, tax_id: &str) -> bool {
    let id = normalize_tax_id(tax_id);
    tax_id_formats(country).iter().any(|format| {
        format.len() == id.len()
            && format.chars().zip(id.chars()).all(|(f, c)| match f {
                '9' => c.is_ascii_digit(),
                'a' => c.is_ascii_uppercase(),
                '*' => c.is_ascii_alphanumeric(),
                literal => literal == c,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_ids_follow_their_country_format() {
        for (country, id) in [
            ("FR", "FR 12 345678901"),
            ("FR", "fr4a123456789"),
            ("DE", "DE123456789"),
            ("GB", "GB 123 4567 89"),
            ("US", "12-3456789"),
            ("NL", "NL123456789B01"),
            ("CH", "CHE-123.456.789 MWST"),
            ("IN", "27AAPFU0939F1ZV"),
        ] {
            assert!(is_valid_tax_id(country, id), "{country} {id}");
        }
        for (country, id) in [
            ("FR", "DE123456789"),
            ("FR", "FR123"),
            ("DE", "DE12345678X"),
            ("US", "1234"),
            ("ZZ", "123456789"),
        ] {
            assert!(!is_valid_tax_id(country, id), "{country} {id}");
        }
        assert_eq!(normalize_tax_id("fr 12.345-678/901"), "FR12345678901");
    }

    #[test]
    fn a_billing_profile_is_checked_field_by_field() {
        let mut profile = BillingProfile {
            address_line1: "1 rue de la Paix".into(),
            city: "Paris".into(),
            postal_code: "75002".into(),
            country: "FR".into(),
            currency: "EUR".into(),
            tax_id: "FR12345678901".into(),
            contact_name: "Chloé Bernard".into(),
            contact_email: "billing@contoso.example".into(),
            ..Default::default()
        };
        assert_eq!(profile.validate(), Ok(()));
        profile.tax_id = "US123".into();
        profile.currency = "XYZ".into();
        let problems: Vec<_> = profile
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("currency".to_string(), Problem::UnknownCurrency),
                ("tax_id".to_string(), Problem::InvalidTaxId)
            ]
        );
        // The tax ID is optional in the form (CSP requires it, not the page).
        profile.tax_id = String::new();
        profile.currency = "EUR".into();
        assert_eq!(profile.validate(), Ok(()));
    }
}
