//! The Partner settings and Developer settings areas. Each answers "not found"
//! from the server for an account without an active program in the area.

use std::sync::Arc;

use crate::ui::common::loaded;
use crate::ui::common::{load, Loaded};
use leptos::prelude::*;

use crate::api::agreements::load_agreements;
use crate::api::programs::load_settings_area;
use crate::i18n::*;
use crate::model::{AppError, SettingsArea};
use crate::ui::agreements::ProgramInformation;
use crate::ui::common::{use_param, Loading};
use crate::ui::context::{use_shell, WithShell};
use crate::ui::errors::ErrorView;
use crate::ui::i18n::from_locale;
use crate::ui::names::area_name;
use crate::ui::programs::ProgramList;
use crate::ui::sections::AreaSections;

/// Loads the area named in the URL; the server decides whether it exists here.
fn use_area() -> Loaded<SettingsArea> {
    let shell = use_shell();
    let code = use_param("area");
    load(
        move || (shell.partner_id(), code.get()),
        |(partner_id, code)| async move {
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
                match loaded(area).await {
                    Ok(area) => children(area),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })
            }}
        </Suspense>
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
    let data = load(
        move || {
            (
                shell.partner_id(),
                code.get(),
                from_locale(i18n.get_locale()).code(),
            )
        },
        |(partner_id, code, language)| async move {
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
                match loaded(data).await {
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
