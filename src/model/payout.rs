//! Developer settings → Payout and tax profile (SPEC §4): where payouts go
//! (an IBAN, or a local account number with its routing code) and the tax
//! profile. Once saved, only the last four characters of the account and
//! the tax ID ever reach the browser.

use serde::{Deserialize, Serialize};

use super::validation::{Errors, FieldError, Problem, NAME_MAX};

/// The form as the browser sends it (full numbers, typed anew to change them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PayoutForm {
    pub account_holder: String,
    /// Where the bank is: it decides IBAN or local account.
    pub bank_country: String,
    pub iban: String,
    pub account_number: String,
    pub routing_code: String,
    pub tax_residence: String,
    pub tax_id: String,
}

/// What the browser is told of a saved profile: the last four characters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PayoutView {
    pub account_holder: String,
    pub bank_country: String,
    /// "•••• 3000" style: the last four characters of the IBAN or account.
    pub account_last4: String,
    pub tax_residence: String,
    pub tax_id_last4: String,
    /// Saved at least once.
    pub saved: bool,
}

/// How a country's bank accounts are named in a payout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BankScheme {
    /// An IBAN of this many characters.
    Iban(usize),
    /// A local account number and a routing code (ABA routing number, sort
    /// code, BSB, transit and institution, IFSC).
    Local,
}

/// The IBAN length of each IBAN country the portal pays to, else the local
/// scheme for US, CA, GB (sort code; GB also has IBANs, local is what
/// people know), AU and IN; `None`: no payouts there.
/// The countries whose banks take an account number and a routing code.
pub const LOCAL_BANK_COUNTRIES: [&str; 6] = ["US", "CA", "GB", "AU", "IN", "JP"];

pub fn bank_scheme(country: &str) -> Option<BankScheme> {
    let iban = |n| Some(BankScheme::Iban(n));
    match country {
        "AT" => iban(20),
        "BE" => iban(16),
        "CH" => iban(21),
        "DE" => iban(22),
        "DK" => iban(18),
        "ES" => iban(24),
        "FI" => iban(18),
        "FR" => iban(27),
        "IE" => iban(22),
        "IT" => iban(27),
        "LU" => iban(20),
        "MA" => iban(28),
        "NL" => iban(18),
        "NO" => iban(15),
        "PL" => iban(28),
        "PT" => iban(25),
        "SE" => iban(24),
        "SN" => iban(28),
        "BR" => iban(29),
        country if LOCAL_BANK_COUNTRIES.contains(&country) => Some(BankScheme::Local),
        _ => None,
    }
}

/// Capitals without spaces: how IBANs and codes are compared and stored.
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// An IBAN of `country`: its length, shape and ISO 7064 mod-97 checksum.
pub fn is_valid_iban(country: &str, iban: &str) -> bool {
    let iban = compact(iban);
    let Some(BankScheme::Iban(length)) = bank_scheme(country) else {
        return false;
    };
    if iban.len() != length
        || !iban.starts_with(country)
        || !iban.bytes().all(|b| b.is_ascii_alphanumeric())
        || !iban[2..4].bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    // Move the first four characters to the end, letters as 10..35, and
    // take the remainder by 97 digit by digit.
    let rearranged = iban[4..].bytes().chain(iban[..4].bytes());
    let mut remainder: u32 = 0;
    for b in rearranged {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        let width = if value >= 10 { 100 } else { 10 };
        remainder = (remainder * width + value) % 97;
    }
    remainder == 1
}

/// A US ABA routing number: nine digits whose weighted sum (3, 7, 1)
/// is a multiple of ten.
pub fn is_valid_aba(routing: &str) -> bool {
    let digits: Vec<u32> = routing.chars().filter_map(|c| c.to_digit(10)).collect();
    if routing.chars().count() != 9 || digits.len() != 9 {
        return false;
    }
    let weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
    digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 10 == 0
}

