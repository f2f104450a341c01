//! Partner settings → Locations (SPEC §6): the account's headquarters and
//! its other sites, each with an address, a primary contact and a
//! generated Location ID. The headquarters' address is the legal address.

use serde::{Deserialize, Serialize};

use super::validation::{
    check_email, is_free_mail, normalize_email, Errors, FieldError, Problem, NAME_MAX,
};

/// Locations per page of the list.
pub const PAGE_SIZE: i64 = 25;

/// E.164: a phone number is at most 15 digits, country code included.
pub const PHONE_DIGITS_MAX: usize = 15;
/// Shorter isn't a reachable number anywhere (country code included).
const PHONE_DIGITS_MIN: usize = 7;

/// The location form's fields (`location[name]`, …).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
#[serde(default)]
pub struct LocationForm {
    pub name: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

super::address::has_address!(LocationForm);

impl LocationForm {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.required_text("name", &self.name, NAME_MAX);
        errors.address(self.address());
        errors.required_text("contact_name", &self.contact_name, NAME_MAX);
        let email = normalize_email(&self.contact_email);
        check_email(&email, "contact_email", &mut errors);
        if !errors.has("contact_email") && is_free_mail(&email) {
            errors.add("contact_email", Problem::FreeMail);
        }
        if self.contact_phone.trim().is_empty() {
            errors.add("contact_phone", Problem::Required);
        } else if e164_digits(&self.contact_phone).is_none() {
            errors.add(
                "contact_phone",
                Problem::InvalidE164 {
                    max: PHONE_DIGITS_MAX,
                },
            );
        }
        errors.into_result()
    }

    /// The name two locations may not share: trimmed, lower-cased.
    pub fn name_key(&self) -> String {
        self.name.trim().to_lowercase()
    }
}

/// A phone number as its E.164 digits (no '+'), from what a person types:
/// spaces, dots, dashes, parentheses and one leading '+' are dropped.
/// `None` when anything else is left or the count of digits is wrong.
pub fn e164_digits(phone: &str) -> Option<String> {
    let phone = phone.trim();
    let phone = phone.strip_prefix('+').unwrap_or(phone);
    let mut digits = String::new();
    for c in phone.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return None,
        }
    }
    (PHONE_DIGITS_MIN..=PHONE_DIGITS_MAX)
        .contains(&digits.len())
        .then_some(digits)
}

/// One location as its page shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The generated Location ID (`LOC-…`), also its address in the portal.
    pub id: String,
    pub is_hq: bool,
    pub form: LocationForm,
}

/// One page of the location list, for a search.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LocationPage {
    /// The headquarters first, then by name.
    pub locations: Vec<Location>,
    /// Locations matching the search, on all pages.
    pub total: i64,
    /// The page's first location, when locations come before it (keyset
    /// pages: `listing`).
    pub previous: Option<String>,
    /// The page's last location, when locations come after it.
    pub next: Option<String>,
}

/// What "Add location" starts from: the legal address and primary contact
/// when the account has no location yet (the first one becomes the
/// headquarters, whose address is the legal address), else the account's
/// country only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewLocation {
    pub form: LocationForm,
    /// The location will be the headquarters.
    pub first: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> LocationForm {
        LocationForm {
            name: "Lyon office".into(),
            address_line1: "10 quai Saint-Antoine".into(),
            city: "Lyon".into(),
            postal_code: "69002".into(),
            country: "FR".into(),
            contact_name: "Chloé Bernard".into(),
            contact_email: "chloe@contoso.example".into(),
            contact_phone: "+33 4 72 00 00 00".into(),
            ..Default::default()
        }
    }

    fn problems(form: &LocationForm) -> Vec<(String, Problem)> {
        form.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_complete_location_is_valid() {
        assert_eq!(valid().validate(), Ok(()));
    }

    #[test]
    fn the_contact_email_must_be_a_work_address() {
        let mut form = valid();
        form.contact_email = "Chloe@Gmail.com".into();
        assert_eq!(
            problems(&form),
            [("contact_email".to_string(), Problem::FreeMail)]
        );
    }

    #[test]
    fn phones_are_e164_digits() {
        assert_eq!(
            e164_digits("+33 4 72-00.00 (00)").as_deref(),
            Some("33472000000")
        );
        assert_eq!(e164_digits("1234567890123456"), None);
        assert_eq!(e164_digits("+1 555 01"), None);
        assert_eq!(e164_digits("33 4 72 ext 5"), None);
        assert_eq!(e164_digits("++33472000000"), None);
        let mut form = valid();
        form.contact_phone = "0800-CONTOSO".into();
        assert_eq!(
            problems(&form),
            [(
                "contact_phone".to_string(),
                Problem::InvalidE164 { max: 15 }
            )]
        );
    }

    #[test]
    fn states_are_required_and_chosen_from_the_list_where_the_country_has_them() {
        let mut form = valid();
        form.country = "US".into();
        form.postal_code = "94105".into();
        assert_eq!(problems(&form), [("region".to_string(), Problem::Required)]);
        form.region = "Californie".into();
        assert_eq!(
            problems(&form),
            [("region".to_string(), Problem::UnknownChoice)]
        );
        form.region = "CA".into();
        assert_eq!(form.validate(), Ok(()));
        form.postal_code = "75002-12".into();
        assert_eq!(
            problems(&form),
            [("postal_code".to_string(), Problem::InvalidPostalCode)]
        );
    }

    #[test]
    fn names_are_unique_whatever_their_case() {
        let mut form = valid();
        form.name = "  Lyon Office ".into();
        assert_eq!(form.name_key(), "lyon office");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn numbers_of_7_to_15_digits_pass_however_they_are_spaced(
                digits in "[0-9]{7,15}",
                plus in any::<bool>(),
                spaced in any::<bool>(),
            ) {
                let mut typed = if plus { format!("+{digits}") } else { digits.clone() };
                if spaced {
                    typed = typed.chars().flat_map(|c| [c, ' ']).collect();
                }
                prop_assert_eq!(e164_digits(&typed), Some(digits));
            }

            #[test]
            fn more_than_15_digits_fail(digits in "[0-9]{16,40}") {
                prop_assert_eq!(e164_digits(&digits), None);
            }

            #[test]
            fn letters_fail(before in "[0-9]{4,8}", letter in "[a-zA-Z]", after in "[0-9]{3,6}") {
                prop_assert_eq!(e164_digits(&format!("{before}{letter}{after}")), None);
            }

            #[test]
            fn no_string_makes_the_form_panic(text in "\\PC{0,300}") {
                let _ = e164_digits(&text);
                let form = LocationForm {
                    name: text.clone(),
                    postal_code: text.clone(),
                    contact_email: text.clone(),
                    contact_phone: text.clone(),
                    region: text.clone(),
                    country: text.chars().take(2).collect(),
                    ..Default::default()
                };
                let _ = form.validate();
            }
        }
    }
}
