//! Partner settings → Tax exemptions (SPEC §3): requests for exemption
//! with their certificate, reviewed by an operator (SPEC §10).

use serde::{Deserialize, Serialize};

use super::country;
use super::dates::parse_date;
use super::validation::{Errors, FieldError, Problem};

/// The largest certificate accepted: 4 MB.
pub const CERTIFICATE_MAX_BYTES: usize = 4 * 1024 * 1024;
pub const CERTIFICATE_NUMBER_MAX: usize = 40;
/// A rejection's reason, and a suspension's.
pub const REASON_MAX: usize = 500;
/// The kinds of exemption a request may claim (codes; the UI names them).
pub const EXEMPTION_TYPES: [&str; 5] = ["resale", "nonprofit", "government", "education", "other"];

/// The request form (the certificate travels beside it, as a file).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaxExemptionForm {
    pub country: String,
    pub exemption_type: String,
    pub certificate_number: String,
    /// `YYYY-MM-DD`.
    pub valid_from: String,
    pub valid_until: String,
}

impl TaxExemptionForm {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        if country::find(&self.country).is_none() {
            errors.add("country", Problem::UnknownCountry);
        }
        if !EXEMPTION_TYPES.contains(&self.exemption_type.as_str()) {
            errors.add("exemption_type", Problem::UnknownChoice);
        }
        let number = self.certificate_number.trim();
        errors.required_text("certificate_number", number, CERTIFICATE_NUMBER_MAX);
        if !errors.has("certificate_number")
            && !number
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '))
        {
            errors.add("certificate_number", Problem::InvalidCertificateNumber);
        }
        let from = date(&mut errors, "valid_from", &self.valid_from);
        let until = date(&mut errors, "valid_until", &self.valid_until);
        if let (Some(from), Some(until)) = (from, until) {
            if from >= until {
                errors.add("valid_until", Problem::NotAfterStart);
            }
        }
        errors.into_result()
    }
}

fn date(errors: &mut Errors, field: &str, text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        errors.add(field, Problem::Required);
        return None;
    }
    let parsed = parse_date(text);
    if parsed.is_none() {
        errors.add(field, Problem::InvalidDate);
    }
    parsed
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExemptionStatus {
    Submitted,
    Approved,
    Rejected,
}

impl ExemptionStatus {
    pub fn code(self) -> &'static str {
        match self {
            ExemptionStatus::Submitted => "submitted",
            ExemptionStatus::Approved => "approved",
            ExemptionStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<ExemptionStatus> {
        [
            ExemptionStatus::Submitted,
            ExemptionStatus::Approved,
            ExemptionStatus::Rejected,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// One request as its account (and an operator) sees it; never the file's
/// bytes, which download on their own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxExemption {
    pub id: String,
    pub country: String,
    pub exemption_type: String,
    pub certificate_number: String,
    pub valid_from: String,
    pub valid_until: String,
    pub file_name: String,
    pub file_size: i64,
    pub status: ExemptionStatus,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub submitted_at: i64,
}

/// The Tax exemptions page: the account's requests, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxExemptionsPage {
    pub exemptions: Vec<TaxExemption>,
    /// The account's country, the form's first choice.
    pub country: String,
}

/// Where a certificate downloads (`server.rs` serves it).
pub fn certificate_href(partner_id: i64, exemption_id: &str) -> String {
    format!("/a/{partner_id}/tax-exemptions/{exemption_id}/certificate")
}

/// What a certificate is, read from its first bytes (never from its name
/// or the type the browser claims).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateType {
    Pdf,
    Jpeg,
    Png,
}

impl CertificateType {
    pub fn media_type(self) -> &'static str {
        match self {
            CertificateType::Pdf => "application/pdf",
            CertificateType::Jpeg => "image/jpeg",
            CertificateType::Png => "image/png",
        }
    }

    /// The file's type by its signature: PDF (`%PDF-`, ISO 32000 §7.5.2),
    /// JPEG (SOI marker FF D8 FF) or PNG (its 8-byte signature). Three
    /// fixed prefixes: a few lines here rather than a crate.
    pub fn sniff(bytes: &[u8]) -> Option<CertificateType> {
        if bytes.starts_with(b"%PDF-") {
            Some(CertificateType::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(CertificateType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(CertificateType::Png)
        } else {
            None
        }
    }
}

/// A certificate's checks: present, at most 4 MB, a PDF, JPEG or PNG.
pub fn check_certificate(bytes: &[u8]) -> Result<CertificateType, Problem> {
    if bytes.is_empty() {
        return Err(Problem::Required);
    }
    if bytes.len() > CERTIFICATE_MAX_BYTES {
        return Err(Problem::FileTooLarge {
            max_kb: CERTIFICATE_MAX_BYTES / 1024,
        });
    }
    CertificateType::sniff(bytes).ok_or(Problem::CertificateFormat)
}

/// A file name as stored and offered back for download: its last path
/// segment, without control characters or quotes, at most 100 characters.
pub fn clean_file_name(name: &str, kind: CertificateType) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';'))
        .take(100)
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        let extension = match kind {
            CertificateType::Pdf => "pdf",
            CertificateType::Jpeg => "jpg",
            CertificateType::Png => "png",
        };
        format!("certificate.{extension}")
    } else {
        cleaned.to_string()
    }
}

