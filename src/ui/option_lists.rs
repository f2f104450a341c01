//! The long fixed lists of a `<select>` (countries, a country's states or
//! provinces) as ready HTML, made once per process for each language and
//! written into each page as text, with the chosen value marked.
//!
//! Why not elements: each `<option>` cost the server's renderer about 6,000
//! instructions, and the Partner profile's country list and region
//! templates were 223 of its 458 elements (callgrind, stop 50). Pages
//! render on the server only (islands), so nothing in the browser needs
//! them as Leptos views.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::i18n::{td_string, Locale};
// `Locale::get_all`.
use crate::model::address::{self, postal_code_example, COUNTRIES_WITH_REGIONS};
use crate::model::country::COUNTRIES;
use crate::model::payout::bank_scheme;
use crate::ui::i18n::from_locale;
use leptos_i18n::Locale as _;

/// A fixed list of options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionList {
    /// Every country, each with its postal code example (`data-example`,
    /// which the shell island shows when the country changes): the address
    /// forms.
    AddressCountries,
    /// Every country.
    Countries,
    /// Every country, after "Choose a country" (signing up).
    CountriesToChoose,
    /// Every country, after "Any" (the directory's filter).
    CountriesOrAny,
    /// The countries whose bank accounts payouts take.
    BankCountries,
    /// A country's states or provinces, after "Choose" (one of
    /// `COUNTRIES_WITH_REGIONS`; any other country has an empty list).
    Regions(&'static str),
}

impl OptionList {
    /// The options, with the one whose value is `selected` (if any) marked
    /// as chosen.
    pub fn html(self, locale: Locale, selected: &str) -> String {
        let html = made()
            .get(&(self, locale))
            .map(String::as_str)
            .unwrap_or_default();
        mark_selected(html, selected)
    }

    /// Every list this module makes.
    fn all() -> impl Iterator<Item = OptionList> {
        [
            OptionList::AddressCountries,
            OptionList::Countries,
            OptionList::CountriesToChoose,
            OptionList::CountriesOrAny,
            OptionList::BankCountries,
        ]
        .into_iter()
        .chain(
            COUNTRIES_WITH_REGIONS
                .iter()
                .map(|c| OptionList::Regions(c)),
        )
    }

    /// The list's HTML in one language. The value is each option's last
    /// attribute (see `mark_selected`).
    fn make(self, locale: Locale) -> String {
        let language = from_locale(locale);
        let mut html = String::new();
        let mut push = |value: &str, text: &str, example: Option<&str>| {
            html.push_str("<option");
            if let Some(example) = example {
                html.push_str(" data-example=\"");
                html.push_str(&html_escape::encode_double_quoted_attribute(example));
                html.push('"');
            }
            html.push_str(" value=\"");
            html.push_str(&html_escape::encode_double_quoted_attribute(value));
            html.push_str("\">");
            html.push_str(&html_escape::encode_text(text));
            html.push_str("</option>");
        };
        // The blank first choice, where the list has one.
        let blank = match self {
            OptionList::CountriesToChoose => Some(td_string!(locale, auth.choose_country)),
            OptionList::CountriesOrAny => Some(td_string!(locale, directory.any)),
            OptionList::Regions(_) => Some(td_string!(locale, partner.choose)),
            OptionList::AddressCountries | OptionList::Countries | OptionList::BankCountries => {
                None
            }
        };
        if let Some(text) = blank {
            push("", text, None);
        }
        if let OptionList::Regions(country) = self {
            for r in address::regions(country) {
                push(r.code, r.name(language), None);
            }
            return html;
        }
        let banks_only = self == OptionList::BankCountries;
        for c in COUNTRIES
            .iter()
            .filter(|c| !banks_only || bank_scheme(c.code).is_some())
        {
            let example = (self == OptionList::AddressCountries)
                .then(|| postal_code_example(c.code))
                .flatten();
            push(c.code, c.name(language), example);
        }
        html
    }
}

/// Every list in every language, made at the first page that shows one.
fn made() -> &'static HashMap<(OptionList, Locale), String> {
    static MADE: OnceLock<HashMap<(OptionList, Locale), String>> = OnceLock::new();
    MADE.get_or_init(|| {
        OptionList::all()
            .flat_map(|list| {
                Locale::get_all()
                    .iter()
                    .map(move |&l| ((list, l), list.make(l)))
            })
            .collect()
    })
}

/// `html` with the option of value `selected` marked as chosen. Values are
/// codes (letters, digits, dashes): anything else can't be one, and
/// matches nothing.
fn mark_selected(html: &str, selected: &str) -> String {
    let is_code = !selected.is_empty()
        && selected
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let at = is_code
        .then(|| html.find(&format!(" value=\"{selected}\">")))
        .flatten();
    match at {
        Some(at) => {
            // Before the option's closing `>`.
            let end = at + " value=\"\"".len() + selected.len();
            let mut marked = String::with_capacity(html.len() + " selected".len());
            marked.push_str(&html[..end]);
            marked.push_str(" selected");
            marked.push_str(&html[end..]);
            marked
        }
        None => html.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_value_and_only_it_is_marked() {
        let html = OptionList::Countries.html(Locale::en, "FR");
        assert_eq!(html.matches(" selected").count(), 1);
        assert!(html.contains("<option value=\"FR\" selected>France</option>"));
        // A value that is a prefix of another's, or no code at all, marks nothing.
        assert!(!OptionList::Countries
            .html(Locale::en, "F")
            .contains(" selected"));
        assert!(!OptionList::Countries
            .html(Locale::en, "FR\"><option value=\"DE")
            .contains(" selected"));
        assert!(!OptionList::Countries
            .html(Locale::en, "")
            .contains(" selected"));
    }

    #[test]
    fn lists_follow_the_language_and_escape_their_text() {
        let fr = OptionList::CountriesToChoose.html(Locale::fr, "");
        assert!(fr.starts_with("<option value=\"\">"));
        assert!(fr.contains(">Allemagne</option>"));
        assert!(!fr.contains(">Germany<"));
        let every_name = OptionList::all()
            .flat_map(|l| Locale::get_all().iter().map(move |&loc| l.html(loc, "")))
            .collect::<String>();
        // Text is escaped: no `<` but the tags' own.
        assert_eq!(
            every_name.matches('<').count(),
            every_name.matches("<option").count() + every_name.matches("</option>").count()
        );
    }

    #[test]
    fn address_countries_carry_their_postal_example() {
        let html = OptionList::AddressCountries.html(Locale::en, "US");
        assert!(html.contains("<option data-example=\"94105\" value=\"US\" selected>"));
    }

    #[test]
    fn region_lists_start_with_choose_and_exist_only_where_known() {
        let us = OptionList::Regions("US").html(Locale::en, "CA");
        assert!(us.starts_with("<option value=\"\">"));
        assert!(us.contains("value=\"CA\" selected>California</option>"));
        assert!(OptionList::Regions("FR").html(Locale::en, "").is_empty());
    }
}
