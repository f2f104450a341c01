//! The Partner settings and Developer settings areas. Each answers "not found"
//! from the server for an account without an active program in the area.

use std::sync::Arc;

use leptos::prelude::*;

use crate::model::page::Page;
use leptos_router::hooks::use_location;

use crate::api::agreements::load_agreements;
use crate::api::programs::load_settings_area;
use crate::i18n::*;
use crate::model::{AppError, Permission, SettingsArea};
use crate::ui::agreements::ProgramInformation;
use crate::ui::common::{area_name, use_param, ErrorView, Loading};
use crate::ui::programs::{ProgramList, WithShell};
use crate::ui::shell::from_locale;
use crate::ui::shell::use_shell;

/// Loads the area named in the URL; the server decides whether it exists here.
fn use_area() -> Resource<Result<SettingsArea, AppError>> {
    let shell = use_shell();
    let code = use_param("area");
    Resource::new(
        move || (shell.partner_id.get(), code.get(), shell.version()),
        |(partner_id, code, _)| async move {
            let code = code.ok_or(AppError::NotFound)?;
            let area = SettingsArea::from_code(&code).ok_or(AppError::NotFound)?;
            load_settings_area(partner_id.ok_or(AppError::NotFound)?, code).await?;
            Ok(area)
        },
    )
}

/// Renders the area's page once the server has allowed it.
#[component]
fn AreaPage(children: Arc<dyn Fn(SettingsArea) -> AnyView + Send + Sync>) -> impl IntoView {
    let area = use_area();
    view! {
        <Suspense fallback=Loading>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                match area.await {
                    Ok(area) => children(area),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })
            }}
        </Suspense>
    }
}

/// A section's name in the area's section list.
fn section_name(locale: Locale, page: Page) -> &'static str {
    match page {
        Page::PartnerProfile => td_string!(locale, partner.profile),
        Page::BillingProfile => td_string!(locale, billing.title),
        Page::BusinessProfile => td_string!(locale, business.title),
        Page::AccountSettings => td_string!(locale, developer.account_settings),
        Page::ContactInfo => td_string!(locale, developer.contact_info),
        Page::AreaPrograms(_) => td_string!(locale, programs.title),
        Page::Agreements(_) => td_string!(locale, agreements.title),
        _ => "",
    }
}

/// The area's section list, on each of its pages; the current page is marked.
#[component]
pub fn AreaSections(area: SettingsArea) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let pathname = use_location().pathname;
    let link = move |href: Signal<String>, label: Signal<String>| {
        let current = move || (pathname.get() == href.get()).then_some("page");
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
                        // Only the sections that open for the account (the
                        // page catalog's rule).
                        view! {
                            <Show when=move || shell.data().is_some_and(|d| page.opens(&d.enrollments))>
                                {link(
                                    Signal::derive(move || shell.href(page)),
                                    Signal::derive(move || section_name(i18n.get_locale(), page).to_string()),
                                )}
                            </Show>
                        }
                    })
                    .collect_view()}
                // The one user-management page, named as each area names it.
                <Show when=move || shell.data().is_some_and(|d| d.account.can(Permission::ManageUsers))>
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

/// An area's landing page: its sections and the program information, loaded
/// in one request-set and rendered in one Suspense (nested suspense inside a
/// lazily loaded page has been seen to break hydration).
#[component]
pub fn SettingsAreaPage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let code = use_param("area");
    let data = Resource::new(
        move || {
            (
                shell.partner_id.get(),
                code.get(),
                from_locale(i18n.get_locale()).code(),
                shell.version(),
            )
        },
        |(partner_id, code, language, _)| async move {
            let partner_id = partner_id.ok_or(AppError::NotFound)?;
            let code = code.ok_or(AppError::NotFound)?;
            let area = SettingsArea::from_code(&code).ok_or(AppError::NotFound)?;
            let enrollments = load_settings_area(partner_id, code.clone()).await?;
            let agreements = load_agreements(partner_id, code, language.to_string()).await?;
            Ok::<_, AppError>((area, enrollments, agreements))
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok((area, enrollments, agreements)) => view! {
                        <h1 class="text-2xl font-semibold">{move || area_name(i18n, area)}</h1>
                        <AreaSections area />
                        <p class="mt-6 text-slate-700">{tr!(settings.intro)}</p>
                        <ProgramInformation enrollments agreements />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AreaProgramsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <AreaPage children=Arc::new(move |area| view! {
            <p class="text-sm text-slate-600">{move || area_name(i18n, area)}</p>
            <h1 class="text-2xl font-semibold">{tr!(programs.title)}</h1>
            <AreaSections area />
            <WithShell>
                <ProgramList area heading=false />
            </WithShell>
        }.into_any()) />
    }
}
