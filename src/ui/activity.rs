//! The activity log (SPEC §3): the filters live in the page's address (so a
//! filtered view can be shared and works before the page hydrates), one
//! page of events at a time, and the CSV export with its progress. Members
//! open it from either settings area; operators open any account's from the
//! console.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::activity::load_activity;
use crate::api::operator::account_activity;
use crate::i18n::*;
use crate::model::activity::{csv_href, Action, ActivityEntry, ActivityFilter, ActivityPage};
use crate::model::dates::{date_time, number};
use crate::model::page::Page;
use crate::model::{AppError, SettingsArea};
use crate::ui::common::{use_param, Loading};
use crate::ui::context::{use_shell, WithPage};
use crate::ui::errors::{field_problem, problem_text, ErrorView};
use crate::ui::forms::BUTTON;
use crate::ui::i18n::from_locale;
use crate::ui::names::area_name;
use crate::ui::sections::AreaSections;

/// An action's words in the reader's language.
pub fn action_name(i18n: leptos_i18n::I18nContext<Locale>, action: Option<Action>) -> String {
    let Some(action) = action else {
        return t_string!(i18n, activity.unknown_action).to_string();
    };
    match action {
        Action::UserSignedUp => t_string!(i18n, activity.action_user_signed_up),
        Action::AccountCreated => t_string!(i18n, activity.action_account_created),
        Action::ProgramEnrolled => t_string!(i18n, activity.action_program_enrolled),
        Action::ProgramWithdrawn => t_string!(i18n, activity.action_program_withdrawn),
        Action::LanguageChanged => t_string!(i18n, activity.action_user_language_changed),
        Action::UserAdded => t_string!(i18n, activity.action_member_added),
        Action::RolesChanged => t_string!(i18n, activity.action_member_roles_changed),
        Action::MemberRemoved => t_string!(i18n, activity.action_member_removed),
        Action::PasswordReset => t_string!(i18n, activity.action_member_password_reset),
        Action::InvitationSent => t_string!(i18n, activity.action_invitation_sent),
        Action::InvitationResent => t_string!(i18n, activity.action_invitation_resent),
        Action::InvitationRevoked => t_string!(i18n, activity.action_invitation_revoked),
        Action::InvitationExpired => t_string!(i18n, activity.action_invitation_expired),
        Action::InvitationAccepted => t_string!(i18n, activity.action_invitation_accepted),
        Action::ProfileUpdated => t_string!(i18n, activity.action_user_profile_updated),
        Action::PasswordChanged => t_string!(i18n, activity.action_user_password_changed),
        Action::SessionsEnded => t_string!(i18n, activity.action_user_sessions_ended),
        Action::AgreementAccepted => t_string!(i18n, activity.action_agreement_accepted),
        Action::ContactInfoUpdated => t_string!(i18n, activity.action_account_contact_info_updated),
        Action::LegalProfileUpdated => {
            t_string!(i18n, activity.action_account_legal_profile_updated)
        }
        Action::EnrollmentStatusChanged => t_string!(i18n, activity.action_program_status_changed),
        Action::VerificationSent => t_string!(i18n, activity.action_account_verification_sent),
        Action::EmailVerified => t_string!(i18n, activity.action_account_email_verified),
        Action::FeeAcknowledged => t_string!(i18n, activity.action_program_fee_acknowledged),
        Action::BillingProfileUpdated => {
            t_string!(i18n, activity.action_account_billing_profile_updated)
        }
        Action::BusinessProfileUpdated => {
            t_string!(i18n, activity.action_account_business_profile_updated)
        }
        Action::LocationAdded => t_string!(i18n, activity.action_location_added),
        Action::LocationUpdated => t_string!(i18n, activity.action_location_updated),
        Action::LocationRemoved => t_string!(i18n, activity.action_location_removed),
        Action::HeadquartersChanged => {
            t_string!(i18n, activity.action_location_headquarters_changed)
        }
        Action::SupportProfileUpdated => {
            t_string!(i18n, activity.action_account_support_profile_updated)
        }
        Action::OrganizationProfileUpdated => {
            t_string!(i18n, activity.action_account_organization_profile_updated)
        }
        Action::PayoutProfileUpdated => {
            t_string!(i18n, activity.action_account_payout_profile_updated)
        }
        Action::VerificationApproved => {
            t_string!(i18n, activity.action_account_verification_approved)
        }
        Action::VerificationRejected => {
            t_string!(i18n, activity.action_account_verification_rejected)
        }
        Action::AccountSuspended => t_string!(i18n, activity.action_account_suspended),
        Action::AccountReactivated => t_string!(i18n, activity.action_account_reactivated),
        Action::TaxExemptionSubmitted => t_string!(i18n, activity.action_tax_exemption_submitted),
        Action::TaxExemptionWithdrawn => t_string!(i18n, activity.action_tax_exemption_withdrawn),
        Action::TaxExemptionApproved => t_string!(i18n, activity.action_tax_exemption_approved),
        Action::TaxExemptionRejected => t_string!(i18n, activity.action_tax_exemption_rejected),
        Action::PasswordResetByEmail => {
            t_string!(i18n, activity.action_user_password_reset_by_email)
        }
        Action::CpvApplicationRegistered => {
            t_string!(i18n, activity.action_cpv_application_registered)
        }
        Action::CpvApplicationUnregistered => {
            t_string!(i18n, activity.action_cpv_application_unregistered)
        }
        Action::LearningLinked => t_string!(i18n, activity.action_learning_linked),
        Action::LearningUnlinked => t_string!(i18n, activity.action_learning_unlinked),
        Action::CatalogPinsChanged => t_string!(i18n, activity.action_catalog_pins_changed),
    }
    .to_string()
}

