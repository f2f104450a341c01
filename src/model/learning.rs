//! My profile → Learning account (SPEC §7): a person links their learning
//! (certification) ID to the current account, so their training counts for
//! it. An ID links to one account at a time; at most 3 associations in a
//! year, 30 days apart.

use serde::{Deserialize, Serialize};

use super::validation::Problem;

pub const LEARNING_ID_MAX: usize = 64;
/// Associations allowed in any 365 days.
pub const PER_YEAR: usize = 3;
pub const YEAR_SECS: i64 = 365 * 86_400;
/// The least time between two associations.
pub const GAP_SECS: i64 = 30 * 86_400;

/// The learning ID as stored (trimmed, lower-cased), or why it isn't one:
/// letters, digits, `-`, `_` and `.`, at most 64.
pub fn learning_id(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::Required);
    }
    if text.chars().count() > LEARNING_ID_MAX {
        return Err(Problem::TooLong {
            max: LEARNING_ID_MAX,
        });
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    {
        return Err(Problem::InvalidLearningId);
    }
    Ok(text.to_ascii_lowercase())
}

/// When the next association is allowed, given the past ones' times (any
/// order) and now; `None`: now.
pub fn next_allowed(past: &[i64], now: i64) -> Option<i64> {
    let mut recent: Vec<i64> = past
        .iter()
        .copied()
        .filter(|&t| t > now - YEAR_SECS)
        .collect();
    recent.sort_unstable();
    let after_gap = recent.last().map(|last| last + GAP_SECS);
    let after_year =
        (recent.len() >= PER_YEAR).then(|| recent[recent.len() - PER_YEAR] + YEAR_SECS);
    [after_gap, after_year]
        .into_iter()
        .flatten()
        .max()
        .filter(|&t| t > now)
}

/// The person's learning account as My profile shows it for one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningStatus {
    /// Their learning ID, if they linked one.
    pub learning_id: Option<String>,
    /// The account it is linked to now, when it isn't this one.
    pub linked_elsewhere: Option<String>,
    /// Linked to this account since.
    pub linked_here_since: Option<i64>,
    /// When another association is allowed, if not now.
    pub next_allowed: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn a_learning_id_is_plain_and_stored_in_lower_case() {
        assert_eq!(learning_id("  Ana.Martin-42 "), Ok("ana.martin-42".into()));
        assert_eq!(learning_id(""), Err(Problem::Required));
        assert_eq!(learning_id("a b"), Err(Problem::InvalidLearningId));
        assert_eq!(learning_id("a\u{0}"), Err(Problem::InvalidLearningId));
        assert_eq!(
            learning_id(&"x".repeat(65)),
            Err(Problem::TooLong { max: 64 })
        );
    }

    #[test]
    fn associations_are_30_days_apart_and_3_a_year() {
        let now = 1_000 * DAY;
        assert_eq!(next_allowed(&[], now), None);
        assert_eq!(next_allowed(&[now - 10 * DAY], now), Some(now + 20 * DAY));
        assert_eq!(next_allowed(&[now - 30 * DAY], now), None);
        // Three in the last year: the oldest must leave the year first.
        let three = [now - 300 * DAY, now - 200 * DAY, now - 100 * DAY];
        assert_eq!(next_allowed(&three, now), Some(now + 65 * DAY));
        // Older ones don't count.
        assert_eq!(
            next_allowed(&[now - 400 * DAY, now - 200 * DAY, now - 100 * DAY], now),
            None
        );
    }
}
