//! What the browser is told about an account's members, invitations and the
//! signed-in user's sessions.

use serde::{Deserialize, Serialize};

use super::role::Role;
use super::validation::{check_email, check_roles, normalize_email, Errors, FieldError, NAME_MAX};

/// Members per page of the user list.
pub const PAGE_SIZE: i64 = 25;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// The signed-in user's own row.
    pub is_you: bool,
    /// Of the member's roles (SPEC §9): a role change names it.
    pub version: i64,
}

/// One page of the member list, for a search (keyset pages: `listing`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberPage {
    pub members: Vec<MemberRow>,
    /// Members matching the search, on all pages.
    pub total: i64,
    /// The page's first member, when members come before it (the
    /// "Previous page" link starts before them).
    pub previous: Option<String>,
    /// The page's last member, when members come after it.
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// When the link stops working (seconds since the epoch).
    pub expires_at: i64,
    pub expired: bool,
}

/// A link just created: shown once to the admin (and sent by email).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationLink {
    pub email: String,
    pub link: String,
}

/// A temporary password, shown once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemporaryPassword {
    pub email: String,
    pub password: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationState {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

impl InvitationState {
    pub fn code(self) -> &'static str {
        match self {
            InvitationState::Pending => "pending",
            InvitationState::Accepted => "accepted",
            InvitationState::Revoked => "revoked",
            InvitationState::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<InvitationState> {
        use InvitationState as S;
        [S::Pending, S::Accepted, S::Revoked, S::Expired]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// What the person opening an invitation link sees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub account_name: String,
    pub email: String,
    pub state: InvitationState,
    /// The invited email already has a user: they sign in to join.
    pub existing_user: bool,
    /// The email of whoever is signed in in this browser, if anyone.
    pub signed_in_as: Option<String>,
}

/// One of the signed-in user's sessions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionRow {
    /// A random handle (never the session id, which is the cookie's secret).
    pub handle: String,
    /// Seconds since the epoch.
    pub signed_in_at: i64,
    pub last_active_at: i64,
    pub device: String,
    pub current: bool,
}

/// "Add user": a person, their work email and their roles in the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewUser {
    pub display_name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

impl NewUser {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.required_text("display_name", &self.display_name, NAME_MAX);
        check_email(&normalize_email(&self.email), "email", &mut errors);
        check_roles(&self.roles, &mut errors);
        errors.into_result()
    }
}

/// "Invite users": up to ten emails (one text) and the roles they will get.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewInvitations {
    pub emails: String,
    pub roles: Vec<Role>,
}

/// Accepting an invitation as someone new: their name and password.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewMember {
    pub display_name: String,
    pub password: String,
}