/// Whose log the page reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Member(SettingsArea),
    Operator,
}

/// The member's page: Partner or Developer settings → Activity log.
#[component]
pub fn ActivityLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let code = use_param("area");
    move || {
        let area = code.get().and_then(|c| SettingsArea::from_code(&c));
        let partner_id = shell.partner_id.get();
        match (area, partner_id) {
            (Some(area), Some(partner_id)) => view! {
                <p class="text-sm text-slate-600">{move || area_name(i18n, area)}</p>
                <h1 class="text-2xl font-semibold">{tr!(activity.title)}</h1>
                <WithPage page=Page::ActivityLog(area)>
                    <AreaSections area />
                    <ActivityLog source=Source::Member(area) partner_id base=Page::ActivityLog(area).href(partner_id) />
                </WithPage>
            }
            .into_any(),
            _ => view! { <ErrorView error=AppError::NotFound /> }.into_any(),
        }
    }
}

/// An operator's view of any account's log.
#[component]
pub fn OperatorActivityPage() -> impl IntoView {
    let pid = use_param("pid");
    move || match pid.get().and_then(|p| p.parse::<i64>().ok()) {
        Some(partner_id) => view! {
            <ActivityLog
                source=Source::Operator
                partner_id
                base=format!("/operator/accounts/{partner_id}/activity")
            />
        }
        .into_any(),
        None => view! { <ErrorView error=AppError::NotFound /> }.into_any(),
    }
}

