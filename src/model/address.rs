//! Postal addresses, wherever one is asked for (Partner profile, Billing
//! profile, Locations): the postal-code format of each country, and the
//! states or provinces of the countries that use them in addresses.
//!
//! Hand-written formats rather than regexes (or a postal crate): the
//! browser checks too, and the bundle has no room for a regex engine.

use super::language::Language;

/// A postal address's fields, as a form sends them.
#[derive(Clone, Copy)]
pub struct Address<'a> {
    pub line1: &'a str,
    pub line2: &'a str,
    pub city: &'a str,
    pub region: &'a str,
    pub postal_code: &'a str,
    pub country: &'a str,
}

/// Gives a form struct with the fields `address_line1`, `address_line2`,
/// `city`, `region`, `postal_code` and `country` its [`Address`], which
/// the shared rules (`Errors::address`) check. Invoked in each form's own
/// module, so that this one imports none of them.
macro_rules! has_address {
    ($($form:ty),* $(,)?) => {
        $(
            impl $form {
                pub fn address(&self) -> $crate::model::address::Address<'_> {
                    $crate::model::address::Address {
                        line1: &self.address_line1,
                        line2: &self.address_line2,
                        city: &self.city,
                        region: &self.region,
                        postal_code: &self.postal_code,
                        country: &self.country,
                    }
                }
            }
        )*
    };
}

pub(crate) use has_address;

/// A state, province or prefecture: its ISO 3166-2 code (without the
/// country) and its names.
pub struct Region {
    pub code: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
}

impl Region {
    pub fn name(&self, language: Language) -> &'static str {
        match language {
            Language::En => self.en,
            Language::Fr => self.fr,
        }
    }
}

/// The postal-code formats of a country, on the compact form (capitals,
/// no spaces or dashes): `9` a digit, `a` a letter, anything else as
/// written. Empty: the country isn't known here, any code up to the length
/// limit is taken as written.
fn formats(country: &str) -> &'static [&'static str] {
    match country {
        "FR" | "DE" | "IT" | "ES" | "FI" | "MA" | "SN" => &["99999"],
        "US" => &["99999", "999999999"],
        "GB" => &["a99aa", "a999aa", "a9a9aa", "aa99aa", "aa999aa", "aa9a9aa"],
        "CA" => &["a9a9a9"],
        "NL" => &["9999aa"],
        "BE" | "CH" | "AT" | "DK" | "NO" | "LU" | "AU" => &["9999"],
        "IN" => &["999999"],
        "JP" => &["9999999"],
        "BR" => &["99999999"],
        "PL" => &["99999"],
        "PT" => &["9999999"],
        "SE" => &["99999"],
        _ => &[],
    }
}

/// Capitals without spaces, dashes or a country prefix ("L-1234" in
/// Luxembourg): what [`formats`] are matched against.
fn compact(country: &str, code: &str) -> String {
    let code: String = code
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match country {
        "LU" => code.strip_prefix('L').map(str::to_string).unwrap_or(code),
        _ => code,
    }
}

/// Whether `code` is a postal code of `country` (any non-empty code for a
/// country without a known format).
pub fn is_valid_postal_code(country: &str, code: &str) -> bool {
    let formats = formats(country);
    if formats.is_empty() {
        return !code.trim().is_empty();
    }
    let code = compact(country, code);
    let shaped = formats.iter().any(|format| {
        format.len() == code.len()
            && format.chars().zip(code.chars()).all(|(f, c)| match f {
                '9' => c.is_ascii_digit(),
                'a' => c.is_ascii_uppercase(),
                literal => literal == c,
            })
    });
    let first = code.as_bytes().first().copied().unwrap_or(b'0');
    shaped
        && match country {
            // Province numbers 01 to 52.
            "ES" => code
                .get(..2)
                .and_then(|p| p.parse::<u8>().ok())
                .is_some_and(|p| (1..=52).contains(&p)),
            // No code starts with 0 there.
            "NL" | "BE" | "CH" | "AT" | "LU" | "IN" => first != b'0',
            _ => true,
        }
}

