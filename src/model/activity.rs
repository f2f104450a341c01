//! The activity log (SPEC §3): the account's audit events, what a page asks
//! for (filters, a position in the list) and what it gets back. Every change
//! writes an event (`domain::activity::record`); this is how they are read.

use serde::{Deserialize, Serialize};

use super::dates::parse_date;
use super::validation::{FieldError, Problem};

/// Declares the actions: the enum, its stable codes (stored in the events
/// and written in the CSV export) and the list of all of them, from one list.
macro_rules! actions {
    ($($action:ident => $code:literal,)*) => {
        /// What an event records. The code is stored; never change one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Action { $($action,)* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$action,)*];

            pub fn code(self) -> &'static str {
                match self { $(Action::$action => $code,)* }
            }
        }
    };
}

actions! {
    UserSignedUp => "user.signed_up",
    AccountCreated => "account.created",
    ProgramEnrolled => "program.enrolled",
    ProgramWithdrawn => "program.withdrawn",
    LanguageChanged => "user.language_changed",
    UserAdded => "member.added",
    RolesChanged => "member.roles_changed",
    MemberRemoved => "member.removed",
    PasswordReset => "member.password_reset",
    InvitationSent => "invitation.sent",
    InvitationResent => "invitation.resent",
    InvitationRevoked => "invitation.revoked",
    InvitationExpired => "invitation.expired",
    InvitationAccepted => "invitation.accepted",
    ProfileUpdated => "user.profile_updated",
    PasswordChanged => "user.password_changed",
    SessionsEnded => "user.sessions_ended",
    AgreementAccepted => "agreement.accepted",
    ContactInfoUpdated => "account.contact_info_updated",
    LegalProfileUpdated => "account.legal_profile_updated",
    EnrollmentStatusChanged => "program.status_changed",
    VerificationSent => "account.verification_sent",
    EmailVerified => "account.email_verified",
    FeeAcknowledged => "program.fee_acknowledged",
    BillingProfileUpdated => "account.billing_profile_updated",
    BusinessProfileUpdated => "account.business_profile_updated",
    LocationAdded => "location.added",
    LocationUpdated => "location.updated",
    LocationRemoved => "location.removed",
    HeadquartersChanged => "location.headquarters_changed",
    SupportProfileUpdated => "account.support_profile_updated",
    OrganizationProfileUpdated => "account.organization_profile_updated",
    PayoutProfileUpdated => "account.payout_profile_updated",
    VerificationApproved => "account.verification_approved",
    VerificationRejected => "account.verification_rejected",
    AccountSuspended => "account.suspended",
    AccountReactivated => "account.reactivated",
    TaxExemptionSubmitted => "tax_exemption.submitted",
    TaxExemptionWithdrawn => "tax_exemption.withdrawn",
    TaxExemptionApproved => "tax_exemption.approved",
    TaxExemptionRejected => "tax_exemption.rejected",
    PasswordResetByEmail => "user.password_reset_by_email",
    CpvApplicationRegistered => "cpv_application.registered",
    CpvApplicationUnregistered => "cpv_application.unregistered",
    LearningLinked => "learning.linked",
    LearningUnlinked => "learning.unlinked",
    CatalogPinsChanged => "catalog.pins_changed",
    PriceListImported => "prices.imported",
}

impl Action {
    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.code() == code)
    }
}

/// Events per page of the log.
pub const PAGE_SIZE: usize = 50;

/// Up to this many members, the user filter lists them; beyond, a list
/// would be too long to choose from (and to send with every page of the
/// log): the filter takes the person's email.
pub const PEOPLE_LISTED: usize = 200;

/// The log's filters as the page's address carries them (`?from=…`): dates
/// `YYYY-MM-DD` (UTC, both days included), a user's id or email (the
/// email where the account has too many members to list), an action's
/// code; empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityFilter {
    pub from: String,
    pub until: String,
    pub user: String,
    pub action: String,
}

/// A checked filter, as the database query needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bounds {
    /// First second included.
    pub from: Option<i64>,
    /// First second excluded (the day after `until`).
    pub before: Option<i64>,
    pub user: Option<String>,
    pub action: Option<Action>,
}

