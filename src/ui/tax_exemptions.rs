//! Partner settings → Tax exemptions: the account's requests and a form to
//! submit one with its certificate (a file, sent as multipart form data).

use crate::ui::common::loaded;
use crate::ui::common::{load, Show};
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::tax_exemptions::{load_tax_exemptions, SubmitTaxExemption, WithdrawTaxExemption};
use crate::i18n::*;
use crate::model::country;
use crate::model::dates::{long_date, number, parse_date};
use crate::model::page::Page;
use crate::model::tax_exemption::{
    certificate_href, ExemptionStatus, TaxExemption, CERTIFICATE_MAX_BYTES, EXEMPTION_TYPES,
};
use crate::model::{AppError, Language, Permission, SettingsArea};
use crate::ui::action_form::{answer_in_page, ActionForm, FormAction};
use crate::ui::common::Loading;
use crate::ui::context::{use_shell, WithPage};
use crate::ui::errors::{error_text, field_problem, problem_text, ErrorView};
use crate::ui::forms::{SelectField, TextField, BUTTON};
use crate::ui::i18n::from_locale;
use crate::ui::option_lists::OptionList;
use crate::ui::sections::AreaSections;

/// An exemption type's name.
pub fn exemption_type_name(i18n: leptos_i18n::I18nContext<Locale>, code: &str) -> String {
    match code {
        "resale" => t_string!(i18n, exemptions.type_resale),
        "nonprofit" => t_string!(i18n, exemptions.type_nonprofit),
        "government" => t_string!(i18n, exemptions.type_government),
        "education" => t_string!(i18n, exemptions.type_education),
        _ => t_string!(i18n, exemptions.type_other),
    }
    .to_string()
}

pub fn exemption_status_name(
    i18n: leptos_i18n::I18nContext<Locale>,
    status: ExemptionStatus,
) -> String {
    match status {
        ExemptionStatus::Submitted => t_string!(i18n, exemptions.status_submitted),
        ExemptionStatus::Approved => t_string!(i18n, exemptions.status_approved),
        ExemptionStatus::Rejected => t_string!(i18n, exemptions.status_rejected),
    }
    .to_string()
}

/// "1 January 2026 – 31 December 2027" in the reader's language.
pub fn validity(language: Language, from: &str, until: &str) -> String {
    let date = |text: &str| parse_date(text).map_or(text.to_string(), |s| long_date(s, language));
    format!("{} – {}", date(from), date(until))
}

/// "120 KB" with the language's separators.
pub fn file_size(language: Language, bytes: i64) -> String {
    let kb = (bytes + 1023) / 1024;
    match language {
        Language::En => format!("{} KB", number(kb, language)),
        Language::Fr => format!("{} Ko", number(kb, language)),
    }
}

#[component]
pub fn TaxExemptionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    // The last change's outcome (a page rendered with a save's answer).
    let message = match (
        answer_in_page::<WithdrawTaxExemption>(),
        answer_in_page::<SubmitTaxExemption>(),
    ) {
        (Some(Ok(())), _) => Some(t_string!(i18n, exemptions.withdrawn).to_string()),
        (Some(Err(error)), _) => Some(error_text(i18n, &error)),
        (None, Some(Ok(_))) => Some(t_string!(i18n, exemptions.submitted).to_string()),
        _ => None,
    };
    let exemptions = load(
        move || shell.partner_id(),
        |partner_id| async move { load_tax_exemptions(partner_id.ok_or(AppError::NotFound)?).await },
    );
    let may_edit = Signal::derive(move || shell.may(Permission::ManageBilling));
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.partner)}</p>
        <h1 class="text-2xl font-semibold">{tr!(exemptions.title)}</h1>
        <WithPage page=Page::TaxExemptions>
            <AreaSections area=SettingsArea::Partner />
            <p class="mt-4 max-w-2xl text-slate-700">{tr!(exemptions.intro)}</p>
            <p role="status" class="mt-2 text-sm">{message.clone()}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(exemptions).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(found) => view! {
                            <ExemptionList exemptions=found.exemptions may_edit />
                            <Show when=move || may_edit.get()>
                                <RequestForm country=found.country.clone() />
                            </Show>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </WithPage>
    }
}