/// The postal code as stored and shown: the country's usual spacing
/// ("SW1A 1AA", "H3Z 2Y7", "1012 AB", "01310-100", "100-0001"). Call it on
/// a valid code; other countries' codes are only trimmed.
pub fn normalize_postal_code(country: &str, code: &str) -> String {
    if formats(country).is_empty() {
        return code.trim().to_string();
    }
    let code = compact(country, code);
    let split = |at: usize, separator: &str| match code.get(..at) {
        Some(head) if at < code.len() => format!("{head}{separator}{}", &code[at..]),
        _ => code.clone(),
    };
    match country {
        "GB" => split(code.len().saturating_sub(3), " "),
        "CA" => split(3, " "),
        "NL" => split(4, " "),
        "US" if code.len() == 9 => split(5, "-"),
        "BR" => split(5, "-"),
        "JP" => split(3, "-"),
        "PL" => split(2, "-"),
        "PT" => split(4, "-"),
        "SE" => split(3, " "),
        "LU" => format!("L-{code}"),
        _ => code,
    }
}

/// An example of the country's postal code, for the field's hint.
pub fn postal_code_example(country: &str) -> Option<&'static str> {
    Some(match country {
        "FR" => "75002",
        "DE" => "10115",
        "GB" => "SW1A 1AA",
        "US" => "94105",
        "CA" => "H3Z 2Y7",
        "ES" => "28013",
        "IT" => "00184",
        "NL" => "1012 AB",
        "BE" => "1000",
        "CH" => "8001",
        "IN" => "560001",
        "JP" => "100-0001",
        "AU" => "2000",
        "BR" => "01310-100",
        "AT" => "1010",
        "DK" => "1050",
        "FI" => "00100",
        "LU" => "L-1111",
        "MA" => "20000",
        "NO" => "0150",
        "PL" => "00-001",
        "PT" => "1100-148",
        "SE" => "111 22",
        "SN" => "10200",
        _ => return None,
    })
}

/// The states, provinces or prefectures an address of `country` must name
/// (chosen from this list); empty where addresses don't use them.
/// The countries `regions` has a list for.
pub const COUNTRIES_WITH_REGIONS: [&str; 6] = ["US", "CA", "AU", "IN", "BR", "JP"];

pub fn regions(country: &str) -> &'static [Region] {
    match country {
        "US" => US,
        "CA" => CA,
        "AU" => AU,
        "IN" => IN,
        "BR" => BR,
        "JP" => JP,
        _ => &[],
    }
}

/// The region's name for display, or the text as written when the country
/// has no list.
pub fn region_name(country: &str, code: &str, language: Language) -> String {
    regions(country)
        .iter()
        .find(|r| r.code == code)
        .map_or_else(|| code.to_string(), |r| r.name(language).to_string())
}

const fn r(code: &'static str, en: &'static str, fr: &'static str) -> Region {
    Region { code, en, fr }
}

/// Same name in both languages.
const fn s(code: &'static str, name: &'static str) -> Region {
    Region {
        code,
        en: name,
        fr: name,
    }
}

const US: &[Region] = &[
    s("AL", "Alabama"),
    s("AK", "Alaska"),
    s("AZ", "Arizona"),
    s("AR", "Arkansas"),
    r("CA", "California", "Californie"),
    s("CO", "Colorado"),
    s("CT", "Connecticut"),
    s("DE", "Delaware"),
    r("DC", "District of Columbia", "District de Columbia"),
    r("FL", "Florida", "Floride"),
    r("GA", "Georgia", "Géorgie"),
    r("HI", "Hawaii", "Hawaï"),
    s("ID", "Idaho"),
    s("IL", "Illinois"),
    s("IN", "Indiana"),
    s("IA", "Iowa"),
    s("KS", "Kansas"),
    s("KY", "Kentucky"),
    r("LA", "Louisiana", "Louisiane"),
    s("ME", "Maine"),
    s("MD", "Maryland"),
    s("MA", "Massachusetts"),
    s("MI", "Michigan"),
    s("MN", "Minnesota"),
    s("MS", "Mississippi"),
    s("MO", "Missouri"),
    s("MT", "Montana"),
    s("NE", "Nebraska"),
    s("NV", "Nevada"),
    s("NH", "New Hampshire"),
    s("NJ", "New Jersey"),
    r("NM", "New Mexico", "Nouveau-Mexique"),
    s("NY", "New York"),
    r("NC", "North Carolina", "Caroline du Nord"),
    r("ND", "North Dakota", "Dakota du Nord"),
    s("OH", "Ohio"),
    s("OK", "Oklahoma"),
    s("OR", "Oregon"),
    r("PA", "Pennsylvania", "Pennsylvanie"),
    s("RI", "Rhode Island"),
    r("SC", "South Carolina", "Caroline du Sud"),
    r("SD", "South Dakota", "Dakota du Sud"),
    s("TN", "Tennessee"),
    s("TX", "Texas"),
    s("UT", "Utah"),
    s("VT", "Vermont"),
    r("VA", "Virginia", "Virginie"),
    s("WA", "Washington"),
    r("WV", "West Virginia", "Virginie-Occidentale"),
    s("WI", "Wisconsin"),
    s("WY", "Wyoming"),
];

