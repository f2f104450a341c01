//! Small pieces every page uses: error pages, field errors, program names.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

use crate::i18n::*;
use crate::model::validation::Problem;
use crate::model::{AppError, Conflict, EnrollmentStatus, Program, SettingsArea};

/// A translated text that follows the language switch. Every call has the
/// same concrete type (it holds a function pointer), so the browser build
/// carries one copy of the rendering code rather than one per call site, as
/// `t!` would: that difference is a large part of the wasm size.
pub fn tr(key: fn(Locale) -> &'static str) -> impl IntoView + Copy {
    let i18n = use_i18n();
    move || key(i18n.get_locale())
}

/// The same, as a closure for attributes (`aria-label`, …).
pub fn tr_attr(key: fn(Locale) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let i18n = use_i18n();
    move || key(i18n.get_locale())
}

/// Reads a route parameter.
pub fn use_param(name: &'static str) -> Memo<Option<String>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name))
}

/// The Partner ID in the URL (`/a/{pid}/…`); `None` when malformed.
pub fn use_partner_id() -> Memo<Option<i64>> {
    let raw = use_param("pid");
    Memo::new(move |_| {
        raw.get()
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|id| *id > 0)
    })
}

/// Sets the HTTP status of the page being rendered on the server.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(code) {
            response.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(404);
    view! {
        <section class="mx-auto max-w-xl p-8" aria-labelledby="error-title">
            <h1 id="error-title" class="text-2xl font-semibold">{tr!(errors.not_found_title)}</h1>
            <p class="mt-2 text-slate-700">{tr!(errors.not_found_text)}</p>
            <a class="mt-4 inline-block text-blue-700 underline" href="/">{tr!(errors.go_home)}</a>
        </section>
    }
}

/// How a page shows an error from the server: sign-in for a lost session, a
/// not-found page for anything missing or not yours, a message otherwise.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::NotSignedIn => view! { <Redirect path="/signin" /> }.into_any(),
        AppError::PasswordChangeRequired => view! { <Redirect path="/password" /> }.into_any(),
        AppError::NotFound => view! { <NotFoundPage /> }.into_any(),
        AppError::Forbidden => {
            set_status(error.status());
            view! {
                <section class="p-8" aria-labelledby="error-title">
                    <h1 id="error-title" class="text-2xl font-semibold">{tr!(errors.forbidden_title)}</h1>
                    <p class="mt-2">{tr!(errors.forbidden_text)}</p>
                </section>
            }
            .into_any()
        }
        other => {
            set_status(other.status());
            view! { <p role="alert" class="p-8 text-red-700">{error_text(i18n, &other)}</p> }
                .into_any()
        }
    }
}

/// A sentence for an error that isn't about one field.
pub fn error_text(i18n: leptos_i18n::I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::NotSignedIn => t_string!(i18n, errors.not_signed_in).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found_title).to_string(),
        AppError::Forbidden => t_string!(i18n, errors.forbidden_text).to_string(),
        AppError::Conflict(Conflict::AlreadyEnrolled) => {
            t_string!(i18n, errors.already_enrolled).to_string()
        }
        AppError::Conflict(Conflict::NotEnrolled) => {
            t_string!(i18n, errors.not_enrolled).to_string()
        }
        AppError::Conflict(Conflict::LastGlobalAdmin) => {
            t_string!(i18n, errors.last_global_admin).to_string()
        }
        AppError::Conflict(Conflict::LastOwner) => t_string!(i18n, errors.last_owner).to_string(),
        AppError::Conflict(Conflict::InvitationClosed) => {
            t_string!(i18n, errors.invitation_closed).to_string()
        }
        AppError::Conflict(Conflict::WrongInvitee) => {
            t_string!(i18n, errors.wrong_invitee).to_string()
        }
        AppError::Conflict(Conflict::OwnMembership) => {
            t_string!(i18n, errors.own_membership).to_string()
        }
        AppError::Conflict(Conflict::OutdatedVersion) => {
            t_string!(i18n, errors.outdated_version).to_string()
        }
        AppError::Conflict(Conflict::LinkClosed) => t_string!(i18n, errors.link_closed).to_string(),
        AppError::Conflict(Conflict::NothingToVerify) => {
            t_string!(i18n, errors.nothing_to_verify).to_string()
        }
        AppError::Conflict(Conflict::EditedMeanwhile) => {
            t_string!(i18n, errors.edited_meanwhile).to_string()
        }
        AppError::Conflict(Conflict::MemberElsewhere) => {
            t_string!(i18n, errors.member_elsewhere).to_string()
        }
        AppError::PasswordChangeRequired => {
            t_string!(i18n, errors.password_change_required).to_string()
        }
        AppError::Invalid(_) => t_string!(i18n, errors.invalid).to_string(),
        AppError::BadCredentials => t_string!(i18n, errors.bad_credentials).to_string(),
        AppError::TooManyAttempts => t_string!(i18n, errors.too_many_attempts).to_string(),
        AppError::Internal => t_string!(i18n, errors.internal).to_string(),
        AppError::Request(_) => t_string!(i18n, errors.request).to_string(),
    }
}