#[component]
fn ActivityLog(source: Source, partner_id: i64, base: String) -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let get = |name: &str| query.get(name).unwrap_or_default();
        ActivityFilter {
            from: get("from"),
            until: get("until"),
            user: get("user"),
            action: get("action"),
        }
    });
    let after = Memo::new(move |_| query.read().get("after").unwrap_or_default());
    let log = Resource::new(
        move || (filter.get(), after.get()),
        move |(filter, after)| async move {
            match source {
                Source::Member(area) => load_activity(partner_id, area, filter, after).await,
                Source::Operator => account_activity(partner_id, filter, after).await,
            }
        },
    );
    let base = StoredValue::new(base);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let filter = filter.get_untracked();
                match log.await {
                    Ok(page) => view! { <LogView source partner_id base=base.get_value() filter page /> }.into_any(),
                    // A hand-edited address: the form says what's wrong.
                    Err(AppError::Invalid(errors)) => view! {
                        <FilterForm base=base.get_value() filter=filter.clone() people=Vec::new() error=Some(AppError::Invalid(errors)) />
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LogView(
    source: Source,
    partner_id: i64,
    base: String,
    filter: ActivityFilter,
    page: ActivityPage,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = filter.query();
    let newest = if query.is_empty() {
        base.clone()
    } else {
        format!("{base}?{query}")
    };
    let older = page.next.as_ref().map(|next| {
        let sep = if query.is_empty() { "" } else { "&" };
        format!("{base}?{query}{sep}after={next}")
    });
    let on_first_page = use_query_map()
        .read_untracked()
        .get("after")
        .is_none_or(|a| a.is_empty());
    let name = page.account_name.clone();
    let empty = page.entries.is_empty();
    view! {
        {(source == Source::Operator).then(|| view! {
            <h1 class="text-2xl font-semibold">{move || t_string!(i18n, activity.operator_title, name = name.clone()).to_string()}</h1>
        })}
        <p class="mt-4 max-w-2xl text-slate-700">{tr!(activity.intro)}</p>
        <FilterForm base=base.clone() filter=filter.clone() people=page.people.clone() error=None />
        <CsvDownload href=csv_href(partner_id, &filter) file_name=format!("activity-{partner_id}.csv") />
        <section class="mt-6 max-w-3xl" aria-labelledby="activity-events">
            <h2 id="activity-events" class="text-lg font-semibold">{tr!(activity.events)}</h2>
            {empty.then(|| view! { <p class="mt-2">{tr!(activity.none)}</p> })}
            <ol class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white" aria-labelledby="activity-events">
                {page.entries.into_iter().map(|entry| view! { <EventItem entry /> }).collect_view()}
            </ol>
        </section>
        <nav class="mt-3 flex flex-wrap items-center gap-4" aria-label=tr_attr!(common.pagination)>
            {(!on_first_page).then(|| view! { <a class="text-blue-700 underline" href=newest>{tr!(activity.newest)}</a> })}
            {older.map(|href| view! { <a class="text-blue-700 underline" href=href>{tr!(activity.older)}</a> })}
        </nav>
    }
}

/// One event: when, what, by whom, on what, and the change.
#[component]
fn EventItem(entry: ActivityEntry) -> impl IntoView {
    let i18n = use_i18n();
    let language = move || from_locale(i18n.get_locale());
    let at = entry.occurred_at;
    let action = entry.action;
    let actor = match (entry.actor_name, entry.actor_email) {
        (Some(name), Some(email)) => Some(format!("{name} ({email})")),
        (name, email) => name.or(email),
    };
    let subject = entry.subject_name.or(entry.subject);
    let change = (entry.old_value.is_some() || entry.new_value.is_some()).then(|| {
        (
            entry.old_value.unwrap_or_else(|| "—".into()),
            entry.new_value.unwrap_or_else(|| "—".into()),
        )
    });
    view! {
        <li class="flex flex-col gap-1 p-3 break-words">
            <div class="flex flex-wrap items-baseline gap-x-3">
                <span class="font-medium">{move || action_name(i18n, action)}</span>
                <time class="text-sm text-slate-600">{move || date_time(at, language())}</time>
            </div>
            <span class="text-sm">
                {tr!(activity.by)} ": "
                {match actor {
                    Some(actor) => actor.into_any(),
                    None => tr!(activity.nobody).into_any(),
                }}
            </span>
            {subject.map(|s| view! { <span class="text-sm">{tr!(activity.subject)} ": " {s}</span> })}
            {change.map(|(old, new)| view! {
                <span class="text-sm">
                    {tr!(activity.change)} ": "
                    <span class="text-slate-600">{old}</span> " → " <span class="font-medium">{new}</span>
                </span>
            })}
        </li>
    }
}

/// The filters: a GET form, so the filtered log has an address.
#[component]
fn FilterForm(
    base: String,
    filter: ActivityFilter,
    people: Vec<crate::model::activity::Person>,
    error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = StoredValue::new(error);
    let problem = move |field: &'static str| {
        move || {
            error
                .read_value()
                .as_ref()
                .and_then(|e| field_problem(Some(e.clone()), field))
                .map(|p| problem_text(i18n, p))
        }
    };
    let input = "rounded border border-slate-400 px-3 py-2";
    let chosen_action = filter.action.clone();
    view! {
        <section class="mt-4 max-w-3xl" aria-labelledby="activity-filters">
            <h2 id="activity-filters" class="text-lg font-semibold">{tr!(activity.filters)}</h2>
            <Form method="GET" action=base.clone() attr:class="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2">
                <div class="flex flex-col gap-1">
                    <label for="activity-from" class="text-sm font-medium">{tr!(activity.from)}</label>
                    <input id="activity-from" name="from" type="date" class=input value=filter.from.clone() aria-describedby="activity-from-error" />
                    <p id="activity-from-error" class="text-sm text-red-700">{problem("from")}</p>
                </div>
                <div class="flex flex-col gap-1">
                    <label for="activity-until" class="text-sm font-medium">{tr!(activity.until)}</label>
                    <input id="activity-until" name="until" type="date" class=input value=filter.until.clone() aria-describedby="activity-until-error" />
                    <p id="activity-until-error" class="text-sm text-red-700">{problem("until")}</p>
                </div>
                <div class="flex flex-col gap-1">
                    <label for="activity-user" class="text-sm font-medium">{tr!(activity.user)}</label>
                    <select id="activity-user" name="user" class=input>
                        <option value="">{tr!(activity.any_user)}</option>
                        {people.into_iter().map(|p| {
                            let selected = p.id == filter.user;
                            view! { <option value=p.id selected=selected>{format!("{} ({})", p.name, p.email)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="flex flex-col gap-1">
                    <label for="activity-action" class="text-sm font-medium">{tr!(activity.action)}</label>
                    <select id="activity-action" name="action" class=input aria-describedby="activity-action-error">
                        <option value="">{tr!(activity.any_action)}</option>
                        {move || {
                            // In the reader's alphabetical order.
                            let mut actions: Vec<(String, Action)> =
                                Action::ALL.iter().map(|&a| (action_name(i18n, Some(a)), a)).collect();
                            actions.sort_by(|a, b| a.0.cmp(&b.0));
                            actions.into_iter().map(|(name, a)| {
                                let selected = a.code() == chosen_action;
                                view! { <option value=a.code() selected=selected>{name}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <p id="activity-action-error" class="text-sm text-red-700">{problem("action")}</p>
                </div>
                <div class="flex flex-wrap items-center gap-4 sm:col-span-2">
                    <button type="submit" class=BUTTON>{tr!(activity.apply)}</button>
                    <a class="text-blue-700 underline" href=base>{tr!(activity.clear)}</a>
                </div>
            </Form>
        </section>
    }
}

/// "Download as CSV": a plain link (it works before the page hydrates);
/// once hydrated, the page fetches the file itself to count the events as
/// they arrive, then hands it to the browser.
#[component]
fn CsvDownload(href: String, file_name: String) -> impl IntoView {
    let i18n = use_i18n();
    // (events so far, finished, failed)
    let progress = RwSignal::new(None::<(u64, bool, bool)>);
    let status = move || {
        let language = from_locale(i18n.get_locale());
        progress.get().map(|(count, done, failed)| {
            let count = number(count as i64, language);
            if failed {
                t_string!(i18n, activity.download_failed).to_string()
            } else if done {
                t_string!(i18n, activity.downloaded, count = count.clone()).to_string()
            } else {
                t_string!(i18n, activity.downloading, count = count.clone()).to_string()
            }
        })
    };
    let busy = move || {
        progress
            .get()
            .is_some_and(|(_, done, failed)| !done && !failed)
    };
    let link = href.clone();
    let name = file_name.clone();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if busy() {
            ev.prevent_default();
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            progress.set(Some((0, false, false)));
            let (link, name) = (link.clone(), name.clone());
            leptos::task::spawn_local(async move {
                let result = download::fetch_with_progress(&link, &name, move |count| {
                    progress.set(Some((count, false, false)))
                })
                .await;
                progress.update(|p| {
                    let count = p.map_or(0, |(c, _, _)| c);
                    *p = Some((count, result.is_ok(), result.is_err()));
                });
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &link, &name);
    };
    view! {
        <div class="mt-4 flex flex-wrap items-center gap-3">
            <a
                class="inline-block rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50"
                href=href
                download=file_name
                aria-disabled=move || busy().then_some("true")
                on:click=on_click
            >
                {tr!(activity.download)}
            </a>
            <p role="status" class="text-sm">{status}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod download {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    /// Fetches `href`, calling `progress` with the number of events read so
    /// far (lines after the header), then saves it as `file_name`.
    pub async fn fetch_with_progress(
        href: &str,
        file_name: &str,
        progress: impl Fn(u64),
    ) -> Result<(), ()> {
        let window = web_sys::window().ok_or(())?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(href))
            .await
            .map_err(drop)?
            .dyn_into()
            .map_err(drop)?;
        if !response.ok() {
            return Err(());
        }
        let reader: web_sys::ReadableStreamDefaultReader = response
            .body()
            .ok_or(())?
            .get_reader()
            .dyn_into()
            .map_err(drop)?;
        let parts = js_sys::Array::new();
        let mut lines: u64 = 0;
        loop {
            let chunk = JsFuture::from(reader.read()).await.map_err(drop)?;
            let done = js_sys::Reflect::get(&chunk, &"done".into()).map_err(drop)?;
            if done.as_bool().unwrap_or(true) {
                break;
            }
            let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())
                .map_err(drop)?
                .dyn_into()
                .map_err(drop)?;
            // Line breaks inside quoted cells count too: a progress figure.
            lines += value.to_vec().iter().filter(|&&b| b == b'\n').count() as u64;
            parts.push(&value);
            progress(lines.saturating_sub(1));
        }
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv");
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(drop)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(drop)?;
        let anchor: web_sys::HtmlAnchorElement = window
            .document()
            .ok_or(())?
            .create_element("a")
            .map_err(drop)?
            .dyn_into()
            .map_err(drop)?;
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
        // Released once the browser has taken the file.
        leptos::prelude::set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(30),
        );
        Ok(())
    }
}
