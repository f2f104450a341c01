//! The page behind an invitation link: a new person sets a name and password;
//! someone with a user signs in (or is signed in) and joins.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::api::auth::SignOut;
use crate::api::invitations::{load_invitation, AcceptInvitation, AcceptInvitationNew};
use crate::i18n::*;
use crate::model::member::{InvitationState, InvitationView};
use crate::model::AppError;
use crate::ui::auth::VisitorFrame;
use crate::ui::common::{use_param, Loading};
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::TextField;

const BUTTON: &str =
    "rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60";

#[component]
pub fn InvitationPage() -> impl IntoView {
    let token = use_param("token");
    let signed_out = FormAction::<SignOut>::new();
    let invitation = load(
        move || token.get(),
        |token| async move { load_invitation(token.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <VisitorFrame>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(invitation).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(view) => view! { <Invitation view token=token.get_untracked().unwrap_or_default() signed_out /> }.into_any(),
                    }
                })}
            </Suspense>
        </VisitorFrame>
    }
}

#[component]
fn Invitation(
    view: InvitationView,
    token: String,
    signed_out: FormAction<SignOut>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = view.account_name.clone();
    let email = view.email.clone();
    let body = match (view.state, &view.signed_in_as) {
        (InvitationState::Accepted, _) => closed(t_string!(i18n, invitation.accepted).to_string()),
        (InvitationState::Revoked, _) => closed(t_string!(i18n, invitation.revoked).to_string()),
        (InvitationState::Expired, _) => closed(t_string!(i18n, invitation.expired).to_string()),
        (InvitationState::Pending, Some(current)) if *current != view.email => {
            let text = t_string!(
                i18n,
                invitation.wrong_user,
                email = view.email.clone(),
                current = current.clone()
            )
            .to_string();
            view! {
                <p class="mt-4">{text}</p>
                <ActionForm action=signed_out>
                    <button type="submit" class="mt-4 rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50">
                        {tr!(shell.sign_out)}
                    </button>
                </ActionForm>
            }
            .into_any()
        }
        (InvitationState::Pending, Some(_)) => {
            view! { <JoinForm token needs_password=false /> }.into_any()
        }
        (InvitationState::Pending, None) if view.existing_user => {
            view! { <JoinForm token needs_password=true /> }.into_any()
        }
        (InvitationState::Pending, None) => view! { <NewPersonForm token /> }.into_any(),
    };
    view! {
        <h1 class="text-2xl font-semibold">{t!(i18n, invitation.title, account = account.clone())}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, invitation.for_email, email = email.clone())}</p>
        {body}
    }
    .into_any()
}

fn closed(text: String) -> AnyView {
    view! { <p role="alert" class="mt-4 text-red-700">{text}</p> }.into_any()
}

#[component]
fn JoinForm(token: String, needs_password: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = FormAction::<AcceptInvitation>::new();
    let error = move || action.value().get().and_then(Result::err);
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    view! {
        <ActionForm action attr:class="mt-6 flex flex-col gap-4">
            <input type="hidden" name="token" value=token />
            {needs_password.then(|| view! {
                <p>{tr!(invitation.existing_text)}</p>
                <TextField label=tr_attr!(auth.password) name="password" kind="password" autocomplete="current-password" problem=Signal::derive(move || field_problem(error(), "password")) />
            })}
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            <div><button type="submit" class=BUTTON disabled=move || action.pending().get()>{tr!(invitation.accept)}</button></div>
        </ActionForm>
    }
}

#[component]
fn NewPersonForm(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = FormAction::<AcceptInvitationNew>::new();
    let error = move || action.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    view! {
        <p class="mt-4">{tr!(invitation.new_text)}</p>
        <ActionForm action attr:class="mt-4 flex flex-col gap-4">
            <input type="hidden" name="token" value=token />
            <TextField label=tr_attr!(auth.your_name) name="form[display_name]" autocomplete="name" problem=problem("display_name") />
            <TextField label=tr_attr!(auth.password) name="form[password]" kind="password" autocomplete="new-password" problem=problem("password") />
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            <div><button type="submit" class=BUTTON disabled=move || action.pending().get()>{tr!(invitation.accept)}</button></div>
        </ActionForm>
    }
}
