//! Pending invitations with Resend and Revoke.

use crate::ui::common::loaded;
use crate::ui::common::{load, Loaded};
use leptos::prelude::*;

use crate::ui::action_form::{ActionForm, FormAction};

use super::invite::InvitationLinks;
use super::roles_text;
use crate::api::invitations::{pending_invitations, ResendInvitation, RevokeInvitation};
use crate::i18n::*;
use crate::model::dates::long_date;
use crate::model::member::PendingInvitation;
use crate::model::AppError;
use crate::ui::context::use_shell;
use crate::ui::errors::error_text;
use crate::ui::i18n::from_locale;

/// The page's pending invitations and the action that revokes one (the
/// list reloads after it). Made by the page component, never inside a
/// `Suspend`: the server runs those once per rendering pass, and a
/// resource made there would load once per pass (and number its data
/// differently from the browser's one).
pub fn invitations_resource() -> (Loaded<Vec<PendingInvitation>>, FormAction<RevokeInvitation>) {
    let shell = use_shell();
    let revoke = FormAction::<RevokeInvitation>::new();
    let list = load(
        move || shell.partner_id(),
        |partner_id| async move { pending_invitations(partner_id.ok_or(AppError::NotFound)?).await },
    );
    (list, revoke)
}

#[component]
pub fn PendingInvitations(
    list: Loaded<Vec<PendingInvitation>>,
    revoke: FormAction<RevokeInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    let resend = FormAction::<ResendInvitation>::new();
    let message = move || {
        let failed = resend
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| revoke.value().get().and_then(Result::err));
        failed.map(|e| error_text(i18n, &e))
    };
    let revoked = move || matches!(revoke.value().get(), Some(Ok(())));
    view! {
        <section class="mt-8" aria-labelledby="pending-title">
            <h2 id="pending-title" class="text-lg font-semibold">{tr!(users.pending_title)}</h2>
            <p role="alert" class="text-sm text-red-700">{message}</p>
            <p role="status" class="text-sm">{move || revoked().then(|| t_string!(i18n, users.revoked_message).to_string())}</p>
            {move || resend.value().get().and_then(Result::ok).map(|link| view! { <InvitationLinks links=vec![link] /> })}
            <Transition>
                {move || Suspend::new(async move {
                    match loaded(list).await {
                        Err(error) => view! { <p class="text-red-700">{error_text(i18n, &error)}</p> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="mt-2 text-slate-600">{tr!(users.pending_none)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white">
                                {items.into_iter().map(|inv| view! { <Invitation inv resend revoke /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Invitation(
    inv: PendingInvitation,
    resend: FormAction<ResendInvitation>,
    revoke: FormAction<RevokeInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let partner_id = move || shell.partner_id().unwrap_or_default();
    let roles = roles_text(i18n, &inv.roles);
    let state = if inv.expired {
        t_string!(i18n, users.expired).to_string()
    } else {
        format!(
            "{} · {}",
            t_string!(i18n, users.invitation_pending),
            t_string!(
                i18n,
                users.expires,
                date = long_date(inv.expires_at, from_locale(i18n.get_locale()))
            )
        )
    };
    let (id1, id2) = (inv.id.clone(), inv.id);
    let resend_label = format!("{} {}", t_string!(i18n, users.resend), inv.email);
    let revoke_label = format!("{} {}", t_string!(i18n, users.revoke), inv.email);
    let small =
        "rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60";
    view! {
        <li class="flex flex-col gap-1 p-3 sm:flex-row sm:items-center sm:gap-4">
            <span class="break-all font-medium sm:w-64">{inv.email}</span>
            <span class="text-sm sm:flex-1">{roles} <span class="block text-slate-600">{state}</span></span>
            <span class="flex gap-2">
                <ActionForm action=resend>
                    <input type="hidden" name="partner_id" value=partner_id />
                    <input type="hidden" name="id" value=id1 />
                    <button
                        type="submit"
                        class=small
                        aria-label=resend_label
                        disabled=move || resend.pending().get()
                    >
                        {tr!(users.resend)}
                    </button>
                </ActionForm>
                <ActionForm action=revoke>
                    <input type="hidden" name="partner_id" value=partner_id />
                    <input type="hidden" name="id" value=id2 />
                    <button
                        type="submit"
                        class=small
                        aria-label=revoke_label
                        disabled=move || revoke.pending().get()
                    >
                        {tr!(users.revoke)}
                    </button>
                </ActionForm>
            </span>
        </li>
    }
}