const CA: &[Region] = &[
    s("AB", "Alberta"),
    r("BC", "British Columbia", "Colombie-Britannique"),
    s("MB", "Manitoba"),
    r("NB", "New Brunswick", "Nouveau-Brunswick"),
    r("NL", "Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
    r("NT", "Northwest Territories", "Territoires du Nord-Ouest"),
    r("NS", "Nova Scotia", "Nouvelle-Écosse"),
    s("NU", "Nunavut"),
    s("ON", "Ontario"),
    r("PE", "Prince Edward Island", "Île-du-Prince-Édouard"),
    r("QC", "Quebec", "Québec"),
    s("SK", "Saskatchewan"),
    s("YT", "Yukon"),
];

const AU: &[Region] = &[
    r(
        "ACT",
        "Australian Capital Territory",
        "Territoire de la capitale australienne",
    ),
    r("NSW", "New South Wales", "Nouvelle-Galles du Sud"),
    r("NT", "Northern Territory", "Territoire du Nord"),
    s("QLD", "Queensland"),
    r("SA", "South Australia", "Australie-Méridionale"),
    r("TAS", "Tasmania", "Tasmanie"),
    s("VIC", "Victoria"),
    r("WA", "Western Australia", "Australie-Occidentale"),
];

const IN: &[Region] = &[
    r(
        "AN",
        "Andaman and Nicobar Islands",
        "Îles Andaman-et-Nicobar",
    ),
    s("AP", "Andhra Pradesh"),
    s("AR", "Arunachal Pradesh"),
    s("AS", "Assam"),
    s("BR", "Bihar"),
    s("CH", "Chandigarh"),
    s("CT", "Chhattisgarh"),
    s("DH", "Dadra and Nagar Haveli and Daman and Diu"),
    r("DL", "Delhi", "Delhi"),
    s("GA", "Goa"),
    s("GJ", "Gujarat"),
    s("HR", "Haryana"),
    s("HP", "Himachal Pradesh"),
    r("JK", "Jammu and Kashmir", "Jammu-et-Cachemire"),
    s("JH", "Jharkhand"),
    s("KA", "Karnataka"),
    s("KL", "Kerala"),
    s("LA", "Ladakh"),
    s("LD", "Lakshadweep"),
    s("MP", "Madhya Pradesh"),
    s("MH", "Maharashtra"),
    s("MN", "Manipur"),
    s("ML", "Meghalaya"),
    s("MZ", "Mizoram"),
    s("NL", "Nagaland"),
    s("OR", "Odisha"),
    r("PY", "Puducherry", "Pondichéry"),
    r("PB", "Punjab", "Pendjab"),
    s("RJ", "Rajasthan"),
    s("SK", "Sikkim"),
    s("TN", "Tamil Nadu"),
    s("TG", "Telangana"),
    s("TR", "Tripura"),
    s("UP", "Uttar Pradesh"),
    s("UT", "Uttarakhand"),
    r("WB", "West Bengal", "Bengale-Occidental"),
];

const BR: &[Region] = &[
    s("AC", "Acre"),
    s("AL", "Alagoas"),
    s("AP", "Amapá"),
    s("AM", "Amazonas"),
    r("BA", "Bahia", "Bahia"),
    s("CE", "Ceará"),
    r("DF", "Federal District", "District fédéral"),
    s("ES", "Espírito Santo"),
    s("GO", "Goiás"),
    s("MA", "Maranhão"),
    s("MT", "Mato Grosso"),
    s("MS", "Mato Grosso do Sul"),
    s("MG", "Minas Gerais"),
    s("PA", "Pará"),
    s("PB", "Paraíba"),
    s("PR", "Paraná"),
    s("PE", "Pernambuco"),
    s("PI", "Piauí"),
    s("RJ", "Rio de Janeiro"),
    s("RN", "Rio Grande do Norte"),
    s("RS", "Rio Grande do Sul"),
    s("RO", "Rondônia"),
    s("RR", "Roraima"),
    s("SC", "Santa Catarina"),
    s("SP", "São Paulo"),
    s("SE", "Sergipe"),
    s("TO", "Tocantins"),
];

const JP: &[Region] = &[
    s("01", "Hokkaido"),
    s("02", "Aomori"),
    s("03", "Iwate"),
    s("04", "Miyagi"),
    s("05", "Akita"),
    s("06", "Yamagata"),
    s("07", "Fukushima"),
    s("08", "Ibaraki"),
    s("09", "Tochigi"),
    s("10", "Gunma"),
    s("11", "Saitama"),
    s("12", "Chiba"),
    s("13", "Tokyo"),
    s("14", "Kanagawa"),
    s("15", "Niigata"),
    s("16", "Toyama"),
    s("17", "Ishikawa"),
    s("18", "Fukui"),
    s("19", "Yamanashi"),
    s("20", "Nagano"),
    s("21", "Gifu"),
    s("22", "Shizuoka"),
    s("23", "Aichi"),
    s("24", "Mie"),
    s("25", "Shiga"),
    s("26", "Kyoto"),
    s("27", "Osaka"),
    s("28", "Hyogo"),
    s("29", "Nara"),
    s("30", "Wakayama"),
    s("31", "Tottori"),
    s("32", "Shimane"),
    s("33", "Okayama"),
    s("34", "Hiroshima"),
    s("35", "Yamaguchi"),
    s("36", "Tokushima"),
    s("37", "Kagawa"),
    s("38", "Ehime"),
    s("39", "Kochi"),
    s("40", "Fukuoka"),
    s("41", "Saga"),
    s("42", "Nagasaki"),
    s("43", "Kumamoto"),
    s("44", "Oita"),
    s("45", "Miyazaki"),
    s("46", "Kagoshima"),
    s("47", "Okinawa"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countries_with_regions_are_those_regions_lists() {
        for country in crate::model::country::COUNTRIES {
            assert_eq!(
                COUNTRIES_WITH_REGIONS.contains(&country.code),
                !regions(country.code).is_empty(),
                "{}",
                country.code
            );
        }
    }

    #[test]
    fn each_country_takes_its_own_postal_codes() {
        for (country, code, stored) in [
            ("FR", "75002", "75002"),
            ("DE", "10115", "10115"),
            ("GB", "sw1a1aa", "SW1A 1AA"),
            ("GB", "EC1A 1BB", "EC1A 1BB"),
            ("GB", "M1 1AE", "M1 1AE"),
            ("US", "94105", "94105"),
            ("US", "94105-1234", "94105-1234"),
            ("CA", "h3z2y7", "H3Z 2Y7"),
            ("ES", "28013", "28013"),
            ("IT", "00184", "00184"),
            ("NL", "1012ab", "1012 AB"),
            ("BE", "1000", "1000"),
            ("CH", "8001", "8001"),
            ("IN", "560 001", "560001"),
            ("JP", "1000001", "100-0001"),
            ("AU", "2000", "2000"),
            ("BR", "01310100", "01310-100"),
            ("LU", "L-1111", "L-1111"),
            ("ZZ", " anything ", "anything"),
        ] {
            assert!(is_valid_postal_code(country, code), "{country} {code}");
            assert_eq!(
                normalize_postal_code(country, code),
                stored,
                "{country} {code}"
            );
        }
        for (country, code) in [
            ("FR", "7500"),
            ("FR", "75002A"),
            ("DE", "1011"),
            ("GB", "12345"),
            ("US", "9410"),
            ("US", "941051"),
            ("CA", "12345"),
            ("ES", "99000"),
            ("ES", "00100"),
            ("NL", "0123 AB"),
            ("NL", "1234"),
            ("BE", "0999"),
            ("IN", "056000"),
            ("JP", "100-001"),
            ("AU", "20000"),
            ("BR", "0131-100"),
            ("FR", ""),
            ("ZZ", "  "),
        ] {
            assert!(!is_valid_postal_code(country, code), "{country} {code}");
        }
    }

    #[test]
    fn the_countries_with_states_list_them() {
        assert_eq!(regions("US").len(), 51);
        assert_eq!(regions("CA").len(), 13);
        assert_eq!(regions("AU").len(), 8);
        assert_eq!(regions("IN").len(), 36);
        assert_eq!(regions("BR").len(), 27);
        assert_eq!(regions("JP").len(), 47);
        assert!(regions("FR").is_empty());
        assert_eq!(region_name("CA", "QC", Language::Fr), "Québec");
        assert_eq!(region_name("FR", "Bretagne", Language::Fr), "Bretagne");
        for country in ["US", "CA", "AU", "IN", "BR", "JP"] {
            let mut codes: Vec<_> = regions(country).iter().map(|r| r.code).collect();
            codes.sort();
            codes.dedup();
            assert_eq!(codes.len(), regions(country).len(), "{country}");
        }
    }

    #[test]
    fn every_listed_country_has_an_example_that_passes() {
        for c in crate::model::country::COUNTRIES {
            if let Some(example) = postal_code_example(c.code) {
                assert!(is_valid_postal_code(c.code, example), "{}", c.code);
                assert_eq!(
                    normalize_postal_code(c.code, example),
                    example,
                    "{}",
                    c.code
                );
            }
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// A code in one of the country's formats: each `9` a digit, each
        /// `a` a letter, literals as written.
        fn code_of(format: &'static str) -> impl Strategy<Value = String> {
            let parts: Vec<BoxedStrategy<String>> = format
                .chars()
                .map(|f| match f {
                    '9' => proptest::char::range('0', '9')
                        .prop_map(String::from)
                        .boxed(),
                    'a' => proptest::char::range('A', 'Z')
                        .prop_map(String::from)
                        .boxed(),
                    c => Just(c.to_string()).boxed(),
                })
                .collect();
            parts.prop_map(|p| p.concat())
        }

        const COUNTRIES: [&str; 14] = [
            "FR", "DE", "GB", "US", "CA", "ES", "IT", "NL", "BE", "CH", "IN", "JP", "AU", "BR",
        ];

        fn country() -> impl Strategy<Value = &'static str> {
            proptest::sample::select(&COUNTRIES[..])
        }

        /// Where a country adds a rule beyond the shape (ES provinces 01–52,
        /// no leading 0), the generated code is fixed up to follow it.
        fn follow_extra_rules(country: &str, code: String) -> String {
            match country {
                "ES" => format!("28{}", &code[2..]),
                "NL" | "BE" | "CH" | "IN" => format!("1{}", &code[1..]),
                _ => code,
            }
        }

        proptest! {
            #[test]
            fn codes_in_the_format_pass_and_keep_passing_once_stored(
                (country, code) in country().prop_flat_map(|c| {
                    (Just(c), proptest::sample::select(formats(c)).prop_flat_map(code_of))
                }),
                lower in any::<bool>(),
            ) {
                let code = follow_extra_rules(country, code);
                let typed = if lower { code.to_lowercase() } else { code.clone() };
                prop_assert!(is_valid_postal_code(country, &typed), "{country} {typed}");
                let stored = normalize_postal_code(country, &typed);
                prop_assert!(is_valid_postal_code(country, &stored), "{country} {stored}");
                prop_assert_eq!(normalize_postal_code(country, &stored), stored.clone());
            }

            #[test]
            fn codes_of_another_length_fail(
                country in country(),
                digits in "[0-9]{1,12}",
            ) {
                let fits = formats(country).iter().any(|f| f.len() == digits.len());
                if !fits {
                    prop_assert!(!is_valid_postal_code(country, &digits), "{country} {digits}");
                }
            }

            #[test]
            fn no_string_makes_them_panic(country in "\\PC{0,3}", code in "\\PC{0,200}") {
                let _ = is_valid_postal_code(&country, &code);
                let _ = normalize_postal_code(&country, &code);
                let _ = regions(&country);
            }

            #[test]
            fn huge_codes_fail_without_panic(country in country(), n in 20usize..5000) {
                let code = "9".repeat(n);
                prop_assert!(!is_valid_postal_code(country, &code));
            }
        }
    }
}
