//! Countries offered in forms. Names are data in both languages here rather
//! than i18n keys because the list is looked up by code at run time.

use super::language::Language;

pub struct Country {
    pub code: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
}

impl Country {
    pub fn name(&self, language: Language) -> &'static str {
        match language {
            Language::En => self.en,
            Language::Fr => self.fr,
        }
    }
}

const fn c(code: &'static str, en: &'static str, fr: &'static str) -> Country {
    Country { code, en, fr }
}

pub const COUNTRIES: &[Country] = &[
    c("AU", "Australia", "Australie"),
    c("AT", "Austria", "Autriche"),
    c("BE", "Belgium", "Belgique"),
    c("BR", "Brazil", "Brésil"),
    c("CA", "Canada", "Canada"),
    c("CZ", "Czechia", "Tchéquie"),
    c("DK", "Denmark", "Danemark"),
    c("FI", "Finland", "Finlande"),
    c("FR", "France", "France"),
    c("DE", "Germany", "Allemagne"),
    c("IN", "India", "Inde"),
    c("IE", "Ireland", "Irlande"),
    c("IL", "Israel", "Israël"),
    c("IT", "Italy", "Italie"),
    c("JP", "Japan", "Japon"),
    c("LU", "Luxembourg", "Luxembourg"),
    c("MX", "Mexico", "Mexique"),
    c("MA", "Morocco", "Maroc"),
    c("NL", "Netherlands", "Pays-Bas"),
    c("NZ", "New Zealand", "Nouvelle-Zélande"),
    c("NO", "Norway", "Norvège"),
    c("PL", "Poland", "Pologne"),
    c("PT", "Portugal", "Portugal"),
    c("SN", "Senegal", "Sénégal"),
    c("SG", "Singapore", "Singapour"),
    c("ZA", "South Africa", "Afrique du Sud"),
    c("KR", "South Korea", "Corée du Sud"),
    c("ES", "Spain", "Espagne"),
    c("SE", "Sweden", "Suède"),
    c("CH", "Switzerland", "Suisse"),
    c("AE", "United Arab Emirates", "Émirats arabes unis"),
    c("GB", "United Kingdom", "Royaume-Uni"),
    c("US", "United States", "États-Unis"),
];

pub fn find(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code == code)
}
