//! User management (SPEC §5): the member list with search and pages, and the
//! pages to add, invite and edit members. Shown to those who may manage users;
//! the server refuses everyone else whatever the page shows.

mod add;
mod invitations;
mod invite;
mod member;
mod role_picker;

use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::model::page::Page;
use leptos_router::hooks::use_query_map;

pub use add::AddUserPage;
pub use invite::InvitePage;
pub use member::MemberPage;

use crate::api::users::list_members;
use crate::i18n::*;
use crate::model::dates::number;
use crate::model::member::MemberPage;
use crate::model::{AppError, Role};
use crate::ui::common::{searched, KeysetPager, Loading, SearchBox};
use crate::ui::context::use_shell;
use crate::ui::errors::ErrorView;
use crate::ui::i18n::from_locale;
use crate::ui::names::role_name;
use invitations::PendingInvitations;

pub(crate) use crate::ui::forms::{BUTTON, SECONDARY};

/// Role names joined for display.
pub(crate) fn roles_text(i18n: leptos_i18n::I18nContext<Locale>, roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| role_name(i18n, *r))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let shell = use_shell();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    let members = load(
        move || (shell.partner_id(), q(), param("after"), param("before")),
        |(partner_id, q, after, before)| async move {
            list_members(partner_id.ok_or(AppError::NotFound)?, q, after, before).await
        },
    );
    let (invitations, revoke) = invitations::invitations_resource();
    view! {
        <h1 class="text-2xl font-semibold">{tr!(users.title)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{tr!(users.intro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(members).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(found) => view! {
                        <div class="mt-4 flex flex-wrap gap-2">
                            <a class=BUTTON href=shell.href(Page::AddUser)>{tr!(users.add_user)}</a>
                            <a class=SECONDARY href=shell.href(Page::InviteUsers)>{tr!(users.invite)}</a>
                        </div>
                        <MemberList found query=q() />
                        <PendingInvitations list=invitations revoke />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MemberList(found: MemberPage, query: String) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let (previous, next) = (found.previous.clone(), found.next.clone());
    let total = found.total;
    let empty = found.members.is_empty();
    view! {
        <section class="mt-6" aria-labelledby="members-title">
            <h2 id="members-title" class="text-lg font-semibold">{tr!(users.members)}</h2>
            <SearchBox action=shell.href(Page::Users) id="member-search" label=tr_attr!(users.search_label) query=query.clone() />
            <p class="mt-2 text-sm text-slate-600" role="status">{move || t_string!(i18n, users.count, count = number(total, from_locale(i18n.get_locale()))).to_string()}</p>
            {empty.then(|| view! { <p class="mt-2">{tr!(users.none)}</p> })}
            <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white" aria-labelledby="members-title">
                {found.members.into_iter().map(|m| {
                    let href = shell.member_href(&m.user_id);
                    let roles = roles_text(i18n, &m.roles);
                    view! {
                        <li class="flex flex-col gap-0.5 p-3 sm:flex-row sm:items-center sm:gap-4">
                            <a class="font-medium text-blue-700 underline sm:w-56" href=href>
                                {m.display_name}
                                {m.is_you.then(|| view! { " " {tr!(users.you)} })}
                            </a>
                            <span class="break-all text-sm text-slate-700 sm:w-64">{m.email}</span>
                            <span class="text-sm">{roles}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <KeysetPager address=searched(&shell.href(Page::Users), &query) previous next />
        </section>
    }
    .into_any()
}
