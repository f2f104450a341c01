//! An area's section list, shown on each of its pages: the pages of the
//! area that open for the account (the page catalog decides), the current
//! one marked.

use leptos::prelude::*;

use crate::i18n::*;
use crate::model::page::Page;
use crate::model::SettingsArea;
use crate::ui::common::{is_current, use_path, Show};
use crate::ui::context::use_shell;

/// A section's name in the area's section list.
fn section_name(locale: Locale, page: Page) -> &'static str {
    match page {
        Page::PartnerProfile => td_string!(locale, partner.profile),
        Page::BillingProfile => td_string!(locale, billing.title),
        Page::BusinessProfile => td_string!(locale, business.title),
        Page::Locations => td_string!(locale, locations.title),
        Page::SupportProfile => td_string!(locale, support.title),
        Page::OrganizationProfile => td_string!(locale, organization.title),
        Page::TaxExemptions => td_string!(locale, exemptions.title),
        Page::AccountSettings => td_string!(locale, developer.account_settings),
        Page::ContactInfo => td_string!(locale, developer.contact_info),
        Page::PayoutProfile => td_string!(locale, payout.title),
        Page::AreaPrograms(_) => td_string!(locale, programs.title),
        Page::Agreements(_) => td_string!(locale, agreements.title),
        Page::ActivityLog(_) => td_string!(locale, activity.title),
        Page::CpvApplications => td_string!(locale, cpv.title),
        _ => "",
    }
}

/// The area's section list, on each of its pages; the current page is marked.
#[component]
pub fn AreaSections(area: SettingsArea) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let pathname = use_path();
    let link = move |href: Signal<String>, label: Signal<String>| {
        // `try_get`: see `ShellContext` (a request abandoned mid-render).
        let current = move || {
            let href = href.try_get()?;
            pathname
                .try_with(|here| is_current(here, &href, true))?
                .then_some("page")
        };
        view! {
            <li>
                <a
                    class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50 aria-[current=page]:border-blue-700 aria-[current=page]:font-semibold"
                    href=href
                    aria-current=current
                >
                    {label}
                </a>
            </li>
        }
    };
    view! {
        <nav aria-label=tr_attr!(settings.sections) class="mt-4">
            <ul class="flex flex-wrap gap-2">
                {area
                    .sections()
                    .iter()
                    .map(|&page| {
                        // Only the sections that open for the account and that
                        // the member may see (the page catalog's rules).
                        view! {
                            <Show when=move || shell.with(|d| page.opens(&d.enrollments) && page.visible_to(&d.account)).unwrap_or(false)>
                                {link(
                                    Signal::derive(move || shell.href(page)),
                                    Signal::derive(move || section_name(i18n.get_locale(), page).to_string()),
                                )}
                            </Show>
                        }
                    })
                    .collect_view()}
                // The one user-management page, named as each area names it.
                <Show when=move || shell.sees(Page::Users)>
                    {link(
                        Signal::derive(move || shell.href(Page::Users)),
                        Signal::derive(move || match area {
                            SettingsArea::Partner => t_string!(i18n, users.title).to_string(),
                            SettingsArea::Developer => t_string!(i18n, users.developer_title).to_string(),
                        }),
                    )}
                </Show>
            </ul>
        </nav>
    }
}