pub fn problem_text(i18n: leptos_i18n::I18nContext<Locale>, problem: Problem) -> String {
    match problem {
        Problem::Required => t_string!(i18n, errors.required).to_string(),
        Problem::TooLong { max } => t_string!(i18n, errors.too_long, max).to_string(),
        Problem::InvalidEmail => t_string!(i18n, errors.invalid_email).to_string(),
        Problem::FreeMail => t_string!(i18n, errors.free_mail).to_string(),
        Problem::PasswordTooShort { min } => {
            t_string!(i18n, errors.password_too_short, min).to_string()
        }
        Problem::EmailTaken => t_string!(i18n, errors.email_taken).to_string(),
        Problem::UnknownCountry => t_string!(i18n, errors.unknown_country).to_string(),
        Problem::InvalidTaxId => t_string!(i18n, errors.invalid_tax_id).to_string(),
        Problem::UnknownCurrency => t_string!(i18n, errors.unknown_currency).to_string(),
        Problem::RequiredToPublish => t_string!(i18n, errors.required_to_publish).to_string(),
        Problem::InvalidUrl => t_string!(i18n, errors.invalid_url).to_string(),
        Problem::InvalidLinkedIn => t_string!(i18n, errors.invalid_linkedin).to_string(),
        Problem::UnknownChoice => t_string!(i18n, errors.unknown_choice).to_string(),
        Problem::LogoFormat => t_string!(i18n, errors.logo_format).to_string(),
        Problem::LogoTooWide { max } => t_string!(i18n, errors.logo_too_wide, max).to_string(),
        Problem::FileTooLarge { max_kb } => {
            t_string!(i18n, errors.file_too_large, max_kb).to_string()
        }
        Problem::NoRole => t_string!(i18n, errors.no_role).to_string(),
        Problem::TooManyEmails { max } => t_string!(i18n, errors.too_many_emails, max).to_string(),
        Problem::AlreadyMember => t_string!(i18n, errors.already_member).to_string(),
        Problem::AlreadyInvited => t_string!(i18n, errors.already_invited).to_string(),
        Problem::UserExists => t_string!(i18n, errors.user_exists).to_string(),
        Problem::WrongPassword => t_string!(i18n, errors.wrong_password).to_string(),
        Problem::NameTaken => t_string!(i18n, errors.name_taken).to_string(),
        Problem::InvalidPhone => t_string!(i18n, errors.invalid_phone).to_string(),
        Problem::LockedWhenAuthorized => t_string!(i18n, errors.locked_when_authorized).to_string(),
        Problem::LockedForCsp => t_string!(i18n, errors.locked_for_csp).to_string(),
    }
}