#[component]
fn ExemptionList(exemptions: Vec<TaxExemption>, may_edit: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let withdraw = FormAction::<WithdrawTaxExemption>::new();
    let empty = exemptions.is_empty();
    view! {
        <section class="mt-6 max-w-3xl" aria-labelledby="exemptions-list">
            <h2 id="exemptions-list" class="text-lg font-semibold">{tr!(exemptions.list)}</h2>
            {empty.then(|| view! { <p class="mt-2">{tr!(exemptions.none)}</p> })}
            <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white" aria-labelledby="exemptions-list">
                {exemptions.into_iter().map(|e| {
                    let language = move || from_locale(i18n.get_locale());
                    let href = certificate_href(shell.partner_id.get_untracked().unwrap_or_default(), &e.id);
                    let (kind, country_code) = (e.exemption_type.clone(), e.country.clone());
                    let title = move || format!(
                        "{} · {}",
                        exemption_type_name(i18n, &kind),
                        country::find(&country_code).map_or(country_code.clone(), |c| c.name(language()).to_string()),
                    );
                    let (from, until) = (e.valid_from.clone(), e.valid_until.clone());
                    let size = e.file_size;
                    let (file_name, download_name) = (e.file_name.clone(), e.file_name.clone());
                    let status = e.status;
                    let id = e.id.clone();
                    let title_id = format!("exemption-{}", e.id);
                    let label_id = title_id.clone();
                    view! {
                        <li class="flex flex-col gap-1 p-3" aria-labelledby=label_id>
                            <div class="flex flex-wrap items-center gap-2">
                                <h3 id=title_id class="font-medium">{title}</h3>
                                <span class="rounded bg-slate-100 px-2 py-0.5 text-xs font-semibold">{move || exemption_status_name(i18n, status)}</span>
                            </div>
                            <span class="text-sm">{tr!(exemptions.certificate_number)} ": " <span class="font-mono">{e.certificate_number.clone()}</span></span>
                            <span class="text-sm text-slate-700">{move || validity(language(), &from, &until)}</span>
                            {e.reason.clone().map(|reason| view! {
                                <p class="text-sm text-red-800"><span class="font-medium">{tr!(exemptions.reason)} ": "</span>{reason}</p>
                            })}
                            <div class="flex flex-wrap items-center gap-3 text-sm">
                                <a class="text-blue-700 underline" href=href download=download_name>
                                    {move || t_string!(i18n, exemptions.download, name = file_name.clone(), size = file_size(language(), size)).to_string()}
                                </a>
                                {(status == ExemptionStatus::Submitted).then(|| {
                                    let id = id.clone();
                                    view! {
                                        <ActionForm action=withdraw attr:class=move || if may_edit.get() { "" } else { "hidden" }>
                                            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                                            <input type="hidden" name="exemption_id" value=id />
                                            <button
                                                type="submit"
                                                class="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50 disabled:opacity-60"
                                                disabled=move || withdraw.pending().get()
                                            >
                                                {tr!(exemptions.withdraw)}
                                            </button>
                                        </ActionForm>
                                    }
                                })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The request form: its fields, and the certificate as a file. The
/// typed values stay in the form when the server refuses them.
#[component]
fn RequestForm(country: String) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    // A page rendered with a refused request's answer: its errors.
    let error = answer_in_page::<SubmitTaxExemption>().and_then(Result::err);
    let problem = |field: &'static str| Signal::stored(field_problem(error.clone(), field));
    let other_error = error.clone().filter(|e| !matches!(e, AppError::Invalid(_)));
    let certificate_problem =
        field_problem(error.clone(), "certificate").map(|p| problem_text(i18n, p));
    let types = EXEMPTION_TYPES
        .iter()
        .map(|&code| {
            (
                code,
                Signal::derive(move || exemption_type_name(i18n, code)),
            )
        })
        .collect::<Vec<_>>();
    let max_mb = CERTIFICATE_MAX_BYTES / (1024 * 1024);
    view! {
        <section class="mt-8 max-w-md" aria-labelledby="exemption-form-title">
            <h2 id="exemption-form-title" class="text-lg font-semibold">{tr!(exemptions.request_title)}</h2>
            <form action=SubmitTaxExemption::url() method="post" enctype="multipart/form-data" class="mt-3 flex flex-col gap-4">
                <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                <SelectField label=tr!(exemptions.country) name="exemption[country]" options=OptionList::Countries selected=country problem=problem("country") />
                <SelectField label=tr!(exemptions.exemption_type) name="exemption[exemption_type]" options=types selected="resale".to_string() problem=problem("exemption_type") />
                <TextField label=tr_attr!(exemptions.certificate_number) name="exemption[certificate_number]" problem=problem("certificate_number") />
                <TextField label=tr_attr!(exemptions.valid_from) name="exemption[valid_from]" kind="date" problem=problem("valid_from") />
                <TextField label=tr_attr!(exemptions.valid_until) name="exemption[valid_until]" kind="date" problem=problem("valid_until") />
                <div class="flex flex-col gap-1">
                    <label for="field-certificate" class="text-sm font-medium">{tr!(exemptions.certificate)}</label>
                    <p id="field-certificate-hint" class="text-sm text-slate-600">{move || t_string!(i18n, exemptions.certificate_hint, max = max_mb).to_string()}</p>
                    <input
                        id="field-certificate"
                        type="file"
                        name="certificate"
                        accept="application/pdf,image/jpeg,image/png"
                        class="max-w-full text-sm"
                        aria-invalid=certificate_problem.is_some().to_string()
                        aria-describedby="field-certificate-hint field-certificate-error"
                    />
                    <p id="field-certificate-error" class="text-sm text-red-700">{certificate_problem}</p>
                </div>
                <p role="alert" class="text-sm text-red-700">{other_error.map(|e| error_text(i18n, &e))}</p>
                <button type="submit" class=BUTTON>
                    {tr!(exemptions.submit)}
                </button>
            </form>
        </section>
    }
}
