//! The one error type: returned by the domain layer, carried by server
//! functions, rendered uniformly by the UI. "Not yours" is `NotFound`.

use serde::{Deserialize, Serialize};

use super::validation::FieldError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// The change clashes with the current state (already enrolled, a newer version…).
    #[error("conflict")]
    Conflict(Conflict),
    /// Someone saved the record after this form was loaded: nothing was
    /// saved. Carries the record as saved now (`None` only inside the
    /// domain, before it is loaded), so the page shows it and the version to
    /// save over without asking again (SPEC §9).
    #[error("edited meanwhile")]
    EditedMeanwhile(Option<Box<Latest>>),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Wrong email or password, deliberately without saying which.
    #[error("bad credentials")]
    BadCredentials,
    #[error("too many attempts")]
    TooManyAttempts,
    /// The account reached today's limit for these emails (invitations,
    /// confirmation links).
    #[error("daily limit reached")]
    DailyLimit,
    /// Signed in with a temporary password: only the password change is open.
    #[error("password change required")]
    PasswordChangeRequired,
    /// Details are logged on the server, never shown.
    #[error("internal error")]
    Internal,
    /// The request never reached our code (network, decoding).
    #[error("request failed: {0}")]
    Request(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    AlreadyEnrolled,
    NotEnrolled,
    /// The change would leave the account without a Global admin.
    LastGlobalAdmin,
    /// The change would leave the account without an Owner.
    LastOwner,
    /// The invitation was revoked, expired or already used.
    InvitationClosed,
    /// The signed-in user isn't the invited email.
    WrongInvitee,
    /// Raising one's own roles, or removing or resetting oneself here.
    OwnMembership,
    /// A newer version of the agreement was published meanwhile.
    OutdatedVersion,
    /// A confirmation link that was used, has expired, or was sent to an
    /// email that is no longer the contact's.
    LinkClosed,
    /// No contact email to confirm, or it is confirmed already.
    NothingToVerify,
    /// The user also belongs to another account: a password reset from here
    /// would reach into that account too.
    MemberElsewhere,
    /// The headquarters location can't be removed: make another location
    /// the headquarters first.
    HeadquartersKept,
    /// A Cloud Solution Provider account keeps its legal address country:
    /// a location in another country can't become the headquarters.
    CountryLockedForCsp,
    /// An operator suspended the account: its members read, nothing changes.
    AccountSuspended,
    /// The request was decided or withdrawn meanwhile.
    AlreadyDecided,
    /// Applications are registered once the CPV agreement is accepted.
    CpvAgreementRequired,
}

/// An editable record as saved now, sent with `EditedMeanwhile`: which type
/// of record, and the record in postcard. Opaque on the way: only the form
/// that shows the record decodes it (`FromLatest`), so every page's first
/// download no longer holds a decoder of every editable record type for the
/// one error type all server functions share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Latest {
    record: LatestRecord,
    bytes: Vec<u8>,
}

impl Latest {
    /// The record as saved now, for a refused save's error.
    pub fn of<T: FromLatest>(record: &Versioned<T>) -> Result<Latest, AppError> {
        let bytes = postcard::to_allocvec(record).map_err(|_| AppError::Internal)?;
        Ok(Latest {
            record: T::RECORD,
            bytes,
        })
    }
}

/// A record type that `Latest` can carry: how a form finds its own record
/// in a conflict.
pub trait FromLatest: Serialize + serde::de::DeserializeOwned {
    const RECORD: LatestRecord;

    /// The record, if `latest` carries one of this type.
    fn from_latest(latest: Latest) -> Option<Versioned<Self>> {
        if latest.record != Self::RECORD {
            return None;
        }
        postcard::from_bytes(&latest.bytes).ok()
    }
}

/// The record types `Latest` can carry, each with its tag: one list makes
/// the tags (`LatestRecord`) and each type's `FromLatest`.
macro_rules! latest_records {
    ($($(#[$doc:meta])* $variant:ident => $type:ty),* $(,)?) => {
        /// The editable record types `Latest` can carry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum LatestRecord {
            $($(#[$doc])* $variant,)*
        }

        $(
            impl FromLatest for $type {
                const RECORD: LatestRecord = LatestRecord::$variant;
            }
        )*
    };
}

latest_records!(
    LegalProfile => super::partner_profile::LegalProfile,
    ContactInfo => super::contact_info::ContactInfo,
    BillingProfile => super::billing::BillingProfile,
    BusinessProfile => super::business::BusinessProfile,
    /// A member's roles.
    Roles => Vec<super::role::Role>,
    /// My profile: name and language.
    UserProfile => super::account::ProfileChange,
    Location => super::location::LocationForm,
    SupportProfile => super::support::SupportProfile,
    OrganizationProfile => super::organization::OrganizationProfile,
    /// Masked: the last four characters only.
    PayoutProfile => super::payout::PayoutView,
);

/// An editable record as loaded, with the version a save must name (SPEC §9).
/// Reads through to the record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Versioned<T> {
    pub version: i64,
    pub value: T,
}

impl<T> std::ops::Deref for Versioned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl AppError {
    /// A single field error.
    pub fn invalid(field: &str, problem: super::validation::Problem) -> AppError {
        AppError::Invalid(vec![FieldError {
            field: field.to_string(),
            problem,
            value: None,
        }])
    }

    /// The HTTP status the error leaves with, for server functions and for
    /// server-rendered pages alike: the one place a status is decided.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotSignedIn | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::PasswordChangeRequired => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) | AppError::EditedMeanwhile(_) => 409,
            AppError::Invalid(_) => 422,
            AppError::TooManyAttempts | AppError::DailyLimit => 429,
            // A request our code could not read (malformed arguments): the
            // client's mistake, not the server's.
            AppError::Request(_) => 400,
            AppError::Internal => 500,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Invalid(errors) => errors,
            _ => &[],
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    /// Postcard, as the answers (api/mod.rs): JSON here kept serde_json and
    /// a JSON decoder of every `Latest` record in the browser's first
    /// download (about 150 KB of unoptimised code).
    type Encoder = leptos::server_fn::codec::PostcardEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }

    /// Every server function's error passes here on its way out: the
    /// response gets the error's status (server_fn would answer 500 for
    /// all). A plain HTML form post (no JavaScript yet) keeps server_fn's
    /// redirect back to the page instead.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        set_response_status(self.status());
        use leptos::server_fn::Encodes;
        leptos::server_fn::codec::PostcardEncoding::encode(self).unwrap_or_default()
    }
}

#[cfg(feature = "ssr")]
fn set_response_status(status: u16) {
    use leptos::prelude::{use_context, with_context};
    // Read in place: `use_context` would copy the request's every header.
    let html_form = with_context::<axum::http::request::Parts, _>(|parts| {
        parts
            .headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if html_form == Some(true) {
        return;
    }
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::role::Role;
    use crate::model::support::SupportProfile;

    #[test]
    fn a_refused_save_carries_the_latest_record_to_its_own_form_only() {
        let now = Versioned {
            version: 7,
            value: vec![Role::GlobalAdmin],
        };
        let error = AppError::EditedMeanwhile(Some(Box::new(Latest::of(&now).expect("encodes"))));
        // As server functions send it, and back.
        let wire = postcard::to_allocvec(&error).expect("encodes");
        let Ok(AppError::EditedMeanwhile(Some(latest))) = postcard::from_bytes(&wire) else {
            panic!("not the error sent");
        };
        assert_eq!(SupportProfile::from_latest((*latest).clone()), None);
        assert_eq!(Vec::<Role>::from_latest(*latest), Some(now));
    }
}
