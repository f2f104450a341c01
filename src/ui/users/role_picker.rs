//! The role checkboxes of "Add user", "Invite users" and a member's page.
//! Only roles the signed-in user may grant can be changed (the server checks
//! the same rule, `model::role::can_grant`); a member's other roles show as
//! checked and disabled, and are sent unchanged so a save keeps them.

use leptos::prelude::*;

use crate::i18n::*;
use crate::model::role::can_grant;
use crate::model::validation::Problem;
use crate::model::Role;
use crate::ui::context::use_shell;
use crate::ui::errors::problem_text;
use crate::ui::names::role_name;

#[component]
pub fn RolePicker(
    /// Roles checked at first.
    #[prop(optional)]
    checked: Vec<Role>,
    /// The form field the checked roles' codes are sent as.
    #[prop(default = "roles[]")]
    name: &'static str,
    #[prop(into)] problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let mine = shell.with(|d| d.account.roles.clone()).unwrap_or_default();
    let group = |developer: bool| {
        let roles: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.is_developer_side() == developer)
            .filter(|r| can_grant(&mine, *r) || checked.contains(r))
            .collect();
        (!roles.is_empty()).then(|| {
            let checked = checked.clone();
            view! {
                <fieldset class="mt-2">
                    <legend class="text-sm text-slate-600">
                        {move || if developer { t_string!(i18n, users.developer_roles).to_string() } else { t_string!(i18n, users.partner_roles).to_string() }}
                    </legend>
                    <div class="mt-1 grid gap-1 sm:grid-cols-2">
                        {roles.into_iter().map(|role| {
                            let on = checked.contains(&role);
                            let fixed = !can_grant(&mine, role);
                            view! {
                                <label class="flex items-center gap-2 rounded px-1 py-1 hover:bg-slate-50">
                                    <input type="checkbox" name=(!fixed).then_some(name) value=role.code() checked=on disabled=fixed class="h-4 w-4" />
                                    {fixed.then(|| view! { <input type="hidden" name=name value=role.code() /> })}
                                    {move || role_name(i18n, role)}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            }
        })
    };
    let partner = group(false);
    let developer = group(true);
    let none = partner.is_none() && developer.is_none();
    view! {
        <fieldset class="flex flex-col" aria-describedby="field-roles-error">
            <legend class="text-sm font-medium">{tr!(users.roles)}</legend>
            {none.then(|| view! { <p class="text-sm text-slate-600">{tr!(users.no_grantable)}</p> })}
            {partner}
            {developer}
            <p id="field-roles-error" class="text-sm text-red-700">{move || problem.get().map(|p| problem_text(i18n, p))}</p>
        </fieldset>
    }
}
