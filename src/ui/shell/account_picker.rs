//! "Switch account": lists the user's accounts; switching keeps the current
//! page when the other account has it, else opens that account's home.

use leptos::prelude::*;

use super::menu::MenuButton;
use crate::model::page::Page;
use crate::model::AccountSummary;

/// Show a search box from this many accounts on.
const SEARCH_FROM: usize = 6;

/// Where switching to `target` leads from `path` (`/a/{pid}/rest…`): the same
/// page when it opens in `target` (the page catalog decides), else its home.
pub fn switch_path(path: &str, target: &AccountSummary) -> String {
    let rest = path
        .strip_prefix("/a/")
        .and_then(|p| p.split_once('/'))
        .map(|(_, rest)| rest)
        .unwrap_or("");
    Page::from_path(rest)
        .unwrap_or(Page::Home)
        .on_switch(&target.enrollments)
        .href(target.partner_id)
}

#[component]
pub fn AccountPicker(accounts: Vec<AccountSummary>, current: i64) -> impl IntoView {
    let pathname = crate::ui::common::use_path();
    let searchable = accounts.len() >= SEARCH_FROM;
    let current_name = accounts
        .iter()
        .find(|a| a.partner_id == current)
        .map(|a| a.legal_name.clone())
        .unwrap_or_default();
    // WCAG 2.5.3 (label in name): the accessible name holds the account's
    // name as the button shows it, after "Switch account".
    let switch = tr_attr!(shell.switch_account);
    let label = {
        let name = current_name.clone();
        Signal::derive(move || format!("{}: {name}", switch()))
    };
    view! {
        <MenuButton
            id="account-picker"
            label
            button_class="flex w-full items-center justify-between gap-2 rounded border border-slate-300 px-3 py-2 text-left hover:bg-slate-50"
            popup_class="left-0"
            button=move || {
                let name = current_name.clone();
                view! {
                    <span class="truncate font-medium">{name}</span>
                    <span aria-hidden="true">"▾"</span>
                }
            }
        >
            {searchable
                .then(|| {
                    view! {
                        <input
                            type="search"
                            class="mb-1 w-full rounded border border-slate-300 px-2 py-1"
                            aria-label=tr_attr!(shell.search_accounts)
                            placeholder=tr_attr!(shell.search_accounts)
                        />
                    }
                })}
            <ul aria-label=tr_attr!(shell.your_accounts)>
                {move || {
                    // `try_get`: see `ShellContext` (a request abandoned mid-render).
                    let path = pathname.try_get().unwrap_or_default();
                    accounts
                        .iter()
                        .map(|account| {
                            let is_current = account.partner_id == current;
                            // What the shell island's search matches (see
                            // `super::behaviour`): the name and the Partner ID.
                            let search = Some({
                                format!("{} {}", account.legal_name.to_lowercase(), account.partner_id)
                            });
                            view! {
                                <li data-search=search>
                                    <a
                                        class="block rounded p-2 hover:bg-slate-100 focus:bg-slate-100 aria-[current=true]:font-semibold"
                                        href=switch_path(&path, account)
                                        aria-current=is_current.then_some("true")
                                    >
                                        <span class="block truncate">{account.legal_name.clone()}</span>
                                        <span class="block text-xs text-slate-600">
                                            {tr!(shell.partner_id_short)} " " {account.partner_id}
                                        </span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </MenuButton>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Enrollment, EnrollmentStatus, Program};

    fn account(partner_id: i64, active: &[Program]) -> AccountSummary {
        AccountSummary {
            partner_id,
            legal_name: "X".into(),
            enrollments: active
                .iter()
                .map(|&program| Enrollment {
                    program,
                    status: EnrollmentStatus::Active,
                })
                .collect(),
        }
    }

    #[test]
    fn switching_keeps_the_page_when_the_other_account_has_it() {
        let both = account(2, &[Program::Mpn, Program::OfficeStore]);
        assert_eq!(switch_path("/a/1/programs", &both), "/a/2/programs");
        assert_eq!(
            switch_path("/a/1/settings/developer/programs", &both),
            "/a/2/settings/developer/programs"
        );
        assert_eq!(switch_path("/a/1", &both), "/a/2");
        assert_eq!(switch_path("/a/1/users/abc", &both), "/a/2/users");
    }

    #[test]
    fn switching_from_a_settings_area_the_other_account_lacks_goes_home() {
        let partner_only = account(3, &[Program::Mpn]);
        assert_eq!(
            switch_path("/a/1/settings/developer", &partner_only),
            "/a/3"
        );
        assert_eq!(
            switch_path("/a/1/settings/partner", &partner_only),
            "/a/3/settings/partner"
        );
        assert_eq!(switch_path("/a/1/nonsense/page", &partner_only), "/a/3");
    }
}
