//! Partner settings → Control Panel Vendor applications (the source page's
//! "enroll as a Control Panel Vendor"): once the account accepted the CPV
//! agreement, its Global admins register the multi-tenant applications
//! their control panel uses.

use serde::{Deserialize, Serialize};

use super::validation::{has_control, Errors, FieldError, Problem, NAME_MAX};

/// A reply URL's longest form.
pub const REPLY_URL_MAX: usize = 256;

/// The registration form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CpvApplicationForm {
    pub name: String,
    /// A GUID: 8-4-4-4-12 hexadecimal digits (braces allowed around it).
    pub application_id: String,
    /// Where the identity platform sends its answer: https only, no
    /// fragment, at most 256 characters.
    pub reply_url: String,
}

impl CpvApplicationForm {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.required_text("name", &self.name, NAME_MAX);
        if self.application_id.trim().is_empty() {
            errors.add("application_id", Problem::Required);
        } else if guid(&self.application_id).is_none() {
            errors.add("application_id", Problem::InvalidGuid);
        }
        if let Err(problem) = check_reply_url(self.reply_url.trim()) {
            errors.add("reply_url", problem);
        }
        errors.into_result()
    }

    /// As stored: trimmed, the GUID in lower case without braces. Call it
    /// on a valid form.
    pub fn normalized(&self) -> CpvApplicationForm {
        CpvApplicationForm {
            name: self.name.trim().to_string(),
            application_id: guid(&self.application_id).unwrap_or_default(),
            reply_url: self.reply_url.trim().to_string(),
        }
    }
}

/// The GUID in `text`, lower-cased, or `None`.
pub fn guid(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let groups: Vec<&str> = text.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    let ok = groups.len() == lengths.len()
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
    ok.then(|| text.to_ascii_lowercase())
}

/// An https address with a host, at most 256 characters, without a
/// fragment, spaces or control characters. Hand-written for one field (a URL
/// parser would weigh on the browser bundle).
pub fn check_reply_url(url: &str) -> Result<(), Problem> {
    if url.is_empty() {
        return Err(Problem::Required);
    }
    if url.chars().count() > REPLY_URL_MAX {
        return Err(Problem::TooLong { max: REPLY_URL_MAX });
    }
    if has_control(url, false) || url.contains(char::is_whitespace) {
        return Err(Problem::InvalidUrl);
    }
    let Some(rest) = url
        .get(..8)
        .filter(|s| s.eq_ignore_ascii_case("https://"))
        .map(|_| &url[8..])
    else {
        return Err(Problem::HttpsRequired);
    };
    if url.contains('#') {
        return Err(Problem::UrlFragment);
    }
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return Err(Problem::InvalidUrl),
        None => authority,
    };
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-'])
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    if host_ok {
        Ok(())
    } else {
        Err(Problem::InvalidUrl)
    }
}

/// One registered application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpvApplication {
    pub id: String,
    pub name: String,
    pub application_id: String,
    pub reply_url: String,
    pub registered_by: String,
    pub registered_at: i64,
}

/// The page: whether the CPV agreement is accepted (nothing can be
/// registered before), and the applications, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpvPage {
    pub agreement_accepted: bool,
    pub applications: Vec<CpvApplication>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guid_has_five_hex_groups_and_is_stored_in_lower_case() {
        assert_eq!(
            guid(" {0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9} ").as_deref(),
            Some("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")
        );
        for bad in [
            "",
            "0a1b2c3d4e5f607182 93a4b5c6d7e8f9",
            "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f",
            "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8fg",
            "0a1b2c3d-4e5f-6071-8293a-4b5c6d7e8f9",
            "{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
        ] {
            assert_eq!(guid(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_reply_url_is_https_without_fragment_and_short() {
        for good in [
            "https://panel.contoso.example/auth/callback",
            "HTTPS://panel.contoso.example:8443/cb?x=1",
            "https://localhost/cb",
        ] {
            assert_eq!(check_reply_url(good), Ok(()), "{good}");
        }
        let long = format!("https://a.example/{}", "x".repeat(REPLY_URL_MAX));
        for (bad, problem) in [
            ("http://panel.contoso.example/cb", Problem::HttpsRequired),
            ("javascript:alert(1)", Problem::HttpsRequired),
            (
                "https://panel.contoso.example/cb#token",
                Problem::UrlFragment,
            ),
            ("https:///cb", Problem::InvalidUrl),
            ("https://bad host/cb", Problem::InvalidUrl),
            ("https://a.example:x/cb", Problem::InvalidUrl),
            ("https://a.example/\u{7}", Problem::InvalidUrl),
            (long.as_str(), Problem::TooLong { max: REPLY_URL_MAX }),
            ("", Problem::Required),
        ] {
            assert_eq!(check_reply_url(bad), Err(problem), "{bad}");
        }
    }

    #[test]
    fn the_form_names_each_bad_field() {
        let form = CpvApplicationForm {
            name: " ".into(),
            application_id: "not-a-guid".into(),
            reply_url: "http://x.example".into(),
        };
        let fields: Vec<_> = form
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("name".to_string(), Problem::Required),
                ("application_id".to_string(), Problem::InvalidGuid),
                ("reply_url".to_string(), Problem::HttpsRequired),
            ]
        );
    }
}