impl ActivityFilter {
    pub fn check(&self) -> Result<Bounds, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut date = |field: &str, text: &str| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let day = parse_date(text);
            if day.is_none() {
                errors.push(FieldError {
                    field: field.into(),
                    problem: Problem::InvalidDate,
                    value: None,
                });
            }
            day
        };
        let from = date("from", &self.from);
        let until = date("until", &self.until);
        if let (Some(from), Some(until)) = (from, until) {
            if until < from {
                errors.push(FieldError {
                    field: "until".into(),
                    problem: Problem::NotAfterStart,
                    value: None,
                });
            }
        }
        let action = match self.action.trim() {
            "" => None,
            code => {
                let action = Action::from_code(code);
                if action.is_none() {
                    errors.push(FieldError {
                        field: "action".into(),
                        problem: Problem::UnknownChoice,
                        value: None,
                    });
                }
                action
            }
        };
        let user = Some(self.user.trim().to_string()).filter(|u| !u.is_empty());
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Bounds {
            from,
            before: until.map(|day| day + 86_400),
            user,
            action,
        })
    }

    /// The filter as a query string (`from=…&user=…`), empty ones left out.
    pub fn query(&self) -> String {
        super::query_string(&[
            ("from", &self.from),
            ("until", &self.until),
            ("user", &self.user),
            ("action", &self.action),
        ])
    }
}

/// A position in the log: the last event shown (its time and id). Pages
/// continue after it (keyset pagination), so events added meanwhile neither
/// repeat nor hide one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub at: i64,
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}-{}", self.at, self.id)
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let (at, id) = text.split_once('-')?;
        let id_ok =
            !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric());
        Some(Cursor {
            at: at.parse().ok()?,
            id: id.to_string(),
        })
        .filter(|_| id_ok)
    }
}

/// One event as the log shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub id: String,
    pub occurred_at: i64,
    /// `None` for an action not (or no longer) known to this version.
    pub action: Option<Action>,
    pub action_code: String,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub subject: Option<String>,
    /// The subject's name when the subject is a person.
    pub subject_name: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// A person the log can be filtered by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// One page of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub entries: Vec<ActivityEntry>,
    /// Where the next (older) page starts, if there is one.
    pub next: Option<String>,
    /// The account's members, for the user filter; `None` when there are
    /// more than [`PEOPLE_LISTED`] (the filter then takes an email).
    pub people: Option<Vec<Person>>,
    pub account_name: String,
}

/// The CSV export of the filtered log of an account.
pub fn csv_href(partner_id: i64, filter: &ActivityFilter) -> String {
    let query = filter.query();
    if query.is_empty() {
        format!("/a/{partner_id}/activity.csv")
    } else {
        format!("/a/{partner_id}/activity.csv?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_code_and_codes_are_unique() {
        let mut codes = std::collections::HashSet::new();
        for &action in Action::ALL {
            assert_eq!(Action::from_code(action.code()), Some(action));
            assert!(codes.insert(action.code()), "{action:?}");
        }
        assert_eq!(Action::from_code("no.such"), None);
    }

    #[test]
    fn a_filter_checks_its_dates_and_action() {
        let filter = ActivityFilter {
            from: "2026-02-01".into(),
            until: "2026-02-01".into(),
            user: " u1 ".into(),
            action: "member.added".into(),
        };
        let bounds = filter.check().expect("valid");
        assert_eq!(bounds.before, bounds.from.map(|f| f + 86_400));
        assert_eq!(bounds.user.as_deref(), Some("u1"));
        assert_eq!(bounds.action, Some(Action::UserAdded));

        let bad = ActivityFilter {
            from: "2026-02-30".into(),
            until: "".into(),
            user: "".into(),
            action: "drop table".into(),
        };
        let fields: Vec<_> = bad
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["from", "action"]);

        let reversed = ActivityFilter {
            from: "2026-03-02".into(),
            until: "2026-03-01".into(),
            ..Default::default()
        };
        assert_eq!(
            reversed.check().unwrap_err()[0].problem,
            Problem::NotAfterStart
        );
    }

    #[test]
    fn a_filter_becomes_a_query_string_without_its_empty_parts() {
        let filter = ActivityFilter {
            from: "2026-01-01".into(),
            action: "member.added".into(),
            user: "a&b".into(),
            ..Default::default()
        };
        assert_eq!(
            filter.query(),
            "from=2026-01-01&user=a%26b&action=member.added"
        );
        assert_eq!(csv_href(7, &ActivityFilter::default()), "/a/7/activity.csv");
    }

    #[test]
    fn a_cursor_reads_back_and_refuses_anything_else() {
        let cursor = Cursor {
            at: 1_700_000_000,
            id: "abc123".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in ["", "x-abc", "12-", "12-a'b", "12"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