/// The local routing code of `country`, as the bank prints it (after
/// [`compact`]).
fn is_valid_routing(country: &str, code: &str) -> bool {
    let digits = |n: usize| code.len() == n && code.bytes().all(|b| b.is_ascii_digit());
    match country {
        "US" => is_valid_aba(code),
        // Sort code; BSB.
        "GB" | "AU" => digits(6),
        // Transit (5) and institution (3).
        "CA" => digits(8),
        // Bank (4) and branch (3).
        "JP" => digits(7),
        // IFSC: bank (4 letters), 0, branch (6).
        "IN" => {
            code.is_ascii()
                && code.len() == 11
                && code[..4].bytes().all(|b| b.is_ascii_uppercase())
                && code.as_bytes()[4] == b'0'
                && code[5..].bytes().all(|b| b.is_ascii_alphanumeric())
        }
        _ => false,
    }
}

/// A local account number of `country`: digits, of the country's length.
fn is_valid_account(country: &str, number: &str) -> bool {
    let (min, max) = match country {
        "US" => (4, 17),
        "GB" => (8, 8),
        "AU" => (6, 10),
        "CA" => (7, 12),
        "JP" => (7, 7),
        "IN" => (9, 18),
        _ => return false,
    };
    (min..=max).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit())
}

pub const TAX_ID_MAX: usize = 30;

impl PayoutForm {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.required_text("account_holder", &self.account_holder, NAME_MAX);
        match bank_scheme(&self.bank_country) {
            None => errors.add("bank_country", Problem::UnknownChoice),
            Some(BankScheme::Iban(_)) => {
                if self.iban.trim().is_empty() {
                    errors.add("iban", Problem::Required);
                } else if !is_valid_iban(&self.bank_country, &self.iban) {
                    errors.add("iban", Problem::InvalidIban);
                }
            }
            Some(BankScheme::Local) => {
                let account = compact(&self.account_number);
                let routing = compact(&self.routing_code);
                if account.is_empty() {
                    errors.add("account_number", Problem::Required);
                } else if !is_valid_account(&self.bank_country, &account) {
                    errors.add("account_number", Problem::InvalidAccountNumber);
                }
                if routing.is_empty() {
                    errors.add("routing_code", Problem::Required);
                } else if !is_valid_routing(&self.bank_country, &routing) {
                    errors.add("routing_code", Problem::InvalidRoutingCode);
                }
            }
        }
        if super::country::find(&self.tax_residence).is_none() {
            errors.add("tax_residence", Problem::UnknownCountry);
        }
        let tax_id = compact(&self.tax_id);
        if tax_id.is_empty() {
            errors.add("tax_id", Problem::Required);
        } else if tax_id.chars().count() > TAX_ID_MAX
            || !tax_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'/')
        {
            errors.add("tax_id", Problem::InvalidTaxId);
        }
        errors.into_result()
    }
}

