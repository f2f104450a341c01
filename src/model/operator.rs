//! The operator console (SPEC §10): what the software vendor's reviewers
//! see. Operators are not members of any account.

use serde::{Deserialize, Serialize};

use super::account::VerificationStatus;
use super::tax_exemption::{check_reason, TaxExemption};
use super::validation::FieldError;

/// Most items a queue or a search shows at once (oldest first).
pub const QUEUE_MAX: i64 = 50;

/// An account waiting for verification, with what changed since it asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerificationRequest {
    pub partner_id: i64,
    pub legal_name: String,
    pub country: String,
    pub requested_at: i64,
    pub changes: Vec<Change>,
}

/// One change of the legal profile or contact info (an activity event).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The event's action code (`account.legal_profile_updated`, …).
    pub action: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub at: i64,
}

/// A tax exemption waiting for review, with its account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExemptionRequest {
    pub partner_id: i64,
    pub legal_name: String,
    pub exemption: TaxExemption,
}

/// One account as an operator's search finds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperatorAccount {
    pub partner_id: i64,
    pub legal_name: String,
    pub country: String,
    pub verification: VerificationStatus,
    /// The suspension's reason; `None` while active.
    pub suspended: Option<String>,
}

/// Approve or reject (a rejection carries its reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Approve,
    Reject,
}

impl Decision {
    /// The reason the decision keeps: a rejection's, required and checked;
    /// none for an approval (whatever was typed).
    pub fn reason(self, typed: &str) -> Result<Option<&str>, Vec<FieldError>> {
        match self {
            Decision::Approve => Ok(None),
            Decision::Reject => check_reason(typed).map(|()| Some(typed.trim())),
        }
    }

    /// How the activity event records the outcome: `rejected: why`.
    pub fn event_value(status: &str, reason: Option<&str>) -> String {
        reason.map_or(status.to_string(), |r| format!("{status}: {r}"))
    }
}
