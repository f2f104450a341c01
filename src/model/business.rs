//! The business profile (SPEC §7): the account's public marketing profile,
//! and the public "Find a partner" directory that lists the published ones.
//! Referrals requires a published profile.

use serde::{Deserialize, Serialize};

use super::validation::{has_control, Errors, FieldError, Problem};
pub use super::validation::{is_web_address, URL_MAX};

pub const DESCRIPTION_MAX: usize = 2_500;
/// The logo: at most this wide (pixels) and this heavy (bytes).
pub const LOGO_MAX_WIDTH: u32 = 300;
pub const LOGO_MAX_BYTES: usize = 512 * 1024;
/// Directory results per page.
pub const PAGE_SIZE: u32 = 20;

/// The directory counts its matches up to this many: beyond, a count would
/// read every published profile for each search ("more than 1,000"; the
/// pages go on, keyset, to the last).
pub const COUNTED: i64 = 1_000;
/// The directory's list shows this much of a description; the partner's page
/// shows all of it.
pub const EXCERPT_CHARS: usize = 280;

/// The choices a profile picks from (codes; the UI names them in each
/// language). Fixed lists keep the directory's filters meaningful.
pub const INDUSTRIES: [&str; 15] = [
    "agriculture",
    "automotive",
    "education",
    "energy",
    "financial_services",
    "government",
    "healthcare",
    "hospitality",
    "manufacturing",
    "media",
    "nonprofit",
    "professional_services",
    "retail",
    "telecommunications",
    "transportation",
];
pub const PRODUCTS: [&str; 8] = [
    "cloud_infrastructure",
    "productivity",
    "business_applications",
    "low_code",
    "security",
    "data_ai",
    "collaboration",
    "devices",
];
pub const SERVICES: [&str; 8] = [
    "consulting",
    "implementation",
    "managed_services",
    "migration",
    "custom_development",
    "training",
    "support",
    "licensing",
];
pub const CUSTOMER_SIZES: [&str; 4] = ["small", "medium", "large", "enterprise"];

/// A business profile shows at most this many of the account's locations.
pub const LOCATIONS_MAX: usize = 5;

/// One of the account's locations, as the business profile offers it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LocationChoice {
    pub id: String,
    pub name: String,
    pub city: String,
    pub country: String,
}

/// The business profile page's data: the profile and the locations it may show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BusinessPage {
    pub saved: super::Versioned<BusinessProfile>,
    /// The headquarters first, then by name.
    pub choices: Vec<LocationChoice>,
}

/// Partner settings → Business profile, as edited.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BusinessProfile {
    pub description: String,
    pub website: String,
    pub linkedin: String,
    pub industries: Vec<String>,
    pub products: Vec<String>,
    pub services: Vec<String>,
    pub customer_sizes: Vec<String>,
    /// Listed in the public directory.
    pub published: bool,
    /// The Location IDs shown with the profile (at most [`LOCATIONS_MAX`]).
    #[serde(default)]
    pub locations: Vec<String>,
    /// When the logo was last changed; `None` without a logo. Not a form
    /// field: the logo has its own upload (see [`logo_path`]).
    #[serde(default)]
    pub logo_at: Option<i64>,
}

/// The business profile form as the browser sends it: a ticked checkbox
/// sends "on", an unticked one nothing; unticked lists send nothing either.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessProfileForm {
    pub description: String,
    pub website: String,
    pub linkedin: String,
    pub industries: Vec<String>,
    pub products: Vec<String>,
    pub services: Vec<String>,
    pub customer_sizes: Vec<String>,
    pub published: Option<String>,
    pub locations: Vec<String>,
}

impl BusinessProfileForm {
    pub fn into_profile(self) -> BusinessProfile {
        BusinessProfile {
            description: self.description,
            website: self.website,
            linkedin: self.linkedin,
            industries: self.industries,
            products: self.products,
            services: self.services,
            customer_sizes: self.customer_sizes,
            published: self.published.is_some(),
            locations: self.locations,
            logo_at: None,
        }
    }
}

/// Where a published partner's logo is served; the version makes a changed
/// logo a new address, so browsers may cache each for long.
pub fn logo_path(partner_id: i64, logo_at: i64) -> String {
    format!("/partners/{partner_id}/logo?v={logo_at}")
}

impl BusinessProfile {
    /// Keeps each list's known codes once, in list order (a form sends what
    /// the user ticked; anything else is refused by [`Self::validate`]).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        let description = self.description.trim();
        if description.chars().count() > DESCRIPTION_MAX {
            errors.add(
                "description",
                Problem::TooLong {
                    max: DESCRIPTION_MAX,
                },
            );
        } else if has_control(description, true) {
            errors.add("description", Problem::ControlCharacter);
        } else if self.published && description.is_empty() {
            errors.add("description", Problem::RequiredToPublish);
        }
        if !self.website.trim().is_empty() && !is_web_address(self.website.trim()) {
            errors.add("website", Problem::InvalidUrl);
        }
        if !self.linkedin.trim().is_empty() && !is_linkedin_page(self.linkedin.trim()) {
            errors.add("linkedin", Problem::InvalidLinkedIn);
        }
        for (field, chosen, allowed) in [
            ("industries", &self.industries, &INDUSTRIES[..]),
            ("products", &self.products, &PRODUCTS[..]),
            ("services", &self.services, &SERVICES[..]),
            ("customer_sizes", &self.customer_sizes, &CUSTOMER_SIZES[..]),
        ] {
            if chosen.iter().any(|c| !allowed.contains(&c.as_str())) {
                errors.add(field, Problem::UnknownChoice);
            }
        }
        if self.published && self.industries.is_empty() {
            errors.add("industries", Problem::RequiredToPublish);
        }
        if self.locations.len() > LOCATIONS_MAX {
            errors.add("locations", Problem::TooManyChoices { max: LOCATIONS_MAX });
        }
        errors.into_result()
    }
}

