//! Partner settings → Support profile: how the partner's customers reach
//! its support (email, phone, website), shown on the public directory
//! page once the business profile is published.

use serde::{Deserialize, Serialize};

use super::location::{e164_digits, PHONE_DIGITS_MAX};
use super::validation::{
    check_email, is_web_address, normalize_email, Errors, FieldError, Problem,
};

/// The Support profile form and record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
#[serde(default)]
pub struct SupportProfile {
    /// Required: where customers write.
    pub email: String,
    /// Optional; E.164 (stored as digits, shown with '+').
    pub phone: String,
    /// Optional; an http(s) address.
    pub website: String,
}

impl SupportProfile {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        check_email(&normalize_email(&self.email), "email", &mut errors);
        if !self.phone.trim().is_empty() && e164_digits(&self.phone).is_none() {
            errors.add(
                "phone",
                Problem::InvalidE164 {
                    max: PHONE_DIGITS_MAX,
                },
            );
        }
        let website = self.website.trim();
        if !website.is_empty() && !is_web_address(website) {
            errors.add("website", Problem::InvalidUrl);
        }
        errors.into_result()
    }

    /// As stored: the email normalised, the phone as E.164 digits with its
    /// '+', the website trimmed. Call it on a valid profile.
    pub fn normalized(&self) -> SupportProfile {
        SupportProfile {
            email: normalize_email(&self.email),
            phone: e164_digits(&self.phone)
                .map(|d| format!("+{d}"))
                .unwrap_or_default(),
            website: self.website.trim().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_support_profile_checks_each_field() {
        let mut profile = SupportProfile {
            email: "Support@Contoso.example".into(),
            phone: "+33 1 23 45 67 89".into(),
            website: "https://contoso.example/support".into(),
        };
        assert_eq!(profile.validate(), Ok(()));
        assert_eq!(
            profile.normalized(),
            SupportProfile {
                email: "support@contoso.example".into(),
                phone: "+33123456789".into(),
                website: "https://contoso.example/support".into(),
            }
        );
        profile.email = String::new();
        profile.phone = "call us".into();
        profile.website = "contoso.example".into();
        let problems: Vec<_> = profile
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("email".to_string(), Problem::Required),
                ("phone".to_string(), Problem::InvalidE164 { max: 15 }),
                ("website".to_string(), Problem::InvalidUrl),
            ]
        );
        profile.email = "help@contoso.example".into();
        profile.phone = String::new();
        profile.website = String::new();
        assert_eq!(profile.validate(), Ok(()));
    }
}
