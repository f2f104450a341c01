//! The Partner settings and Developer settings areas. Each answers "not found"
//! from the server for an account without an active program in the area.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::programs::load_settings_area;
use crate::i18n::*;
use crate::model::{AppError, SettingsArea};
use crate::ui::common::{area_name, use_param, ErrorView, Loading};
use crate::ui::programs::{ProgramList, WithShell};
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
        <nav aria-label=move || t_string!(i18n, settings.sections).to_string() class="mt-4">
            <ul class="flex flex-wrap gap-2">
                <li>
                    <a
                        class="inline-block rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50"
                        href=move || shell.path(&format!("settings/{}/programs", area.code()))
                    >
                        {t!(i18n, programs.title)}
                    </a>
                </li>
            </ul>
        </nav>
    }
}

#[component]
pub fn SettingsAreaPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <AreaPage children=Arc::new(move |area| view! {
            <h1 class="text-2xl font-semibold">{move || area_name(i18n, area)}</h1>
            <AreaSections area />
            <p class="mt-6 text-slate-700">{t!(i18n, settings.intro)}</p>
        }.into_any()) />
    }
}

#[component]
pub fn AreaProgramsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <AreaPage children=Arc::new(move |area| view! {
            <p class="text-sm text-slate-600">{move || area_name(i18n, area)}</p>
            <h1 class="text-2xl font-semibold">{t!(i18n, programs.title)}</h1>
            <AreaSections area />
            <WithShell>
                <ProgramList area heading=false />
            </WithShell>
        }.into_any()) />
    }
}