/// Joins chosen codes for storage: known ones only, once each, in list order.
pub fn join_codes(chosen: &[String], allowed: &[&str]) -> String {
    allowed
        .iter()
        .filter(|code| chosen.iter().any(|c| c == *code))
        .copied()
        .collect::<Vec<_>>()
        .join(",")
}

pub fn split_codes(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// A LinkedIn company, school, showcase or personal page.
pub fn is_linkedin_page(url: &str) -> bool {
    if !is_web_address(url) || !url.starts_with("https://") {
        return false;
    }
    let rest = &url["https://".len()..];
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let on_linkedin = host == "linkedin.com" || host.ends_with(".linkedin.com");
    let mut parts = path.split('/');
    let kind = parts.next().unwrap_or_default();
    let name = parts.next().unwrap_or_default();
    on_linkedin && matches!(kind, "company" | "school" | "showcase" | "in") && !name.is_empty()
}

/// What the directory is asked: words, filters, and where the page starts
/// (keyset: after or before a partner of the page the visitor came from,
/// by Partner ID; both empty: the first page).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectoryQuery {
    pub words: String,
    pub industry: String,
    pub product: String,
    pub country: String,
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub before: String,
}

/// One partner in the directory's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub partner_id: i64,
    pub name: String,
    pub country: String,
    pub city: String,
    /// The start of the description (see [`EXCERPT_CHARS`]).
    pub excerpt: String,
    pub industries: Vec<String>,
    pub services: Vec<String>,
    pub logo_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectoryPage {
    pub entries: Vec<DirectoryEntry>,
    /// Every match, across pages, up to [`COUNTED`].
    pub total: i64,
    /// More than [`COUNTED`] match ("more than 1,000").
    pub more: bool,
    /// The Partner IDs a link to the page before (its first partner) and
    /// after (its last) starts from, when there is such a page.
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// A partner's public page in the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicProfile {
    pub partner_id: i64,
    pub name: String,
    pub country: String,
    pub city: String,
    pub profile: BusinessProfile,
    /// The locations the profile shows.
    #[serde(default)]
    pub locations: Vec<LocationChoice>,
    /// How customers reach support, once the Support profile is saved.
    #[serde(default)]
    pub support: Option<super::support::SupportProfile>,
}

/// The first `max` characters, cut at a word, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published() -> BusinessProfile {
        BusinessProfile {
            description: "Cloud migrations for retailers.".into(),
            industries: vec!["retail".into()],
            published: true,
            ..Default::default()
        }
    }

    #[test]
    fn web_addresses() {
        for good in [
            "https://contoso.example",
            "http://www.contoso.example/about?x=1",
            "https://contoso.example:8443/",
            "https://société.example",
        ] {
            assert!(is_web_address(good), "{good}");
        }
        for bad in [
            "contoso.example",
            "ftp://contoso.example",
            "https://",
            "https://localhost",
            "https://contoso .example",
            "https://.example",
            "javascript:alert(1)",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
        assert!(!is_web_address(&format!(
            "https://a.example/{}",
            "x".repeat(URL_MAX)
        )));
    }

    #[test]
    fn linkedin_pages() {
        assert!(is_linkedin_page("https://www.linkedin.com/company/contoso"));
        assert!(is_linkedin_page("https://fr.linkedin.com/in/ana-martin/"));
        assert!(!is_linkedin_page("https://www.linkedin.com/"));
        assert!(!is_linkedin_page(
            "https://linkedin.com.evil.example/company/x"
        ));
        assert!(!is_linkedin_page("http://www.linkedin.com/company/contoso"));
        assert!(!is_linkedin_page("https://www.linkedin.com/feed/contoso"));
    }

    #[test]
    fn publishing_needs_a_description_and_an_industry() {
        assert_eq!(published().validate(), Ok(()));
        let draft = BusinessProfile::default();
        assert_eq!(draft.validate(), Ok(()));
        let empty = BusinessProfile {
            published: true,
            ..Default::default()
        };
        let fields: Vec<_> = empty
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("description".to_string(), Problem::RequiredToPublish),
                ("industries".to_string(), Problem::RequiredToPublish)
            ]
        );
    }

    #[test]
    fn unknown_choices_and_long_descriptions_are_refused() {
        let mut profile = published();
        profile.products = vec!["rockets".into()];
        profile.description = "x".repeat(DESCRIPTION_MAX + 1);
        let fields: Vec<_> = profile
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["description", "products"]);
    }

    #[test]
    fn codes_are_stored_once_in_list_order() {
        let chosen = vec!["retail".into(), "education".into(), "retail".into()];
        assert_eq!(join_codes(&chosen, &INDUSTRIES), "education,retail");
        assert_eq!(split_codes("education,retail"), ["education", "retail"]);
        assert!(split_codes("").is_empty());
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 10), "one two…");
    }
}
