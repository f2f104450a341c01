//! "Invite users": up to ten emails with roles; then the links, once.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::Show;
use leptos::prelude::*;

use crate::model::page::Page;

use super::role_picker::RolePicker;
use super::BUTTON;
use crate::api::invitations::Invite;
use crate::i18n::*;
use crate::model::member::InvitationLink;
use crate::model::AppError;
use crate::ui::context::{use_shell, WithPage};
use crate::ui::errors::{error_text, field_messages, field_problem};

#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let action = FormAction::<Invite>::new();
    let error = move || action.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let sent = move || action.value().get().and_then(Result::ok);
    let emails_problem = problem("emails");
    view! {
        <div class="max-w-2xl">
            <p><a class="text-sm text-blue-700 underline" href=move || shell.href(Page::Users)>{tr!(users.back)}</a></p>
            <h1 class="mt-2 text-2xl font-semibold">{tr!(users.invite_title)}</h1>
            <p class="mt-2 text-slate-700">{tr!(users.invite_text)}</p>
            <WithPage page=Page::InviteUsers>
                <Show
                    when=move || sent().is_none()
                    fallback=move || sent().map(|links| view! { <InvitationLinks links /> })
                >
                    <ActionForm action attr:class="mt-6 flex flex-col gap-4">
                        <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                        <div class="flex flex-col gap-1">
                            <label for="field-emails" class="text-sm font-medium">{tr!(users.emails)}</label>
                            <textarea
                                id="field-emails"
                                name="invitation[emails]"
                                rows="3"
                                class="rounded border border-slate-400 px-3 py-2"
                                aria-invalid=move || emails_problem.get().is_some().to_string()
                                aria-describedby="field-emails-error"
                            ></textarea>
                            <div id="field-emails-error" class="text-sm text-red-700">
                                {move || field_messages(i18n, error(), "emails").into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                            </div>
                        </div>
                        <RolePicker name="invitation[roles][]" problem=problem("roles") />
                        <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
                        <div>
                            <button type="submit" class=BUTTON disabled=move || action.pending().get()>{tr!(users.send_invitations)}</button>
                        </div>
                    </ActionForm>
                </Show>
            </WithPage>
        </div>
    }
}

/// Links just created: each was emailed, and can be shared by hand.
#[component]
pub fn InvitationLinks(links: Vec<InvitationLink>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-6 rounded border border-green-300 bg-green-50 p-4" role="status" aria-labelledby="links-title">
            <h2 id="links-title" class="font-semibold">{tr!(users.invited_title)}</h2>
            <p class="mt-1 text-sm">{tr!(users.invited_text)}</p>
            <ul class="mt-3 flex flex-col gap-2">
                {links.into_iter().map(|l| {
                    let label = format!("{}: {}", t_string!(i18n, users.link_for), l.email);
                    view! {
                        <li class="text-sm">
                            <span class="font-medium">{l.email}</span>
                            <input class="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs" readonly value=l.link aria-label=label />
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
