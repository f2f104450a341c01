//! How errors reach the user: the error pages (with the HTTP status of
//! `AppError::status`), sentences for errors and field problems.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::i18n::*;
use crate::model::validation::Problem;
use crate::model::{AppError, Conflict};

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
        AppError::NotSignedIn => {
            view! { <SentOn path="/signin" text=tr!(errors.not_signed_in) /> }.into_any()
        }
        AppError::PasswordChangeRequired => {
            view! { <SentOn path="/password" text=tr!(errors.password_change_required) /> }
                .into_any()
        }
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

/// A redirect to `path`, with a link there too: should the redirect not
/// reach the browser (the root address once answered an empty page), the
/// page still leads on.
#[component]
fn SentOn(path: &'static str, text: impl IntoView + 'static) -> impl IntoView {
    view! {
        <Redirect path />
        <p class="p-8"><a class="text-blue-700 underline" href=path>{text}</a></p>
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
        AppError::EditedMeanwhile(_) => t_string!(i18n, errors.edited_meanwhile).to_string(),
        AppError::Conflict(Conflict::MemberElsewhere) => {
            t_string!(i18n, errors.member_elsewhere).to_string()
        }
        AppError::Conflict(Conflict::HeadquartersKept) => {
            t_string!(i18n, errors.headquarters_kept).to_string()
        }
        AppError::Conflict(Conflict::CountryLockedForCsp) => {
            t_string!(i18n, errors.country_locked_for_csp).to_string()
        }
        AppError::Conflict(Conflict::AccountSuspended) => {
            t_string!(i18n, errors.account_suspended).to_string()
        }
        AppError::Conflict(Conflict::AlreadyDecided) => {
            t_string!(i18n, errors.already_decided).to_string()
        }
        AppError::Conflict(Conflict::CpvAgreementRequired) => {
            t_string!(i18n, errors.cpv_agreement_required).to_string()
        }
        AppError::PasswordChangeRequired => {
            t_string!(i18n, errors.password_change_required).to_string()
        }
        AppError::Invalid(_) => t_string!(i18n, errors.invalid).to_string(),
        AppError::BadCredentials => t_string!(i18n, errors.bad_credentials).to_string(),
        AppError::TooManyAttempts => t_string!(i18n, errors.too_many_attempts).to_string(),
        AppError::DailyLimit => t_string!(i18n, errors.daily_limit).to_string(),
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
        Problem::ControlCharacter => t_string!(i18n, errors.control_character).to_string(),
        Problem::TooManyChoices { max } => {
            t_string!(i18n, errors.too_many_choices, max).to_string()
        }
        Problem::InvalidIban => t_string!(i18n, errors.invalid_iban).to_string(),
        Problem::InvalidAccountNumber => t_string!(i18n, errors.invalid_account_number).to_string(),
        Problem::InvalidRoutingCode => t_string!(i18n, errors.invalid_routing_code).to_string(),
        Problem::LocationNameTaken => t_string!(i18n, errors.location_name_taken).to_string(),
        Problem::InvalidPostalCode => t_string!(i18n, errors.invalid_postal_code).to_string(),
        Problem::InvalidE164 { max } => t_string!(i18n, errors.invalid_e164, max).to_string(),
        Problem::InvalidDate => t_string!(i18n, errors.invalid_date).to_string(),
        Problem::NotAfterStart => t_string!(i18n, errors.not_after_start).to_string(),
        Problem::InvalidCertificateNumber => {
            t_string!(i18n, errors.invalid_certificate_number).to_string()
        }
        Problem::CertificateFormat => t_string!(i18n, errors.certificate_format).to_string(),
        Problem::InvalidGuid => t_string!(i18n, errors.invalid_guid).to_string(),
        Problem::HttpsRequired => t_string!(i18n, errors.https_required).to_string(),
        Problem::UrlFragment => t_string!(i18n, errors.url_fragment).to_string(),
        Problem::ApplicationRegistered => {
            t_string!(i18n, errors.application_registered).to_string()
        }
        Problem::InvalidLearningId => t_string!(i18n, errors.invalid_learning_id).to_string(),
        Problem::LearningIdTaken => t_string!(i18n, errors.learning_id_taken).to_string(),
        Problem::AssociationLimit { next } => {
            let date = crate::model::dates::long_date(
                next,
                crate::ui::i18n::from_locale(i18n.get_locale()),
            );
            t_string!(i18n, errors.association_limit, date).to_string()
        }
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
/// For a form drawn with an error that doesn't change (a filter form shown
/// with the server's answer): `field`'s problem in the reader's language.
pub fn fixed_problem(
    i18n: leptos_i18n::I18nContext<Locale>,
    error: &Option<AppError>,
    field: &str,
) -> impl Fn() -> Option<String> + Send + Sync + Clone + use<> {
    let problem = field_problem(error.clone(), field);
    move || problem.map(|p| problem_text(i18n, p))
}

pub fn field_problem(error: Option<AppError>, field: &str) -> Option<Problem> {
    error?
        .field_errors()
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.problem)
}
