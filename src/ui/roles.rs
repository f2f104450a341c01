//! "Roles and permissions": the role → permission matrix as a table, and the
//! signed-in user's roles in this account. Rendered from `model::role`, the
//! same table the server enforces.

use leptos::prelude::*;

use crate::i18n::*;
use crate::model::{Permission, Role};
use crate::ui::context::{use_shell, WithShell};
use crate::ui::names::role_name;

pub fn permission_name(i18n: leptos_i18n::I18nContext<Locale>, permission: Permission) -> String {
    match permission {
        Permission::ViewAccount => t_string!(i18n, permissions.view_account),
        Permission::ManageUsers => t_string!(i18n, permissions.manage_users),
        Permission::ResetPasswords => t_string!(i18n, permissions.reset_passwords),
        Permission::EditLegalProfile => t_string!(i18n, permissions.edit_legal_profile),
        Permission::ManageLocations => t_string!(i18n, permissions.manage_locations),
        Permission::ManageBilling => t_string!(i18n, permissions.manage_billing),
        Permission::ManageBusinessProfile => t_string!(i18n, permissions.manage_business_profile),
        Permission::CustomizeCatalog => t_string!(i18n, permissions.customize_catalog),
        Permission::ViewPricing => t_string!(i18n, permissions.view_pricing),
        Permission::ManagePrograms => t_string!(i18n, permissions.manage_programs),
        Permission::EnrollCpv => t_string!(i18n, permissions.enroll_cpv),
        Permission::ViewActivityLog => t_string!(i18n, permissions.view_activity_log),
    }
    .to_string()
}

#[component]
pub fn RolesPage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let mine = move || shell.with(|d| d.account.roles.clone()).unwrap_or_default();
    view! {
        <h1 class="text-2xl font-semibold">{tr!(roles.title)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{tr!(roles.intro)}</p>
        <WithShell>
            <h2 class="mt-6 text-lg font-semibold">{tr!(roles.yours)}</h2>
            <ul class="mt-2 flex flex-wrap gap-2" aria-label=tr_attr!(roles.yours)>
                {move || {
                    mine()
                        .into_iter()
                        .map(|role| view! { <li class="rounded-full bg-blue-50 px-3 py-1 text-sm text-blue-900">{role_name(i18n, role)}</li> })
                        .collect_view()
                }}
            </ul>
        </WithShell>
        <h2 id="matrix-title" class="mt-8 text-lg font-semibold">{tr!(roles.matrix)}</h2>
        // Wide: it scrolls inside its own focusable container, never the page
        // (`relative` keeps the screen-reader-only texts inside it too).
        <div class="relative mt-2 max-w-full overflow-x-auto rounded border border-slate-200 bg-white" role="region" aria-labelledby="matrix-title" tabindex="0">
            <table class="min-w-max text-sm">
                <thead>
                    <tr>
                        <th scope="col" class="sticky left-0 bg-white p-2 text-left">{tr!(roles.role)}</th>
                        {Permission::all()
                            .map(|p| view! { <th scope="col" class="max-w-28 p-2 text-left align-bottom font-medium">{move || permission_name(i18n, p)}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {Role::ALL
                        .into_iter()
                        .map(|role| {
                            view! {
                                <tr class="border-t border-slate-100">
                                    <th scope="row" class="sticky left-0 bg-white p-2 text-left font-medium">{move || role_name(i18n, role)}</th>
                                    {Permission::all()
                                        .map(|p| {
                                            let allowed = role.has(p);
                                            view! {
                                                <td class="p-2 text-center">
                                                    <span aria-hidden="true">{if allowed { "✓" } else { "·" }}</span>
                                                    <span class="sr-only">
                                                        {move || if allowed { t_string!(i18n, roles.allowed).to_string() } else { t_string!(i18n, roles.not_allowed).to_string() }}
                                                    </span>
                                                </td>
                                            }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
