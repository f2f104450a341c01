//! The Partner settings and Developer settings areas. Each answers "not found"
//! from the server for an account without an active program in the area.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::programs::{load_agreements, load_settings_area};
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

/// The pages an area holds so far.
#[component]
fn AreaSections(area: SettingsArea) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    view! {
        <nav aria-label=tr_attr!(settings.sections) class="mt-4">
            <ul class="flex flex-wrap gap-2">
                {(area == SettingsArea::Partner).then(|| view! {
                    <li>
                        <a
                            class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50"
                            href=move || shell.path("settings/partner/profile")
                        >
                            {tr!(partner.profile)}
                        </a>
                    </li>
                    <li>
                        <a
                            class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50"
                            href=move || shell.path("settings/partner/billing")
                        >
                            {tr!(billing.title)}
                        </a>
                    </li>
                    <li>
                        <a
                            class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50"
                            href=move || shell.path("settings/partner/business")
                        >
                            {tr!(business.title)}
                        </a>
                    </li>
                })}
                {(area == SettingsArea::Developer).then(|| view! {
                    <li>
                        <a
                            class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50"
                            href=move || shell.path("settings/developer/account")
                        >
                            {tr!(developer.account_settings)}
                        </a>
                    </li>
                    <li>
                        <a
                            class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50"
                            href=move || shell.path("settings/developer/contact")
                        >
                            {tr!(developer.contact_info)}
                        </a>
                    </li>
                })}
                <li>
                    <a
                        class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50"
                        href=move || shell.path(&format!("settings/{}/programs", area.code()))
                    >
                        {tr!(programs.title)}
                    </a>
                </li>
                <li>
                    <a
                        class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50"
                        href=move || shell.path(&format!("settings/{}/agreements", area.code()))
                    >
                        {tr!(agreements.title)}
                    </a>
                </li>
                // The one user-management page, named as each area names it.
                <Show when=move || shell.data().is_some_and(|d| d.account.can(Permission::ManageUsers))>
                    <li>
                        <a class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50" href=move || shell.path("users")>
                            {move || match area {
                                SettingsArea::Partner => t_string!(i18n, users.title).to_string(),
                                SettingsArea::Developer => t_string!(i18n, users.developer_title).to_string(),
                            }}
                        </a>
                    </li>
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
