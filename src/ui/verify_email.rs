//! The page behind an email confirmation link. Confirming takes a click, so
//! mail scanners that open links don't use up the single-use link.

use leptos::prelude::*;

use crate::ui::action_form::{ActionForm, FormAction};

use crate::api::programs::VerifyEmail;
use crate::i18n::*;
use crate::ui::auth::VisitorFrame;
use crate::ui::common::{use_param, Show};
use crate::ui::errors::error_text;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_param("token");
    let verify = FormAction::<VerifyEmail>::new();
    let confirmed = move || verify.value().get().and_then(Result::ok);
    let error = move || {
        verify
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| error_text(i18n, &e))
    };
    view! {
        <VisitorFrame>
            <h1 class="text-2xl font-semibold">{tr!(verify.title)}</h1>
            <p class="mt-2 text-slate-700">{tr!(verify.intro)}</p>
            <Show
                when=move || confirmed().is_some()
                fallback=move || view! {
                    <ActionForm action=verify>
                        <input type="hidden" name="token" value=move || token.get().unwrap_or_default() />
                        <button
                            type="submit"
                            class="mt-6 rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
                            disabled=move || verify.pending().get()
                        >
                            {tr!(verify.confirm)}
                        </button>
                    </ActionForm>
                }
            >
                <p class="mt-6 font-medium text-green-800">{tr!(verify.done)}</p>
                <a
                    class="mt-3 inline-block text-blue-700 underline"
                    href=move || crate::model::page::Page::Programs.href(confirmed().unwrap_or_default())
                >
                    {tr!(verify.open_programs)}
                </a>
            </Show>
            <p role="alert" class="mt-3 text-red-700">{error}</p>
        </VisitorFrame>
    }
}
