//! Form inputs and their validation, shared so the browser can check early and
//! the server decides. Each rule is written once, here.

use serde::{Deserialize, Serialize};

use super::account::AccountType;
use super::country;

/// What is wrong with one field. The UI turns it into a sentence in the
/// user's language, next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong { max: usize },
    InvalidEmail,
    FreeMail,
    PasswordTooShort { min: usize },
    EmailTaken,
    UnknownCountry,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name attribute.
    pub field: String,
    pub problem: Problem,
}

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 256;
pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;

/// Consumer mailbox providers refused for company work emails (SPEC §6, §8).
const FREE_MAIL_DOMAINS: &[&str] = &[
    "outlook.com",
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.fr",
    "live.com",
    "live.fr",
    "msn.com",
    "yahoo.com",
    "yahoo.fr",
    "icloud.com",
    "me.com",
    "aol.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "proton.me",
    "protonmail.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "yandex.ru",
];

/// Normalised form of an email: trimmed and lower-cased (emails are unique
/// case-insensitively).
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately simple syntactic check (one '@', a dotted domain, no spaces).
/// Hand-written because the validation crates pull `regex` into the browser
/// bundle; deliverability is proven by confirmation emails, not by syntax.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && email.len() <= EMAIL_MAX
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub fn is_free_mail(email: &str) -> bool {
    email
        .rsplit_once('@')
        .is_some_and(|(_, domain)| FREE_MAIL_DOMAINS.contains(&domain.to_lowercase().as_str()))
}

/// Collects field errors in form order.
#[derive(Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, problem: Problem) {
        self.0.push(FieldError {
            field: field.to_string(),
            problem,
        });
    }

    pub fn required_text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, Problem::Required);
        } else if value.chars().count() > max {
            self.add(field, Problem::TooLong { max });
        }
    }

    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
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

pub fn check_new_password(password: &str, field: &str, errors: &mut Errors) {
    let len = password.chars().count();
    if password.is_empty() {
        errors.add(field, Problem::Required);
    } else if len < PASSWORD_MIN {
        errors.add(field, Problem::PasswordTooShort { min: PASSWORD_MIN });
    } else if len > PASSWORD_MAX {
        errors.add(field, Problem::TooLong { max: PASSWORD_MAX });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> SignUp {
        SignUp {
            email: "Ana@Contoso.example".into(),
            password: "correct horse battery".into(),
            display_name: "Ana".into(),
            account: NewAccount {
                legal_name: "Contoso Ltd".into(),
                country: "FR".into(),
                account_type: AccountType::Company,
            },
        }
    }

    fn problems(input: &SignUp) -> Vec<(String, Problem)> {
        input
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_complete_sign_up_is_valid() {
        assert_eq!(valid().validate(), Ok(()));
    }

    #[test]
    fn emails_are_checked_for_shape() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.com",
            "ana@x",
            "a b@x.com",
            "ana@x..com",
            "a@b@c.com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
        assert!(is_valid_email("ana.b+tag@sub.contoso.example"));
    }

    #[test]
    fn a_company_account_refuses_free_mail_but_an_individual_may_use_it() {
        let mut input = valid();
        input.email = "ana@Gmail.com".into();
        assert_eq!(problems(&input), [("email".to_string(), Problem::FreeMail)]);
        input.account.account_type = AccountType::Individual;
        assert_eq!(input.validate(), Ok(()));
    }

    #[test]
    fn every_missing_field_is_named() {
        let input = SignUp::default();
        let fields: Vec<_> = problems(&input).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["email", "password", "display_name", "legal_name", "country"]
        );
    }

    #[test]
    fn short_passwords_and_long_names_are_refused() {
        let mut input = valid();
        input.password = "short".into();
        input.display_name = "x".repeat(NAME_MAX + 1);
        assert_eq!(
            problems(&input),
            [
                (
                    "password".to_string(),
                    Problem::PasswordTooShort { min: PASSWORD_MIN }
                ),
                (
                    "display_name".to_string(),
                    Problem::TooLong { max: NAME_MAX }
                ),
            ]
        );
    }
}
