//! The program list, a program's page, and the enrollment controls.

use leptos::prelude::*;

use crate::api::programs::{Enroll, Withdraw};
use crate::i18n::*;
use crate::model::{Permission, Program, SettingsArea};
use crate::ui::common::{
    area_name, error_text, program_name, status_name, use_param, ErrorView, Loading, NotFoundPage,
};
use crate::ui::shell::use_shell;

/// Renders `children` once the shell is loaded, or the shell's error.
#[component]
pub fn WithShell(children: ChildrenFn) -> impl IntoView {
    let shell = use_shell();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=Loading>
            <Show
                when=move || matches!(shell.shell.get(), Some(Ok(_)))
                fallback=move || {
                    shell.shell.get().and_then(Result::err).map(|error| view! { <ErrorView error /> })
                }
            >
                {children.read_value()()}
            </Show>
        </Suspense>
    }
}

#[component]
pub fn ProgramsPage() -> impl IntoView {
    view! {
        <h1 class="text-2xl font-semibold">{tr!(programs.title)}</h1>
        <p class="mt-2 text-slate-700">{tr!(programs.intro)}</p>
        <WithShell>
            {SettingsArea::ALL
                .into_iter()
                .map(|area| view! { <ProgramList area heading=true /> })
                .collect_view()}
        </WithShell>
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
    let code = use_param("program");
    move || match code.get().as_deref().and_then(Program::from_code) {
        None => view! { <NotFoundPage /> }.into_any(),
        Some(program) => view! {
            <WithShell>
                <ProgramCard program page=true />
            </WithShell>
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
        shell.data().and_then(|d| {
            d.enrollments
                .iter()
                .find(|e| e.program == program)
                .map(|e| e.status)
        })
    };
    let can_manage = move || {
        shell
            .data()
            .is_some_and(|d| d.account.can(Permission::ManagePrograms))
    };
    let enroll = ServerAction::<Enroll>::new();
    let withdraw = ServerAction::<Withdraw>::new();
    let confirming = RwSignal::new(false);
    // Last outcome, announced in the card's status region.
    let message = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(result) = enroll.value().get() {
            message.set(Some(match result {
                Ok(()) => t_string!(i18n, programs.enrolled_message).to_string(),
                Err(error) => error_text(i18n, &error),
            }));
            shell.refresh();
        }
    });
    Effect::new(move |_| {
        if let Some(result) = withdraw.value().get() {
            confirming.set(false);
            message.set(Some(match result {
                Ok(()) => t_string!(i18n, programs.withdrawn_message).to_string(),
                Err(error) => error_text(i18n, &error),
            }));
            shell.refresh();
        }
    });
    let partner_id = move || shell.partner_id.get_untracked().unwrap_or_default();
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
                        <a class="hover:underline" href=move || shell.path(&format!("programs/{}", program.code()))>{title}</a>
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
                            <button
                                type="button"
                                class=format!("{button} bg-blue-700 text-white hover:bg-blue-800")
                                disabled=move || enroll.pending().get()
                                on:click=move |_| {
                                    enroll.dispatch(Enroll { partner_id: partner_id(), program_code: program.code().into() });
                                }
                            >
                                {tr!(programs.get_started)}
                            </button>
                        }
                    >
                        <Show
                            when=move || confirming.get()
                            fallback=move || view! {
                                <button type="button" class=format!("{button} border border-slate-300 hover:bg-slate-50") on:click=move |_| confirming.set(true)>
                                    {tr!(programs.withdraw)}
                                </button>
                            }
                        >
                            <p class="w-full text-sm">{tr!(programs.withdraw_confirm_text)}</p>
                            <button
                                type="button"
                                class=format!("{button} bg-red-700 text-white hover:bg-red-800")
                                disabled=move || withdraw.pending().get()
                                on:click=move |_| {
                                    withdraw.dispatch(Withdraw { partner_id: partner_id(), program_code: program.code().into() });
                                }
                            >
                                {tr!(programs.confirm_withdraw)}
                            </button>
                            <button type="button" class=format!("{button} border border-slate-300 hover:bg-slate-50") on:click=move |_| confirming.set(false)>
                                {tr!(common.cancel)}
                            </button>
                        </Show>
                    </Show>
                </div>
            </Show>
            <p role="status" class="mt-2 text-sm text-slate-700">{move || message.get()}</p>
        </section>
    }
    // Erased here: the card's full type is deep enough to strain the compiler.
    .into_any()
}
