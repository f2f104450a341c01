//! The program list, a program's page, and the enrollment controls.

use crate::ui::common::loaded;
use crate::ui::common::{load, Loaded, Show};
use leptos::prelude::*;

use crate::model::page::Page;
use crate::ui::action_form::{ActionForm, FormAction};

use crate::api::programs::{load_program, AcknowledgeFee, Enroll, ResendVerification, Withdraw};
use crate::i18n::*;
use crate::model::requirement::{Check, ProgramDetail, Requirement};
use crate::model::{AppError, EnrollmentStatus, Permission, Program, SettingsArea};
use crate::ui::common::{use_param, Loading};
use crate::ui::context::use_shell;
use crate::ui::context::{WithPage, WithShell};
use crate::ui::errors::{error_text, ErrorView, NotFoundPage};
use crate::ui::names::{agreement_name, area_name, program_name, status_name};

#[component]
pub fn ProgramsPage() -> impl IntoView {
    view! {
        <h1 class="text-2xl font-semibold">{tr!(programs.title)}</h1>
        <p class="mt-2 text-slate-700">{tr!(programs.intro)}</p>
        // A Default user sees only their own profile: 403 here.
        <WithPage page=Page::Programs>
            {SettingsArea::ALL
                .into_iter()
                .map(|area| view! { <ProgramList area heading=true /> })
                .collect_view()}
        </WithPage>
    }
}

/// The programs of one area, each with its status and controls.
#[component]
pub fn ProgramList(area: SettingsArea, heading: bool) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("programs-{}", area.code());
    let labelled_by = heading_id.clone();
    view! {
        <section class="mt-8" aria-labelledby=labelled_by>
            <h2 id=heading_id class="text-lg font-semibold" class:sr-only=!heading>
                {move || match area {
                    SettingsArea::Partner => t_string!(i18n, programs.partner_programs).to_string(),
                    SettingsArea::Developer => t_string!(i18n, programs.developer_programs).to_string(),
                }}
            </h2>
            <div class="mt-3 grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
                {area.programs().map(|program| view! { <ProgramCard program /> }).collect_view()}
            </div>
        </section>
    }
}

#[component]
pub fn ProgramPage() -> impl IntoView {
    let shell = use_shell();
    let code = use_param("program");
    let program = Memo::new(move |_| code.get().as_deref().and_then(Program::from_code));
    let acknowledge = FormAction::<AcknowledgeFee>::new();
    let resend = FormAction::<ResendVerification>::new();
    // Made here, outside any closure: the server runs closures once per
    // rendering pass, and a resource made in one would load once per pass.
    let detail = load(
        move || (program.get(), shell.partner_id()),
        move |(program, partner_id)| async move {
            let program = program.ok_or(AppError::NotFound)?;
            load_program(partner_id.ok_or(AppError::NotFound)?, program.code().into()).await
        },
    );
    move || match program.get() {
        None => view! { <NotFoundPage /> }.into_any(),
        Some(program) => view! {
            <WithShell>
                <ProgramCard program page=true />
            </WithShell>
            <Requirements detail acknowledge resend />
        }
        .into_any(),
    }
}