/// A reviewer's reason: required (to reject or suspend), one paragraph.
pub fn check_reason(reason: &str) -> Result<(), Vec<FieldError>> {
    let mut errors = Errors::default();
    errors.required_text("reason", reason.trim(), REASON_MAX);
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> TaxExemptionForm {
        TaxExemptionForm {
            country: "FR".into(),
            exemption_type: "resale".into(),
            certificate_number: "FR-2026/0042".into(),
            valid_from: "2026-01-01".into(),
            valid_until: "2027-12-31".into(),
        }
    }

    fn problems(form: &TaxExemptionForm) -> Vec<(String, Problem)> {
        form.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_complete_request_is_valid() {
        assert_eq!(form().validate(), Ok(()));
    }

    #[test]
    fn valid_until_must_follow_valid_from() {
        let mut f = form();
        f.valid_until = "2026-01-01".into();
        assert_eq!(
            problems(&f),
            [("valid_until".to_string(), Problem::NotAfterStart)]
        );
        f.valid_until = "2025-12-31".into();
        assert_eq!(
            problems(&f),
            [("valid_until".to_string(), Problem::NotAfterStart)]
        );
    }

    #[test]
    fn each_field_says_what_is_wrong() {
        let f = TaxExemptionForm {
            country: "XX".into(),
            exemption_type: "friendship".into(),
            certificate_number: "N°<42>".into(),
            valid_from: "2026-02-30".into(),
            valid_until: String::new(),
        };
        assert_eq!(
            problems(&f),
            [
                ("country".to_string(), Problem::UnknownCountry),
                ("exemption_type".to_string(), Problem::UnknownChoice),
                (
                    "certificate_number".to_string(),
                    Problem::InvalidCertificateNumber
                ),
                ("valid_from".to_string(), Problem::InvalidDate),
                ("valid_until".to_string(), Problem::Required),
            ]
        );
    }

    #[test]
    fn certificates_are_known_by_their_content() {
        assert_eq!(
            check_certificate(b"%PDF-1.7\n%%EOF"),
            Ok(CertificateType::Pdf)
        );
        assert_eq!(
            check_certificate(b"\xFF\xD8\xFF\xE0rest"),
            Ok(CertificateType::Jpeg)
        );
        assert_eq!(
            check_certificate(b"\x89PNG\r\n\x1a\nrest"),
            Ok(CertificateType::Png)
        );
        // A text file named certificate.pdf is still text.
        assert_eq!(
            check_certificate(b"hello, I am a PDF"),
            Err(Problem::CertificateFormat)
        );
        assert_eq!(check_certificate(b""), Err(Problem::Required));
        let mut big = b"%PDF-".to_vec();
        big.resize(CERTIFICATE_MAX_BYTES + 1, b' ');
        assert_eq!(
            check_certificate(&big),
            Err(Problem::FileTooLarge { max_kb: 4096 })
        );
        big.truncate(CERTIFICATE_MAX_BYTES);
        assert_eq!(check_certificate(&big), Ok(CertificateType::Pdf));
    }

    #[test]
    fn file_names_lose_paths_and_header_breaking_characters() {
        assert_eq!(
            clean_file_name("C:\\scans\\cert \"final\".pdf", CertificateType::Pdf),
            "cert final.pdf"
        );
        assert_eq!(
            clean_file_name("../../etc/passwd", CertificateType::Png),
            "passwd"
        );
        assert_eq!(
            clean_file_name("\r\n", CertificateType::Jpeg),
            "certificate.jpg"
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn no_input_makes_validation_panic(
                number in "\\PC{0,80}", from in "\\PC{0,12}", until in "\\PC{0,12}", name in "\\PC{0,300}"
            ) {
                let f = TaxExemptionForm {
                    country: "FR".into(),
                    exemption_type: "other".into(),
                    certificate_number: number,
                    valid_from: from,
                    valid_until: until,
                };
                let _ = f.validate();
                prop_assert!(clean_file_name(&name, CertificateType::Pdf).chars().count() <= 100);
            }

            /// Any ordered pair of real dates passes; swapped, it fails.
            #[test]
            fn ordered_dates_pass_and_swapped_fail(a in 0i64..2_900_000, gap in 1i64..20_000) {
                let text = |days: i64| {
                    let c = crate::model::dates::civil(days * 86_400);
                    format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
                };
                let mut f = super::form();
                f.valid_from = text(a);
                f.valid_until = text(a + gap);
                prop_assert_eq!(f.validate(), Ok(()));
                std::mem::swap(&mut f.valid_from, &mut f.valid_until);
                prop_assert!(f.validate().is_err());
            }

            #[test]
            fn bytes_without_a_known_signature_are_refused(bytes in proptest::collection::vec(any::<u8>(), 1..64)) {
                let known = bytes.starts_with(b"%PDF-") || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
                    || bytes.starts_with(b"\x89PNG\r\n\x1a\n");
                prop_assert_eq!(check_certificate(&bytes).is_ok(), known);
            }
        }
    }
}