/// The last four characters, for what the browser is shown.
pub fn last4(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PayoutForm {
        PayoutForm {
            account_holder: "Fabrikam Apps SAS".into(),
            bank_country: "FR".into(),
            iban: "FR14 2004 1010 0505 0001 3M02 606".into(),
            tax_residence: "FR".into(),
            tax_id: "FR40303265045".into(),
            ..Default::default()
        }
    }

    fn problems(form: &PayoutForm) -> Vec<(String, Problem)> {
        form.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn ibans_are_checked_by_length_and_checksum() {
        for (country, iban) in [
            ("FR", "FR1420041010050500013M02606"),
            ("DE", "DE89 3704 0044 0532 0130 00"),
            ("BE", "BE68539007547034"),
            ("NL", "NL91ABNA0417164300"),
            ("CH", "CH9300762011623852957"),
            ("ES", "ES9121000418450200051332"),
            ("IT", "IT60X0542811101000000123456"),
            ("NO", "NO9386011117947"),
        ] {
            assert!(is_valid_iban(country, iban), "{country} {iban}");
        }
        assert!(
            !is_valid_iban("FR", "FR1520041010050500013M02606"),
            "checksum"
        );
        assert!(!is_valid_iban("FR", "FR14200410100505000"), "length");
        assert!(
            !is_valid_iban("DE", "FR1420041010050500013M02606"),
            "country"
        );
        assert!(
            !is_valid_iban("US", "US1420041010050500013M02606"),
            "no IBAN there"
        );
        assert_eq!(form().validate(), Ok(()));
    }

    #[test]
    fn us_accounts_need_a_routing_number_with_its_checksum() {
        assert!(is_valid_aba("021000021"));
        assert!(is_valid_aba("011000015"));
        assert!(!is_valid_aba("021000022"));
        assert!(!is_valid_aba("02100002"));
        let mut us = PayoutForm {
            bank_country: "US".into(),
            account_number: "000123456789".into(),
            routing_code: "021000022".into(),
            tax_residence: "US".into(),
            tax_id: "12-3456789".into(),
            account_holder: "Fabrikam Inc".into(),
            ..Default::default()
        };
        assert_eq!(
            problems(&us),
            [("routing_code".to_string(), Problem::InvalidRoutingCode)]
        );
        us.routing_code = "021000021".into();
        assert_eq!(us.validate(), Ok(()));
        us.account_number = "12ab".into();
        assert_eq!(
            problems(&us),
            [("account_number".to_string(), Problem::InvalidAccountNumber)]
        );
    }

    #[test]
    fn every_missing_field_is_named() {
        let fields: Vec<_> = problems(&PayoutForm::default())
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            ["account_holder", "bank_country", "tax_residence", "tax_id"]
        );
        assert_eq!(last4("FR1420041010050500013M02606"), "2606");
        assert_eq!(last4("12"), "12");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// A valid IBAN of `country` from any BBAN digits: the check digits
        /// computed as banks do.
        fn with_check_digits(country: &str, bban: &str) -> String {
            let probe = format!("{country}00{bban}");
            let rearranged = probe[4..].bytes().chain(probe[..4].bytes());
            let mut remainder: u32 = 0;
            for b in rearranged {
                let value = if b.is_ascii_digit() {
                    u32::from(b - b'0')
                } else {
                    u32::from(b - b'A') + 10
                };
                let width = if value >= 10 { 100 } else { 10 };
                remainder = (remainder * width + value) % 97;
            }
            format!("{country}{:02}{bban}", 98 - remainder)
        }

        proptest! {
            #[test]
            fn generated_ibans_pass_and_one_changed_digit_fails(
                country in proptest::sample::select(vec!["FR", "DE", "BE", "NL", "ES", "IT", "CH", "NO", "PL"]),
                seed in "[0-9]{30}",
                at in 4usize..15,
            ) {
                let Some(BankScheme::Iban(length)) = bank_scheme(country) else { unreachable!() };
                let iban = with_check_digits(country, &seed[..length - 4]);
                prop_assert!(is_valid_iban(country, &iban), "{iban}");
                let mut bytes = iban.clone().into_bytes();
                bytes[at] = if bytes[at] == b'9' { b'0' } else { bytes[at] + 1 };
                let changed = String::from_utf8(bytes).unwrap_or_default();
                prop_assert!(!is_valid_iban(country, &changed), "{changed}");
            }

            #[test]
            fn aba_numbers_with_a_good_checksum_pass_and_others_fail(eight in "[0-9]{8}", last in 0u32..10) {
                let digits: Vec<u32> = eight.chars().filter_map(|c| c.to_digit(10)).collect();
                let weights = [3, 7, 1, 3, 7, 1, 3, 7];
                let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
                let check = (10 - sum % 10) % 10;
                prop_assert_eq!(is_valid_aba(&format!("{eight}{last}")), last == check);
            }

            #[test]
            fn no_string_makes_them_panic(text in "\\PC{0,80}", country in "[A-Z]{2}") {
                let _ = is_valid_iban(&country, &text);
                let _ = is_valid_aba(&text);
                let _ = last4(&text);
                let form = PayoutForm {
                    bank_country: country.clone(),
                    iban: text.clone(),
                    account_number: text.clone(),
                    routing_code: text.clone(),
                    tax_id: text.clone(),
                    ..Default::default()
                };
                let _ = form.validate();
            }
        }
    }
}