/// One program: name, area, status, and "Get started" / "Withdraw" for those
/// allowed to manage programs.
#[component]
pub fn ProgramCard(program: Program, #[prop(optional)] page: bool) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let status = move || {
        shell
            .with(|d| {
                d.enrollments
                    .iter()
                    .find(|e| e.program == program)
                    .map(|e| e.status)
            })
            .flatten()
    };
    let can_manage = move || shell.may(Permission::ManagePrograms);
    let enroll = FormAction::<Enroll>::for_form("program_code", program.code());
    let withdraw = FormAction::<Withdraw>::for_form("program_code", program.code());
    let said = move |result: Result<(), AppError>, done: &str| match result {
        Ok(()) => done.to_string(),
        Err(error) => error_text(i18n, &error),
    };
    // The outcome of a save, announced in the card's status region (a page
    // rendered with a save's answer).
    let message = enroll
        .value()
        .get_untracked()
        .map(|r| said(r, t_string!(i18n, programs.enrolled_message)))
        .or_else(|| {
            withdraw
                .value()
                .get_untracked()
                .map(|r| said(r, t_string!(i18n, programs.withdrawn_message)))
        });
    let partner_id = move || shell.partner_id().unwrap_or_default();
    let heading_id = format!("program-{}", program.code());
    let labelled_by = heading_id.clone();
    let button = "rounded px-3 py-1.5 text-sm font-medium disabled:opacity-60";
    let title = move || program_name(i18n, program);
    view! {
        <section class="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby=labelled_by>
            {if page {
                view! { <h1 id=heading_id class="text-2xl font-semibold">{title}</h1> }.into_any()
            } else {
                view! {
                    <h3 id=heading_id class="font-semibold">
                        <a class="hover:underline" href=move || shell.href(Page::Program(program))>{title}</a>
                    </h3>
                }
                .into_any()
            }}
            <p class="mt-1 text-sm text-slate-600">{move || area_name(i18n, program.area())}</p>
            <p class="mt-2 text-sm">
                {tr!(programs.status_label)} " "
                <span class="font-medium">{move || status_name(i18n, status())}</span>
            </p>
            <Show when=can_manage>
                <div class="mt-3 flex flex-wrap gap-2">
                    <Show
                        when=move || status().is_some()
                        fallback=move || view! {
                            <ActionForm action=enroll>
                                <input type="hidden" name="partner_id" value=partner_id />
                                <input type="hidden" name="program_code" value=program.code() />
                                <button
                                    type="submit"
                                    class=format!("{button} bg-blue-700 text-white hover:bg-blue-800")
                                    disabled=move || enroll.pending().get()
                                >
                                    {tr!(programs.get_started)}
                                </button>
                            </ActionForm>
                        }
                    >
                        // Asks first; both steps are in the page (see `Confirmed`).
                        <div data-confirm="" class="flex flex-wrap gap-2">
                            <button
                                type="button"
                                class=format!("{button} border border-slate-300 hover:bg-slate-50")
                                data-confirm-ask=""
                            >
                                {tr!(programs.withdraw)}
                            </button>
                            <div data-confirm-step="" hidden>
                                <p class="w-full text-sm">{tr!(programs.withdraw_confirm_text)}</p>
                                <ActionForm action=withdraw attr:class="mt-2 flex flex-wrap gap-2">
                                    <input type="hidden" name="partner_id" value=partner_id />
                                    <input type="hidden" name="program_code" value=program.code() />
                                    <button
                                        type="submit"
                                        class=format!("{button} bg-red-700 text-white hover:bg-red-800")
                                        disabled=move || withdraw.pending().get()
                                    >
                                        {tr!(programs.confirm_withdraw)}
                                    </button>
                                    <button
                                        type="button"
                                        class=format!("{button} border border-slate-300 hover:bg-slate-50")
                                        data-confirm-cancel=""
                                    >
                                        {tr!(common.cancel)}
                                    </button>
                                </ActionForm>
                            </div>
                        </div>
                    </Show>
                </div>
            </Show>
            <p role="status" class="mt-2 text-sm text-slate-700">{message}</p>
        </section>
    }
    // Erased here: the card's full type is deep enough to strain the compiler.
    .into_any()
}

