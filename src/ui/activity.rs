//! The activity log (SPEC §3): the filters live in the page's address (so a
//! filtered view can be shared and works before the page hydrates), one
//! page of events at a time, and the CSV export with its progress. Members
//! open it from either settings area; operators open any account's from the
//! console.

use crate::ui::common::loaded;
use crate::ui::common::{load, Loaded};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::activity::load_activity;
use crate::api::operator::account_activity;
use crate::i18n::*;
use crate::model::activity::{csv_href, Action, ActivityEntry, ActivityFilter, ActivityPage};
use crate::model::dates::date_time;
use crate::model::page::Page;
use crate::model::{AppError, SettingsArea};
use crate::ui::common::{use_param, Loading};
use crate::ui::context::{use_shell, WithPage};
use crate::ui::download::{Counted, CsvDownload};
use crate::ui::errors::{fixed_problem, ErrorView};
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
        Action::PriceListImported => t_string!(i18n, activity.action_prices_imported),
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
    let area = Memo::new(move |_| code.get().and_then(|c| SettingsArea::from_code(&c)));
    let (filter, log) =
        log_resource(move || Some((Source::Member(area.get()?), shell.partner_id()?)));
    move || {
        match (area.get(), shell.partner_id()) {
        (Some(area), Some(partner_id)) => view! {
            <p class="text-sm text-slate-600">{move || area_name(i18n, area)}</p>
            <h1 class="text-2xl font-semibold">{tr!(activity.title)}</h1>
            <WithPage page=Page::ActivityLog(area)>
                <AreaSections area />
                <ActivityLog source=Source::Member(area) partner_id base=Page::ActivityLog(area).href(partner_id) filter log />
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
    let partner_id = Memo::new(move |_| pid.get().and_then(|p| p.parse::<i64>().ok()));
    let (filter, log) = log_resource(move || Some((Source::Operator, partner_id.get()?)));
    move || match partner_id.get() {
        Some(partner_id) => view! {
            <ActivityLog
                source=Source::Operator
                partner_id
                base=format!("/operator/accounts/{partner_id}/activity")
                filter
                log
            />
        }
        .into_any(),
        None => view! { <ErrorView error=AppError::NotFound /> }.into_any(),
    }
}

type LogResource = Loaded<ActivityPage>;

/// The page's filter (from its address) and the log it selects. Made by the
/// page component itself, never inside `WithPage` or a closure: the server
/// runs those once per rendering pass, and a resource made there would load
/// the log once per pass.
fn log_resource(
    whose: impl Fn() -> Option<(Source, i64)> + Send + Sync + 'static,
) -> (Memo<ActivityFilter>, LogResource) {
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
    let log = load(
        move || (whose(), filter.get(), after.get()),
        move |(whose, filter, after)| async move {
            match whose {
                Some((Source::Member(area), partner_id)) => {
                    load_activity(partner_id, area, filter, after).await
                }
                Some((Source::Operator, partner_id)) => {
                    account_activity(partner_id, filter, after).await
                }
                None => Err(AppError::NotFound),
            }
        },
    );
    (filter, log)
}

#[component]
fn ActivityLog(
    source: Source,
    partner_id: i64,
    base: String,
    filter: Memo<ActivityFilter>,
    log: LogResource,
) -> impl IntoView {
    let base = StoredValue::new(base);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let filter = filter.get_untracked();
                match loaded(log).await {
                    Ok(page) => view! { <LogView source partner_id base=base.get_value() filter page /> }.into_any(),
                    // A hand-edited address: the form says what's wrong.
                    Err(AppError::Invalid(errors)) => view! {
                        <FilterForm base=base.get_value() filter=filter.clone() people=(!filter.user.contains('@')).then(Vec::new) error=Some(AppError::Invalid(errors)) />
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
        <CsvDownload href=csv_href(partner_id, &filter) file_name=format!("activity-{partner_id}.csv") counted=Counted::Events />
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
    /// `None`: too many to list; the filter takes an email.
    people: Option<Vec<crate::model::activity::Person>>,
    error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = move |field: &'static str| fixed_problem(i18n, &error, field);
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
                    {match people {
                        Some(people) => view! {
                            <select id="activity-user" name="user" class=input>
                                <option value="">{tr!(activity.any_user)}</option>
                                {people.into_iter().map(|p| {
                                    let selected = p.id == filter.user;
                                    view! { <option value=p.id selected=selected>{format!("{} ({})", p.name, p.email)}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any(),
                        None => view! {
                            <input id="activity-user" name="user" type="email" class=input value=filter.user.clone() autocomplete="off" aria-describedby="activity-user-hint" />
                            <p id="activity-user-hint" class="text-sm text-slate-600">{tr!(activity.user_email_hint)}</p>
                        }.into_any(),
                    }}
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
