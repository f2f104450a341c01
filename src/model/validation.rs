//! Form inputs and their validation, shared so the browser can check early and
//! the server decides. Each rule is written once, here.

use serde::{Deserialize, Serialize};

use super::address;
pub use super::address::Address;
use super::country;
use super::role::Role;

/// What is wrong with one field. The UI turns it into a sentence in the
/// user's language, next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    InvalidEmail,
    FreeMail,
    PasswordTooShort {
        min: usize,
    },
    EmailTaken,
    UnknownCountry,
    /// At least one role must be chosen.
    NoRole,
    TooManyEmails {
        max: usize,
    },
    AlreadyMember,
    AlreadyInvited,
    /// "Add user" for an email that already has a user: invite them instead.
    UserExists,
    WrongPassword,
    /// Another account already uses this publisher display name.
    NameTaken,
    InvalidPhone,
    /// Not a tax ID / VAT number of the chosen country's format.
    InvalidTaxId,
    UnknownCurrency,
    /// Needed before the business profile can be published.
    RequiredToPublish,
    /// Not an http(s) web address.
    InvalidUrl,
    /// Not a LinkedIn page address.
    InvalidLinkedIn,
    /// A value that isn't one of the offered choices.
    UnknownChoice,
    /// Not a PNG, JPEG or GIF image.
    LogoFormat,
    LogoTooWide {
        max: u32,
    },
    FileTooLarge {
        max_kb: usize,
    },
    /// The legal name can't change once verification is Authorized.
    LockedWhenAuthorized,
    /// A CSP account can't change its legal address country.
    LockedForCsp,
    /// A control character (a line break in a one-line field, an escape…):
    /// such text could forge email headers or confuse what shows it.
    ControlCharacter,
    /// Another location of the account has this name.
    LocationNameTaken,
    /// More options ticked than allowed.
    TooManyChoices {
        max: usize,
    },
    /// Not an IBAN of the bank's country (length or checksum).
    InvalidIban,
    /// Not an account number of the bank's country.
    InvalidAccountNumber,
    /// Not a routing code of the bank's country (ABA checksum, sort code…).
    InvalidRoutingCode,
    /// Not a postal code of the chosen country's format.
    InvalidPostalCode,
    /// Not a phone number of at most `max` digits with its country code.
    InvalidE164 {
        max: usize,
    },
    /// Not a calendar date (`YYYY-MM-DD`, a day that exists).
    InvalidDate,
    /// An end date on or before its start date.
    NotAfterStart,
    /// A certificate number with characters other than letters, digits,
    /// spaces and - / .
    InvalidCertificateNumber,
    /// Not a PDF, JPEG or PNG file.
    CertificateFormat,
    /// Not a GUID (8-4-4-4-12 hexadecimal digits).
    InvalidGuid,
    /// An address that must start with https://.
    HttpsRequired,
    /// An address with a fragment (#…), which a reply URL can't have.
    UrlFragment,
    /// The account registered this application already.
    ApplicationRegistered,
    /// Not a learning ID (letters, digits, - _ . only).
    InvalidLearningId,
    /// Another person linked this learning ID.
    LearningIdTaken,
    /// Associations are limited (3 a year, 30 days apart): the next is
    /// allowed from this moment (seconds since the epoch).
    AssociationLimit {
        next: i64,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name attribute.
    pub field: String,
    pub problem: Problem,
    /// The offending value when a field holds several (one email of a list).
    #[serde(default)]
    pub value: Option<String>,
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

/// An `http(s)://` address with a host that has a dot and no spaces.
/// Hand-written: the browser checks too, and a URL parser would weigh on the
/// bundle for one field.
pub fn is_web_address(url: &str) -> bool {
    if url.chars().count() > URL_MAX || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// Whether `value` holds a control character; a multi-line text may hold
/// line breaks and tabs.
pub fn has_control(value: &str, multi_line: bool) -> bool {
    value
        .chars()
        .any(|c| c.is_control() && !(multi_line && matches!(c, '\n' | '\r' | '\t')))
}

impl Address<'_> {
    /// The postal code as stored (see `address::normalize_postal_code`).
    pub fn postal_code(&self) -> String {
        address::normalize_postal_code(self.country, self.postal_code)
    }

    /// Every required part given and valid (CSP's "full business address";
    /// the same rules as the forms', see `Errors::address`).
    pub fn is_complete(&self) -> bool {
        let mut errors = Errors::default();
        errors.address(*self);
        errors.is_empty()
    }
}

/// Collects field errors in form order.
#[derive(Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, problem: Problem) {
        self.0.push(FieldError {
            field: field.to_string(),
            problem,
            value: None,
        });
    }

    pub fn add_value(&mut self, field: &str, problem: Problem, value: &str) {
        self.0.push(FieldError {
            field: field.to_string(),
            problem,
            value: Some(value.to_string()),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `field` has an error already.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn required_text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, Problem::Required);
        } else {
            self.optional_text(field, value, max);
        }
    }

    /// A one-line text that may be empty: at most `max` characters, no
    /// control character.
    pub fn optional_text(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, Problem::TooLong { max });
        } else if has_control(value, false) {
            self.add(field, Problem::ControlCharacter);
        }
    }

    /// A postal address (Partner profile, Billing profile): the same fields
    /// and limits wherever one is asked for.
    pub fn address(&mut self, address: Address<'_>) {
        self.required_text("address_line1", address.line1, NAME_MAX);
        self.optional_text("address_line2", address.line2, NAME_MAX);
        self.required_text("city", address.city, SHORT_MAX);
        let regions = address::regions(address.country);
        if regions.is_empty() {
            self.optional_text("region", address.region, SHORT_MAX);
        } else if address.region.trim().is_empty() {
            self.add("region", Problem::Required);
        } else if !regions.iter().any(|r| r.code == address.region) {
            self.add("region", Problem::UnknownChoice);
        }
        let postal_code = address.postal_code;
        if postal_code.trim().is_empty() {
            self.add("postal_code", Problem::Required);
        } else if postal_code.chars().count() > POSTAL_CODE_MAX {
            self.add(
                "postal_code",
                Problem::TooLong {
                    max: POSTAL_CODE_MAX,
                },
            );
        } else if has_control(postal_code, false) {
            self.add("postal_code", Problem::ControlCharacter);
        } else if !address::is_valid_postal_code(address.country, postal_code) {
            self.add("postal_code", Problem::InvalidPostalCode);
        }
        if country::find(address.country).is_none() {
            self.add("country", Problem::UnknownCountry);
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

pub const MAX_INVITES: usize = 10;

pub const SHORT_MAX: usize = 60;
/// A web address (website, LinkedIn page, support site).
pub const URL_MAX: usize = 200;
pub const POSTAL_CODE_MAX: usize = 20;

/// Optional; when given: digits with spaces, dots, dashes, parentheses and a
/// leading +, 6 to 20 digits.
pub fn is_valid_phone(phone: &str) -> bool {
    let phone = phone.trim();
    if phone.is_empty() {
        return true;
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && phone
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0))
}

pub fn check_email(email: &str, field: &str, errors: &mut Errors) {
    if email.is_empty() {
        errors.add(field, Problem::Required);
    } else if !is_valid_email(email) {
        errors.add(field, Problem::InvalidEmail);
    }
}

pub fn check_roles(roles: &[Role], errors: &mut Errors) {
    if roles.is_empty() {
        errors.add("roles", Problem::NoRole);
    }
}

/// Role codes from a form; an unknown code is a malformed request.
pub fn parse_roles(codes: &[String]) -> Option<Vec<Role>> {
    let mut roles: Vec<Role> = codes
        .iter()
        .map(|c| Role::from_code(c))
        .collect::<Option<_>>()?;
    roles.sort();
    roles.dedup();
    Some(roles)
}

/// The invitation form's email list: up to [`MAX_INVITES`] addresses separated
/// by commas, semicolons or line breaks; normalised and without duplicates.
pub fn parse_invite_emails(raw: &str) -> Result<Vec<String>, Vec<FieldError>> {
    let mut errors = Errors::default();
    let mut emails: Vec<String> = Vec::new();
    for part in raw.split([',', ';', '\n', '\r']) {
        let email = normalize_email(part);
        if email.is_empty() || emails.contains(&email) {
            continue;
        }
        if !is_valid_email(&email) {
            errors.add_value("emails", Problem::InvalidEmail, &email);
        }
        emails.push(email);
    }
    if emails.is_empty() {
        errors.add("emails", Problem::Required);
    } else if emails.len() > MAX_INVITES {
        errors.add("emails", Problem::TooManyEmails { max: MAX_INVITES });
    }
    errors.into_result().map(|()| emails)
}

pub fn check_new_password(password: &str, field: &str, errors: &mut Errors) {
    let len = password.chars().count();
    if password.is_empty() {
        errors.add(field, Problem::Required);
    } else if len < PASSWORD_MIN {
        errors.add(field, Problem::PasswordTooShort { min: PASSWORD_MIN });
    } else if len > PASSWORD_MAX {
        errors.add(field, Problem::TooLong { max: PASSWORD_MAX });
    } else if has_control(password, false) {
        // Spaces and any printable character are fine (NIST SP 800-63B);
        // a control character can't be typed the same way twice.
        errors.add(field, Problem::ControlCharacter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::{AccountType, NewAccount, SignUp};
    use crate::model::contact_info::ContactInfo;
    use crate::model::member::NewUser;
    use crate::model::partner_profile::LegalProfile;

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
    fn invitation_emails_split_on_commas_and_semicolons() {
        let emails = parse_invite_emails(" Bo@x.example; cy@x.example,bo@x.example ,\n");
        assert_eq!(
            emails,
            Ok(vec!["bo@x.example".to_string(), "cy@x.example".to_string()])
        );
    }

    #[test]
    fn invitations_refuse_bad_emails_by_name_and_more_than_ten() {
        let errors = parse_invite_emails("ok@x.example, nope").unwrap_err();
        assert_eq!(errors[0].problem, Problem::InvalidEmail);
        assert_eq!(errors[0].value.as_deref(), Some("nope"));
        let eleven: Vec<String> = (0..11).map(|i| format!("u{i}@x.example")).collect();
        let errors = parse_invite_emails(&eleven.join(";")).unwrap_err();
        assert_eq!(errors[0].problem, Problem::TooManyEmails { max: 10 });
        assert_eq!(
            parse_invite_emails(" ; ").unwrap_err()[0].problem,
            Problem::Required
        );
    }

    #[test]
    fn a_new_user_needs_a_name_an_email_and_a_role() {
        let fields: Vec<_> = NewUser::default()
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["display_name", "email", "roles"]);
        assert_eq!(parse_roles(&["nope".into()]), None);
        assert_eq!(
            parse_roles(&[
                "sales_agent".into(),
                "global_admin".into(),
                "sales_agent".into()
            ]),
            Some(vec![Role::GlobalAdmin, Role::SalesAgent])
        );
    }

    #[test]
    fn a_legal_profile_names_each_missing_field() {
        let fields: Vec<_> = LegalProfile::default()
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "legal_name",
                "address_line1",
                "city",
                "postal_code",
                "country",
                "contact_first_name",
                "contact_last_name",
                "contact_email"
            ]
        );
        assert!(!LegalProfile::default().is_complete());
    }

    #[test]
    fn contact_info_checks_each_field() {
        let mut input = ContactInfo {
            publisher_display_name: "x".repeat(51),
            contact_name: "Ana".into(),
            contact_email: "ana@contoso.example".into(),
            contact_phone: "+33 1 23 45 67 89".into(),
        };
        let problems: Vec<_> = input
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.problem)
            .collect();
        assert_eq!(problems, [Problem::TooLong { max: 50 }]);
        input.publisher_display_name = "Contoso Apps".into();
        assert_eq!(input.validate(), Ok(()));
        for bad in ["12", "+33 abc 45", "1+2345678"] {
            assert!(!is_valid_phone(bad), "{bad}");
        }
        assert!(is_valid_phone("(555) 010-2030") && is_valid_phone(""));
    }

    #[test]
    fn control_characters_are_refused_in_one_line_texts() {
        let mut errors = Errors::default();
        errors.required_text("display_name", "Ana\r\nBcc: x@y.example", NAME_MAX);
        errors.optional_text("region", "Île\u{0}", SHORT_MAX);
        errors.optional_text("address_line2", "", NAME_MAX);
        errors.required_text("city", "Saint-Étienne", SHORT_MAX);
        let problems: Vec<_> = errors
            .0
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("display_name", Problem::ControlCharacter),
                ("region", Problem::ControlCharacter)
            ]
        );
        assert!(!has_control("line one\nline two\ttab", true));
        assert!(has_control("line one\nline two\u{1b}[31m", true));
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