/// A program page's checklist: each requirement, whether it is met, and a
/// link to the page that meets it (or the button, for the fee and the link).
#[component]
fn Requirements(
    detail: Loaded<ProgramDetail>,
    acknowledge: FormAction<AcknowledgeFee>,
    resend: FormAction<ResendVerification>,
) -> impl IntoView {
    view! {
        <section class="mt-6 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="requirements">
            <h2 id="requirements" class="text-lg font-semibold">{tr!(programs.requirements)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(detail).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(detail) => view! { <Checklist detail acknowledge resend /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn Checklist(
    detail: ProgramDetail,
    acknowledge: FormAction<AcknowledgeFee>,
    resend: FormAction<ResendVerification>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let may_manage = move || shell.may(Permission::ManagePrograms);
    let may_edit_profile = move || shell.may(Permission::EditLegalProfile);
    let partner_id = move || shell.partner_id().unwrap_or_default();
    let summary = match detail.status {
        Some(EnrollmentStatus::Pending) => Some(tr!(programs.pending_text).into_any()),
        Some(EnrollmentStatus::Rejected) => Some(tr!(programs.rejected_text).into_any()),
        _ => None,
    };
    let message = move || {
        let sent = resend.value().get().map(|r| match r {
            Ok(()) => t_string!(i18n, programs.resent_message).to_string(),
            Err(error) => error_text(i18n, &error),
        });
        let fee = acknowledge
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| error_text(i18n, &e));
        fee.or(sent)
    };
    let contact_email = detail.contact_email.clone();
    let enrolled = detail.status.is_some();
    let enrollments = detail.enrollments.clone();
    let account_type = detail.account_type;
    let items = detail
        .checklist
        .into_iter()
        .map(|(requirement, check)| {
            let mut label = requirement_label(i18n, requirement);
            if requirement == Requirement::AccountTypeChosen {
                let kind = match account_type {
                    crate::model::AccountType::Individual => t_string!(i18n, auth.individual),
                    crate::model::AccountType::Company => t_string!(i18n, auth.company),
                };
                label = format!("{label}: {kind}");
            }
            // Link only to a page that opens for the account (a settings
            // page opens once the account has enrolled in its area).
            let fix = (check == Check::Missing)
                .then(|| requirement.fixed_on())
                .flatten()
                .filter(|page| page.opens(&enrollments));
            let label_view = match fix {
                Some(page) => view! {
                    <a class="text-blue-700 underline" href=move || shell.href(page)>{label}</a>
                }
                .into_any(),
                None => view! { <span>{label}</span> }.into_any(),
            };
            let extra = match (requirement, check) {
                (Requirement::PrimaryEmailVerified, Check::Waiting) => {
                    let email = contact_email.clone();
                    Some(view! {
                        <p class="mt-1 text-sm text-slate-700">{tr!(programs.link_sent)} " " <span class="break-all font-medium">{email}</span></p>
                        <ActionForm action=resend attr:class=move || if may_edit_profile() { "" } else { "hidden" }>
                            <input type="hidden" name="partner_id" value=partner_id />
                            <button
                                type="submit"
                                class="mt-2 rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60"
                                disabled=move || resend.pending().get()
                            >
                                {tr!(programs.resend)}
                            </button>
                        </ActionForm>
                    }
                    .into_any())
                }
                (Requirement::RegistrationFeeAcknowledged, Check::Missing) => Some(view! {
                    <p class="mt-1 text-sm text-slate-700">{tr!(programs.fee_text)}</p>
                    <ActionForm action=acknowledge attr:class=move || if !may_manage() || !enrolled { "hidden" } else { "" }>
                        <input type="hidden" name="partner_id" value=partner_id />
                        <button
                            type="submit"
                            class="mt-2 rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60"
                            disabled=move || acknowledge.pending().get()
                        >
                            {tr!(programs.acknowledge_fee)}
                        </button>
                    </ActionForm>
                }
                .into_any()),
                _ => None,
            };
            let (mark, state_class) = match check {
                Check::Met => ("✓", "text-green-800"),
                Check::Missing => ("○", "text-slate-700"),
                Check::Waiting => ("…", "text-amber-800"),
                Check::Impossible => ("✕", "text-red-700"),
            };
            view! {
                <li class="flex gap-3 py-3">
                    <span aria-hidden="true" class=format!("w-4 shrink-0 font-bold {state_class}")>{mark}</span>
                    <div class="min-w-0">
                        {label_view}
                        <p class=format!("text-sm {state_class}")>{check_name(i18n, check)}</p>
                        {extra}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        {summary.map(|text| view! { <p class="mt-2 text-sm text-slate-700">{text}</p> })}
        <p class="mt-2 text-sm text-slate-600">{tr!(programs.requirements_intro)}</p>
        <ul class="mt-2 divide-y divide-slate-200" aria-labelledby="requirements">{items}</ul>
        <p role="status" class="mt-2 text-sm text-slate-700">{message}</p>
    }
    .into_any()
}

fn check_name(i18n: leptos_i18n::I18nContext<Locale>, check: Check) -> String {
    match check {
        Check::Met => t_string!(i18n, programs.check.met),
        Check::Missing => t_string!(i18n, programs.check.missing),
        Check::Waiting => t_string!(i18n, programs.check.waiting),
        Check::Impossible => t_string!(i18n, programs.check.impossible),
    }
    .to_string()
}

fn requirement_label(i18n: leptos_i18n::I18nContext<Locale>, requirement: Requirement) -> String {
    use Requirement as R;
    match requirement {
        R::LegalProfileComplete => t_string!(i18n, programs.req.legal_profile).to_string(),
        R::PrimaryEmailVerified => t_string!(i18n, programs.req.email_verified).to_string(),
        R::BusinessAddressComplete => t_string!(i18n, programs.req.business_address).to_string(),
        R::ActiveMpn => t_string!(i18n, programs.req.active_mpn).to_string(),
        R::BillingTaxId => t_string!(i18n, programs.req.billing_tax_id).to_string(),
        R::AdminPresent => t_string!(i18n, programs.req.admin_present).to_string(),
        R::AgreementAccepted(agreement) => format!(
            "{} {}",
            t_string!(i18n, programs.req.agreement),
            agreement_name(i18n, agreement)
        ),
        R::BusinessProfilePublished => t_string!(i18n, programs.req.business_profile).to_string(),
        R::CompanyAccount => t_string!(i18n, programs.req.company_account).to_string(),
        R::AccountTypeChosen => t_string!(i18n, programs.req.account_type).to_string(),
        R::PublisherDisplayName => t_string!(i18n, programs.req.display_name).to_string(),
        R::RegistrationFeeAcknowledged => t_string!(i18n, programs.req.fee).to_string(),
    }
}