/// Every error for one field as sentences, naming the value where one of
/// several is at fault ("bo@x: already a member").
pub fn field_messages(
    i18n: leptos_i18n::I18nContext<Locale>,
    error: Option<AppError>,
    field: &str,
) -> Vec<String> {
    error
        .map(|e| {
            e.field_errors()
                .iter()
                .filter(|f| f.field == field)
                .map(|f| match &f.value {
                    Some(v) => format!("{v}: {}", problem_text(i18n, f.problem)),
                    None => problem_text(i18n, f.problem),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The error for one field, if any, from the last submission's result.
pub fn field_problem(error: Option<AppError>, field: &str) -> Option<Problem> {
    error?
        .field_errors()
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.problem)
}

/// A labelled text input with its error underneath, tied by aria-describedby.
#[component]
pub fn TextField(
    #[prop(into)] label: Signal<&'static str>,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(into)] problem: Signal<Option<Problem>>,
    /// Initial value (kept by the browser while editing).
    #[prop(optional, into)]
    value: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium">{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                class="rounded border border-slate-400 px-3 py-2 focus:outline-2 focus:outline-blue-700"
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=error_id.clone()
            />
            <p id=error_id class="text-sm text-red-700">
                {move || problem.get().map(|p| problem_text(i18n, p))}
            </p>
        </div>
    }
}

pub fn program_name(i18n: leptos_i18n::I18nContext<Locale>, program: Program) -> String {
    match program {
        Program::Mpn => t_string!(i18n, programs.names.mpn),
        Program::Csp => t_string!(i18n, programs.names.csp),
        Program::Referrals => t_string!(i18n, programs.names.referrals),
        Program::CommercialMarketplace => t_string!(i18n, programs.names.commercial_marketplace),
        Program::WindowsXbox => t_string!(i18n, programs.names.windows_xbox),
        Program::OfficeStore => t_string!(i18n, programs.names.office_store),
        Program::EdgeExtensions => t_string!(i18n, programs.names.edge_extensions),
    }
    .to_string()
}

pub fn area_name(i18n: leptos_i18n::I18nContext<Locale>, area: SettingsArea) -> String {
    match area {
        SettingsArea::Partner => t_string!(i18n, settings.partner),
        SettingsArea::Developer => t_string!(i18n, settings.developer),
    }
    .to_string()
}

pub fn status_name(
    i18n: leptos_i18n::I18nContext<Locale>,
    status: Option<EnrollmentStatus>,
) -> String {
    match status {
        None => t_string!(i18n, programs.status.not_enrolled),
        Some(EnrollmentStatus::Pending) => t_string!(i18n, programs.status.pending),
        Some(EnrollmentStatus::Active) => t_string!(i18n, programs.status.active),
        Some(EnrollmentStatus::Rejected) => t_string!(i18n, programs.status.rejected),
    }
    .to_string()
}

pub fn verification_name(
    i18n: leptos_i18n::I18nContext<Locale>,
    status: crate::model::VerificationStatus,
) -> String {
    use crate::model::VerificationStatus as V;
    match status {
        V::None => t_string!(i18n, developer.verification_none),
        V::Pending => t_string!(i18n, developer.verification_pending),
        V::Authorized => t_string!(i18n, developer.verification_authorized),
        V::Rejected => t_string!(i18n, developer.verification_rejected),
    }
    .to_string()
}

/// A form's record version (SPEC §9): the version its next save names, and
/// the values someone else saved if a save was refused for that reason.
pub struct FormVersion<T: Send + Sync + 'static> {
    pub version: RwSignal<i64>,
    pub latest: RwSignal<Option<T>>,
}

/// Follows a form's saves: after one, the new version; after one refused
/// because someone else saved first, their version and values (the form
/// keeps what this user typed, so saving again replaces theirs knowingly).
/// `outcome` is the last save's result as the new version; `reload` reads
/// the record again.
pub fn track_version<T, Fut>(
    initial: i64,
    outcome: impl Fn() -> Option<Result<i64, AppError>> + 'static,
    reload: impl Fn() -> Fut + Copy + 'static,
) -> FormVersion<T>
where
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<crate::model::Versioned<T>, AppError>> + 'static,
{
    let version = RwSignal::new(initial);
    let latest = RwSignal::new(None);
    Effect::new(move |_| match outcome() {
        Some(Ok(saved)) => {
            version.set(saved);
            latest.set(None);
        }
        Some(Err(AppError::Conflict(Conflict::EditedMeanwhile))) => {
            leptos::task::spawn_local(async move {
                if let Ok(now) = reload().await {
                    version.set(now.version);
                    latest.set(Some(now.value));
                }
            });
        }
        _ => {}
    });
    FormVersion { version, latest }
}

/// A postal address as lines of the "saved meanwhile" notice, the country
/// by its name (Partner and Billing profile share the address fields).
pub fn address_values(
    i18n: leptos_i18n::I18nContext<Locale>,
    a: crate::model::validation::Address<'_>,
) -> Vec<(String, String)> {
    let language = crate::ui::shell::from_locale(i18n.get_locale_untracked());
    let country = crate::model::country::find(a.country).map_or(a.country, |c| c.name(language));
    [
        (t_string!(i18n, partner.address_line1), a.line1),
        (t_string!(i18n, partner.address_line2), a.line2),
        (t_string!(i18n, partner.city), a.city),
        (t_string!(i18n, partner.region), a.region),
        (t_string!(i18n, partner.postal_code), a.postal_code),
        (t_string!(i18n, auth.country), country),
    ]
    .into_iter()
    .map(|(label, value)| (label.to_string(), value.to_string()))
    .collect()
}

/// After a save was refused because someone else saved first: the values
/// now saved, under the form (which keeps what this user typed).
#[component]
pub fn SavedMeanwhile(values: Vec<(String, String)>) -> impl IntoView {
    view! {
        <section class="mt-4 max-w-md rounded border border-amber-300 bg-amber-50 p-3" aria-labelledby="saved-meanwhile">
            <h2 id="saved-meanwhile" class="font-semibold">{tr!(common.saved_meanwhile)}</h2>
            <dl class="mt-2 grid grid-cols-1 gap-x-4 text-sm sm:grid-cols-[auto_1fr]">
                {values.into_iter().map(|(label, value)| view! {
                    <dt class="text-slate-600">{label}</dt>
                    <dd class="mb-1 break-words">{value}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="p-4 text-slate-600" role="status">{tr!(common.loading)}</p> }
}
